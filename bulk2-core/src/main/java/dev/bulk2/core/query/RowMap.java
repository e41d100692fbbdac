package dev.bulk2.core.query;

import dev.bulk2.csv.internal.RawRecord;
import java.util.AbstractList;
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
 * It keeps the row as the tokenizer read it (one byte array); a value becomes a {@code String} when first read,
 * and is then kept. Package-private; immutable and thread-safe (values are cached with a benign race).
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
    private final RawRecord values;

    RowMap(Columns columns, RawRecord values) {
        this.columns = columns;
        this.values = values;
    }

    /** The shared column index of this row's result. */
    Columns columns() {
        return columns;
    }

    /** The values as an unmodifiable list view, in column order (not copied). */
    List<String> valueList() {
        return new AbstractList<String>() {
            @Override
            public String get(int index) {
                return values.get(index);
            }

            @Override
            public int size() {
                return values.size();
            }
        };
    }

    @Override
    public String get(Object key) {
        int i = columns.indexOf(key);
        return i < 0 ? null : values.get(i);
    }

    @Override
    public boolean containsKey(Object key) {
        return columns.indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return values.size();
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
                        return i < values.size();
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (i >= values.size()) {
                            throw new NoSuchElementException();
                        }
                        int k = i++;
                        return new AbstractMap.SimpleImmutableEntry<>(columns.names[k], values.get(k));
                    }
                };
            }

            @Override
            public int size() {
                return values.size();
            }
        };
    }
}
