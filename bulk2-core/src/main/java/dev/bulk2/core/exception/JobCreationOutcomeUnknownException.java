package dev.bulk2.core.exception;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The answer to a create-job POST was lost (connection broken after sending, timeout, or HTTP 5xx), so Salesforce
 * may have created the job. bulk2 never re-sends the POST blindly: it lists recent ingest jobs, and when exactly
 * one {@code Open} job with the same object and operation was created since the request was sent it aborts that
 * job ({@link #abortedJobIds()}). When several candidates exist it aborts none and names them
 * ({@link #candidateJobIds()}), because another process may own them.
 *
 * <p>What to do: create the job again (nothing was uploaded to an aborted job); check the named candidates.
 * Retryable: a new create is safe once the orphan is handled.
 */
public class JobCreationOutcomeUnknownException extends BulkException {
    private static final long serialVersionUID = 1L;

    private final List<String> abortedJobIds;
    private final List<String> candidateJobIds;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param abortedJobIds jobs this request probably created that were aborted
     * @param candidateJobIds jobs that may have been created by this request and were left alone
     * @param cause the failure of the create request
     */
    public JobCreationOutcomeUnknownException(String message, List<String> abortedJobIds,
            List<String> candidateJobIds, Throwable cause) {
        super(message, cause);
        this.abortedJobIds = Collections.unmodifiableList(new ArrayList<>(abortedJobIds));
        this.candidateJobIds = Collections.unmodifiableList(new ArrayList<>(candidateJobIds));
    }

    /**
     * Jobs identified as created by the lost request and aborted.
     *
     * @return job ids, possibly empty
     */
    public List<String> abortedJobIds() {
        return abortedJobIds;
    }

    /**
     * Open jobs that might have been created by the lost request but were not aborted (ambiguous, or the abort
     * failed).
     *
     * @return job ids, possibly empty
     */
    public List<String> candidateJobIds() {
        return candidateJobIds;
    }

    @Override
    public boolean isRetryable() {
        return candidateJobIds.isEmpty();
    }
}
