package dev.bulk2.core.internal.http;

/**
 * How safely a request can be sent again after a failure. Internal.
 */
public enum Replay {
    /**
     * Idempotent (GET, DELETE, PATCH to a state): retried on connection failures, timeouts, 5xx, 429 and
     * {@code SERVER_UNAVAILABLE}.
     */
    SAFE,
    /**
     * The single data upload (PUT): retried only when the request provably did not reach Salesforce (connection
     * refused, connect timeout) or Salesforce refused it before processing (429, 503, {@code SERVER_UNAVAILABLE}).
     * Any other failure leaves the outcome unknown and is not replayed.
     */
    UPLOAD,
    /**
     * Not idempotent (create-job POST): retried only when the connection could not be established or on 429.
     */
    NEVER
}
