package dev.bulk2.core.ingest;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.exception.WaitTimeoutException;
import dev.bulk2.core.exception.LocalIoException;
import dev.bulk2.core.internal.ClientContext;
import dev.bulk2.core.internal.journal.JournalEntry;
import dev.bulk2.core.internal.poll.JobPoller;
import dev.bulk2.csv.CsvDialect;
import dev.bulk2.csv.CsvException;
import dev.bulk2.csv.CsvRowSourceException;
import dev.bulk2.csv.CsvFormatException;
import dev.bulk2.csv.CsvPart;
import dev.bulk2.csv.CsvParts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Drives one fluent ingest: rounds (the input, then record-retry rounds), slots (at most
 * {@code maxConcurrentJobs} parts between "read" and "terminal"), and the end of the run.
 *
 * <p>Event-driven on the client's executors: a "pump" task on the I/O executor reads parts while slots are free
 * and hands each to the {@link PartSubmitter}; a submitted part is polled by the client's {@link JobPoller}; each
 * part that ends frees its slot and pumps again. No thread of the run ever waits for another task, so any number
 * of runs share the client's bounded I/O executor. Waits (polls, retry backoff, record-retry delays) go through
 * the client's injected sleeper and clock.
 *
 * <p>The run's deadline holds even if a call never returns: a scheduler guard fires at deadline + grace and
 * completes the run with what it has; parts still in a create/upload/close call then count as not submitted and
 * their jobs are aborted (never closed) when the call returns.
 *
 * <p>Package-private, thread-safe.
 */
final class RunDriver implements RunEngine {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.core.ingest");
    /** Extra time given to the jobs' own deadline guards before the run stops waiting itself. */
    private static final Duration EXTRA_GRACE = Duration.ofSeconds(1);

    private final ClientContext ctx;
    private final IngestJobs api;
    private final IngestJobRequest request;
    private final PollingPolicy policy;
    private final JobPoller poller;
    private final ListenerGuard listener;
    private final RunCounters counters;
    private final RunState state = new RunState();
    private final PartSubmitter submitter;
    private final RetryRounds retries;
    private final Instant started;
    private final Instant deadline;
    private final CompletableFuture<IngestResult> completion = new CompletableFuture<>();
    private final List<JobOutcome> outcomes = new CopyOnWriteArrayList<>();
    private final List<FailedPart> failedParts = new CopyOnWriteArrayList<>();
    private final Map<String, Long> partsInFlight = new ConcurrentHashMap<>();
    /** Where the input stopped being sent. */
    private final UnsentInput unsent = new UnsentInput();
    private final AtomicInteger pumpRequests = new AtomicInteger();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final RunProgressFeed feed;
    private final RunJournal journal;
    /** The journal's steps and the resume decisions. */
    private final RunResume steps;
    /** The journal says the run completed: nothing is sent or journaled, the result comes from its jobs. */
    private final boolean resumeComplete;

    private volatile List<String> header;
    /** Rows the pre-flight left out of the upload. */
    private volatile List<dev.bulk2.core.plan.PlanProblem> preRejected = List.of();
    private volatile boolean inputFullyRead;
    /** Malformed CSV ({@link CsvFormatException}) or a typed row source that threw ({@link CsvRowSourceException}). */
    private volatile CsvException inputError;
    /** The input file, or {@code null} for a stream or row input. */
    private volatile java.nio.file.Path inputFile;

    // the current round, guarded by "this"
    private int round;
    private CsvParts source;
    private Runnable closeInput;
    private boolean sourceDone;
    private boolean roundEnding;
    private int inFlight;
    private int nextIndex;
    /** The part read ahead while every slot was taken (reading stays ahead of the uploads). */
    private CsvPart readAhead;
    private List<JobOutcome> retriedJobs = List.of();
    private RetryRounds.Rows retryRows;

    private RunDriver(ClientContext ctx, IngestJobRequest request, RunJournal journal) {
        this.journal = journal;
        this.ctx = ctx;
        this.api = IngestJobs.forContext(ctx);
        this.request = request;
        this.steps = new RunResume(journal, api, request);
        this.resumeComplete = steps.isComplete();
        this.policy = request.pollingPolicy().orElse(PollingPolicy.defaults());
        this.poller = JobPoller.of(ctx);
        this.listener = new ListenerGuard(request.listener());
        this.counters = new RunCounters(ctx, poller);
        this.submitter = new PartSubmitter(ctx, api, request, state, listener, counters,
                resumeComplete ? RunJournal.NONE : journal);
        this.retries = new RetryRounds(api, request, counters);
        this.started = ctx.clock().instant();
        this.deadline = started.plus(request.timeout().orElse(policy.timeout()));
        this.feed = new RunProgressFeed(ctx, listener, counters, outcomes, failedParts, () -> inputFullyRead);
    }

    /**
     * Starts a run over parts produced lazily by {@code partsFactory}, called on the caller's thread so that a
     * malformed header fails at once with nothing sent. With a journal, it is opened (and checked against the
     * request and input) first, on the caller's thread too.
     *
     * @param csv the input file, or {@code null} for a stream or row input
     */
    static RunDriver start(ClientContext ctx, IngestJobRequest request, Supplier<CsvParts> partsFactory,
            Runnable closeInput, java.nio.file.Path csv, List<dev.bulk2.core.plan.PlanProblem> preRejected) {
        RunJournal journal;
        try {
            if (csv != null) {
                LocalFiles.checkInput(csv);
            }
            request.spoolDirectory().ifPresent(LocalFiles::checkSpoolDirectory);
            journal = RunJournal.open(request, csv, ctx.clock());
        } catch (RuntimeException e) {
            closeInput.run();
            throw e;
        }
        RunDriver d = new RunDriver(ctx, request, journal);
        d.preRejected = preRejected;
        d.inputFile = csv;
        CsvParts parts;
        try {
            parts = partsFactory.get();
        } catch (RuntimeException e) {
            journal.close();
            closeInput.run();
            throw RunFailures.notStarted(e, csv);
        }
        synchronized (d) {
            d.source = parts;
            d.closeInput = closeInput;
        }
        d.armDeadlineGuard();
        d.pump();
        return d;
    }

    // ------------------------------------------------------------------------------------------ RunEngine

    @Override
    public java.util.Optional<IngestJobRequest> knownRequest() {
        return java.util.Optional.of(request);
    }

    @Override
    public boolean runsByItself() {
        return true;
    }

    @Override
    public List<JobOutcome> outcomes() {
        return outcomes;
    }

    @Override
    public IngestStats stats() {
        return counters.snapshot();
    }

    @Override
    public CompletableFuture<IngestResult> completion(Instant waitDeadline) {
        return completion;
    }

    @Override
    public Runnable onProgress(Runnable watcher) {
        return feed.watch(watcher);
    }

    @Override
    public long polls() {
        return poller.polls();
    }

    @Override
    public List<String> abort() {
        state.abortRequested = true;
        List<String> aborted = new ArrayList<>();
        for (JobOutcome o : outcomes) {
            JobInfo info = o.info.state().isTerminal() ? null : api.abortIfRunning(o.id());
            if (info != null) {
                o.info = info;
                aborted.add(o.id());
            }
        }
        pump();
        return aborted;
    }

    // ------------------------------------------------------------------------------------------- the pump

    private boolean canContinue() {
        return !state.abortRequested && state.fatal == null && !state.timedOut
                && ctx.clock().instant().isBefore(deadline);
    }

    /** Asks for a pump; at most one runs at a time and none is lost. */
    private void pump() {
        if (pumpRequests.getAndIncrement() == 0) {
            try {
                ctx.io().execute(this::drainPumps);
            } catch (RejectedExecutionException e) {
                pumpRequests.set(0);
                state.fatal(new BulkException("The ingest cannot go on: the client's I/O executor rejected its "
                        + "work (was the BulkClient closed?)", e));
                finish();
            }
        }
    }

    private void drainPumps() {
        int missed = 1;
        do {
            try {
                pumpOnce();
            } catch (Throwable t) {
                state.fatal(t);
                synchronized (this) {
                    sourceDone = true;
                }
                endRoundIfDone();
            }
            missed = pumpRequests.addAndGet(-missed);
        } while (missed != 0);
    }

    private void pumpOnce() {
        CsvParts parts;
        int r;
        synchronized (this) {
            if (roundEnding || finished.get()) {
                return;
            }
            parts = source;
            r = round;
        }
        boolean input = r == 0;
        while (true) {
            CsvPart part;
            synchronized (this) {
                part = readAhead;
                readAhead = null;
                if (part == null && sourceDone) {
                    break;
                }
            }
            if (!canContinue()) {
                if (!state.abortRequested) {
                    if (state.fatal == null) {
                        state.timedOut = true;
                    }
                    if (input) {
                        if (part != null) {
                            unsent.readerAt(part.firstRecordLine());
                        } else if (unsent.readerAtNextPart(parts)) {
                            inputFullyRead = true;
                        }
                    }
                }
                if (part != null) {
                    part.release();
                }
                markSourceDone();
                break;
            }
            if (part == null) {
                part = read(parts, r);
                if (part == null) {
                    break;
                }
            }
            int index;
            synchronized (this) {
                if (inFlight >= request.maxConcurrentJobs()) {
                    readAhead = part; // a part that ends pumps again
                    if (input) {
                        unsent.readerAt(part.firstRecordLine());
                    }
                    return;
                }
                index = nextIndex++;
                inFlight++;
            }
            if (input) {
                unsent.readerAt(0);
            }
            String key = r + "/" + index;
            Runnable resumed = null;
            if (journal.enabled()) {
                try {
                    resumed = journalPart(r, index, key, part);
                } catch (RuntimeException | Error e) {
                    part.release();
                    synchronized (this) {
                        inFlight--;
                    }
                    throw e;
                }
            }
            listener.onPartRead(r, index, part.recordCount(), part.byteSize());
            feed.totals();
            if (resumed != null) {
                resumed.run();
                continue;
            }
            partsInFlight.put(key, input ? part.firstRecordLine() : 0L);
            CsvPart p = part;
            long[] sent = new long[1];
            submitter.submit(r, index, part, b -> sent[0] = b).whenComplete((closed, err) -> submitted(r, index,
                    key, p, closed, sent[0], err));
        }
        endRoundIfDone();
    }

    /** Reads the next part, or returns {@code null} (and marks the source done) at its end or on bad input. */
    private CsvPart read(CsvParts parts, int r) {
        boolean input = r == 0;
        long t0 = System.nanoTime();
        boolean has;
        try {
            has = parts.hasNext();
        } catch (CsvFormatException | CsvRowSourceException e) {
            if (!input) {
                throw e;
            }
            inputError = e;
            markSourceDone();
            return null;
        } catch (CsvException e) {
            LocalIoException io = LocalFiles.of("Reading the input", e, inputFile,
                    request.spoolDirectory().orElse(null));
            throw io != null ? io : new BulkException("Reading the input failed: " + e.getMessage(), e);
        } finally {
            counters.readNanos.addAndGet(System.nanoTime() - t0);
        }
        if (!has) {
            if (input) {
                inputFullyRead = true;
                feed.totals();
            }
            int planned;
            synchronized (this) {
                planned = nextIndex;
            }
            steps.roundPlanned(r, planned);
            markSourceDone();
            return null;
        }
        CsvPart part = parts.next();
        if (input) {
            header = part.header();
        }
        counters.partsRead.incrementAndGet();
        counters.recordsRead.addAndGet(part.recordCount());
        counters.bytesRead.addAndGet(part.byteSize());
        return part;
    }

    private synchronized void markSourceDone() {
        sourceDone = true;
    }

    /** A part left the submitter: start polling its job, or record why it failed. */
    private void submitted(int r, int index, String key, CsvPart part, JobInfo closed, long bytesSent,
            Throwable err) {
        partsInFlight.remove(key);
        feed.watchLimits();
        if (err != null) {
            Throwable cause = unwrap(err);
            if (cause instanceof PartSubmitter.PartFailedException) {
                PartSubmitter.PartFailedException pf = (PartSubmitter.PartFailedException) cause;
                // the part's bytes go away when its round's input closes: keep a copy for the retry round and
                // for IngestResult.unprocessedRecords()
                FailedPart f = FailedPart.of(r, index, part, pf.getMessage(), pf.abortedJobIds,
                        request.spoolDirectory().orElse(null));
                failedParts.add(f);
                try {
                    steps.partFailed(r, index, key, pf.getMessage());
                } catch (RuntimeException je) {
                    state.fatal(je);
                }
                LOG.log(System.Logger.Level.WARNING, "{0}; its {1} rows are reported as unprocessed{2} and the run "
                        + "goes on", pf.getMessage(), part.recordCount(), request.recordRetryPolicy().isEnabled()
                        && request.recordRetryPolicy().retryUnprocessed() ? " (or sent again by a record-retry round)"
                        : "");
                listener.onPartFailed(f);
            } else {
                if (!(cause instanceof CancellationException)) {
                    state.fatal(cause);
                }
                if (r == 0 && state.fatal != null) {
                    unsent.stopped(part.firstRecordLine()); // its rows were not sent
                }
                part.release();
            }
            slotFreed();
            return;
        }
        if (state.stoppedWaiting) {
            LOG.log(System.Logger.Level.WARNING, "Job {0} (part {1}) was closed after the ingest stopped waiting at "
                    + "its deadline; it is not in the run''s result: re-attach with client.ingestJob(\"{0}\") or "
                    + "abort it", closed.id(), index);
        }
        long records = part.recordCount();
        part.release(); // results (with the input values) come from Salesforce; the spool is no longer needed
        JobOutcome o = new JobOutcome(r, index, records, closed);
        outcomes.add(o);
        if (bytesSent >= 0) {
            listener.onJobUploaded(r, index, closed.id(), bytesSent); // after the job is in jobIds()
        }
        feed.totals();
        if (state.abortRequested) {
            try {
                JobInfo info = api.abortIfRunning(closed.id());
                o.info = info != null ? info : o.info;
            } catch (BulkException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not abort job {0}: {1}", closed.id(), e.getMessage());
            }
        }
        long tClosed = System.nanoTime();
        String id = closed.id();
        JobPoller.Wait wait = poller.newWait(() -> api.info(id), policy, deadline, false, info -> feed.polled(o, info))
                .initialInfo(closed).expectedRecords(records)
                .timeoutHint("Re-attach with client.ingestJob(\"" + id + "\") or abort it.");
        poller.awaitAsync(wait).whenComplete((info, e) -> {
            counters.processingNanos.addAndGet(System.nanoTime() - tClosed);
            if (e != null) {
                Throwable cause = unwrap(e);
                if (cause instanceof WaitTimeoutException) {
                    state.timedOut = true;
                } else {
                    state.fatal(cause);
                }
            } else {
                o.info = info;
                try {
                    steps.terminal(r, index, info);
                } catch (RuntimeException je) {
                    state.fatal(je);
                }
            }
            slotFreed();
        });
    }

    private void slotFreed() {
        synchronized (this) {
            inFlight--;
        }
        feed.changed();
        pump();
    }

    // --------------------------------------------------------------------------------------------- rounds

    /** Ends the round once its source is done and no part is in flight; then starts the next round or finishes. */
    private void endRoundIfDone() {
        CsvParts parts;
        Runnable close;
        int r;
        synchronized (this) {
            if (!sourceDone || inFlight > 0 || readAhead != null || roundEnding || finished.get()) {
                return;
            }
            roundEnding = true;
            parts = source;
            close = closeInput;
            closeInput = null;
            r = round;
        }
        try {
            parts.close();
        } finally {
            if (close != null) {
                close.run();
            }
        }
        if (r > 0 && retryRows != null) {
            retries.markRetried(retriedJobs, retryRows);
        }
        nextRound(r + 1);
    }

    private void nextRound(int next) {
        if (next > retries.maxRounds() || !canContinue() || inputError != null || header == null) {
            finish();
            return;
        }
        JournalEntry.RetryRound journaled = steps.journaledRound(next);
        if (journaled != null) {
            resumeRound(next, journaled);
            return;
        }
        if (resumeComplete) {
            finish(); // the completed run had no such round
            return;
        }
        RetryRounds.Plan plan;
        try {
            plan = retries.plan(next, outcomes, failedParts, ctx.clock().instant(), deadline);
        } catch (RuntimeException e) {
            state.fatal(e);
            plan = null;
        }
        if (plan == null) {
            finish();
            return;
        }
        RetryRounds.Plan p = plan;
        ctx.delay(p.delay).whenComplete((v, err) -> {
            if (err != null || !canContinue()) {
                if (err != null) {
                    state.fatal(err);
                }
                finish();
                return;
            }
            counters.retryRounds.incrementAndGet();
            listener.onRetryRound(next, p.delay.toMillis());
            RetryRounds.Rows rows = retries.rows(p.previous, p.unsent,
                    CsvDialect.of(request.columnDelimiter(), request.lineEnding()));
            CsvParts parts;
            try {
                parts = steps.roundParts(next, p.previous, rows, header);
            } catch (RuntimeException e) {
                state.fatal(e);
                finish();
                return;
            }
            startRound(next, parts, p.previous, rows);
        });
    }

    private void startRound(int next, CsvParts parts, List<JobOutcome> previous, RetryRounds.Rows rows) {
        synchronized (this) {
            round = next;
            source = parts;
            sourceDone = false;
            roundEnding = false;
            nextIndex = 0;
            steps.roundStarted();
            retriedJobs = previous;
            retryRows = rows;
        }
        pump();
    }

    /**
     * Resumes a retry round the journal says started: its rows come from its spool (never again from Salesforce's
     * results), its source jobs and unsent parts count as resubmitted with the journaled figures, and no backoff
     * is waited again.
     */
    private void resumeRound(int next, JournalEntry.RetryRound rr) {
        CsvParts parts;
        try {
            parts = steps.resumeRound(next, rr, outcomes, failedParts, retries);
        } catch (RuntimeException e) {
            state.fatal(e);
            finish();
            return;
        }
        LOG.log(System.Logger.Level.INFO, "Resuming record-retry round {0} from the journal: {1} rows of {2} "
                + "job(s)", next, rr.rows, rr.fromJobs.size());
        counters.retryRounds.incrementAndGet();
        listener.onRetryRound(next, 0);
        startRound(next, parts, List.of(), null);
    }

    // --------------------------------------------------------------------------------------------- the end

    /** Stops waiting once deadline + grace has passed while the run still waits for calls that hang. */
    private void armDeadlineGuard() {
        Duration grace = JobPoller.defaultStuckPollGrace(policy).plus(EXTRA_GRACE);
        new DeadlineGuard(ctx, deadline.plus(grace), finished::get, completion, () -> {
            state.stoppedWaiting = true;
            state.timedOut = true;
            unsent.abandoned(partsInFlight.values());
            LOG.log(System.Logger.Level.WARNING, "The ingest stopped waiting at its deadline with {0} part(s) "
                    + "still in a create/upload/close call; their jobs will be aborted when the call returns",
                    partsInFlight.size());
            ctx.io().execute(this::finish);
        }, e -> {
            state.fatal(new BulkException("The ingest cannot go on: the client's executors are shut down (was "
                    + "the BulkClient closed?)", e));
            finish();
        }).arm();
    }

    private void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        Runnable close;
        CsvParts parts;
        CsvPart ahead;
        synchronized (this) {
            close = closeInput;
            closeInput = null;
            parts = source;
            ahead = readAhead;
            readAhead = null;
        }
        if (ahead != null) {
            ahead.release();
        }
        if (close != null) {
            try {
                parts.close();
            } finally {
                close.run();
            }
        }
        submitter.retryFailedAborts(); // before the journal closes: each abort is journaled
        counters.finish();
        IngestResult result = buildResult();
        RunFailures failures = new RunFailures(state, deadline, outcomes, failedParts, inputFullyRead,
                unsent.firstLine(inputError), poller.polls(), Duration.between(started, ctx.clock().instant()),
                unsent.abandonedCount()).journal(journal.path());
        Throwable failure = failures.failure(result, inputError);
        try {
            if (failure == null && !resumeComplete && journal.enabled() && result.isReconciled()) {
                journal.runComplete(result.recordsSubmitted(), result.recordsSucceeded(), result.recordsFailed(),
                        result.recordsUnprocessed());
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            journal.close();
        }
        feed.changed();
        listener.onRunCompleted(result);
        if (failure != null) {
            completion.completeExceptionally(failure);
        } else {
            completion.complete(result);
        }
    }

    private IngestResult buildResult() {
        List<JobOutcome> sorted = new ArrayList<>(outcomes);
        sorted.sort((a, b) -> a.round != b.round ? Integer.compare(a.round, b.round)
                : Integer.compare(a.partIndex, b.partIndex));
        return new IngestResult(api, sorted, header, request.recordRetryPolicy(), counters.snapshot(),
                state.discarded, request.columnDelimiter(), state.abortRequested, failedParts,
                CsvDialect.of(request.columnDelimiter(), request.lineEnding())).withPreRejected(preRejected);
    }

    // ------------------------------------------------------------------------------------------ the journal

    /** What the journal says to do with a part just read: {@code null} to send it, else what takes its slot. */
    private Runnable journalPart(int r, int index, String key, CsvPart part) {
        RunResume.Decision d = steps.part(r, index, key, part);
        if (d == null) {
            return null;
        }
        if (d.failure != null) {
            PartSubmitter.PartFailedException f = new PartSubmitter.PartFailedException(d.failure, null, List.of());
            return () -> submitted(r, index, key, part, null, -1, f);
        }
        return () -> adopt(r, index, key, part, d.job);
    }

    /** A journaled job that holds the part's data: wait for it (or take its terminal state) like a closed one. */
    private void adopt(int r, int index, String key, CsvPart part, JobInfo info) {
        partsInFlight.put(key, r == 0 ? part.firstRecordLine() : 0L);
        submitted(r, index, key, part, info, -1, null);
    }

    static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
