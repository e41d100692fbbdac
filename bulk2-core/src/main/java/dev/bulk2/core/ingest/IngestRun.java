package dev.bulk2.core.ingest;

import dev.bulk2.core.ByteSource;
import dev.bulk2.core.JobInfo;
import dev.bulk2.core.JobState;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.exception.InvalidJobStateException;
import dev.bulk2.core.exception.JobCreationOutcomeUnknownException;
import dev.bulk2.core.exception.TransportException;
import dev.bulk2.core.exception.UploadOutcomeUnknownException;
import dev.bulk2.core.exception.WaitTimeoutException;
import dev.bulk2.core.internal.ClientContext;
import dev.bulk2.core.internal.poll.JobPoller;
import dev.bulk2.csv.CsvChunker;
import dev.bulk2.csv.CsvDialect;
import dev.bulk2.csv.CsvFormatException;
import dev.bulk2.csv.CsvMapping;
import dev.bulk2.csv.CsvPart;
import dev.bulk2.csv.CsvParts;
import dev.bulk2.csv.FailedRecord;
import dev.bulk2.csv.FailedResultReader;
import dev.bulk2.csv.UnprocessedRecord;
import dev.bulk2.csv.UnprocessedResultReader;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A live fluent ingest: the input is being split into parts, one job per part, uploaded, closed and polled, up to
 * {@link IngestJobRequest#maxConcurrentJobs()} jobs at a time, then record retries run if a
 * {@link RecordRetryPolicy} asks for them. Returned by the {@code upload(...)} calls of {@link Ingest}; the run
 * proceeds in the background from the moment it is returned.
 *
 * <pre>{@code
 * IngestRun run = client.ingest("Account").upsert("External_ID__c").upload(Path.of("clients.csv"));
 * IngestResult r = run.awaitCompletion(Duration.ofHours(2));        // or run.completionAsync()
 * }</pre>
 *
 * <p>Threads: one reading thread per run (it reads the input and hands parts over), up to
 * {@code maxConcurrentJobs} worker threads that create, upload and close jobs, the client's scheduler, which only
 * times the polls, and a shared pool of daemon poll threads that make the poll calls. {@link #awaitCompletion()}
 * and {@link #completionAsync()} are two views of the same background run. Neither cancels it: stopping the jobs
 * on Salesforce takes an explicit {@link #abort()}.
 *
 * <p>The time limit holds even if a call never returns: a poll still running at the deadline plus a short grace
 * leaves its job reported as unfinished, and the run stops waiting for create/upload/close calls a second after
 * that; parts still in such a call count as not submitted and their jobs are aborted (never closed) when the
 * call returns.
 *
 * <p>A handle obtained with {@code client.attachIngestJobs(ids)} re-attaches to jobs submitted earlier: it polls
 * only while you wait, and each wait has its own deadline.
 *
 * <p>Thread-safe.
 */
public final class IngestRun {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.core.ingest");
    private static final int MAX_JOB_ATTEMPTS = 3;
    /** Extra time the reader gives the jobs' own deadline guards before it stops waiting itself. */
    private static final Duration READER_EXTRA_GRACE = Duration.ofSeconds(1);
    private static final AtomicInteger RUN_NUMBERS = new AtomicInteger();

    private final ClientContext ctx;
    private final IngestJobs api;
    private final IngestJobRequest request;
    private final PollingPolicy policy;
    private final JobPoller poller;
    private final IngestListener listener;
    private final Instant started;
    private final long startNanos;
    private final Instant deadline;
    private final long apiCallsAtStart;
    private final boolean attached;
    private final CompletableFuture<IngestResult> completion = new CompletableFuture<>();
    private final List<JobOutcome> outcomes = new CopyOnWriteArrayList<>();
    private final List<String> discarded = new CopyOnWriteArrayList<>();
    private final Semaphore slots;
    private final ExecutorService workers;

    private final AtomicLong partsRead = new AtomicLong();
    private final AtomicLong recordsRead = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong bytesUploaded = new AtomicLong();
    private final AtomicLong jobsCreated = new AtomicLong();
    private final AtomicLong readNanos = new AtomicLong();
    private final AtomicLong uploadNanos = new AtomicLong();
    private final AtomicLong processingNanos = new AtomicLong();
    private final AtomicLong resultsNanos = new AtomicLong();
    private final AtomicInteger retryRounds = new AtomicInteger();
    private volatile long endNanos = -1;
    private volatile long finalApiCalls = -1;

    private volatile boolean abortRequested;
    private volatile Throwable fatal;
    private volatile List<String> header;
    private volatile boolean inputFullyRead;
    private volatile long firstUnsubmittedLine;
    private volatile CsvFormatException inputError;
    private volatile boolean timedOut;
    /** Set once the reader stops waiting for the round's jobs (deadline + grace); late workers then abort. */
    private volatile boolean stoppedWaiting;
    /** Parts handed to a worker and not yet closed as a job: part key -> first input line (0 for retry rounds). */
    private final Map<String, Long> partsInFlight = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Long> partsAbandoned = new CopyOnWriteArrayList<>();

    private IngestRun(ClientContext ctx, IngestJobRequest request, boolean attached) {
        this.ctx = ctx;
        this.api = IngestJobs.forContext(ctx);
        this.request = request;
        this.policy = request.pollingPolicy().orElse(PollingPolicy.defaults());
        this.poller = JobPoller.of(ctx);
        this.listener = new SafeListener(request.listener());
        this.started = ctx.clock().instant();
        this.startNanos = System.nanoTime();
        this.deadline = started.plus(request.timeout().orElse(policy.timeout()));
        this.apiCallsAtStart = ctx.transport().apiCallCount();
        this.attached = attached;
        this.slots = new Semaphore(request.maxConcurrentJobs());
        if (attached) {
            this.workers = null;
        } else {
            int n = RUN_NUMBERS.incrementAndGet();
            AtomicInteger t = new AtomicInteger();
            this.workers = Executors.newFixedThreadPool(request.maxConcurrentJobs(), r -> {
                Thread th = new Thread(r, "bulk2-ingest-" + n + "-worker-" + t.incrementAndGet());
                th.setDaemon(true);
                return th;
            });
        }
    }

    /** Starts a run over parts produced lazily by {@code partsFactory} (called on the reading thread). */
    static IngestRun start(ClientContext ctx, IngestJobRequest request, Supplier<CsvParts> partsFactory,
            Runnable closeInput) {
        IngestRun run = new IngestRun(ctx, request, false);
        CsvParts parts;
        try {
            parts = partsFactory.get(); // header errors surface here, on the caller's thread
        } catch (CsvFormatException e) {
            run.workers.shutdown();
            closeInput.run();
            throw new IngestInputException("Malformed input at " + where(e) + ": " + e.getMessage()
                    + " Nothing was sent.", e.line(),
                    e.column().orElse(-1), e, null);
        } catch (RuntimeException e) {
            run.workers.shutdown();
            closeInput.run();
            throw e;
        }
        Thread driver = new Thread(() -> {
            try {
                run.drive(parts, closeInput);
            } catch (Throwable t) {
                run.completion.completeExceptionally(t);
            }
        }, "bulk2-ingest-" + RUN_NUMBERS.get() + "-reader");
        driver.setDaemon(true);
        driver.start();
        return run;
    }

    /**
     * Re-attaches to ingest jobs submitted earlier (for example those named by an {@link IngestTimeoutException});
     * the same as {@code client.attachIngestJobs(jobIds)}. Nothing is polled until you wait; the result counts the
     * unprocessed rows of failed jobs (one download each) so that it reconciles.
     *
     * @param client the client
     * @param jobIds one or more job ids
     * @param policy how to poll
     * @return the handle
     */
    public static IngestRun attach(dev.bulk2.core.BulkClient client, List<String> jobIds, PollingPolicy policy) {
        return attach(dev.bulk2.core.internal.ClientInternals.context(client), List.copyOf(jobIds),
                java.util.Objects.requireNonNull(policy, "policy"));
    }

    /** A handle on jobs submitted earlier; polls only while waited for. */
    static IngestRun attach(ClientContext ctx, List<String> jobIds, PollingPolicy policy) {
        if (jobIds.isEmpty()) {
            throw new IllegalArgumentException("attach needs at least one job id");
        }
        IngestJobRequest req = IngestJobRequest.builder().object("Unknown").operation(dev.bulk2.core.Operation.INSERT)
                .pollingPolicy(policy).build();
        IngestRun run = new IngestRun(ctx, req, true);
        for (String id : jobIds) {
            run.outcomes.add(new JobOutcome(0, run.outcomes.size(), -1,
                    JobInfo.builder().id(id).state(JobState.UNKNOWN).build()));
        }
        return run;
    }

    // ------------------------------------------------------------------------------------------------ public API

    /**
     * Ids of the jobs that received data so far, in submission order (input parts, then retry rounds).
     *
     * @return a snapshot
     */
    public List<String> jobIds() {
        List<String> ids = new ArrayList<>();
        for (JobOutcome o : outcomes) {
            ids.add(o.id());
        }
        return Collections.unmodifiableList(ids);
    }

    /**
     * The latest known info of every job (from the last poll).
     *
     * @return a snapshot, in {@link #jobIds()} order
     */
    public List<JobInfo> jobs() {
        List<JobInfo> l = new ArrayList<>();
        for (JobOutcome o : outcomes) {
            l.add(o.info);
        }
        return Collections.unmodifiableList(l);
    }

    /** @return the request this run executes */
    public IngestJobRequest request() {
        return request;
    }

    /** @return whether the run has finished (result, failure, or timeout) */
    public boolean isDone() {
        return completion.isDone();
    }

    /**
     * Statistics so far (or final, once done).
     *
     * @return a snapshot
     */
    public IngestStats stats() {
        long end = endNanos >= 0 ? endNanos : System.nanoTime();
        long calls = finalApiCalls >= 0 ? finalApiCalls : ctx.transport().apiCallCount() - apiCallsAtStart;
        return new IngestStats(partsRead.get(), recordsRead.get(), bytesRead.get(), bytesUploaded.get(),
                jobsCreated.get(), discarded.size(), retryRounds.get(), calls, poller.polls(),
                Duration.ofNanos(readNanos.get()), Duration.ofNanos(uploadNanos.get()),
                Duration.ofNanos(processingNanos.get()), Duration.ofNanos(resultsNanos.get()),
                Duration.ofNanos(end - startNanos));
    }

    /**
     * Waits until every part is processed (and retried, if asked) and returns the result. The time limit is the
     * request's {@link IngestJobRequest#timeout()}.
     *
     * @return the result; jobs that ended {@code Failed} are reported in it, not thrown
     * @throws IngestTimeoutException at the run's time limit (the jobs keep running)
     * @throws IngestInputException if the input is malformed (carrying the result of the parts already sent)
     * @throws BulkException if Salesforce rejected a call (for example an invalid object or a used-up API
     *     limit)
     */
    public IngestResult awaitCompletion() {
        if (attached) {
            return join(attachedWait(deadline()));
        }
        return join(completion);
    }

    /**
     * Waits at most {@code timeout} for the result. When the time is up the run continues in the background
     * (wait again, or {@link #abort()}); an attached handle stops polling until waited for again.
     *
     * @param timeout the longest wait
     * @return the result
     * @throws WaitTimeoutException if the run is not done in time; it names the unfinished jobs
     * @throws IngestTimeoutException at the run's own time limit
     * @throws BulkException as {@link #awaitCompletion()}
     */
    public IngestResult awaitCompletion(Duration timeout) {
        if (attached) {
            return join(attachedWait(ctx.clock().instant().plus(timeout)));
        }
        try {
            return completion.get(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            List<JobInfo> unfinished = unfinished();
            throw new WaitTimeoutException("The ingest is not done after " + timeout + ": " + unfinished.size()
                    + " of " + outcomes.size() + " jobs unfinished " + ids(unfinished)
                    + "; it keeps running in the background. Wait again, or abort() it.", unfinished,
                    (int) poller.polls(), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BulkException("Interrupted while waiting for the ingest; it keeps running in the background.",
                    e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /**
     * The result as a future: the same background run as {@link #awaitCompletion()}. The future completes on a
     * bulk2 thread (the reading thread, or a scheduler thread for attached jobs). Cancelling it does not stop the
     * run; use {@link #abort()}.
     *
     * @return a future of the result, failing with the exceptions {@link #awaitCompletion()} throws
     */
    public CompletableFuture<IngestResult> completionAsync() {
        if (attached) {
            return attachedWait(deadline());
        }
        return completion.copy();
    }

    /**
     * Stops the run: no further part is read or submitted, and every unfinished job is aborted on Salesforce
     * (rows already processed stay committed). The run then completes with a result in which the aborted jobs'
     * remaining rows are unprocessed. Idempotent.
     *
     * @return the ids of the jobs aborted by this call
     */
    public List<String> abort() {
        abortRequested = true;
        slots.release(10_000);
        List<String> aborted = new ArrayList<>();
        for (JobOutcome o : outcomes) {
            if (!o.info.state().isTerminal()) {
                try {
                    o.info = api.abort(o.id());
                    aborted.add(o.id());
                } catch (InvalidJobStateException e) {
                    LOG.log(System.Logger.Level.DEBUG, "Job {0} finished before it could be aborted", o.id());
                }
            }
        }
        return aborted;
    }

    @Override
    public String toString() {
        return "IngestRun{object=" + request.object() + ", operation=" + request.operation().apiName() + ", jobs="
                + outcomes.size() + (completion.isDone() ? ", done" : "") + "}";
    }

    // ----------------------------------------------------------------------------------------------- the driver

    private void drive(CsvParts input, Runnable closeInput) {
        IngestResult result = null;
        Throwable failure = null;
        try {
            try {
                runRound(0, input, true);
            } finally {
                closeInput.run();
            }
            RecordRetryPolicy rp = request.recordRetryPolicy();
            for (int round = 1; round <= rp.maxRounds() && canContinue() && inputError == null; round++) {
                if (!retryRound(round, rp)) {
                    break;
                }
            }
            result = buildResult();
        } catch (dev.bulk2.csv.CsvException e) {
            failure = new BulkException("Reading the input failed: " + e.getMessage(), e);
        } catch (Throwable t) {
            failure = t;
        } finally {
            workers.shutdown();
            endNanos = System.nanoTime();
            finalApiCalls = ctx.transport().apiCallCount() - apiCallsAtStart;
        }
        complete(result, failure);
    }

    private void complete(IngestResult result, Throwable failure) {
        if (failure == null && fatal != null) {
            failure = fatal;
        }
        if (failure == null && timedOut) {
            List<JobInfo> unfinished = unfinished();
            failure = new IngestTimeoutException("The ingest reached its time limit at " + deadline + " with "
                    + unfinished.size() + " of " + outcomes.size() + " jobs unfinished " + ids(unfinished)
                    + (inputFullyRead && partsAbandoned.isEmpty() ? "" : "; the input was not fully sent"
                    + (firstUnsubmittedLine() > 0 ? " (rows from line " + firstUnsubmittedLine() + " on"
                    + (partsAbandoned.isEmpty() ? "" : ": " + partsAbandoned.size() + " part(s) were still in a "
                    + "create/upload/close call at the deadline and were not submitted, later parts may have been")
                    + ")" : ""))
                    + ". The jobs keep running on Salesforce: re-attach with client.attachIngestJobs(ids) or abort "
                    + "them.", unfinished, jobIds(), (int) poller.polls(), Duration.between(started,
                    ctx.clock().instant()), inputFullyRead && partsAbandoned.isEmpty(),
                    firstUnsubmittedLine());
        }
        if (failure == null && inputError != null) {
            CsvFormatException e = inputError;
            failure = new IngestInputException("Malformed input at " + where(e) + ": " + e.getMessage()
                    + " Parts before it were "
                    + "submitted as jobs " + jobIds() + " (" + (result == null ? 0 : result.recordsSubmitted())
                    + " rows); the part containing line " + e.line() + " and everything after it was not sent.",
                    e.line(),
                    e.column().orElse(-1), e, outcomes.isEmpty() ? null : result);
        }
        if (failure != null) {
            if (!(failure instanceof IngestTimeoutException) && !(failure instanceof IngestInputException)
                    && !outcomes.isEmpty()) {
                failure.addSuppressed(new BulkException("Jobs submitted by this ingest before the failure: "
                        + jobIds() + "; re-attach with client.attachIngestJobs(ids) to read their results."));
            }
            completion.completeExceptionally(failure);
        } else {
            completion.complete(result);
        }
    }

    /** The first input line not submitted: the reader's current part, or the earliest abandoned part. */
    private long firstUnsubmittedLine() {
        long first = firstUnsubmittedLine;
        for (long l : partsAbandoned) {
            if (l > 0 && (first <= 0 || l < first)) {
                first = l;
            }
        }
        return first;
    }

    private static String where(CsvFormatException e) {
        return "line " + e.line() + (e.column().isPresent() ? ", column " + e.column().getAsInt() : "");
    }

    private boolean canContinue() {
        return !abortRequested && fatal == null && !timedOut && ctx.clock().instant().isBefore(deadline);
    }

    /** Submits every part of one round and waits for all its jobs. */
    private void runRound(int round, CsvParts parts, boolean input) {
        List<CompletableFuture<JobOutcome>> futures = new ArrayList<>();
        int index = 0;
        try {
            while (true) {
                if (!canContinue()) {
                    if (!abortRequested && fatal == null) {
                        timedOut = true;
                    }
                    break;
                }
                long t0 = System.nanoTime();
                boolean has;
                try {
                    has = parts.hasNext();
                } catch (CsvFormatException e) {
                    if (input) {
                        inputError = e;
                        break;
                    }
                    throw e;
                } finally {
                    readNanos.addAndGet(System.nanoTime() - t0);
                }
                if (!has) {
                    if (input) {
                        inputFullyRead = true;
                    }
                    break;
                }
                CsvPart part = parts.next();
                if (input) {
                    header = part.header();
                    firstUnsubmittedLine = part.firstRecordLine();
                }
                partsRead.incrementAndGet();
                recordsRead.addAndGet(part.recordCount());
                bytesRead.addAndGet(part.byteSize());
                listener.onPartRead(round, index, part.recordCount(), part.byteSize());
                if (!acquireSlot()) {
                    part.release();
                    if (!abortRequested && fatal == null) {
                        timedOut = true;
                    }
                    break;
                }
                CompletableFuture<JobOutcome> f = new CompletableFuture<>();
                int partIndex = index++;
                partsInFlight.put(round + "/" + partIndex, input ? part.firstRecordLine() : 0L);
                workers.execute(() -> submitPart(round, partIndex, part, f));
                futures.add(f);
                if (input) {
                    firstUnsubmittedLine = 0;
                }
            }
            awaitAll(futures);
        } finally {
            parts.close();
        }
        for (CompletableFuture<JobOutcome> f : futures) {
            if (!f.isDone()) {
                timedOut = true;
                continue;
            }
            try {
                f.join();
            } catch (CompletionException | CancellationException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof WaitTimeoutException) {
                    timedOut = true;
                } else if (fatal == null) {
                    fatal = cause;
                }
            }
        }
    }

    /**
     * Waits for the round's jobs, but not past the deadline plus a grace: each job's poll fails at its own guard
     * (deadline + {@link JobPoller.Wait#stuckPollGrace()}), so this bound only matters when a create, upload or
     * close call hangs. Parts still in such a call are then reported as not submitted (their jobs are aborted,
     * never closed, when the call returns).
     */
    private void awaitAll(List<CompletableFuture<JobOutcome>> futures) {
        CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]));
        Duration grace = JobPoller.defaultStuckPollGrace(policy).plus(READER_EXTRA_GRACE);
        while (true) {
            long remaining = Duration.between(ctx.clock().instant(), deadline).plus(grace).toMillis();
            if (remaining <= 0) {
                break;
            }
            try {
                all.get(remaining, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                // re-check the clock
            } catch (ExecutionException e) {
                return; // every future is done; failures are collected by the caller
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fatal = new BulkException("The ingest reading thread was interrupted", e);
                break;
            }
        }
        if (!all.isDone()) {
            stoppedWaiting = true;
            partsAbandoned.addAll(partsInFlight.values());
            LOG.log(System.Logger.Level.WARNING, "The ingest stopped waiting at its deadline with {0} part(s) still "
                    + "in a create/upload/close call; their jobs will be aborted when the call returns",
                    partsInFlight.size());
        }
    }

    private boolean acquireSlot() {
        while (canContinue()) {
            long remaining = Duration.between(ctx.clock().instant(), deadline).toMillis();
            try {
                if (slots.tryAcquire(Math.max(1, Math.min(remaining, 1000)), TimeUnit.MILLISECONDS)) {
                    if (!canContinue()) {
                        slots.release();
                        return false;
                    }
                    return true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fatal = new BulkException("The ingest reading thread was interrupted", e);
                return false;
            }
        }
        return false;
    }

    /** Create, upload, close one part (on a worker), then poll it on the scheduler. */
    private void submitPart(int round, int partIndex, CsvPart part, CompletableFuture<JobOutcome> done) {
        long t0 = System.nanoTime();
        String jobId = null;
        AtomicLong wireBytes = new AtomicLong();
        try {
            JobInfo closed = null;
            for (int attempt = 1; closed == null; attempt++) {
                if (abortRequested) {
                    throw new CancellationException("The ingest was aborted before part " + partIndex
                            + " was uploaded");
                }
                abandonIfStopped(null, partIndex);
                JobInfo job;
                try {
                    job = api.create(request.toCreateRequest());
                } catch (JobCreationOutcomeUnknownException e) {
                    if (e.isRetryable() && attempt < MAX_JOB_ATTEMPTS) {
                        continue;
                    }
                    throw e;
                }
                jobId = job.id();
                jobsCreated.incrementAndGet();
                listener.onJobCreated(round, partIndex, job);
                abandonIfStopped(jobId, partIndex);
                try {
                    api.upload(jobId, source(part, wireBytes), request.compression());
                } catch (UploadOutcomeUnknownException | TransportException | InvalidJobStateException e) {
                    // InvalidJobStateException: the job was aborted (by someone else) before its upload; it was
                    // never closed, so nothing of it was applied and the part can go to a new job
                    abortQuietly(jobId);
                    discarded.add(jobId);
                    listener.onJobDiscarded(round, partIndex, jobId, e.getMessage());
                    LOG.log(System.Logger.Level.WARNING, "Upload of part {0} to job {1} failed ({2}); the job was "
                            + "aborted and the part goes to a new job", partIndex, jobId, e.getMessage());
                    String lost = jobId;
                    jobId = null;
                    if (attempt >= MAX_JOB_ATTEMPTS) {
                        throw new BulkException("Part " + partIndex + " could not be uploaded in " + attempt
                                + " attempts (last job " + lost + " was aborted): " + e.getMessage(), e);
                    }
                    continue;
                }
                abandonIfStopped(jobId, partIndex);
                closed = api.close(jobId);
            }
            partsInFlight.remove(round + "/" + partIndex);
            if (stoppedWaiting) {
                LOG.log(System.Logger.Level.WARNING, "Job {0} (part {1}) was closed after the ingest stopped waiting "
                        + "at its deadline; it is not in the run''s result: re-attach with "
                        + "client.ingestJob(\"{0}\") or abort it", closed.id(), partIndex);
            }
            uploadNanos.addAndGet(System.nanoTime() - t0);
            long sent = wireBytes.get();
            bytesUploaded.addAndGet(sent);
            long records = part.recordCount();
            part.release(); // results (with the input values) come from Salesforce, the spool is no longer needed
            JobOutcome o = new JobOutcome(round, partIndex, records, closed);
            outcomes.add(o);
            listener.onJobUploaded(round, partIndex, closed.id(), sent);
            if (abortRequested) {
                try {
                    o.info = api.abort(closed.id());
                } catch (InvalidJobStateException e) {
                    LOG.log(System.Logger.Level.DEBUG, "Job {0} finished before it could be aborted", closed.id());
                }
            }
            long tClosed = System.nanoTime();
            String id = closed.id();
            JobPoller.Wait wait = poller.newWait(() -> api.info(id), policy, deadline, false, info -> polled(o, info))
                    .initialInfo(closed)
                    .timeoutHint("Re-attach with client.ingestJob(\"" + id + "\") or abort it.");
            poller.awaitAsync(wait).whenComplete((info, err) -> {
                processingNanos.addAndGet(System.nanoTime() - tClosed);
                slots.release();
                if (err != null) {
                    Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause()
                            : err;
                    if (!(cause instanceof WaitTimeoutException) && fatal == null) {
                        fatal = cause;
                    }
                    done.completeExceptionally(cause);
                } else {
                    o.info = info;
                    done.complete(o);
                }
            });
        } catch (Throwable t) {
            partsInFlight.remove(round + "/" + partIndex);
            if (jobId != null) {
                abortQuietly(jobId);
            }
            part.release();
            slots.release();
            if (!(t instanceof CancellationException) && fatal == null) {
                fatal = t;
            }
            done.completeExceptionally(t);
        }
    }

    /** After the reader stopped waiting, a late worker aborts its job instead of closing it (nothing applied). */
    private void abandonIfStopped(String jobId, int partIndex) {
        if (stoppedWaiting) {
            throw new CancellationException("The ingest stopped waiting at its deadline before part " + partIndex
                    + " was closed" + (jobId == null ? "" : "; job " + jobId + " is aborted")
                    + " and the part was not submitted");
        }
    }

    /**
     * The body of a part's upload; {@code wire} receives the bytes that go over the wire. A part without a gzip
     * spool (a byte range of a file) is compressed here, on the fly, so that its compressed size can be counted.
     */
    private ByteSource source(CsvPart part, AtomicLong wire) {
        if (request.compression() == UploadCompression.GZIP) {
            if (part.gzippedByteSize().isPresent()) {
                wire.set(part.gzippedByteSize().getAsLong());
                return ByteSource.ofGzip(() -> part.openGzipped().orElseThrow(),
                        part.gzippedByteSize().getAsLong());
            }
            return ByteSource.ofGzip(() -> new CountingInputStream(
                    new dev.bulk2.core.internal.http.GzipCompressingInputStream(part.open()), wire), -1);
        }
        wire.set(part.byteSize());
        return ByteSource.of(part::open, part.byteSize());
    }

    /** Counts the bytes read into {@code count}, from 0 at every (re)open. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private final AtomicLong count;

        CountingInputStream(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
            count.set(0);
        }

        @Override
        public int read() throws java.io.IOException {
            int c = super.read();
            if (c >= 0) {
                count.incrementAndGet();
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws java.io.IOException {
            long k = super.skip(n);
            count.addAndGet(k);
            return k;
        }
    }

    private void abortQuietly(String jobId) {
        try {
            api.abort(jobId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not abort job {0}: {1}; abort it by hand", jobId,
                    e.getMessage());
        }
    }

    private void polled(JobOutcome o, JobInfo info) {
        JobInfo before = o.info;
        o.info = info;
        if (before == null || before.state() != info.state()) {
            listener.onJobStateChanged(info);
        }
        if (before == null || before.numberRecordsProcessed() != info.numberRecordsProcessed()
                || before.numberRecordsFailed() != info.numberRecordsFailed()) {
            listener.onRecordsProcessed(info.id(), info.numberRecordsProcessed(), info.numberRecordsFailed());
        }
    }

    // ---------------------------------------------------------------------------------------------- retry rounds

    /** Runs one retry round; false when there was nothing to resubmit or no time left. */
    private boolean retryRound(int round, RecordRetryPolicy rp) {
        List<JobOutcome> previous = new ArrayList<>();
        for (JobOutcome o : outcomes) {
            if (o.round != round - 1) {
                continue;
            }
            boolean failures = o.info.numberRecordsFailed() > 0 && o.info.state() != JobState.ABORTED;
            boolean unprocessed = rp.retryUnprocessed() && o.info.state() == JobState.FAILED && o.unprocessedAll() > 0;
            if (failures || unprocessed) {
                previous.add(o);
            }
        }
        if (previous.isEmpty() || header == null) {
            return false;
        }
        // Only wait (and count a round) when at least one row qualifies: failures with other codes are final.
        // The probe reads each failed-results file only up to its first retryable row.
        RetryRows probe = new RetryRows(previous, rp);
        boolean anyToResubmit;
        try {
            anyToResubmit = probe.hasNext();
        } finally {
            probe.closeOpen();
        }
        if (!anyToResubmit) {
            return false;
        }
        Duration delay = rp.backoff().delay(round);
        if (!ctx.clock().instant().plus(delay).isBefore(deadline)) {
            return false;
        }
        try {
            ctx.sleeper().sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BulkException("Interrupted before record retry round " + round, e);
        }
        if (!canContinue()) {
            return false;
        }
        retryRounds.incrementAndGet();
        listener.onRetryRound(round, delay.toMillis());
        RetryRows rows = new RetryRows(previous, rp);
        CsvChunker chunker = chunkerFor(request);
        CsvMapping<Map<String, ?>> mapping = CsvMapping.forMaps(header);
        runRound(round, chunker.split(rows, mapping), false);
        if (rows.exhausted) {
            for (JobOutcome o : previous) {
                o.failedRetried = true;
                o.unprocessedRetried = rp.retryUnprocessed() && o.info.state() == JobState.FAILED;
            }
        }
        return rows.total > 0;
    }

    /** Rows to resubmit, streamed from the previous round's failed and unprocessed results. */
    private final class RetryRows implements Iterator<Map<String, ?>> {
        private final Iterator<JobOutcome> jobs;
        private final RecordRetryPolicy rp;
        private Iterator<Map<String, ?>> current = Collections.emptyIterator();
        private java.io.Closeable open;
        private final List<Supplier<Iterator<Map<String, ?>>>> pending = new ArrayList<>();
        boolean exhausted;
        long total;

        RetryRows(List<JobOutcome> previous, RecordRetryPolicy rp) {
            this.rp = rp;
            this.jobs = previous.iterator();
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext()) {
                closeOpen();
                if (!pending.isEmpty()) {
                    current = pending.remove(0).get();
                    continue;
                }
                if (!jobs.hasNext()) {
                    exhausted = true;
                    return false;
                }
                JobOutcome o = jobs.next();
                if (o.info.numberRecordsFailed() > 0 && o.info.state() != JobState.ABORTED) {
                    pending.add(() -> {
                        long t0 = System.nanoTime();
                        FailedResultReader r = FailedResultReader.open(api.failedResults(o.info), dialect(o));
                        resultsNanos.addAndGet(System.nanoTime() - t0);
                        open = r;
                        Iterator<FailedRecord> it = r.iterator();
                        return mapIterator(it, f -> rp.isRetryable(f), f -> {
                            o.failedResubmitted++;
                            return f.fields();
                        });
                    });
                }
                if (rp.retryUnprocessed() && o.info.state() == JobState.FAILED && o.unprocessedAll() > 0) {
                    pending.add(() -> {
                        UnprocessedResultReader r = UnprocessedResultReader.open(api.unprocessedRecords(o.info),
                                dialect(o));
                        open = r;
                        Iterator<UnprocessedRecord> it = r.iterator();
                        return mapIterator(it, u -> true, u -> {
                            o.unprocessedResubmitted++;
                            return u.fields();
                        });
                    });
                }
            }
            return true;
        }

        @Override
        public Map<String, ?> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            total++;
            return current.next();
        }

        private void closeOpen() {
            if (open != null) {
                try {
                    open.close();
                } catch (java.io.IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "Closing a result stream failed: {0}", e.getMessage());
                }
                open = null;
            }
        }
    }

    private static <T> Iterator<Map<String, ?>> mapIterator(Iterator<T> in, java.util.function.Predicate<T> keep,
            Function<T, Map<String, String>> map) {
        return new Iterator<Map<String, ?>>() {
            private T next;

            @Override
            public boolean hasNext() {
                while (next == null && in.hasNext()) {
                    T t = in.next();
                    if (keep.test(t)) {
                        next = t;
                    }
                }
                return next != null;
            }

            @Override
            public Map<String, ?> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                T t = next;
                next = null;
                return map.apply(t);
            }
        };
    }

    private CsvDialect dialect(JobOutcome o) {
        return CsvDialect.of(o.info.columnDelimiter().orElse(request.columnDelimiter()),
                dev.bulk2.csv.LineEnding.LF);
    }

    static CsvChunker chunkerFor(IngestJobRequest request) {
        CsvChunker.Builder b = CsvChunker.builder()
                .dialect(CsvDialect.of(request.columnDelimiter(), request.lineEnding()))
                .maxBytes(request.maxBytesPerJob())
                .maxRecords(request.maxRecordsPerJob())
                .gzipSpool(request.compression() == UploadCompression.GZIP);
        request.spoolDirectory().ifPresent(b::spoolDirectory);
        return b.build();
    }

    // ------------------------------------------------------------------------------------------------- results

    private IngestResult buildResult() {
        List<JobOutcome> sorted = new ArrayList<>(outcomes);
        sorted.sort((a, b) -> a.round != b.round ? Integer.compare(a.round, b.round)
                : Integer.compare(a.partIndex, b.partIndex));
        return new IngestResult(api, sorted, header, request.recordRetryPolicy(), stats(), discarded,
                request.columnDelimiter(), abortRequested);
    }

    private Instant deadline() {
        return ctx.clock().instant().plus(policy.timeout());
    }

    /** One wait over every attached job; counts unprocessed rows of failed jobs so that the result reconciles. */
    private CompletableFuture<IngestResult> attachedWait(Instant until) {
        List<CompletableFuture<JobInfo>> fs = new ArrayList<>();
        for (JobOutcome o : outcomes) {
            JobPoller.Wait w = poller.newWait(() -> api.info(o.id()), policy, until, true, info -> polled(o, info))
                    .jobId(o.id()).timeoutHint("Wait again or abort it.");
            fs.add(poller.awaitAsync(w));
        }
        return CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0])).handle((v, err) -> {
            if (err != null) {
                List<JobInfo> unfinished = unfinished();
                Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                if (cause instanceof WaitTimeoutException) {
                    throw new WaitTimeoutException("Waiting for jobs " + jobIds() + " timed out at " + until + ": "
                            + ids(unfinished) + " still running on Salesforce. Wait again or abort them.",
                            unfinished, (int) poller.polls(), Duration.between(started, ctx.clock().instant()));
                }
                throw cause instanceof RuntimeException ? (RuntimeException) cause : new CompletionException(cause);
            }
            for (JobOutcome o : outcomes) {
                if (o.submitted < 0) {
                    long unprocessed = 0;
                    if (o.info.state() == JobState.FAILED || o.info.state() == JobState.ABORTED) {
                        try (UnprocessedResultReader r = UnprocessedResultReader.open(api.unprocessedRecords(o.info),
                                dialect(o))) {
                            for (UnprocessedRecord ignored : r) {
                                unprocessed++;
                            }
                        }
                    }
                    o.submitted = o.info.numberRecordsProcessed() + unprocessed;
                }
            }
            return new IngestResult(api, new ArrayList<>(outcomes), null, RecordRetryPolicy.none(), stats(),
                    List.of(), request.columnDelimiter(), false);
        });
    }

    /** For {@link IngestJob}: one GET, updating the latest info. */
    JobInfo pollOnce(String jobId) {
        for (JobOutcome o : outcomes) {
            if (o.id().equals(jobId)) {
                JobInfo info = api.info(jobId);
                polled(o, info);
                return info;
            }
        }
        throw new IllegalArgumentException("Job " + jobId + " is not part of this handle");
    }

    private List<JobInfo> unfinished() {
        List<JobInfo> l = new ArrayList<>();
        for (JobOutcome o : outcomes) {
            if (!o.info.state().isTerminal()) {
                l.add(o.info);
            }
        }
        return l;
    }

    private static List<String> ids(List<JobInfo> infos) {
        List<String> l = new ArrayList<>();
        for (JobInfo i : infos) {
            l.add(i.id());
        }
        return l;
    }

    private static IngestResult join(CompletableFuture<IngestResult> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw rethrow(e.getCause());
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

    /** Listener wrapper: exceptions are logged, never propagated. */
    private static final class SafeListener implements IngestListener {
        private final IngestListener l;

        SafeListener(IngestListener l) {
            this.l = l;
        }

        private void safely(Runnable r) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "An IngestListener threw {0}; ignored", e.toString());
            }
        }

        @Override
        public void onPartRead(int round, int partIndex, long records, long bytes) {
            safely(() -> l.onPartRead(round, partIndex, records, bytes));
        }

        @Override
        public void onJobCreated(int round, int partIndex, JobInfo job) {
            safely(() -> l.onJobCreated(round, partIndex, job));
        }

        @Override
        public void onJobUploaded(int round, int partIndex, String jobId, long bytes) {
            safely(() -> l.onJobUploaded(round, partIndex, jobId, bytes));
        }

        @Override
        public void onJobDiscarded(int round, int partIndex, String abortedJobId, String reason) {
            safely(() -> l.onJobDiscarded(round, partIndex, abortedJobId, reason));
        }

        @Override
        public void onJobStateChanged(JobInfo job) {
            safely(() -> l.onJobStateChanged(job));
        }

        @Override
        public void onRecordsProcessed(String jobId, long recordsProcessed, long recordsFailed) {
            safely(() -> l.onRecordsProcessed(jobId, recordsProcessed, recordsFailed));
        }

        @Override
        public void onRetryRound(int round, long delayMillis) {
            safely(() -> l.onRetryRound(round, delayMillis));
        }
    }
}
