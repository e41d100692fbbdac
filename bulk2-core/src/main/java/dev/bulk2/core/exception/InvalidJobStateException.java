package dev.bulk2.core.exception;

import java.util.List;

/**
 * The job is not in a state that allows the request: {@code INVALIDJOBSTATE} (for example closing an aborted
 * job, uploading to a closed job, deleting an open job). Re-read the job info instead of retrying blindly.
 */
public class InvalidJobStateException extends BulkApiException {
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
    public InvalidJobStateException(String message, int statusCode, String errorCode, List<ApiError> errors, String method, String path,
            String jobId) {
        super(message, statusCode, errorCode, errors, method, path, jobId);
    }
}
