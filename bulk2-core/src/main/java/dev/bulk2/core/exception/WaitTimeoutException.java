package dev.bulk2.core.exception;

import dev.bulk2.core.JobInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Waiting for jobs ran out of time (a poll's timeout, an ingest's time limit, or {@code awaitCompletion(Duration)});
 * the jobs keep running on Salesforce. Retryable: wait again (re-attach with
 * {@code client.attachIngestJobs(e.allJobIds())} for an ingest), or abort the jobs.
 *
 * <ul>
 *   <li>{@link #unfinishedJobIds()} / {@link #unfinishedJobs()}: the jobs that were not terminal yet, with their
 *       latest snapshots;</li>
 *   <li>{@link #allJobIds()}: every job of the wait (for an ingest, every job the run created, finished or not:
 *       this is the list to re-attach to).</li>
 *   <li>For an ingest, {@link #isInputFullyRead()} says whether every input row had been submitted; if not, the
 *       row at {@link #firstUnsubmittedLine()} was never sent, nor were the rows after it except those of the jobs
 *       in {@link #allJobIds()} (parts still uploading at the limit are not submitted; with several jobs in flight
 *       a later part may have been).</li>
 * </ul>
 */
public class WaitTimeoutException extends BulkException {
    private static final long serialVersionUID = 1L;

    private final transient List<JobInfo> unfinished;
    private final List<String> allJobIds;
    private final int attempts;
    private final Duration elapsed;
    private final boolean inputFullyRead;
    private final long firstUnsubmittedLine;

    /**
     * Creates the exception for a wait on existing jobs: all of them are listed as unfinished ones.
     *
     * @param message what happened and what to do
     * @param unfinished latest snapshots of the unfinished jobs (copied)
     * @param attempts polls spent
     * @param elapsed time spent waiting
     */
    public WaitTimeoutException(String message, List<JobInfo> unfinished, int attempts, Duration elapsed) {
        this(message, unfinished, ids(unfinished), attempts, elapsed, true, -1);
    }

    /**
     * Creates the exception for an ingest run.
     *
     * @param message what happened and what to do
     * @param unfinished latest snapshots of the unfinished jobs (copied)
     * @param allJobIds every job of the run (copied)
     * @param attempts polls spent
     * @param elapsed time spent waiting
     * @param inputFullyRead whether every input row was submitted
     * @param firstUnsubmittedLine the 1-based input line of the first row not submitted, or {@code -1} when all were
     */
    public WaitTimeoutException(String message, List<JobInfo> unfinished, List<String> allJobIds, int attempts,
            Duration elapsed, boolean inputFullyRead, long firstUnsubmittedLine) {
        super(message);
        this.unfinished = Collections.unmodifiableList(new ArrayList<>(unfinished));
        this.allJobIds = List.copyOf(allJobIds);
        this.attempts = attempts;
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
        this.inputFullyRead = inputFullyRead;
        this.firstUnsubmittedLine = firstUnsubmittedLine;
    }

    private static List<String> ids(List<JobInfo> jobs) {
        List<String> ids = new ArrayList<>();
        for (JobInfo j : jobs) {
            ids.add(j.id());
        }
        return ids;
    }

    /**
     * Latest snapshots of the jobs that were not finished.
     *
     * @return an unmodifiable list
     */
    public List<JobInfo> unfinishedJobs() {
        return unfinished == null ? List.of() : unfinished;
    }

    /**
     * Ids of the jobs that were not finished.
     *
     * @return job ids, in the order of {@link #unfinishedJobs()}
     */
    public List<String> unfinishedJobIds() {
        return Collections.unmodifiableList(ids(unfinishedJobs()));
    }

    /**
     * Ids of every job of the wait, finished or not; for an ingest run, every job it created.
     *
     * @return job ids
     */
    public List<String> allJobIds() {
        return allJobIds;
    }

    /**
     * Whether every input row was submitted before the time ran out. Always {@code true} for waits that are not an
     * ingest run.
     *
     * @return {@code true} if no row was left unsent
     */
    public boolean isInputFullyRead() {
        return inputFullyRead;
    }

    /**
     * The 1-based physical input line of the first row that was not submitted.
     *
     * @return the line, or {@code -1} when every row was submitted
     */
    public long firstUnsubmittedLine() {
        return firstUnsubmittedLine;
    }

    /**
     * Polls spent while waiting.
     *
     * @return the count
     */
    public int attempts() {
        return attempts;
    }

    /**
     * Time spent waiting.
     *
     * @return the duration
     */
    public Duration elapsed() {
        return elapsed;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
