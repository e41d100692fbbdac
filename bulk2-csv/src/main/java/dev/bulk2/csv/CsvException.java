package dev.bulk2.csv;

/**
 * Root of the unchecked exceptions thrown by bulk2-csv.
 *
 * <p>Subtypes: {@link CsvFormatException} for malformed CSV, {@link CsvRowSourceException} for a typed row source
 * (or its mapping) that threw at a row. A plain {@code CsvException} reports an I/O
 * failure while reading or spooling (the {@link #getCause() cause} is the {@link java.io.IOException}) or a
 * value that cannot be written in Salesforce format.
 */
public class CsvException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong and what to do
     */
    public CsvException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong and what to do
     * @param cause the underlying failure, often an {@link java.io.IOException}
     */
    public CsvException(String message, Throwable cause) {
        super(message, cause);
    }
}
