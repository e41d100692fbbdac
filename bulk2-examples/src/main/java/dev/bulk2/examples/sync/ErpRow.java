package dev.bulk2.examples.sync;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One client row read from the ERP: its columns (lower-case names), key, change time and activity. Immutable.
 * The values are held by column position; the names and positions ({@link Columns}) are shared by every row of
 * one query, so a row costs one array instead of a map of its own, and a {@link Column} finds its position once
 * per query instead of by name for every row.
 */
final class ErpRow {
    final String key;
    final Instant updatedAt;
    final boolean active;
    /** A client deleted from the ERP: only its key and the inactive flag are sent (empty fields stay as they are). */
    final boolean tombstone;
    private final Columns columns;
    private final Object[] values;

    /** A row of a query: {@code values} by position of {@code columns} (owned by the row from now on). */
    ErpRow(String key, Instant updatedAt, boolean active, Columns columns, Object[] values) {
        this.key = key;
        this.updatedAt = updatedAt;
        this.active = active;
        this.tombstone = false;
        this.columns = columns;
        this.values = values;
    }

    private ErpRow(String key, Columns columns) {
        this.key = key;
        this.updatedAt = java.time.Instant.EPOCH;
        this.active = false;
        this.tombstone = true;
        this.columns = columns;
        this.values = new Object[] {key};
    }

    /**
     * @param key the ERP key of a client gone from the ERP
     * @param keyColumn the key column
     * @return the row that flags its Salesforce record inactive
     */
    static ErpRow tombstone(String key, String keyColumn) {
        return new ErpRow(key, new Columns(new String[] {keyColumn.toLowerCase(Locale.ROOT)}));
    }

    /**
     * @param column a column name, any case
     * @return its value (String, LocalDate, Instant, Boolean, Number) or null
     */
    Object get(String column) {
        int i = columns.indexOf(column);
        return i < 0 ? null : values[i];
    }

    /**
     * @param column a column read by position, resolved once per query
     * @return its value, as {@link #get(String)} of its name
     */
    Object get(Column column) {
        return column.get(this);
    }

    /**
     * The column names of one query (lower case) and their positions, shared by its rows. Immutable.
     */
    static final class Columns {
        private final String[] names;
        private final Map<String, Integer> index;

        /** @param names the column names, lower case, in result-set order */
        Columns(String[] names) {
            this.names = names.clone();
            Map<String, Integer> m = new HashMap<>(names.length * 2);
            for (int i = 0; i < names.length; i++) {
                m.put(names[i], i); // a repeated label: the last one, as a map of the values had
            }
            this.index = m;
        }

        /** @return the names, lower case, in order */
        List<String> names() {
            return Collections.unmodifiableList(Arrays.asList(names));
        }

        /**
         * @param column a column name, any case
         * @return its position, or -1 when the query has no such column
         */
        int indexOf(String column) {
            Integer i = index.get(column);
            if (i == null) {
                String lower = column.toLowerCase(Locale.ROOT);
                if (lower.equals(column)) {
                    return -1;
                }
                i = index.get(lower);
                if (i == null) {
                    return -1;
                }
            }
            return i;
        }
    }

    /**
     * A column looked up by name once per query instead of once per row: it remembers the position it has for the
     * last query's {@link Columns} it met. Thread-safe (the remembered pair is immutable).
     */
    static final class Column {
        private final String name;
        private Resolved last;

        /** @param name a column name, any case */
        Column(String name) {
            this.name = name.toLowerCase(Locale.ROOT);
        }

        /**
         * @param row a row
         * @return its value of this column, or null
         */
        Object get(ErpRow row) {
            Resolved r = last;
            if (r == null || r.columns != row.columns) {
                r = new Resolved(row.columns, row.columns.indexOf(name));
                last = r;
            }
            return r.index < 0 ? null : row.values[r.index];
        }

        private static final class Resolved {
            final Columns columns;
            final int index;

            Resolved(Columns columns, int index) {
                this.columns = columns;
                this.index = index;
            }
        }
    }

    @Override
    public String toString() {
        return "ErpRow{" + key + " @ " + updatedAt + (active ? "" : ", inactive") + "}";
    }
}
