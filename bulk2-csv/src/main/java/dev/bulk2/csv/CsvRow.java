package dev.bulk2.csv;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One CSV record read by column name, with typed accessors for the formats Salesforce writes in Bulk API 2.0
 * query results; the read-side counterpart of {@link CsvMapping}.
 *
 * <pre>{@code
 * LocalDate birth = row.date("PersonBirthdate").orElse(null);          // 1985-12-10
 * Instant seen = row.dateTime("Last_Seen__c").orElseThrow();           // 2024-01-03T23:52:01.000+0000
 * boolean optedOut = row.bool("PersonHasOptedOutOfEmail").orElse(false);
 * BigDecimal balance = row.decimal("Balance__c").orElse(BigDecimal.ZERO);
 * String name = row.value("Name");                                     // raw text, "" when empty
 * }</pre>
 *
 * <p><b>Empty values.</b> Query results render a null field and an empty string alike, as an empty field, so an
 * empty value is "no value": {@link #value(String)} returns {@code ""} (never null) and every other accessor an
 * empty {@link Optional}. No other text is treated as null; in particular {@code #N/A} (the ingest marker that
 * {@link NullValue#SET_NULL} writes) is returned as text by {@link #string(String)} and is not a valid date,
 * number or boolean. Values are not trimmed.
 *
 * <table>
 *   <caption>Accepted formats</caption>
 *   <tr><th>accessor</th><th>accepts</th></tr>
 *   <tr><td>{@link #date(String)}</td><td>{@code yyyy-MM-dd}</td></tr>
 *   <tr><td>{@link #dateTime(String)}, {@link #offsetDateTime(String)}</td><td>ISO-8601 with an offset:
 *       {@code 2024-01-03T23:52:01.000+0000}, {@code ...Z}, {@code ...+01:00}; fraction and seconds
 *       optional</td></tr>
 *   <tr><td>{@link #bool(String)}</td><td>{@code true} / {@code false}, ignoring case</td></tr>
 *   <tr><td>{@link #decimal(String)}</td><td>{@code BigDecimal} syntax: {@code 1234.5}, {@code -0.25},
 *       {@code 1E+7}; no grouping</td></tr>
 *   <tr><td>{@link #integer(String)}, {@link #longValue(String)}</td><td>a number without a fractional part in
 *       range ({@code 42}, {@code 42.0})</td></tr>
 * </table>
 * A value that does not parse throws {@link CsvValueException} naming the column, the value and the format.
 *
 * <p><b>Columns.</b> Column order is kept. A name is looked up exactly first, then ignoring case (as the result
 * readers do); if a header repeats a name, the first column wins. An unknown name throws
 * {@link IllegalArgumentException} listing the columns.
 *
 * <p>Immutable and thread-safe. Rows made by one {@link #factory(List)} share their column index.
 */
public final class CsvRow {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private final ResultCsv.Columns columns;
    private final String[] values;

    private CsvRow(ResultCsv.Columns columns, String[] values) {
        this.columns = columns;
        this.values = values;
    }

    /**
     * A row from column names and values (both copied).
     *
     * @param columns the header names, in order
     * @param values the values, one per column; null elements are read as empty
     * @return the row
     * @throws IllegalArgumentException if the sizes differ
     * @throws NullPointerException if a list or a column name is null
     */
    public static CsvRow of(List<String> columns, List<String> values) {
        return factory(columns).apply(values);
    }

    /**
     * A row from a map, in the map's iteration order (copied); for example a row of
     * {@code Query.stream()}.
     *
     * @param row column name to value; null values are read as empty
     * @return the row
     * @throws NullPointerException if the map or a key is null
     */
    public static CsvRow of(Map<String, String> row) {
        Objects.requireNonNull(row, "row");
        List<String> names = new ArrayList<>(row.size());
        List<String> vals = new ArrayList<>(row.size());
        for (Map.Entry<String, String> e : row.entrySet()) {
            names.add(e.getKey());
            vals.add(e.getValue());
        }
        return of(names, vals);
    }

    /**
     * A factory for many rows with the same header: the column index is built once and shared, so each row costs
     * one array copy. Use it when reading a large file or result.
     *
     * @param columns the header names, in order (copied)
     * @return a thread-safe function from the values of one record (copied; null elements read as empty) to a
     *     row; it throws {@link IllegalArgumentException} when the number of values differs from the header
     * @throws NullPointerException if the list or a name is null
     */
    public static Function<List<String>, CsvRow> factory(List<String> columns) {
        Objects.requireNonNull(columns, "columns");
        for (String c : columns) {
            Objects.requireNonNull(c, "column name");
        }
        ResultCsv.Columns index = new ResultCsv.Columns(columns);
        return values -> {
            Objects.requireNonNull(values, "values");
            if (values.size() != index.names.size()) {
                throw new IllegalArgumentException("A row has " + values.size() + " values but the header has "
                        + index.names.size() + " columns " + index.names);
            }
            String[] copy = values.toArray(new String[0]);
            for (int i = 0; i < copy.length; i++) {
                if (copy[i] == null) {
                    copy[i] = "";
                }
            }
            return new CsvRow(index, copy);
        };
    }

    /**
     * The column names, in order.
     *
     * @return an unmodifiable list
     */
    public List<String> columns() {
        return columns.names;
    }

    /**
     * The raw values, in column order.
     *
     * @return an unmodifiable list; empty values are {@code ""}
     */
    public List<String> values() {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    /**
     * The number of columns.
     *
     * @return the size
     */
    public int size() {
        return values.length;
    }

    /**
     * Whether the row has the column (exact name, then ignoring case).
     *
     * @param name the column name
     * @return true if {@link #value(String)} would find it
     */
    public boolean has(String name) {
        return columns.indexOf(Objects.requireNonNull(name, "name")) >= 0;
    }

    /**
     * The raw text of a column.
     *
     * @param name the column name (exact, then ignoring case)
     * @return the text, {@code ""} when empty, never null
     * @throws IllegalArgumentException if there is no such column
     */
    public String value(String name) {
        return values[index(name)];
    }

    /**
     * The text of a column, if not empty.
     *
     * @param name the column name
     * @return the text, or empty when the field is empty (null or empty string in Salesforce)
     * @throws IllegalArgumentException if there is no such column
     */
    public Optional<String> string(String name) {
        String v = value(name);
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /**
     * A Salesforce date, {@code yyyy-MM-dd}.
     *
     * @param name the column name
     * @return the date, or empty when the field is empty
     * @throws IllegalArgumentException if there is no such column
     * @throws CsvValueException if the value is not a valid date
     */
    public Optional<LocalDate> date(String name) {
        int i = index(name);
        String v = values[i];
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(v, DATE));
        } catch (DateTimeException e) {
            throw invalid(i, "a date, yyyy-MM-dd (for example 2024-01-03)", e);
        }
    }

    /**
     * A Salesforce dateTime as an instant.
     *
     * @param name the column name
     * @return the instant, or empty when the field is empty
     * @throws IllegalArgumentException if there is no such column
     * @throws CsvValueException if the value is not an ISO-8601 date-time with an offset
     */
    public Optional<Instant> dateTime(String name) {
        return offsetDateTime(name).map(OffsetDateTime::toInstant);
    }

    /**
     * A Salesforce dateTime with the offset it was written with (Salesforce writes UTC, {@code +0000}).
     *
     * @param name the column name
     * @return the date-time, or empty when the field is empty
     * @throws IllegalArgumentException if there is no such column
     * @throws CsvValueException if the value is not an ISO-8601 date-time with an offset
     */
    public Optional<OffsetDateTime> offsetDateTime(String name) {
        int i = index(name);
        String v = values[i];
        if (v.isEmpty()) {
            return Optional.empty();
        }
        int n = v.length();
        String iso = v;
        if (n > 5 && (v.charAt(n - 5) == '+' || v.charAt(n - 5) == '-') && digits(v, n - 4, n)) {
            iso = v.substring(0, n - 2) + ":" + v.substring(n - 2);
        }
        try {
            return Optional.of(OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        } catch (DateTimeException e) {
            throw invalid(i, "a dateTime, ISO-8601 with an offset (for example 2024-01-03T23:52:01.000+0000,"
                    + " 2024-01-03T23:52:01.000Z or 2024-01-04T00:52:01+01:00)", e);
        }
    }

    /**
     * A checkbox value.
     *
     * @param name the column name
     * @return the flag, or empty when the field is empty
     * @throws IllegalArgumentException if there is no such column
     * @throws CsvValueException if the value is not {@code true} or {@code false} (ignoring case)
     */
    public Optional<Boolean> bool(String name) {
        int i = index(name);
        String v = values[i];
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.equalsIgnoreCase("true")) {
            return Optional.of(Boolean.TRUE);
        }
        if (v.equalsIgnoreCase("false")) {
            return Optional.of(Boolean.FALSE);
        }
        throw invalid(i, "a boolean, true or false", null);
    }

    /**
     * A number, currency or percent value.
     *
     * @param name the column name
     * @return the exact decimal, or empty when the field is empty
     * @throws IllegalArgumentException if there is no such column
     * @throws CsvValueException if the value is not a number
     */
    public Optional<BigDecimal> decimal(String name) {
        int i = index(name);
        return values[i].isEmpty() ? Optional.empty()
                : Optional.of(parseDecimal(i, "a number such as 1234.5, -0.25 or 1E+7 (no grouping separators)"));
    }

    /**
     * A whole number that fits an {@code int}; {@code 42.0} is accepted, {@code 42.5} is not.
     *
     * @param name the column name
     * @return the number, or empty when the field is empty
     * @throws IllegalArgumentException if there is no such column
     * @throws CsvValueException if the value is not a whole number in {@code int} range
     */
    public Optional<Integer> integer(String name) {
        int i = index(name);
        if (values[i].isEmpty()) {
            return Optional.empty();
        }
        String expected = "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        try {
            return Optional.of(parseDecimal(i, expected).intValueExact());
        } catch (ArithmeticException e) {
            throw invalid(i, expected, e);
        }
    }

    /**
     * A whole number that fits a {@code long}; {@code 42.0} is accepted, {@code 42.5} is not.
     *
     * @param name the column name
     * @return the number, or empty when the field is empty
     * @throws IllegalArgumentException if there is no such column
     * @throws CsvValueException if the value is not a whole number in {@code long} range
     */
    public Optional<Long> longValue(String name) {
        int i = index(name);
        if (values[i].isEmpty()) {
            return Optional.empty();
        }
        String expected = "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        try {
            return Optional.of(parseDecimal(i, expected).longValueExact());
        } catch (ArithmeticException e) {
            throw invalid(i, expected, e);
        }
    }

    /**
     * The row as a new map in column order (a repeated column name keeps its first value).
     *
     * @return an unmodifiable map; empty values are {@code ""}
     */
    public Map<String, String> asMap() {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.putIfAbsent(columns.names.get(i), values[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    private BigDecimal parseDecimal(int i, String expected) {
        try {
            return new BigDecimal(values[i]);
        } catch (NumberFormatException e) {
            throw invalid(i, expected, e);
        }
    }

    private int index(String name) {
        Objects.requireNonNull(name, "name");
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("Column '" + name + "' is not in this row; its columns are "
                    + columns.names + ". Check the name against the SELECT list or header (relationship columns"
                    + " are named like Account.Name).");
        }
        return i;
    }

    private CsvValueException invalid(int i, String expected, Throwable cause) {
        return new CsvValueException(columns.names.get(i), values[i], expected, cause);
    }

    private static boolean digits(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Rows are equal when they have the same column names, in the same order, and the same values.
     *
     * @param o the other object
     * @return whether equal
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CsvRow)) {
            return false;
        }
        CsvRow other = (CsvRow) o;
        return columns.names.equals(other.columns.names) && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * columns.names.hashCode() + Arrays.hashCode(values);
    }

    /**
     * The row as {@code {column=value, ...}}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(columns.names.get(i)).append('=').append(values[i]);
        }
        return sb.append('}').toString();
    }
}
