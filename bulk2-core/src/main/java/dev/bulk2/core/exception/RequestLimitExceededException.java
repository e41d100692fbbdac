package dev.bulk2.core.exception;

import java.util.List;

/**
 * The org's rolling 24-hour API request allocation is used up: {@code REQUEST_LIMIT_EXCEEDED} (HTTP 403).
 * Not retryable in the short term: retry after the allocation resets (see the {@code Sforce-Limit-Info} header).
 */
public class RequestLimitExceededException extends BulkApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param statusCode the HTTP status
     * @param errorCode the first {@code errorCode} of the body, or {@code null}
     * @param errors the parsed error body
     * @param method the HTTP method of the request
     * @param path the request path
     * @param jobId the job the request concerned, or {@code null}
     */
    public RequestLimitExceededException(String message, int statusCode, String errorCode, List<ApiError> errors, String method, String path,
            String jobId) {
        super(message, statusCode, errorCode, errors, method, path, jobId);
    }
}
