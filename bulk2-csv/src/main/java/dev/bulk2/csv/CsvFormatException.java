package dev.bulk2.csv;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Malformed CSV: the input breaks a CSV or Bulk API 2.0 rule at a known place.
 *
 * <p>{@link #line()} is the 1-based physical line of the input (a record with quoted line breaks spans several
 * lines); {@link #column()} is the 1-based CSV column (field number) when the problem is in one field. The
 * message names both, the limit that was exceeded if any, and what to do. Thrown as soon as the problem is found,
 * before the rest of the input is read.
 */
public class CsvFormatException extends CsvException {

    private static final long serialVersionUID = 1L;

    /** The kind of problem. Thread-safe (an enum). */
    public enum Kind {
        /** A quoted field is still open at the end of the input; {@link #line()} is where the quote opened. */
        UNTERMINATED_QUOTE,
        /**
         * A quote inside an unquoted field (such a field must be quoted and the quote doubled), or a character
         * other than a delimiter or line break right after a closing quote.
         */
        STRAY_QUOTE,
        /** A record has more or fewer fields than the header. */
        FIELD_COUNT_MISMATCH,
        /** An empty line where a record with several fields is expected. */
        BLANK_LINE,
        /** The input is empty, or a header name is empty. */
        EMPTY_HEADER,
        /** Two header names are equal, ignoring case as Salesforce does. */
        DUPLICATE_HEADER,
        /** The header row is longer than the 32,000 characters Salesforce accepts. */
        HEADER_TOO_LONG,
        /** A byte sequence is not valid UTF-8. */
        INVALID_UTF8,
        /** A single record (with the header) does not fit in one part of {@code maxBytes}. */
        RECORD_TOO_LARGE,
        /** A record ends with a line ending other than the dialect's. */
        LINE_ENDING_MISMATCH,
        /** A result file lacks a column that its kind always has, such as {@code sf__Id}. */
        MISSING_COLUMN,
        /** Any other malformed input, as reported by the CSV parser. */
        MALFORMED
    }

    private final Kind kind;
    private final long line;
    private final int column;

    /**
     * Creates an exception.
     *
     * @param kind the kind of problem
     * @param line the 1-based physical line, or 0 if unknown
     * @param column the 1-based column (field number), or -1 if the problem is not in one field
     * @param message a message naming the line, column and limit, and what to do
     */
    public CsvFormatException(Kind kind, long line, int column, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.line = line;
        this.column = column;
    }

    /**
     * The kind of problem.
     *
     * @return the kind, never null
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The 1-based physical line of the input where the problem is (for a whole record: where it starts).
     *
     * @return the line, or 0 if unknown
     */
    public long line() {
        return line;
    }

    /**
     * The 1-based CSV column (field number) where the problem is, when it is in one field.
     *
     * @return the column, or empty
     */
    public OptionalInt column() {
        return column > 0 ? OptionalInt.of(column) : OptionalInt.empty();
    }
}
