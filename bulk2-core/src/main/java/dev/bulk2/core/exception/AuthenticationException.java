package dev.bulk2.core.exception;

import java.util.Optional;

/**
 * No valid access token could be obtained or Salesforce rejected it: an OAuth token endpoint error
 * (carrying the OAuth {@code error} and {@code error_description}), or a second 401 after a refresh.
 *
 * <p>The message includes a hint for the administrator. It never contains secrets.
 */
public class AuthenticationException extends BulkException {
    private static final long serialVersionUID = 1L;

    private final String error;
    private final String errorDescription;
    private final boolean retryable;

    /**
     * Creates the exception.
     *
     * @param message what happened and how to fix it
     * @param error the OAuth {@code error} code, or {@code null}
     * @param errorDescription the OAuth {@code error_description}, or {@code null}
     */
    public AuthenticationException(String message, String error, String errorDescription) {
        this(message, error, errorDescription, false, null);
    }

    /**
     * Creates the exception.
     *
     * @param message what happened and how to fix it
     * @param error the OAuth {@code error} code, or {@code null}
     * @param errorDescription the OAuth {@code error_description}, or {@code null}
     * @param retryable whether the failure is transient (5xx, connection failure)
     * @param cause the underlying cause, or {@code null}
     */
    public AuthenticationException(String message, String error, String errorDescription, boolean retryable,
            Throwable cause) {
        super(message, cause);
        this.error = error;
        this.errorDescription = errorDescription;
        this.retryable = retryable;
    }

    /**
     * The OAuth {@code error} code, for example {@code invalid_grant}.
     *
     * @return the code, if the token endpoint sent one
     */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /**
     * The OAuth {@code error_description}, for example {@code user hasn't approved this consumer}.
     *
     * @return the description, if the token endpoint sent one
     */
    public Optional<String> errorDescription() {
        return Optional.ofNullable(errorDescription);
    }

    @Override
    public boolean isRetryable() {
        return retryable;
    }
}
