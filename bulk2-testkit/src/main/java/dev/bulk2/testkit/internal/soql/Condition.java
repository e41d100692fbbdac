package dev.bulk2.testkit.internal.soql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A WHERE condition tree. Immutable. SOQL uses two-valued logic: a comparison with a null (missing or empty)
 * value is false, except that {@code !=}/{@code <>} and {@code NOT IN} are true for it (as in Salesforce, where
 * {@code Name != 'x'} also returns records whose Name is null).
 */
abstract class Condition {

    abstract boolean test(Map<String, String> row);

    /** Copy with every field reference replaced. */
    abstract Condition mapFields(Function<FieldRef, FieldRef> mapper);

    /** Visits every field reference in text order. */
    abstract void forEachField(Consumer<FieldRef> visitor);

    /** {@code a AND b AND ...} or {@code a OR b OR ...}. */
    static final class Junction extends Condition {
        final boolean and;
        final List<Condition> parts;

        Junction(boolean and, List<Condition> parts) {
            this.and = and;
            this.parts = Collections.unmodifiableList(new ArrayList<>(parts));
        }

        @Override
        boolean test(Map<String, String> row) {
            for (Condition part : parts) {
                boolean r = part.test(row);
                if (and && !r) {
                    return false;
                }
                if (!and && r) {
                    return true;
                }
            }
            return and;
        }

        @Override
        Condition mapFields(Function<FieldRef, FieldRef> mapper) {
            List<Condition> mapped = new ArrayList<>(parts.size());
            for (Condition part : parts) {
                mapped.add(part.mapFields(mapper));
            }
            return new Junction(and, mapped);
        }

        @Override
        void forEachField(Consumer<FieldRef> visitor) {
            for (Condition part : parts) {
                part.forEachField(visitor);
            }
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0) {
                    sb.append(and ? " AND " : " OR ");
                }
                sb.append(parts.get(i));
            }
            return sb.append(')').toString();
        }
    }

    /** {@code NOT c}. */
    static final class Not extends Condition {
        final Condition inner;

        Not(Condition inner) {
            this.inner = inner;
        }

        @Override
        boolean test(Map<String, String> row) {
            return !inner.test(row);
        }

        @Override
        Condition mapFields(Function<FieldRef, FieldRef> mapper) {
            return new Not(inner.mapFields(mapper));
        }

        @Override
        void forEachField(Consumer<FieldRef> visitor) {
            inner.forEachField(visitor);
        }

        @Override
        public String toString() {
            return "NOT " + inner;
        }
    }

    /** {@code field op literal} with op one of = != &lt; &gt; &lt;= &gt;= ({@code <>} is stored as !=). */
    static final class Comparison extends Condition {
        final FieldRef field;
        final String op;
        final Literal literal;

        Comparison(FieldRef field, String op, Literal literal) {
            this.field = field;
            this.op = "<>".equals(op) ? "!=" : op;
            this.literal = literal;
        }

        @Override
        boolean test(Map<String, String> row) {
            String value = field.value(row);
            switch (op) {
                case "=":
                    return matchesEquals(value, literal, field.name);
                case "!=":
                    return !matchesEquals(value, literal, field.name);
                default:
                    if (literal.kind == Literal.Kind.NULL || SoqlValues.isNull(value)) {
                        return false;
                    }
                    Integer c = SoqlValues.compare(value, literal);
                    if (c == null) {
                        return false;
                    }
                    switch (op) {
                        case "<":
                            return c < 0;
                        case "<=":
                            return c <= 0;
                        case ">":
                            return c > 0;
                        case ">=":
                            return c >= 0;
                        default:
                            throw new IllegalStateException("operator " + op);
                    }
            }
        }

        @Override
        Condition mapFields(Function<FieldRef, FieldRef> mapper) {
            return new Comparison(mapper.apply(field), op, literal);
        }

        @Override
        void forEachField(Consumer<FieldRef> visitor) {
            visitor.accept(field);
        }

        @Override
        public String toString() {
            return field + " " + op + " " + literal;
        }
    }

    /** {@code field [NOT] IN (literals)}. */
    static final class In extends Condition {
        final FieldRef field;
        final boolean negated;
        final List<Literal> literals;

        In(FieldRef field, boolean negated, List<Literal> literals) {
            this.field = field;
            this.negated = negated;
            this.literals = Collections.unmodifiableList(new ArrayList<>(literals));
        }

        @Override
        boolean test(Map<String, String> row) {
            String value = field.value(row);
            boolean found = false;
            for (Literal literal : literals) {
                if (matchesEquals(value, literal, field.name)) {
                    found = true;
                    break;
                }
            }
            return found != negated;
        }

        @Override
        Condition mapFields(Function<FieldRef, FieldRef> mapper) {
            return new In(mapper.apply(field), negated, literals);
        }

        @Override
        void forEachField(Consumer<FieldRef> visitor) {
            visitor.accept(field);
        }

        @Override
        public String toString() {
            return field + (negated ? " NOT IN " : " IN ") + literals;
        }
    }

    /** {@code field LIKE 'pattern'}: % any run, _ one character, case-insensitive. */
    static final class Like extends Condition {
        final FieldRef field;
        final Literal pattern;

        Like(FieldRef field, Literal pattern) {
            this.field = field;
            this.pattern = pattern;
        }

        @Override
        boolean test(Map<String, String> row) {
            String value = field.value(row);
            return !SoqlValues.isNull(value) && pattern.like.matcher(value).matches();
        }

        @Override
        Condition mapFields(Function<FieldRef, FieldRef> mapper) {
            return new Like(mapper.apply(field), pattern);
        }

        @Override
        void forEachField(Consumer<FieldRef> visitor) {
            visitor.accept(field);
        }

        @Override
        public String toString() {
            return field + " LIKE " + pattern;
        }
    }

    static boolean matchesEquals(String value, Literal literal, String fieldName) {
        if (literal.kind == Literal.Kind.NULL) {
            return SoqlValues.isNull(value);
        }
        if (SoqlValues.isNull(value)) {
            return false;
        }
        return SoqlValues.equalTo(value, literal, fieldName);
    }
}
