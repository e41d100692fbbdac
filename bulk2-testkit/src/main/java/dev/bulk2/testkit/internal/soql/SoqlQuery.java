package dev.bulk2.testkit.internal.soql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A parsed query in the SOQL subset the emulator supports (field list, FROM, simple WHERE with
 * = != &lt; &gt; &lt;= &gt;= LIKE IN NOT IN AND OR NOT and parentheses, ORDER BY, LIMIT). Immutable and
 * thread-safe.
 *
 * <p>CONTRACT shared by two engineers: the signatures below are fixed.
 *
 * <p>Semantics, following Salesforce where it is documented: keywords are case-insensitive; text comparisons
 * ({@code =}, {@code <}, {@code LIKE}) and ORDER BY are case-insensitive; an empty or missing value is null;
 * {@code field = null} matches null values and {@code field != null} the others; {@code !=}/{@code <>} and
 * {@code NOT IN} are true for null values (SOQL is two-valued, unlike SQL) while {@code <}, {@code >},
 * {@code LIKE}, {@code =} and {@code IN} are false for them; nulls sort first unless {@code NULLS LAST}; AND and OR
 * cannot be mixed without parentheses. The literal gives the type of a comparison (see {@link #apply}).
 */
public final class SoqlQuery {

    private final String soql;
    private final String objectName;
    private final String alias;
    private final List<FieldRef> select;
    private final Condition where;
    private final List<OrderKey> orderBy;
    private final Integer limit;

    SoqlQuery(String soql, String objectName, String alias, List<FieldRef> select, Condition where,
            List<OrderKey> orderBy, Integer limit) {
        this.soql = soql;
        this.objectName = objectName;
        this.alias = alias;
        this.select = Collections.unmodifiableList(new ArrayList<>(select));
        this.where = where;
        this.orderBy = Collections.unmodifiableList(new ArrayList<>(orderBy));
        this.limit = limit;
    }

    /**
     * Parses SOQL.
     *
     * @param soql the query text
     * @return the query
     * @throws SoqlException with errorCode MALFORMED_QUERY for syntax errors, or the Bulk 2.0 "not supported"
     *     error for GROUP BY, OFFSET, TYPEOF, aggregate functions, FIELDS(), nested subqueries
     */
    public static SoqlQuery parse(String soql) {
        if (soql == null || soql.trim().isEmpty()) {
            throw new SoqlException(SoqlErrors.MALFORMED_QUERY,
                    "The query is empty: send a SOQL SELECT statement in the job's \"query\" field");
        }
        return SoqlParser.parse(soql);
    }

    /**
     * The object named in FROM, as written.
     *
     * @return the object name
     */
    public String objectName() {
        return objectName;
    }

    /**
     * The selected fields in SELECT order, as written (or canonical after {@link #resolve}).
     *
     * @return the field names
     */
    public List<String> selectFields() {
        List<String> names = new ArrayList<>(select.size());
        for (FieldRef f : select) {
            names.add(f.name);
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * Returns a copy whose field names (SELECT, WHERE, ORDER BY) are replaced by their canonical names.
     * A prefix naming the FROM object or its alias ({@code Account.Name} in {@code FROM Account},
     * {@code a.Name} in {@code FROM Account a}) is removed before the lookup; other dotted names are passed
     * to {@code canonicalName} as written.
     *
     * @param canonicalName maps a field name as written to the object's canonical field name, or returns
     *     {@code null} when the object has no such field
     * @return the resolved query
     * @throws SoqlException INVALID_FIELD naming the first unknown field (Salesforce wording), or
     *     MALFORMED_QUERY when two selected fields resolve to the same field
     */
    public SoqlQuery resolve(UnaryOperator<String> canonicalName) {
        Objects.requireNonNull(canonicalName, "canonicalName");
        Function<FieldRef, FieldRef> mapper = f -> resolveField(f, canonicalName);
        List<FieldRef> resolvedSelect = new ArrayList<>(select.size());
        Set<String> seen = new HashSet<>();
        for (FieldRef f : select) {
            FieldRef r = mapper.apply(f);
            if (!seen.add(r.name.toLowerCase(Locale.ROOT))) {
                throw SoqlErrors.malformed(soql, f.offset, "duplicate field selected: " + r.name);
            }
            resolvedSelect.add(r);
        }
        Condition resolvedWhere = where == null ? null : where.mapFields(mapper);
        List<OrderKey> resolvedOrder = new ArrayList<>(orderBy.size());
        for (OrderKey k : orderBy) {
            resolvedOrder.add(k.withField(mapper.apply(k.field)));
        }
        return new SoqlQuery(soql, objectName, alias, resolvedSelect, resolvedWhere, resolvedOrder, limit);
    }

    private FieldRef resolveField(FieldRef field, UnaryOperator<String> canonicalName) {
        String name = field.name;
        int dot = name.indexOf('.');
        if (dot > 0 && dot < name.length() - 1) {
            String head = name.substring(0, dot);
            if (head.equalsIgnoreCase(objectName) || (alias != null && head.equalsIgnoreCase(alias))) {
                name = name.substring(dot + 1);
            }
        }
        String canonical = canonicalName.apply(name);
        if (canonical != null) {
            return field.withCanonicalName(canonical);
        }
        int relDot = name.indexOf('.');
        if (relDot > 0) {
            throw SoqlErrors.invalidField(soql, field.offset, "Didn't understand relationship '"
                    + name.substring(0, relDot) + "' in field path. If you are attempting to use a custom"
                    + " relationship, be sure to append the '__r' after the custom relationship name. Please"
                    + " reference your WSDL or the describe call for the appropriate names.");
        }
        throw SoqlErrors.invalidField(soql, field.offset, "No such column '" + name + "' on entity '" + objectName
                + "'. If you are attempting to use a custom field, be sure to append the '__c' after the custom"
                + " field name. Please reference your WSDL or the describe call for the appropriate names.");
    }

    /**
     * Applies WHERE, ORDER BY and LIMIT to rows keyed by canonical field name (missing key = null; before
     * {@link #resolve} keys are matched case-insensitively). Lazy: nothing is read before the terminal operation;
     * without ORDER BY rows stream through; ORDER BY holds references to the matching rows while sorting, or only
     * the best {@code n} with {@code LIMIT n} (n &le; 100,000).
     *
     * <p>Comparisons take their type from the literal: a number literal compares numerically, {@code true}/
     * {@code false} as booleans (stored {@code 1}/{@code 0} accepted), date and date-time literals as dates and
     * instants, string literals as case-insensitive text (a 15-character id literal also equals the 18-character
     * id it starts, for Id and *Id fields). A stored value that cannot be read as the literal's type compares as
     * text for {@code =}/{@code !=} and never satisfies {@code <}/{@code >}. ORDER BY compares values that are
     * plain numbers numerically (before any text), other values as case-insensitive text (ISO dates and
     * date-times in one format sort correctly that way; values differing only in case are equal, so later keys
     * decide); the sort is stable.
     *
     * @param rows the candidate rows of the FROM object
     * @return the matching rows, ordered and limited, not projected
     */
    public Stream<Map<String, String>> apply(Stream<Map<String, String>> rows) {
        Stream<Map<String, String>> s = rows;
        if (where != null) {
            Condition condition = where;
            s = s.filter(condition::test);
        }
        if (orderBy.isEmpty()) {
            return limit == null ? s : s.limit(limit);
        }
        List<OrderKey> keys = orderBy;
        AtomicLong sequence = new AtomicLong();
        Comparator<SortRow> comparator = sortComparator(keys).thenComparingLong(sr -> sr.seq);
        Stream<SortRow> keyed = s.map(r -> new SortRow(r, sortKeys(r, keys), sequence.getAndIncrement()));
        if (limit == null || limit > TOP_K_MAX) {
            Stream<Map<String, String>> sorted = keyed.sorted(comparator).map(sr -> sr.row);
            return limit == null ? sorted : sorted.limit(limit);
        }
        // ORDER BY ... LIMIT k: keep only the best k rows (memory O(k)), lazily on the terminal operation
        int k = limit;
        Stream<Map<String, String>> source = s;
        return Stream.<Supplier<List<Map<String, String>>>>of(() -> topK(keyed, comparator, k))
                .flatMap(supplier -> supplier.get().stream())
                .onClose(source::close);
    }

    /** Above this LIMIT a full sort is used instead of a bounded heap. */
    private static final int TOP_K_MAX = 100_000;

    private static List<Map<String, String>> topK(Stream<SortRow> rows, Comparator<SortRow> comparator, int k) {
        if (k == 0) {
            return Collections.emptyList();
        }
        PriorityQueue<SortRow> worstFirst = new PriorityQueue<>(Math.min(k, 1024) + 1, comparator.reversed());
        rows.forEachOrdered(r -> {
            if (worstFirst.size() < k) {
                worstFirst.add(r);
            } else if (comparator.compare(r, worstFirst.peek()) < 0) {
                worstFirst.poll();
                worstFirst.add(r);
            }
        });
        List<SortRow> best = new ArrayList<>(worstFirst);
        best.sort(comparator);
        List<Map<String, String>> out = new ArrayList<>(best.size());
        for (SortRow r : best) {
            out.add(r.row);
        }
        return out;
    }

    /**
     * The LIMIT, if any.
     *
     * @return the limit
     */
    public OptionalInt limit() {
        return limit == null ? OptionalInt.empty() : OptionalInt.of(limit);
    }

    /**
     * The query text as received.
     *
     * @return the SOQL text
     */
    @Override
    public String toString() {
        return soql;
    }

    private static final class SortRow {
        final Map<String, String> row;
        final Object[] keys;
        final long seq;

        SortRow(Map<String, String> row, Object[] keys, long seq) {
            this.row = row;
            this.keys = keys;
            this.seq = seq;
        }
    }

    private static Object[] sortKeys(Map<String, String> row, List<OrderKey> keys) {
        Object[] out = new Object[keys.size()];
        for (int i = 0; i < out.length; i++) {
            String v = keys.get(i).field.value(row);
            if (SoqlValues.isNull(v)) {
                out[i] = null;
            } else {
                BigDecimal n = SoqlValues.number(v);
                out[i] = n != null ? n : v;
            }
        }
        return out;
    }

    private static Comparator<SortRow> sortComparator(List<OrderKey> keys) {
        return (a, b) -> {
            for (int i = 0; i < keys.size(); i++) {
                OrderKey k = keys.get(i);
                Object x = a.keys[i];
                Object y = b.keys[i];
                if (x == null || y == null) {
                    if (x == y) {
                        continue;
                    }
                    return (x == null) == k.nullsFirst ? -1 : 1;
                }
                int c = compareSortValues(x, y);
                if (c != 0) {
                    return k.descending ? -c : c;
                }
            }
            return 0;
        };
    }

    private static int compareSortValues(Object x, Object y) {
        boolean xn = x instanceof BigDecimal;
        boolean yn = y instanceof BigDecimal;
        if (xn && yn) {
            return ((BigDecimal) x).compareTo((BigDecimal) y);
        }
        if (xn != yn) {
            return xn ? -1 : 1;
        }
        return String.CASE_INSENSITIVE_ORDER.compare((String) x, (String) y);
    }
}
