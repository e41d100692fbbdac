package dev.bulk2.csv;

import java.util.Objects;

/**
 * A CSV value that cannot be read as the requested type, for example {@code "yes"} read with
 * {@link CsvRow#bool(String)}. The message names the column, the value (shortened beyond 100 characters) and the
 * expected format.
 */
public class CsvValueException extends CsvException {

    private static final long serialVersionUID = 1L;

    private final String column;
    private final String value;
    private final String expected;

    /**
     * Creates an exception.
     *
     * @param column the column name, as in the header
     * @param value the text that could not be read
     * @param expected the expected format, for example {@code "a date, yyyy-MM-dd"}
     * @param cause the parser's failure, or null
     */
    public CsvValueException(String column, String value, String expected, Throwable cause) {
        super("Column '" + column + "': cannot read '" + shorten(value) + "' as " + expected + ".", cause);
        this.column = Objects.requireNonNull(column, "column");
        this.value = Objects.requireNonNull(value, "value");
        this.expected = Objects.requireNonNull(expected, "expected");
    }

    private static String shorten(String value) {
        if (value == null || value.length() <= 100) {
            return value;
        }
        return value.substring(0, 100) + "... (" + value.length() + " characters)";
    }

    /**
     * The column whose value could not be read.
     *
     * @return the column name as in the header
     */
    public String column() {
        return column;
    }

    /**
     * The text that could not be read.
     *
     * @return the whole value, never null
     */
    public String value() {
        return value;
    }

    /**
     * The expected format.
     *
     * @return a description such as {@code "a date, yyyy-MM-dd"}
     */
    public String expected() {
        return expected;
    }
}
