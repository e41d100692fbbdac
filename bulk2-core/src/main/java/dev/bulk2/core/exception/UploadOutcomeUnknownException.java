package dev.bulk2.core.exception;

/**
 * The upload (PUT) of a job's data may or may not have reached Salesforce: the connection broke after sending
 * started, the request timed out, or Salesforce answered with a 5xx error. Because Salesforce accepts exactly one
 * upload per job, bulk2 does not send the data a second time.
 *
 * <p>What to do: abort job {@link #jobId()} (and delete it) and upload the same data to a new job. Not retryable
 * on the same job.
 */
public class UploadOutcomeUnknownException extends BulkException {
    private static final long serialVersionUID = 1L;

    private final String jobId;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param jobId the job whose upload outcome is unknown
     * @param cause the transport or API failure
     */
    public UploadOutcomeUnknownException(String message, String jobId, Throwable cause) {
        super(message, cause);
        this.jobId = jobId;
    }

    /**
     * The job whose upload outcome is unknown; abort it.
     *
     * @return the job id
     */
    public String jobId() {
        return jobId;
    }
}
