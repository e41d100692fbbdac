package dev.bulk2.testkit.internal.soql;

import java.util.Map;

/**
 * A field name in a query with its position (for error messages). Immutable.
 */
final class FieldRef {

    final String name;
    final int offset;
    /** True after {@link SoqlQuery#resolve}: rows are keyed by exactly this name. */
    final boolean canonical;

    FieldRef(String name, int offset, boolean canonical) {
        this.name = name;
        this.offset = offset;
        this.canonical = canonical;
    }

    FieldRef withCanonicalName(String canonicalName) {
        return new FieldRef(canonicalName, offset, true);
    }

    /**
     * The row's value for this field; a missing key is {@code null}. Before resolution the key is matched
     * case-insensitively, as SOQL names are.
     *
     * @param row the record
     * @return the value or null
     */
    String value(Map<String, String> row) {
        String v = row.get(name);
        if (v != null || canonical || row.containsKey(name)) {
            return v;
        }
        for (Map.Entry<String, String> e : row.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name;
    }
}
