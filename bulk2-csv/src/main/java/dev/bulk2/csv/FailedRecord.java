package dev.bulk2.csv;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of a job's failed results: the record id if any, the parsed error, and the echoed columns.
 * Immutable and thread-safe.
 */
public final class FailedRecord {

    private final String id;
    private final RecordError error;
    private final EchoedFields fields;
    private final long line;

    FailedRecord(String id, RecordError error, EchoedFields fields, long line) {
        this.id = id;
        this.error = error;
        this.fields = fields;
        this.line = line;
    }

    /**
     * The record id ({@code sf__Id}), present for failed updates; empty for failed inserts, unmatched upserts,
     * and files from API versions before 53.0 that have no {@code sf__Id} column.
     *
     * @return the id, or empty
     */
    public Optional<String> id() {
        return id == null || id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    /**
     * The error, split into code, message and fields.
     *
     * @return the error
     */
    public RecordError error() {
        return error;
    }

    /**
     * The echoed columns, in file order, without the {@code sf__} columns.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> fields() {
        return fields.asMap();
    }

    /**
     * One echoed column by name: exact match first, then ignoring case.
     *
     * @param name the column name
     * @return the value, or empty if there is no such column
     */
    public Optional<String> field(String name) {
        return fields.get(Objects.requireNonNull(name, "name"));
    }

    /**
     * The physical line of the result file where this record ends (for diagnostics).
     *
     * @return the 1-based line
     */
    public long line() {
        return line;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FailedRecord)) {
            return false;
        }
        FailedRecord r = (FailedRecord) o;
        return Objects.equals(id, r.id) && error.equals(r.error) && fields.equals(r.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, error, fields);
    }

    @Override
    public String toString() {
        return "FailedRecord{id=" + id + ", error=" + error + ", fields=" + fields + '}';
    }
}
