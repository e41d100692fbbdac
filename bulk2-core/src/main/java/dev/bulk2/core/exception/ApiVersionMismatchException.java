package dev.bulk2.core.exception;

import java.util.List;

/**
 * HTTP 409: the resource must be read with the API version that created the job (query results).
 */
public class ApiVersionMismatchException extends BulkApiException {
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
    public ApiVersionMismatchException(String message, int statusCode, String errorCode, List<ApiError> errors, String method, String path,
            String jobId) {
        super(message, statusCode, errorCode, errors, method, path, jobId);
    }
}
