package dev.bulk2.testkit.internal.soql;

/**
 * One ORDER BY key. Immutable. Nulls sort first unless {@code NULLS LAST} is given (Salesforce's default,
 * independent of ASC/DESC).
 */
final class OrderKey {

    final FieldRef field;
    final boolean descending;
    final boolean nullsFirst;

    OrderKey(FieldRef field, boolean descending, boolean nullsFirst) {
        this.field = field;
        this.descending = descending;
        this.nullsFirst = nullsFirst;
    }

    OrderKey withField(FieldRef newField) {
        return new OrderKey(newField, descending, nullsFirst);
    }

    @Override
    public String toString() {
        return field + (descending ? " DESC" : " ASC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }
}
