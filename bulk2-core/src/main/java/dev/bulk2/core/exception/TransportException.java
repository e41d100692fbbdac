package dev.bulk2.core.exception;

/**
 * The HTTP exchange itself failed: connection refused or reset, TLS failure, timeout, interrupted wait. No
 * Salesforce answer was received. Retryable by nature (the transport already retried replay-safe requests).
 */
public class TransportException extends BulkException {
    private static final long serialVersionUID = 1L;

    private final boolean timeout;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param cause the I/O failure
     * @param timeout whether the failure was a connect or request timeout
     */
    public TransportException(String message, Throwable cause, boolean timeout) {
        super(message, cause);
        this.timeout = timeout;
    }

    /**
     * Whether the exchange timed out (connect timeout or request timeout).
     *
     * @return {@code true} for timeouts
     */
    public boolean isTimeout() {
        return timeout;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
