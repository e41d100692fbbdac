package dev.bulk2.core.ingest;

import dev.bulk2.core.exception.IngestStoppedException;
import dev.bulk2.core.exception.InvalidInputException;
import dev.bulk2.core.JobInfo;
import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.exception.WaitTimeoutException;
import dev.bulk2.core.internal.ClientContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A handle on an ingest: a live fluent run (returned by the {@code upload(...)} calls of {@link Ingest}) or jobs
 * submitted earlier and re-attached with {@code client.attachIngestJobs(ids)}, whatever their number.
 *
 * <pre>{@code
 * IngestRun run = client.ingest("Account").upsert("External_ID__c").upload(Path.of("clients.csv"));
 * IngestResult r = run.awaitCompletion(Duration.ofHours(2));        // or run.completionAsync()
 * }</pre>
 *
 * <p>A live run proceeds in the background from the moment it is returned: the input is split into parts, one
 * job per part, each created, uploaded, closed and polled, up to {@link IngestJobRequest#maxConcurrentJobs()} at
 * a time, then record retries run if a {@link RecordRetryPolicy} asks for them. A part that cannot be sent in the
 * attempts the client's retry policy allows does not end the run: it is reported in
 * {@link IngestResult#failedParts()} and its rows as unprocessed. Only a failure that would hit every part (a
 * token that stays rejected, the org's API limit, a misconfigured request) stops the run early; the jobs already
 * running are still waited for. A re-attached handle polls only while you wait, each wait with its own deadline.
 *
 * <p>Threads: the run borrows the client's scheduler (timers) and I/O executor (calls, reads, polls); it creates
 * none of its own. {@link #awaitCompletion()} and {@link #completionAsync()} are two views of the same run;
 * neither cancels it: stopping the jobs on Salesforce takes an explicit {@link #abort()}.
 *
 * <p>Thread-safe.
 */
public final class IngestRun {
    private final ClientContext ctx;
    private final RunEngine engine;

    private IngestRun(ClientContext ctx, RunEngine engine) {
        this.ctx = ctx;
        this.engine = engine;
    }

    static IngestRun live(ClientContext ctx, RunDriver driver) {
        return new IngestRun(ctx, driver);
    }

    static IngestRun attached(ClientContext ctx, AttachedJobs jobs) {
        return new IngestRun(ctx, jobs);
    }

    /**
     * Ids of the jobs that received data so far, in submission order (input parts, then retry rounds).
     *
     * @return a snapshot
     */
    public List<String> jobIds() {
        return Collections.unmodifiableList(RunFailures.jobIds(engine.outcomes()));
    }

    /**
     * The latest known info of every job (from the last poll).
     *
     * @return a snapshot, in {@link #jobIds()} order
     */
    public List<JobInfo> jobs() {
        List<JobInfo> l = new ArrayList<>();
        for (JobOutcome o : engine.outcomes()) {
            l.add(o.info);
        }
        return Collections.unmodifiableList(l);
    }

    /**
     * The request a live run executes.
     *
     * @return the request; empty for re-attached jobs, whose request is not known
     */
    public Optional<IngestJobRequest> request() {
        return engine.knownRequest();
    }

    /** @return whether a live run has finished (result, failure, or timeout); re-attached jobs: never by itself */
    public boolean isDone() {
        return engine.runsByItself() && engine.completion(null).isDone();
    }

    /**
     * Statistics so far (or final, once done).
     *
     * @return a snapshot
     */
    public IngestStats stats() {
        return engine.stats();
    }

    /**
     * Waits until every part is processed (and retried, if asked) and returns the result. The time limit is the
     * request's {@link IngestJobRequest#timeout()} (re-attached jobs: the polling policy's timeout).
     *
     * @return the result; jobs that ended {@code Failed} and parts that could not be sent are reported in it,
     *     not thrown
     * @throws WaitTimeoutException at a live run's time limit (the jobs keep running)
     * @throws WaitTimeoutException when re-attached jobs are still running at the timeout
     * @throws InvalidInputException if the input is malformed (carrying the result of the parts already sent)
     * @throws IngestStoppedException if a failure that would hit every part (a token that stays rejected, the
     *     org's daily API limit, a misconfiguration) stopped the run after it had created jobs: it names every job,
     *     says what was loaded and how to resume, and its cause is the failure
     * @throws BulkException that failure itself when it stopped the run before any job was created (for example
     *     an invalid object)
     */
    public IngestResult awaitCompletion() {
        return join(engine.completion(null));
    }

    /**
     * Waits at most {@code timeout}, measured on the client's clock, for the result. When the time is up a live
     * run continues in the background (wait again, or {@link #abort()}); re-attached jobs stop being polled until
     * waited for again.
     *
     * @param timeout the longest wait
     * @return the result
     * @throws WaitTimeoutException if the run is not done in time; it names the unfinished jobs, and how many of
     *     all the jobs they are
     * @throws WaitTimeoutException at a live run's own time limit
     * @throws BulkException as {@link #awaitCompletion()}
     */
    public IngestResult awaitCompletion(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Instant until = ctx.clock().instant().plus(timeout);
        if (!engine.runsByItself()) {
            return join(engine.completion(until));
        }
        return join(withTimeout(engine.completion(null), timeout, until));
    }

    /**
     * The result as a future: the same run as {@link #awaitCompletion()}. The future completes on a bulk2 thread
     * (an I/O or scheduler thread of the client). Cancelling it does not stop the run; use {@link #abort()}.
     *
     * @return a future of the result, failing with the exceptions {@link #awaitCompletion()} throws
     */
    public CompletableFuture<IngestResult> completionAsync() {
        CompletableFuture<IngestResult> f = engine.completion(null);
        return engine.runsByItself() ? f.copy() : f;
    }

    /**
     * Stops the run: no further part is read or submitted, and every unfinished job is aborted on Salesforce
     * (rows already processed stay committed). A live run then completes with a result in which the aborted jobs'
     * remaining rows are unprocessed. Idempotent.
     *
     * @return the ids of the jobs aborted by this call
     */
    public List<String> abort() {
        return engine.abort();
    }

    @Override
    public String toString() {
        return "IngestRun{" + engine.knownRequest().map(r -> "object=" + r.object() + ", operation="
                + r.operation().apiName() + ", ").orElse("attached, ") + "jobs=" + engine.outcomes().size()
                + (isDone() ? ", done" : "") + "}";
    }

    /**
     * The run's future, failed with {@link WaitTimeoutException} once {@code until} has passed on the client's
     * clock. With the system sleeper a timer checks it; with any other sleeper (fake time) it is checked on every
     * progress event of the run, so that a test's clock decides.
     */
    private CompletableFuture<IngestResult> withTimeout(CompletableFuture<IngestResult> run, Duration timeout,
            Instant until) {
        CompletableFuture<IngestResult> f = run.copy();
        Runnable check = () -> {
            if (!f.isDone() && !ctx.clock().instant().isBefore(until)) {
                List<JobInfo> unfinished = RunFailures.unfinished(engine.outcomes());
                f.completeExceptionally(new WaitTimeoutException("The ingest is not done after " + timeout + ": "
                        + unfinished.size() + " of " + engine.outcomes().size() + " jobs unfinished "
                        + RunFailures.ids(unfinished) + "; it keeps running in the background. Wait again, or "
                        + "abort() it.", unfinished, (int) engine.polls(), timeout));
            }
        };
        Runnable unregister = engine.onProgress(check);
        f.whenComplete((r, e) -> unregister.run());
        if (ctx.sleeper() == dev.bulk2.core.Sleeper.system()) {
            ctx.delay(timeout).whenComplete((v, e) -> check.run());
        }
        check.run();
        return f;
    }

    private static IngestResult join(CompletableFuture<IngestResult> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw rethrow(e.getCause());
        } catch (java.util.concurrent.CancellationException e) {
            throw new BulkException("The wait for the ingest was cancelled; the run keeps going in the background.",
                    e);
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException) {
            return (RuntimeException) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        return new BulkException("The ingest failed: " + cause, cause);
    }
}
