package dev.bulk2.core.exception;

/**
 * The root of every exception bulk2 throws (unchecked).
 *
 * <p>Messages say what happened and what to do; they never contain tokens, secrets or keys.
 */
public class BulkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param cause the underlying cause, or {@code null}
     */
    public BulkException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     */
    public BulkException(String message) {
        super(message);
    }

    /**
     * Whether repeating the same operation later may succeed (a transient fault).
     *
     * @return {@code false} unless a subtype says otherwise
     */
    public boolean isRetryable() {
        return false;
    }
}
