package dev.bulk2.core.exception;

import java.util.OptionalLong;

/**
 * Input was rejected on the client before anything was sent, for example malformed CSV. Carries the line and
 * column when they are known (1-based).
 */
public class InvalidInputException extends BulkException {
    private static final long serialVersionUID = 1L;

    private final long line;
    private final long column;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and how to fix it
     * @param line 1-based line, or {@code -1} when unknown
     * @param column 1-based column, or {@code -1} when unknown
     * @param cause the underlying error (for example a CSV parser error), or {@code null}
     */
    public InvalidInputException(String message, long line, long column, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
    }

    /**
     * The 1-based line of the problem.
     *
     * @return the line, if known
     */
    public OptionalLong line() {
        return line < 1 ? OptionalLong.empty() : OptionalLong.of(line);
    }

    /**
     * The 1-based column of the problem.
     *
     * @return the column, if known
     */
    public OptionalLong column() {
        return column < 1 ? OptionalLong.empty() : OptionalLong.of(column);
    }
}
