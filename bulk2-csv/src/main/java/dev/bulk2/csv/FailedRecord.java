package dev.bulk2.csv;

import java.util.Objects;
import java.util.Optional;

/**
 * One row of a job's failed results: the record id if any, the parsed error, and the echoed columns.
 * Immutable and thread-safe.
 */
public final class FailedRecord extends ResultRecord {

    private final String id;
    private final RecordError error;

    FailedRecord(String id, RecordError error, EchoedFields fields, long line) {
        super(fields, line);
        this.id = id;
        this.error = error;
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
