package dev.bulk2.csv;

import java.util.Objects;

/**
 * The CSV dialect of a Bulk API 2.0 job: its column delimiter and line ending, as the job's
 * {@code columnDelimiter} and {@code lineEnding} properties name them.
 *
 * <p>Fields are always quoted with {@code "} and embedded quotes are doubled, as Salesforce requires; only the
 * delimiter and the record separator vary. Immutable and thread-safe.
 *
 * <pre>{@code
 * CsvDialect pipeCrlf = CsvDialect.of(ColumnDelimiter.PIPE, LineEnding.CRLF);
 * CsvDialect sfDefault = CsvDialect.defaults();   // COMMA, LF
 * }</pre>
 */
public final class CsvDialect {

    private static final CsvDialect DEFAULTS = new CsvDialect(ColumnDelimiter.COMMA, LineEnding.LF);

    private final ColumnDelimiter delimiter;
    private final LineEnding lineEnding;

    private CsvDialect(ColumnDelimiter delimiter, LineEnding lineEnding) {
        this.delimiter = Objects.requireNonNull(delimiter, "delimiter");
        this.lineEnding = Objects.requireNonNull(lineEnding, "lineEnding");
    }

    /**
     * A dialect with the given delimiter and line ending.
     *
     * @param delimiter the column delimiter
     * @param lineEnding the record separator
     * @return the dialect
     * @throws NullPointerException if an argument is null
     */
    public static CsvDialect of(ColumnDelimiter delimiter, LineEnding lineEnding) {
        if (delimiter == ColumnDelimiter.COMMA && lineEnding == LineEnding.LF) {
            return DEFAULTS;
        }
        return new CsvDialect(delimiter, lineEnding);
    }

    /**
     * The Salesforce default dialect: {@link ColumnDelimiter#COMMA} and {@link LineEnding#LF}.
     *
     * @return the default dialect
     */
    public static CsvDialect defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the {@link #defaults() defaults} (COMMA, LF).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /**
     * A builder starting from this dialect.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The column delimiter.
     *
     * @return the delimiter, never null
     */
    public ColumnDelimiter delimiter() {
        return delimiter;
    }

    /**
     * The line ending that terminates every record, the header included.
     *
     * @return the line ending, never null
     */
    public LineEnding lineEnding() {
        return lineEnding;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CsvDialect)) {
            return false;
        }
        CsvDialect other = (CsvDialect) o;
        return delimiter == other.delimiter && lineEnding == other.lineEnding;
    }

    @Override
    public int hashCode() {
        return 31 * delimiter.hashCode() + lineEnding.hashCode();
    }

    @Override
    public String toString() {
        return "CsvDialect{delimiter=" + delimiter + ", lineEnding=" + lineEnding + '}';
    }

    /**
     * Builder for {@link CsvDialect}. Not thread-safe.
     */
    public static final class Builder {
        private ColumnDelimiter delimiter;
        private LineEnding lineEnding;

        private Builder(CsvDialect from) {
            this.delimiter = from.delimiter;
            this.lineEnding = from.lineEnding;
        }

        /**
         * Sets the column delimiter. Default {@link ColumnDelimiter#COMMA}.
         *
         * @param delimiter the delimiter
         * @return this builder
         */
        public Builder delimiter(ColumnDelimiter delimiter) {
            this.delimiter = Objects.requireNonNull(delimiter, "delimiter");
            return this;
        }

        /**
         * Sets the line ending. Default {@link LineEnding#LF}.
         *
         * @param lineEnding the line ending
         * @return this builder
         */
        public Builder lineEnding(LineEnding lineEnding) {
            this.lineEnding = Objects.requireNonNull(lineEnding, "lineEnding");
            return this;
        }

        /**
         * Builds the dialect.
         *
         * @return the dialect
         */
        public CsvDialect build() {
            return of(delimiter, lineEnding);
        }
    }
}
