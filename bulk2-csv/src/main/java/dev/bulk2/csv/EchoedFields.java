package dev.bulk2.csv;

import dev.bulk2.csv.internal.RawRecord;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The echoed (non {@code sf__}) columns of one result record; shared by the three record types. It keeps the
 * parsed record as is (undecoded bytes, the {@code sf__} values included; a value becomes a {@code String} when
 * first read) and reads it through the file's shared {@link ResultCsv.Columns}; {@link #asMap()} is a view, not
 * a copy. Immutable and thread-safe.
 */
final class EchoedFields {

    private final ResultCsv.Columns columns;
    private final RawRecord values;

    EchoedFields(ResultCsv.Columns columns, RawRecord values) {
        this.columns = columns;
        this.values = values;
    }

    private String value(int i) {
        int[] raw = columns.raw;
        return values.get(raw == null ? i : raw[i]);
    }

    /** An unmodifiable map view in column order; a repeated name maps to its first column. */
    Map<String, String> asMap() {
        return new View();
    }

    Optional<String> get(String name) {
        int i = columns.indexOf(name);
        return i < 0 ? Optional.empty() : Optional.of(value(i));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EchoedFields)) {
            return false;
        }
        EchoedFields other = (EchoedFields) o;
        if (!columns.names.equals(other.columns.names)) {
            return false;
        }
        for (int i = 0; i < columns.size(); i++) {
            if (!value(i).equals(other.value(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < columns.size(); i++) {
            h = 31 * h + value(i).hashCode();
        }
        return 31 * columns.names.hashCode() + h;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    /** The map view: keys are the distinct column names, in file order. */
    private final class View extends AbstractMap<String, String> {

        @Override
        public String get(Object key) {
            int i = columns.exactIndexOf(key);
            return i < 0 ? null : value(i);
        }

        @Override
        public boolean containsKey(Object key) {
            return columns.exactIndexOf(key) >= 0;
        }

        @Override
        public int size() {
            return columns.distinct.length;
        }

        @Override
        public Set<Map.Entry<String, String>> entrySet() {
            return new AbstractSet<Map.Entry<String, String>>() {
                @Override
                public Iterator<Map.Entry<String, String>> iterator() {
                    return new Iterator<Map.Entry<String, String>>() {
                        private int k;

                        @Override
                        public boolean hasNext() {
                            return k < columns.distinct.length;
                        }

                        @Override
                        public Map.Entry<String, String> next() {
                            if (k >= columns.distinct.length) {
                                throw new NoSuchElementException();
                            }
                            int i = columns.distinct[k++];
                            return new AbstractMap.SimpleImmutableEntry<>(columns.names.get(i), value(i));
                        }
                    };
                }

                @Override
                public int size() {
                    return columns.distinct.length;
                }
            };
        }
    }
}
