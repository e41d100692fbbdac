package dev.bulk2.csv;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of a job's unprocessed records: a record as uploaded that Salesforce never attempted (the job failed or
 * was aborted). Immutable and thread-safe.
 */
public final class UnprocessedRecord {

    private final EchoedFields fields;
    private final long line;

    UnprocessedRecord(EchoedFields fields, long line) {
        this.fields = fields;
        this.line = line;
    }

    /**
     * The columns, in file order.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> fields() {
        return fields.asMap();
    }

    /**
     * One column by name: exact match first, then ignoring case.
     *
     * @param name the column name
     * @return the value, or empty if there is no such column
     */
    public Optional<String> field(String name) {
        return fields.get(Objects.requireNonNull(name, "name"));
    }

    /**
     * The physical line of the file where this record ends (for diagnostics).
     *
     * @return the 1-based line
     */
    public long line() {
        return line;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnprocessedRecord && fields.equals(((UnprocessedRecord) o).fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return "UnprocessedRecord" + fields;
    }
}
