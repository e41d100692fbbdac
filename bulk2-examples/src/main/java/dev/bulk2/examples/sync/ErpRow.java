package dev.bulk2.examples.sync;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;

/** One client row read from the ERP: its columns (lower-case names), key, change time and activity. Immutable. */
final class ErpRow {
    final String key;
    final Instant updatedAt;
    final boolean active;
    private final Map<String, Object> values;

    ErpRow(String key, Instant updatedAt, boolean active, Map<String, Object> values) {
        this.key = key;
        this.updatedAt = updatedAt;
        this.active = active;
        this.values = Collections.unmodifiableMap(values);
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
