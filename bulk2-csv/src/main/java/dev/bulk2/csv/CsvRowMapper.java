package dev.bulk2.csv;

/**
 * Turns one {@link CsvRow} into a {@code T}; the read-side counterpart of {@link CsvMapping}.
 *
 * <pre>{@code
 * CsvRowMapper<Client> toClient = row -> new Client(
 *         row.value("Id"),
 *         row.date("PersonBirthdate").orElse(null),
 *         row.bool("PersonHasOptedOutOfEmail").orElse(false),
 *         row.decimal("Balance__c").orElse(BigDecimal.ZERO));
 * }</pre>
 *
 * <p>A dedicated interface rather than {@code Function<CsvRow, T>} so that APIs taking it have a named,
 * documented type. Implementations are called on the consuming thread; they need to be thread-safe only if the
 * same mapper is shared by concurrent readers.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface CsvRowMapper<T> {

    /**
     * Maps one row.
     *
     * @param row the row, never null
     * @return the mapped value
     * @throws CsvValueException if a value cannot be read as the requested type
     * @throws IllegalArgumentException if a requested column is not in the row
     */
    T map(CsvRow row);
}
