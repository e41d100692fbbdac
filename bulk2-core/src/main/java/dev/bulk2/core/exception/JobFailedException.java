package dev.bulk2.core.exception;

import dev.bulk2.core.JobInfo;
import java.util.Objects;

/**
 * A job ended {@code Failed} or {@code Aborted}; {@link #jobInfo()} holds the final snapshot, including
 * {@code errorMessage}. A failed job is never re-closed: create a new job for its unprocessed (and fixed failed)
 * rows.
 */
public class JobFailedException extends BulkException {
    private static final long serialVersionUID = 1L;

    private final transient JobInfo jobInfo;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param jobInfo the final job snapshot
     */
    public JobFailedException(String message, JobInfo jobInfo) {
        super(message);
        this.jobInfo = Objects.requireNonNull(jobInfo, "jobInfo");
    }

    /**
     * The final snapshot of the job.
     *
     * @return the job info
     */
    public JobInfo jobInfo() {
        return jobInfo;
    }
}
