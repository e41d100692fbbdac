package dev.bulk2.core.exception;

import dev.bulk2.core.ingest.IngestResult;
import java.util.List;

/**
 * A fluent ingest stopped early because of a failure that would hit every part: authentication that stays
 * rejected, the org's daily API request limit ({@code REQUEST_LIMIT_EXCEEDED}), a misconfiguration. No further part
 * was sent; the jobs already running were waited for as long as Salesforce still answered. {@link #getCause()} is
 * the failure (for example {@link dev.bulk2.core.exception.AuthenticationException} or
 * {@link dev.bulk2.core.exception.RequestLimitExceededException}).
 *
 * <p>Thrown only when the run had already created jobs; a run that fails before any job exists throws the
 * failure itself. The message says what was loaded and how to resume; {@link #result()} has the numbers and
 * streams of the jobs so far, {@link #allJobIds()} every job of the run (re-attach with
 * {@code client.attachIngestJobs(e.allJobIds())} once the cause is fixed, to wait for those still running and read
 * their results), and {@link #firstUnsubmittedLine()} the first input row that was not sent.
 */
public class IngestStoppedException extends BulkException {
    private static final long serialVersionUID = 1L;

    private final transient IngestResult result;
    private final List<String> allJobIds;
    private final List<String> unfinishedJobIds;
    private final boolean inputFullyRead;
    private final long firstUnsubmittedLine;

    /**
     * Creates the exception.
     *
     * @param message what stopped the run, what was loaded and how to resume
     * @param cause the failure that stopped the run
     * @param result the run's result up to the stop
     * @param allJobIds every job the run created
     * @param unfinishedJobIds the jobs not terminal at the stop
     * @param inputFullyRead whether every input row was submitted
     * @param firstUnsubmittedLine the 1-based line of the first row not submitted, or {@code -1}
     */
    public IngestStoppedException(String message, Throwable cause, IngestResult result, List<String> allJobIds,
            List<String> unfinishedJobIds, boolean inputFullyRead, long firstUnsubmittedLine) {
        super(message, cause);
        this.result = result;
        this.allJobIds = List.copyOf(allJobIds);
        this.unfinishedJobIds = List.copyOf(unfinishedJobIds);
        this.inputFullyRead = inputFullyRead;
        this.firstUnsubmittedLine = firstUnsubmittedLine;
    }

    /** @return the run's result up to the stop (jobs with their last known info, parts not sent) */
    public IngestResult result() {
        return result;
    }

    /** @return every job of the run that received data, finished or not */
    public List<String> allJobIds() {
        return allJobIds;
    }

    /** @return the jobs that were not finished when the run stopped (they keep running on Salesforce) */
    public List<String> unfinishedJobIds() {
        return unfinishedJobIds;
    }

    /** @return whether every input row had been handed to a job or reported as a part not sent */
    public boolean isInputFullyRead() {
        return inputFullyRead;
    }

    /** @return the 1-based input line of the first row not sent, or 0 when all were sent or it is unknown */
    public long firstUnsubmittedLine() {
        return firstUnsubmittedLine;
    }
}
