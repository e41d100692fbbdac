package dev.bulk2.core.query;

import dev.bulk2.core.Operation;
import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.LineEnding;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The body of a create-query-job request ({@code POST /jobs/query}, reference §4.2). Immutable and thread-safe.
 *
 * <pre>{@code
 * QueryJobRequest r = QueryJobRequest.builder()
 *         .query("SELECT Id, Name FROM Account")
 *         .operation(Operation.QUERY_ALL)          // default Operation.QUERY
 *         .columnDelimiter(ColumnDelimiter.PIPE)   // default: not sent (Salesforce uses COMMA)
 *         .lineEnding(LineEnding.CRLF)             // default: not sent (Salesforce uses LF)
 *         .build();
 * }</pre>
 *
 * <p>{@code contentType} is always {@code CSV}, the only value Salesforce accepts. The delimiter and line ending
 * shape the <em>result</em> CSV. The {@link Builder#journal(Path) journal} is not sent: it makes a fluent
 * {@link Query#toPath(Path)} export resumable after a crash.
 */
public final class QueryJobRequest {
    private final Operation operation;
    private final String query;
    private final ColumnDelimiter columnDelimiter;
    private final LineEnding lineEnding;
    private final Path journal;

    private QueryJobRequest(Builder b) {
        this.operation = b.operation;
        this.query = b.query;
        this.columnDelimiter = b.columnDelimiter;
        this.lineEnding = b.lineEnding;
        this.journal = b.journal;
    }

    /**
     * A new builder (operation {@code query}, no query yet).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A request for {@code operation: query} with the given SOQL and Salesforce's default dialect.
     *
     * @param soql the SOQL query
     * @return the request
     */
    public static QueryJobRequest of(String soql) {
        return builder().query(soql).build();
    }

    /**
     * A builder with this request's values.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.operation = operation;
        b.query = query;
        b.columnDelimiter = columnDelimiter;
        b.lineEnding = lineEnding;
        b.journal = journal;
        return b;
    }

    /**
     * The operation: {@link Operation#QUERY} (live rows) or {@link Operation#QUERY_ALL} (also deleted and
     * archived rows).
     *
     * @return the operation
     */
    public Operation operation() {
        return operation;
    }

    /**
     * The SOQL query.
     *
     * @return the query text
     */
    public String query() {
        return query;
    }

    /**
     * The column delimiter of the result CSV.
     *
     * @return the delimiter, empty when not sent (Salesforce then uses {@code COMMA})
     */
    public Optional<ColumnDelimiter> columnDelimiter() {
        return Optional.ofNullable(columnDelimiter);
    }

    /**
     * The line ending of the result CSV.
     *
     * @return the line ending, empty when not sent (Salesforce then uses {@code LF})
     */
    public Optional<LineEnding> lineEnding() {
        return Optional.ofNullable(lineEnding);
    }

    /**
     * The run journal that makes a {@link Query#toPath(Path)} export resumable after a crash (see
     * {@link Builder#journal(Path)}). Not part of the create-job body.
     *
     * @return the journal file, or empty for none
     */
    public Optional<Path> journal() {
        return Optional.ofNullable(journal);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof QueryJobRequest)) {
            return false;
        }
        QueryJobRequest t = (QueryJobRequest) o;
        return operation == t.operation && query.equals(t.query) && columnDelimiter == t.columnDelimiter
                && lineEnding == t.lineEnding && Objects.equals(journal, t.journal);
    }

    @Override
    public int hashCode() {
        return Objects.hash(operation, query, columnDelimiter, lineEnding, journal);
    }

    @Override
    public String toString() {
        return "QueryJobRequest{operation=" + operation.apiName() + ", query=" + query
                + (columnDelimiter == null ? "" : ", columnDelimiter=" + columnDelimiter)
                + (lineEnding == null ? "" : ", lineEnding=" + lineEnding)
                + (journal == null ? "" : ", journal=" + journal) + "}";
    }

    /** Builds {@link QueryJobRequest}s. Not thread-safe. */
    public static final class Builder {
        private Operation operation = Operation.QUERY;
        private String query;
        private ColumnDelimiter columnDelimiter;
        private LineEnding lineEnding;
        private Path journal;

        private Builder() {
        }

        /**
         * The operation. Default {@link Operation#QUERY}.
         *
         * @param operation {@link Operation#QUERY} or {@link Operation#QUERY_ALL}
         * @return this builder
         * @throws IllegalArgumentException for any other operation
         */
        public Builder operation(Operation operation) {
            Objects.requireNonNull(operation, "operation");
            if (operation != Operation.QUERY && operation != Operation.QUERY_ALL) {
                throw new IllegalArgumentException("operation must be QUERY or QUERY_ALL for a query job, was "
                        + operation);
            }
            this.operation = operation;
            return this;
        }

        /**
         * The SOQL query (required). Bulk API 2.0 rejects {@code GROUP BY}, {@code OFFSET}, {@code TYPEOF},
         * aggregate functions, compound fields, {@code FIELDS()} and parent-to-child subqueries (reference §4.2).
         *
         * @param query the SOQL
         * @return this builder
         */
        public Builder query(String query) {
            Objects.requireNonNull(query, "query");
            if (query.isBlank()) {
                throw new IllegalArgumentException("query must not be blank");
            }
            this.query = query;
            return this;
        }

        /**
         * The result column delimiter. Default: not sent (Salesforce uses {@code COMMA}).
         *
         * @param delimiter the delimiter, or {@code null} to not send one
         * @return this builder
         */
        public Builder columnDelimiter(ColumnDelimiter delimiter) {
            this.columnDelimiter = delimiter;
            return this;
        }

        /**
         * The result line ending. Default: not sent (Salesforce uses {@code LF}).
         *
         * @param lineEnding the line ending, or {@code null} to not send one
         * @return this builder
         */
        public Builder lineEnding(LineEnding lineEnding) {
            this.lineEnding = lineEnding;
            return this;
        }

        /**
         * Makes a {@link Query#toPath(Path)} export crash-safe: the query job id, then each page as it is written
         * (its locator, rows, and the output's size after it, the output forced to disk first) are appended to
         * this file and forced to disk. An export started again with the same query, output file and journal
         * re-attaches to the same query job, truncates the output to the last journaled page and continues from
         * the next locator, so the file ends exactly as an uninterrupted export writes it (see
         * {@code docs/query.md}, "Crash-safe runs"). Only {@code toPath} and {@code toPathAsync} take a journal;
         * the other terminals refuse it. Default none. Not sent to Salesforce.
         *
         * @param file the journal file (created if missing; its directory must exist), or {@code null} for none
         * @return this builder
         */
        public Builder journal(Path file) {
            this.journal = file;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws NullPointerException if no query was set
         */
        public QueryJobRequest build() {
            if (query == null) {
                throw new NullPointerException("query is required: call QueryJobRequest.builder().query(\"SELECT "
                        + "...\")");
            }
            return new QueryJobRequest(this);
        }
    }
}
