package dev.bulk2.core.plan;

import dev.bulk2.core.Operation;
import dev.bulk2.core.org.OrgLimits;
import dev.bulk2.csv.CsvDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a load would do, computed before any job exists by {@code client.ingest(...)...plan(source)}: the parts
 * (exactly those a real run cuts: the same chunker with the same settings), the jobs, the API requests and Bulk
 * API batches they take, how each column maps onto the object's fields, and every problem found.
 *
 * <pre>{@code
 * IngestPlan plan = client.ingest("Account").upsert("External_ID__c").plan(Path.of("clients.csv"));
 * System.out.println(plan.render());
 * if (!plan.isReady()) {
 *     plan.problems().forEach(p -> System.err.println(p.describe()));
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe. The input is not kept: only figures and problems.
 */
public final class IngestPlan {
    private final String object;
    private final Operation operation;
    private final String externalIdField;
    private final CsvDialect dialect;
    private final List<String> header;
    private final List<Part> parts;
    private final List<Column> columns;
    private final List<PlanProblem> problems;
    private final long problemCount;
    private final long rowsWithProblems;
    private final long records;
    private final long bytes;
    private final long apiRequestsExpected;
    private final long apiRequestsWorstCase;
    private final long bulkBatches;
    private final boolean describeChecked;
    private final OrgLimits limits;
    private final int requestsMade;

    private IngestPlan(Builder b) {
        this.object = Objects.requireNonNull(b.object, "object");
        this.operation = Objects.requireNonNull(b.operation, "operation");
        this.externalIdField = b.externalIdField;
        this.dialect = Objects.requireNonNull(b.dialect, "dialect");
        this.header = List.copyOf(b.header);
        this.parts = List.copyOf(b.parts);
        this.columns = List.copyOf(b.columns);
        this.problems = List.copyOf(b.problems);
        this.problemCount = Math.max(b.problemCount, b.problems.size());
        this.rowsWithProblems = b.rowsWithProblems;
        long r = 0;
        long by = 0;
        long batches = 0;
        for (Part p : parts) {
            r += p.records;
            by += p.bytes;
            batches += p.bulkBatches();
        }
        this.records = r;
        this.bytes = by;
        this.bulkBatches = batches;
        this.apiRequestsExpected = b.apiRequestsExpected;
        this.apiRequestsWorstCase = b.apiRequestsWorstCase;
        this.describeChecked = b.describeChecked;
        this.limits = b.limits;
        this.requestsMade = b.requestsMade;
    }

    /**
     * A builder, for bulk2's planner and for tests that need a plan value. Most users get plans from
     * {@code Ingest.plan(...)}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the sObject */
    public String object() {
        return object;
    }

    /** @return the operation */
    public Operation operation() {
        return operation;
    }

    /** @return the upsert's external id field */
    public Optional<String> externalIdField() {
        return Optional.ofNullable(externalIdField);
    }

    /** @return the dialect the input was read in (the jobs' columnDelimiter and lineEnding) */
    public CsvDialect dialect() {
        return dialect;
    }

    /** @return the header names as in the input (empty when the header could not be read) */
    public List<String> header() {
        return header;
    }

    /** @return the parts a run would upload, one job each, in order (those found before a malformed record) */
    public List<Part> parts() {
        return parts;
    }

    /** @return the number of jobs a run would create: one per part */
    public int jobs() {
        return parts.size();
    }

    /** @return the data rows (header excluded) in the parts */
    public long records() {
        return records;
    }

    /** @return the bytes uploaded, headers of every part included */
    public long bytes() {
        return bytes;
    }

    /**
     * API requests the run is expected to make: per job create, upload, close and the polls until an estimated
     * processing time (10 s plus 1 ms per record) has passed; result downloads are not counted.
     *
     * @return the expected count
     */
    public long apiRequestsExpected() {
        return apiRequestsExpected;
    }

    /**
     * API requests in the worst case: every job polled until the polling timeout, plus one retry of each
     * non-poll request.
     *
     * @return the worst-case count
     */
    public long apiRequestsWorstCase() {
        return apiRequestsWorstCase;
    }

    /**
     * Bulk API batches the load consumes from the org's daily {@code DailyBulkApiBatches}: one per started 10,000
     * records of each job.
     *
     * @return the batches
     */
    public long bulkBatches() {
        return bulkBatches;
    }

    /** @return how each header column maps onto the object's fields, in header order */
    public List<Column> columns() {
        return columns;
    }

    /**
     * The problems found, load-wide ones first in header order, then row problems in input order; at most
     * {@link PlanOptions#maxListedProblems()}.
     *
     * @return the problems
     */
    public List<PlanProblem> problems() {
        return problems;
    }

    /** @return all problems found, including those beyond the listed ones */
    public long problemCount() {
        return problemCount;
    }

    /** @return the number of distinct rows with at least one row-level problem */
    public long rowsWithProblems() {
        return rowsWithProblems;
    }

    /** @return the problems that concern the whole load (not {@link ProblemKind#isRowLevel()}) */
    public List<PlanProblem> loadProblems() {
        List<PlanProblem> l = new ArrayList<>();
        for (PlanProblem p : problems) {
            if (!p.kind().isRowLevel()) {
                l.add(p);
            }
        }
        return l;
    }

    /** @return whether no problem at all was found */
    public boolean isReady() {
        return problemCount == 0;
    }

    /** @return whether the header and values were checked against the object's describe */
    public boolean isDescribeChecked() {
        return describeChecked;
    }

    /** @return the org limits the plan was checked against, if read or given */
    public Optional<OrgLimits> limits() {
        return Optional.ofNullable(limits);
    }

    /** @return the API requests the planning itself made (describe and limits GETs only; 0 offline) */
    public int requestsMade() {
        return requestsMade;
    }

    /**
     * A human-readable table: the summary, the parts, the columns and the problems.
     *
     * @return the text, lines separated by {@code \n}
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Plan: %s %s%s (%s, %s)%n", operation.apiName(), object,
                externalIdField == null ? "" : " on " + externalIdField, dialect.delimiter(), dialect.lineEnding()));
        sb.append(String.format(Locale.ROOT, "  %,d records, %,d bytes, %d %s, %,d Bulk API %s%n", records, bytes,
                jobs(), jobs() == 1 ? "job" : "jobs", bulkBatches, bulkBatches == 1 ? "batch" : "batches"));
        sb.append(String.format(Locale.ROOT, "  API requests: %,d expected, %,d worst case (polling to timeout)%n",
                apiRequestsExpected, apiRequestsWorstCase));
        if (limits != null) {
            limits.dailyApiRequests().ifPresent(l -> sb.append(String.format(Locale.ROOT,
                    "  org: %,d of %,d daily API requests left%n", l.remaining(), l.max())));
            limits.dailyBulkApiBatches().ifPresent(l -> sb.append(String.format(Locale.ROOT,
                    "  org: %,d of %,d daily Bulk API batches left%n", l.remaining(), l.max())));
        }
        sb.append(describeChecked ? "  checked against the describe\n" : "  not checked against a describe\n");
        sb.append("\n  part  records        bytes  lines\n");
        for (Part p : parts) {
            sb.append(String.format(Locale.ROOT, "  %4d  %,7d  %,11d  %d-%d%n", p.index, p.records, p.bytes,
                    p.firstLine, p.lastLine));
        }
        if (!columns.isEmpty()) {
            sb.append("\n  col  header                          field                           type        note\n");
            for (Column c : columns) {
                sb.append(String.format(Locale.ROOT, "  %3d  %-30s  %-30s  %-10s  %s%n", c.index, c.header,
                        c.field == null ? "-" : c.field, c.type == null ? "-" : c.type, c.note));
            }
        }
        sb.append('\n');
        if (problemCount == 0) {
            sb.append("  no problems found\n");
        } else {
            sb.append(String.format(Locale.ROOT, "  %,d %s (%,d %s with row problems):%n", problemCount,
                    problemCount == 1 ? "problem" : "problems", rowsWithProblems, rowsWithProblems == 1 ? "row"
                    : "rows"));
            for (PlanProblem p : problems) {
                sb.append("  - ").append(p.describe()).append('\n');
            }
            if (problemCount > problems.size()) {
                sb.append(String.format(Locale.ROOT, "  ... and %,d more%n", problemCount - problems.size()));
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "IngestPlan{" + operation.apiName() + " " + object + ", records=" + records + ", jobs=" + jobs()
                + ", bulkBatches=" + bulkBatches + ", apiRequests=" + apiRequestsExpected + "/" + apiRequestsWorstCase
                + ", problems=" + problemCount + '}';
    }

    /** One part of the input: one job's upload. Immutable. */
    public static final class Part {
        private final int index;
        private final long bytes;
        private final long records;
        private final long firstLine;
        private final long lastLine;

        /**
         * Creates a part.
         *
         * @param index 0-based
         * @param bytes uploaded bytes, header included
         * @param records data rows
         * @param firstLine first physical line of its first record in the input
         * @param lastLine last physical line of its last record
         */
        public Part(int index, long bytes, long records, long firstLine, long lastLine) {
            this.index = index;
            this.bytes = bytes;
            this.records = records;
            this.firstLine = firstLine;
            this.lastLine = lastLine;
        }

        /** @return the 0-based index */
        public int index() {
            return index;
        }

        /** @return bytes uploaded, header included */
        public long bytes() {
            return bytes;
        }

        /** @return the data rows */
        public long records() {
            return records;
        }

        /** @return the first input line of the part's records */
        public long firstLine() {
            return firstLine;
        }

        /** @return the last input line of the part's records */
        public long lastLine() {
            return lastLine;
        }

        /** @return Bulk API batches the job consumes: {@code ceil(records / 10,000)} */
        public long bulkBatches() {
            return (records + 9_999) / 10_000;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Part)) {
                return false;
            }
            Part p = (Part) o;
            return index == p.index && bytes == p.bytes && records == p.records && firstLine == p.firstLine
                    && lastLine == p.lastLine;
        }

        @Override
        public int hashCode() {
            return Objects.hash(index, bytes, records, firstLine, lastLine);
        }

        @Override
        public String toString() {
            return "Part{" + index + ", records=" + records + ", bytes=" + bytes + ", lines=" + firstLine + "-"
                    + lastLine + '}';
        }
    }

    /** How one header column maps onto the object. Immutable. */
    public static final class Column {
        private final int index;
        private final String header;
        private final String field;
        private final String type;
        private final String note;

        /**
         * Creates a column.
         *
         * @param index 1-based
         * @param header the header name
         * @param field the field it writes as the describe spells it (for a relationship column the reference
         *     field, for example {@code ParentId}), or null if unknown
         * @param type the field's type name, or null
         * @param note {@code key}, {@code ok}, {@code relationship via Account.External_ID__c},
         *     {@code UNKNOWN FIELD}, ... (or {@code not checked} offline)
         */
        public Column(int index, String header, String field, String type, String note) {
            this.index = index;
            this.header = Objects.requireNonNull(header, "header");
            this.field = field;
            this.type = type;
            this.note = Objects.requireNonNull(note, "note");
        }

        /** @return the 1-based column */
        public int index() {
            return index;
        }

        /** @return the header name */
        public String header() {
            return header;
        }

        /** @return the field written, as the describe spells it */
        public Optional<String> field() {
            return Optional.ofNullable(field);
        }

        /** @return the field's type name (describe's {@code type}) */
        public Optional<String> type() {
            return Optional.ofNullable(type);
        }

        /** @return what the check says about the column */
        public String note() {
            return note;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Column)) {
                return false;
            }
            Column c = (Column) o;
            return index == c.index && header.equals(c.header) && Objects.equals(field, c.field)
                    && Objects.equals(type, c.type) && note.equals(c.note);
        }

        @Override
        public int hashCode() {
            return Objects.hash(index, header, field, type, note);
        }

        @Override
        public String toString() {
            return "Column{" + index + " " + header + " -> " + field + " (" + type + "), " + note + '}';
        }
    }

    /** Builder for {@link IngestPlan}. Not thread-safe. */
    public static final class Builder {
        private String object;
        private Operation operation;
        private String externalIdField;
        private CsvDialect dialect = CsvDialect.defaults();
        private List<String> header = List.of();
        private final List<Part> parts = new ArrayList<>();
        private List<Column> columns = List.of();
        private final List<PlanProblem> problems = new ArrayList<>();
        private long problemCount;
        private long rowsWithProblems;
        private long apiRequestsExpected;
        private long apiRequestsWorstCase;
        private boolean describeChecked;
        private OrgLimits limits;
        private int requestsMade;

        private Builder() {
        }

        /** @param object the sObject @return this */
        public Builder object(String object) {
            this.object = object;
            return this;
        }

        /** @param operation the operation @return this */
        public Builder operation(Operation operation) {
            this.operation = operation;
            return this;
        }

        /** @param field the upsert's external id field, or null @return this */
        public Builder externalIdField(String field) {
            this.externalIdField = field;
            return this;
        }

        /** @param dialect the dialect @return this */
        public Builder dialect(CsvDialect dialect) {
            this.dialect = dialect;
            return this;
        }

        /** @param header the header names @return this */
        public Builder header(List<String> header) {
            this.header = header;
            return this;
        }

        /** @param part a part, in order @return this */
        public Builder addPart(Part part) {
            parts.add(Objects.requireNonNull(part, "part"));
            return this;
        }

        /** @param columns the columns @return this */
        public Builder columns(List<Column> columns) {
            this.columns = columns;
            return this;
        }

        /** @param problems problems to list @return this */
        public Builder addProblems(List<PlanProblem> problems) {
            this.problems.addAll(problems);
            return this;
        }

        /** @param count all problems found, listed or not @return this */
        public Builder problemCount(long count) {
            this.problemCount = count;
            return this;
        }

        /** @param rows distinct rows with row problems @return this */
        public Builder rowsWithProblems(long rows) {
            this.rowsWithProblems = rows;
            return this;
        }

        /**
         * @param expected expected API requests
         * @param worstCase worst-case API requests
         * @return this
         */
        public Builder apiRequests(long expected, long worstCase) {
            this.apiRequestsExpected = expected;
            this.apiRequestsWorstCase = worstCase;
            return this;
        }

        /** @param checked whether a describe was used @return this */
        public Builder describeChecked(boolean checked) {
            this.describeChecked = checked;
            return this;
        }

        /** @param limits the limits checked against, or null @return this */
        public Builder limits(OrgLimits limits) {
            this.limits = limits;
            return this;
        }

        /** @param requests requests the planning made @return this */
        public Builder requestsMade(int requests) {
            this.requestsMade = requests;
            return this;
        }

        /** @return the plan */
        public IngestPlan build() {
            return new IngestPlan(this);
        }
    }
}
