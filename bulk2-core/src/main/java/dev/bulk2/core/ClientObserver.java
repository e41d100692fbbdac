package dev.bulk2.core;

import java.time.Duration;

/**
 * Sees what the transport of a {@link BulkClient} does: every HTTP exchange (by resource and outcome), every retry
 * (by cause), token refreshes, the bytes sent and received and the {@code Sforce-Limit-Info} usage. Set one with
 * {@link BulkClient.Builder#observer(ClientObserver)}; {@code bulk2-micrometer} turns these events into meters.
 * Record-level progress (records and jobs of a run) is reported by the run's
 * {@link dev.bulk2.core.ingest.IngestListener}.
 *
 * <p>Every method has an empty default, so an observer implements only what it needs. Methods are called on the
 * thread that made the call (an I/O thread of the client or the caller's thread), must be thread-safe and quick,
 * and must not call the client back. An exception thrown by an observer is logged and ignored; it never changes
 * the outcome of a call. No event carries a token, a header or a record.
 */
public interface ClientObserver {
    /** An observer that ignores every event (the default). */
    ClientObserver NONE = new ClientObserver() {
    };

    /**
     * One HTTP exchange ended: the response headers arrived, or the request failed without an answer. Each attempt
     * of a retried call and each replay after a token refresh is one exchange (and one API request).
     *
     * @param call what was called and how it ended
     */
    default void onApiCall(ApiCall call) {
    }

    /**
     * A failed exchange is about to be sent again after a backoff delay.
     *
     * @param resource the resource template, as in {@link ApiCall#resource()}
     * @param cause why the exchange failed
     * @param attempt the attempt that failed (1 for the first)
     * @param delay the backoff before the next attempt
     */
    default void onRetry(String resource, RetryCause cause, int attempt, Duration delay) {
    }

    /**
     * The transport started using a new access token (not the first one).
     *
     * @param cause {@link TokenRefreshCause#REJECTED} when Salesforce rejected the previous token (401), else
     *     {@link TokenRefreshCause#RENEWED} (the provider renewed it, for example on expiry)
     */
    default void onTokenRefresh(TokenRefreshCause cause) {
    }

    /**
     * Bytes of a request body were sent (as on the wire, after any gzip compression). Reported once per exchange
     * that had a body, when the body has been sent.
     *
     * @param resource the resource template
     * @param bytes the number of bytes
     */
    default void onBytesSent(String resource, long bytes) {
    }

    /**
     * Bytes of a response body were received (as on the wire, before gzip decoding). Reported once per exchange
     * when its body is closed, including error bodies.
     *
     * @param resource the resource template
     * @param bytes the number of bytes
     */
    default void onBytesReceived(String resource, long bytes) {
    }

    /**
     * A response carried a {@code Sforce-Limit-Info} header (the org's daily API usage).
     *
     * @param limitInfo the parsed usage
     */
    default void onLimitInfo(LimitInfo limitInfo) {
    }

    /** Why a failed exchange is retried. */
    enum RetryCause {
        /** No answer: the connection could not be made, was reset or closed. */
        CONNECTION,
        /** No answer in time (connect or request timeout). */
        TIMEOUT,
        /** An HTTP 5xx answer other than 503. */
        SERVER_ERROR,
        /** Throttled: HTTP 429 or 503, or {@code SERVER_UNAVAILABLE}. */
        THROTTLED
    }

    /** Why the transport uses a new access token. */
    enum TokenRefreshCause {
        /** Salesforce answered 401 to the previous token, which was invalidated and replaced. */
        REJECTED,
        /** The provider handed out a new token without a rejection (for example the old one expired). */
        RENEWED
    }
}
