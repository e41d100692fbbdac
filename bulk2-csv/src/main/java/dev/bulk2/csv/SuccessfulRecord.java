package dev.bulk2.csv;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of a job's successful results: the record id, whether it was created, and the echoed columns.
 * Immutable and thread-safe.
 */
public final class SuccessfulRecord {

    private final String id;
    private final boolean created;
    private final EchoedFields fields;
    private final long line;

    SuccessfulRecord(String id, boolean created, EchoedFields fields, long line) {
        this.id = id;
        this.created = created;
        this.fields = fields;
        this.line = line;
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

    /**
     * The echoed columns, in file order, without the {@code sf__} columns. Keys are the header texts as
     * uploaded.
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
