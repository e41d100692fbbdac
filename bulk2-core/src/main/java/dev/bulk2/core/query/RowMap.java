package dev.bulk2.core.query;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An unmodifiable row: column name to value, iterating in column order, sharing the column index of its page.
 * Package-private; immutable and thread-safe.
 */
final class RowMap extends AbstractMap<String, String> {
    /** Column names and their positions, shared by all rows of a result. */
    static final class Columns {
        final String[] names;
        final List<String> list;
        private final Map<String, Integer> index;

        Columns(String[] names) {
            this.names = names.clone();
            this.list = Collections.unmodifiableList(java.util.Arrays.asList(this.names));
            this.index = new HashMap<>(names.length * 2);
            for (int i = 0; i < names.length; i++) {
                index.putIfAbsent(names[i], i);
            }
        }

        int indexOf(Object name) {
            Integer i = index.get(name);
            return i == null ? -1 : i;
        }
    }

    private final Columns columns;
    private final String[] values;

    RowMap(Columns columns, String[] values) {
        this.columns = columns;
        this.values = values;
    }

    /** The shared column index of this row's result. */
    Columns columns() {
        return columns;
    }

    /** The values as a fixed-size list view, in column order (not copied; must not be modified). */
    List<String> valueList() {
        return java.util.Arrays.asList(values);
    }

    @Override
    public String get(Object key) {
        int i = columns.indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return columns.indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<Map.Entry<String, String>>() {
            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<Map.Entry<String, String>>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < values.length;
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (i >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int k = i++;
                        return new AbstractMap.SimpleImmutableEntry<>(columns.names[k], values[k]);
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }
}
