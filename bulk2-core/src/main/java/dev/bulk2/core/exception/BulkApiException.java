package dev.bulk2.core.exception;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Salesforce answered a request with an HTTP error: carries the status, the first {@code errorCode}, the parsed
 * errors list, the request method and path, and the job id when known.
 *
 * <p>Subtypes name the cases callers commonly handle ({@link NotFoundException},
 * {@link InvalidJobStateException}, {@link RequestLimitExceededException}, {@link ApiVersionMismatchException}).
 * Mapping is by {@code errorCode} first and HTTP status second. Immutable.
 */
public class BulkApiException extends BulkException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String errorCode;
    private final transient List<ApiError> errors;
    private final String method;
    private final String path;
    private final String jobId;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param statusCode the HTTP status
     * @param errorCode the first {@code errorCode} of the body, or {@code null}
     * @param errors the parsed error body (copied)
     * @param method the HTTP method of the request
     * @param path the request path (no query string, no host)
     * @param jobId the job the request concerned, or {@code null}
     */
    public BulkApiException(String message, int statusCode, String errorCode, List<ApiError> errors, String method,
            String path, String jobId) {
        super(message);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.errors = errors == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(errors));
        this.method = method;
        this.path = path;
        this.jobId = jobId;
    }

    /**
     * The HTTP status code.
     *
     * @return the status, for example 400
     */
    public int statusCode() {
        return statusCode;
    }

    /**
     * The Salesforce error code of the first error, for example {@code INVALIDJOBSTATE}.
     *
     * @return the code, if the body carried one
     */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /**
     * All errors of the body.
     *
     * @return an unmodifiable list, empty when the body was not a Salesforce error body
     */
    public List<ApiError> errors() {
        return errors == null ? List.of() : errors;
    }

    /**
     * The HTTP method of the failed request.
     *
     * @return the method, for example {@code PATCH}
     */
    public String method() {
        return method;
    }

    /**
     * The path of the failed request, without host and query string.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    /**
     * The job the request concerned.
     *
     * @return the job id, if known
     */
    public Optional<String> jobId() {
        return Optional.ofNullable(jobId);
    }

    /**
     * True for HTTP 5xx, 429 and {@code SERVER_UNAVAILABLE}; never for {@code REQUEST_LIMIT_EXCEEDED}.
     *
     * @return whether the same request may succeed later
     */
    @Override
    public boolean isRetryable() {
        if ("REQUEST_LIMIT_EXCEEDED".equals(errorCode)) {
            return false;
        }
        return statusCode >= 500 || statusCode == 429 || "SERVER_UNAVAILABLE".equals(errorCode);
    }
}
