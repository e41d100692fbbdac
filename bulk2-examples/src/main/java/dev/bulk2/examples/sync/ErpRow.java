package dev.bulk2.examples.sync;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;

/** One client row read from the ERP: its columns (lower-case names), key, change time and activity. Immutable. */
final class ErpRow {
    final String key;
    final Instant updatedAt;
    final boolean active;
    /** A client deleted from the ERP: only its key and the inactive flag are sent (empty fields stay as they are). */
    final boolean tombstone;
    private final Map<String, Object> values;

    ErpRow(String key, Instant updatedAt, boolean active, Map<String, Object> values) {
        this.key = key;
        this.updatedAt = updatedAt;
        this.active = active;
        this.tombstone = false;
        this.values = Collections.unmodifiableMap(values);
    }

    private ErpRow(String key, Map<String, Object> values) {
        this.key = key;
        this.updatedAt = java.time.Instant.EPOCH;
        this.active = false;
        this.tombstone = true;
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * @param key the ERP key of a client gone from the ERP
     * @param keyColumn the key column
     * @return the row that flags its Salesforce record inactive
     */
    static ErpRow tombstone(String key, String keyColumn) {
        return new ErpRow(key, Map.of(keyColumn.toLowerCase(java.util.Locale.ROOT), key));
    }

    /**
     * @param column a column name, any case
     * @return its value (String, LocalDate, Instant, Boolean, Number) or null
     */
    Object get(String column) {
        return values.get(column.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
        return "ErpRow{" + key + " @ " + updatedAt + (active ? "" : ", inactive") + "}";
    }
}
