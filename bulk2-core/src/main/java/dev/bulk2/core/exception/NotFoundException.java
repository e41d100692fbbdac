package dev.bulk2.core.exception;

import java.util.List;

/**
 * The resource does not exist: HTTP 404 or {@code NOT_FOUND} (unknown job id, a job deleted or older than
 * seven days, or a wrong URL).
 */
public class NotFoundException extends BulkApiException {
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
    public NotFoundException(String message, int statusCode, String errorCode, List<ApiError> errors, String method, String path,
            String jobId) {
        super(message, statusCode, errorCode, errors, method, path, jobId);
    }
}
