package dev.bulk2.csv;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The echoed (non {@code sf__}) columns of one result record; shared by the three record types. */
final class EchoedFields {

    private final ResultCsv.Columns columns;
    private final String[] values;
    private Map<String, String> map;

    EchoedFields(ResultCsv.Columns columns, String[] values) {
        this.columns = columns;
        this.values = values;
    }

    Map<String, String> asMap() {
        Map<String, String> m = map;
        if (m == null) {
            LinkedHashMap<String, String> lm = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                lm.putIfAbsent(columns.names.get(i), values[i]);
            }
            m = Collections.unmodifiableMap(lm);
            map = m;
        }
        return m;
    }

    Optional<String> get(String name) {
        int i = columns.indexOf(name);
        return i < 0 ? Optional.empty() : Optional.of(values[i]);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EchoedFields)) {
            return false;
        }
        EchoedFields other = (EchoedFields) o;
        return columns.names.equals(other.columns.names) && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * columns.names.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    /** Splits a raw record into the sf__ values and the echoed fields. */
    static String[] echoed(String[] all, int[] sfIndexes) {
        int skip = 0;
        for (int i : sfIndexes) {
            if (i >= 0) {
                skip++;
            }
        }
        if (skip == 0) {
            return all;
        }
        String[] out = new String[all.length - skip];
        int o = 0;
        outer:
        for (int i = 0; i < all.length; i++) {
            for (int s : sfIndexes) {
                if (s == i) {
                    continue outer;
                }
            }
            out[o++] = all[i];
        }
        return out;
    }
}
