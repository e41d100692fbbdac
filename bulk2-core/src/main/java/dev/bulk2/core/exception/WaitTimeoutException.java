package dev.bulk2.core.exception;

import dev.bulk2.core.JobInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Waiting for one or more jobs ran out of time; the jobs keep running on Salesforce. {@link #jobInfos()} holds
 * the latest snapshots of the jobs still not terminal. Retryable: wait again, or abort the jobs.
 */
public class WaitTimeoutException extends BulkException {
    private static final long serialVersionUID = 1L;

    private final transient List<JobInfo> jobInfos;
    private final int attempts;
    private final Duration elapsed;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param jobInfos latest snapshots of the unfinished jobs (copied)
     * @param attempts polls spent
     * @param elapsed time spent waiting
     */
    public WaitTimeoutException(String message, List<JobInfo> jobInfos, int attempts, Duration elapsed) {
        super(message);
        this.jobInfos = Collections.unmodifiableList(new ArrayList<>(jobInfos));
        this.attempts = attempts;
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
    }

    /**
     * Latest snapshots of the jobs that were not finished.
     *
     * @return an unmodifiable list
     */
    public List<JobInfo> jobInfos() {
        return jobInfos == null ? List.of() : jobInfos;
    }

    /**
     * Ids of the unfinished jobs.
     *
     * @return job ids
     */
    public List<String> jobIds() {
        List<String> ids = new ArrayList<>();
        for (JobInfo j : jobInfos()) {
            ids.add(j.id());
        }
        return Collections.unmodifiableList(ids);
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
