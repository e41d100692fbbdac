package dev.bulk2.csv;

import java.util.Objects;

/**
 * One row of a job's successful results: the record id, whether it was created, and the echoed columns.
 * Immutable and thread-safe.
 */
public final class SuccessfulRecord extends ResultRecord {

    private final String id;
    private final boolean created;

    SuccessfulRecord(String id, boolean created, EchoedFields fields, long line) {
        super(fields, line);
        this.id = id;
        this.created = created;
    }

    /**
     * The 18-character Salesforce id ({@code sf__Id}).
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * Whether Salesforce inserted the record ({@code sf__Created = true}); false for updates, upsert updates and
     * deletes.
     *
     * @return true if created
     */
    public boolean created() {
        return created;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SuccessfulRecord)) {
            return false;
        }
        SuccessfulRecord r = (SuccessfulRecord) o;
        return id.equals(r.id) && created == r.created && fields.equals(r.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, created, fields);
    }

    @Override
    public String toString() {
        return "SuccessfulRecord{id=" + id + ", created=" + created + ", fields=" + fields + '}';
    }
}
