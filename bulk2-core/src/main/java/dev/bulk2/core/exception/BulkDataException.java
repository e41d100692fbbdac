package dev.bulk2.core.exception;

/**
 * Salesforce answered with data bulk2 cannot read: a result value a typed row mapper cannot parse (the cause is
 * the {@link dev.bulk2.csv.CsvValueException} naming column, value and format), malformed JSON, or JSON that lacks a
 * member the resource always carries (for example an sObject describe without {@code name}). The message names the
 * request, the problem and, for syntax errors, the line and column in the body.
 *
 * <p>Not retryable: the same request usually gives the same body. If it persists, a proxy between the client and
 * Salesforce may be rewriting answers. Immutable.
 */
public class BulkDataException extends BulkException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be read, and where
     * @param cause the parser error, or {@code null}
     */
    public BulkDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
