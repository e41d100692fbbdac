package dev.bulk2.core.exception;

import dev.bulk2.core.ingest.IngestOutcome;
import dev.bulk2.core.ingest.IngestResult;

/**
 * A fluent ingest finished but did not fully succeed, thrown by {@link IngestResult#throwIfNotSuccessful()}. The
 * message names the failed jobs with Salesforce's error message, the parts not sent, and the counts of failed and
 * unprocessed rows; {@link #result()} has the numbers and the record streams to save or reload them.
 *
 * <p>Not retryable as such: resubmitting the same rows usually fails the same way until the cause named in the
 * message (for example a CSV column the object does not have) is fixed.
 */
public class IngestFailedException extends BulkException {
    private static final long serialVersionUID = 1L;

    private final transient IngestResult result;
    private final IngestOutcome outcome;

    /**
     * Creates the exception.
     *
     * @param message what failed and where to find the rows
     * @param result the finished run's result
     */
    public IngestFailedException(String message, IngestResult result) {
        super(message);
        this.result = result;
        this.outcome = result.outcome();
    }

    /** @return the run's result (jobs, counts, record streams) */
    public IngestResult result() {
        return result;
    }

    /** @return the run's verdict, never {@link IngestOutcome#ALL_SUCCEEDED} */
    public IngestOutcome outcome() {
        return outcome;
    }
}
