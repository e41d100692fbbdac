package dev.bulk2.csv;

import java.time.LocalDate;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * How to write objects of type {@code T} as CSV records: the columns, in order, and how to read each value from a
 * {@code T}.
 *
 * <p>Values are written in the formats Salesforce expects:
 * <ul>
 *   <li>{@link java.time.LocalDate}: {@code yyyy-MM-dd};</li>
 *   <li>{@link java.time.Instant}, {@link java.time.OffsetDateTime}, {@link java.time.ZonedDateTime},
 *       {@link java.util.Date}: ISO-8601 in UTC with milliseconds, {@code 2024-05-01T08:30:00.000Z}
 *       ({@link java.time.LocalDateTime} has no zone and is rejected);</li>
 *   <li>{@link Boolean}: {@code true}/{@code false};</li>
 *   <li>numbers: plain decimal notation without grouping or exponent ({@code 1234567.89}); NaN and infinities
 *       are rejected;</li>
 *   <li>enums: {@code name()}; {@link java.util.Optional}: its value; anything else: {@code toString()}.</li>
 * </ul>
 * A {@code null} value is written per column as {@link NullValue#LEAVE_UNCHANGED} (an empty field, the
 * default) or {@link NullValue#SET_NULL} ({@code #N/A}, which clears the field). An empty string is written as
 * an empty field, that is "leave unchanged".
 *
 * <pre>{@code
 * CsvMapping<Client> mapping = CsvMapping.<Client>builder()
 *         .column("Client_Id__c", Client::id)
 *         .column("LastName", Client::lastName)
 *         .dateColumn("PersonBirthdate", Client::birthDate, NullValue.SET_NULL)
 *         .booleanColumn("PersonHasOptedOutOfEmail", Client::optedOut)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe if the extractor functions are.
 *
 * @param <T> the row type
 */
public final class CsvMapping<T> {

    private final List<String> columns;
    private final List<Column<T>> columnList;

    private CsvMapping(List<Column<T>> columnList) {
        this.columnList = Collections.unmodifiableList(new ArrayList<>(columnList));
        List<String> names = new ArrayList<>();
        for (Column<T> c : columnList) {
            names.add(c.name);
        }
        this.columns = Collections.unmodifiableList(names);
    }

    /**
     * A new builder.
     *
     * @param <T> the row type
     * @return a builder with no columns and {@link NullValue#LEAVE_UNCHANGED} as the default null handling
     */
    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /**
     * A mapping for {@code Map} rows: each column's value is {@code map.get(column)}, formatted as described in
     * the class documentation; a missing key or null value leaves the field unchanged (empty).
     *
     * @param columns the column names, in order (they become the header)
     * @return the mapping
     * @throws IllegalArgumentException if a name is blank or repeated (ignoring case)
     */
    public static CsvMapping<Map<String, ?>> forMaps(List<String> columns) {
        return forMaps(columns, NullValue.LEAVE_UNCHANGED);
    }

    /**
     * A mapping for {@code Map} rows with the given null handling for every column.
     *
     * @param columns the column names, in order (they become the header)
     * @param nullValue what to write for a missing key or null value
     * @return the mapping
     * @throws IllegalArgumentException if a name is blank or repeated (ignoring case)
     */
    public static CsvMapping<Map<String, ?>> forMaps(List<String> columns, NullValue nullValue) {
        Builder<Map<String, ?>> b = builder();
        for (String column : columns) {
            b.column(column, m -> m.get(column), nullValue);
        }
        return b.build();
    }

    /**
     * The column names, in order: the CSV header.
     *
     * @return an unmodifiable list
     */
    public List<String> columns() {
        return columns;
    }

    /**
     * The CSV field texts for one row, in column order, with nulls already replaced by {@code #N/A} or
     * {@code ""}.
     *
     * @param row the row
     * @return an unmodifiable list of texts
     * @throws CsvException if a value cannot be written in Salesforce format
     */
    public List<String> values(T row) {
        List<String> out = new ArrayList<>(columnList.size());
        for (int i = 0; i < columnList.size(); i++) {
            out.add(value(i, row));
        }
        return Collections.unmodifiableList(out);
    }

    String value(int index, T row) {
        Column<T> c = columnList.get(index);
        Object raw;
        try {
            raw = c.extractor.apply(row);
        } catch (RuntimeException e) {
            if (e instanceof CsvException) {
                throw e;
            }
            throw new CsvException("Column '" + c.name + "': the value function failed: " + e, e);
        }
        String text = c.formatter.apply(raw);
        return text == null ? c.nullValue.text() : text;
    }

    void encode(T row, CsvEncoder encoder) {
        int n = columnList.size();
        for (int i = 0; i < n; i++) {
            encoder.field(value(i, row), i, n);
        }
        encoder.endRecord();
    }

    void encodeHeader(CsvEncoder encoder) {
        encoder.record(columns);
    }

    @Override
    public String toString() {
        return "CsvMapping" + columns;
    }

    private static final class Column<T> {
        final String name;
        final Function<? super T, ?> extractor;
        final Function<Object, String> formatter;
        final NullValue nullValue;

        Column(String name, Function<? super T, ?> extractor, Function<Object, String> formatter,
                NullValue nullValue) {
            this.name = name;
            this.extractor = extractor;
            this.formatter = formatter;
            this.nullValue = nullValue;
        }
    }

    /**
     * Builder for {@link CsvMapping}. Columns appear in the order they are added. Not thread-safe.
     *
     * @param <T> the row type
     */
    public static final class Builder<T> {
        private final List<String> names = new ArrayList<>();
        private final List<Function<? super T, ?>> extractors = new ArrayList<>();
        private final List<Function<Object, String>> formatters = new ArrayList<>();
        private final List<NullValue> nullValues = new ArrayList<>();
        private NullValue defaultNullValue = NullValue.LEAVE_UNCHANGED;

        private Builder() {
        }

        /**
         * Sets how null values are written in columns added without an explicit {@link NullValue}.
         * Default {@link NullValue#LEAVE_UNCHANGED}. Applies to all such columns, whenever they were added.
         *
         * @param nullValue the default null handling
         * @return this builder
         */
        public Builder<T> defaultNullValue(NullValue nullValue) {
            this.defaultNullValue = Objects.requireNonNull(nullValue, "nullValue");
            return this;
        }

        /**
         * Adds a column whose value is formatted by its runtime type (see {@link CsvMapping}).
         *
         * @param name the header name, for example {@code Client_Id__c}
         * @param value reads the value from a row; may return null
         * @return this builder
         */
        public Builder<T> column(String name, Function<? super T, ?> value) {
            return add(name, value, v -> ValueFormat.any(name, v), null);
        }

        /**
         * Adds a column whose value is formatted by its runtime type, with explicit null handling.
         *
         * @param name the header name
         * @param value reads the value from a row; may return null
         * @param nullValue what to write when the value is null
         * @return this builder
         */
        public Builder<T> column(String name, Function<? super T, ?> value, NullValue nullValue) {
            return add(name, value, v -> ValueFormat.any(name, v), Objects.requireNonNull(nullValue, "nullValue"));
        }

        /**
         * Adds a Salesforce date column, written {@code yyyy-MM-dd}.
         *
         * @param name the header name
         * @param value reads the date from a row; may return null
         * @return this builder
         */
        public Builder<T> dateColumn(String name, Function<? super T, LocalDate> value) {
            return add(name, value, v -> ValueFormat.date((LocalDate) v), null);
        }

        /**
         * Adds a Salesforce date column with explicit null handling.
         *
         * @param name the header name
         * @param value reads the date from a row; may return null
         * @param nullValue what to write when the value is null
         * @return this builder
         */
        public Builder<T> dateColumn(String name, Function<? super T, LocalDate> value, NullValue nullValue) {
            return add(name, value, v -> ValueFormat.date((LocalDate) v),
                    Objects.requireNonNull(nullValue, "nullValue"));
        }

        /**
         * Adds a Salesforce dateTime column, written in UTC as {@code yyyy-MM-ddTHH:mm:ss.SSSZ}. Accepts
         * {@code Instant}, {@code OffsetDateTime}, {@code ZonedDateTime} or any temporal with an offset; a
         * {@code LocalDateTime} fails with a {@link CsvException} when written.
         *
         * @param name the header name
         * @param value reads the instant from a row; may return null
         * @return this builder
         */
        public Builder<T> dateTimeColumn(String name, Function<? super T, ? extends TemporalAccessor> value) {
            return add(name, value, v -> ValueFormat.dateTime(name, (TemporalAccessor) v), null);
        }

        /**
         * Adds a Salesforce dateTime column with explicit null handling.
         *
         * @param name the header name
         * @param value reads the instant from a row; may return null
         * @param nullValue what to write when the value is null
         * @return this builder
         */
        public Builder<T> dateTimeColumn(String name, Function<? super T, ? extends TemporalAccessor> value,
                NullValue nullValue) {
            return add(name, value, v -> ValueFormat.dateTime(name, (TemporalAccessor) v),
                    Objects.requireNonNull(nullValue, "nullValue"));
        }

        /**
         * Adds a checkbox column, written {@code true}/{@code false}.
         *
         * @param name the header name
         * @param value reads the flag from a row; may return null
         * @return this builder
         */
        public Builder<T> booleanColumn(String name, Function<? super T, Boolean> value) {
            return add(name, value, v -> ValueFormat.bool((Boolean) v), null);
        }

        /**
         * Adds a checkbox column with explicit null handling.
         *
         * @param name the header name
         * @param value reads the flag from a row; may return null
         * @param nullValue what to write when the value is null
         * @return this builder
         */
        public Builder<T> booleanColumn(String name, Function<? super T, Boolean> value, NullValue nullValue) {
            return add(name, value, v -> ValueFormat.bool((Boolean) v), Objects.requireNonNull(nullValue,
                    "nullValue"));
        }

        /**
         * Adds a number/currency/percent column, written in plain notation without grouping
         * ({@code BigDecimal.toPlainString()}).
         *
         * @param name the header name
         * @param value reads the number from a row; may return null
         * @return this builder
         */
        public Builder<T> decimalColumn(String name, Function<? super T, ? extends Number> value) {
            return add(name, value, v -> ValueFormat.decimal(name, (Number) v), null);
        }

        /**
         * Adds a number column with explicit null handling.
         *
         * @param name the header name
         * @param value reads the number from a row; may return null
         * @param nullValue what to write when the value is null
         * @return this builder
         */
        public Builder<T> decimalColumn(String name, Function<? super T, ? extends Number> value,
                NullValue nullValue) {
            return add(name, value, v -> ValueFormat.decimal(name, (Number) v),
                    Objects.requireNonNull(nullValue, "nullValue"));
        }

        private Builder<T> add(String name, Function<? super T, ?> value, Function<Object, String> formatter,
                NullValue nullValue) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            names.add(name);
            extractors.add(value);
            formatters.add(formatter);
            nullValues.add(nullValue);
            return this;
        }

        /**
         * Builds the mapping.
         *
         * @return the mapping
         * @throws IllegalArgumentException if there is no column, or a name is blank or repeated (ignoring case,
         *     as Salesforce matches headers)
         */
        public CsvMapping<T> build() {
            if (names.isEmpty()) {
                throw new IllegalArgumentException("CsvMapping needs at least one column");
            }
            Set<String> seen = new HashSet<>();
            List<Column<T>> cols = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (name.trim().isEmpty()) {
                    throw new IllegalArgumentException("Column " + (i + 1) + " has a blank name");
                }
                if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("Column '" + name + "' is declared twice (Salesforce"
                            + " matches header names ignoring case)");
                }
                NullValue nv = nullValues.get(i) == null ? defaultNullValue : nullValues.get(i);
                cols.add(new Column<>(name, extractors.get(i), formatters.get(i), nv));
            }
            return new CsvMapping<>(cols);
        }
    }
}
