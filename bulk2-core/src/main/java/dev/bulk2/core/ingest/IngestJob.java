package dev.bulk2.core.ingest;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.exception.InvalidJobStateException;
import dev.bulk2.core.internal.ClientContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A live handle on one ingest job submitted earlier, for example after a run's deadline: obtain it with
 * {@code client.ingestJob(jobId)}.
 *
 * <pre>{@code
 * IngestResult r = client.ingestJob("750Ws00000Bx1nQIAR").awaitCompletion(Duration.ofMinutes(30));
 * }</pre>
 *
 * <p>Nothing is polled until you call {@link #poll()} or wait; each wait polls with the adaptive
 * {@link PollingPolicy} and its own deadline. A job that ends {@code Failed} or {@code Aborted} is reported in the
 * result (its unprocessed rows counted and streamed), not thrown. Thread-safe.
 */
public final class IngestJob {
    private final String id;
    private final AttachedJobs jobs;
    private final IngestRun run;

    private IngestJob(ClientContext ctx, String id, PollingPolicy policy) {
        this.id = id;
        this.jobs = new AttachedJobs(ctx, List.of(id), policy);
        this.run = IngestRun.attached(ctx, jobs);
    }

    /** A handle on an existing job. Does no I/O. */
    static IngestJob attach(ClientContext ctx, String jobId, PollingPolicy policy) {
        return new IngestJob(ctx, Objects.requireNonNull(jobId, "jobId"), Objects.requireNonNull(policy, "policy"));
    }

    /** @return the job id */
    public String id() {
        return id;
    }

    /**
     * Reads the job once ({@code GET}, one API call) and updates {@link #latestInfo()}.
     *
     * @return the current info
     */
    public JobInfo poll() {
        return jobs.pollOnce(id);
    }

    /**
     * The info of the last poll; state {@code UNKNOWN} before the first.
     *
     * @return the latest info
     */
    public JobInfo latestInfo() {
        return run.jobs().get(0);
    }

    /**
     * Polls until the job is terminal (within the polling policy's timeout) and returns its result.
     *
     * @return the result of this one job
     * @throws dev.bulk2.core.exception.WaitTimeoutException if the job is still running at the timeout
     */
    public IngestResult awaitCompletion() {
        return run.awaitCompletion();
    }

    /**
     * Polls until the job is terminal, for at most {@code timeout}; the last sleep is shortened so that the wait
     * never exceeds it.
     *
     * @param timeout the longest wait
     * @return the result of this one job
     * @throws dev.bulk2.core.exception.WaitTimeoutException if the job is still running; it keeps running
     */
    public IngestResult awaitCompletion(Duration timeout) {
        return run.awaitCompletion(timeout);
    }

    /**
     * The async twin of {@link #awaitCompletion()}: polls on the client's scheduler without blocking a thread.
     * Cancelling the future stops polling, not the job.
     *
     * @return the future result, completed on a scheduler thread
     */
    public CompletableFuture<IngestResult> completionAsync() {
        return run.completionAsync();
    }

    /**
     * Aborts the job on Salesforce; rows already processed stay committed. The answer becomes
     * {@link #latestInfo()}.
     *
     * @return the job's info (state {@code Aborted})
     * @throws InvalidJobStateException if the job already finished
     */
    public JobInfo abort() {
        return jobs.abort(id);
    }

    @Override
    public String toString() {
        return "IngestJob{id=" + id + ", state=" + latestInfo().state() + "}";
    }
}
