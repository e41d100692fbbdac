package dev.bulk2.core.ingest;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.JobState;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.exception.InvalidJobStateException;
import dev.bulk2.core.exception.WaitTimeoutException;
import dev.bulk2.core.internal.ClientContext;
import dev.bulk2.core.internal.poll.JobPoller;
import dev.bulk2.csv.CsvDialect;
import dev.bulk2.csv.UnprocessedRecord;
import dev.bulk2.csv.UnprocessedResultReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The waiter of ingest jobs submitted earlier: {@code client.ingestJob(id)} and
 * {@code client.attachIngestJobs(ids)} both use it. Nothing is polled until a wait starts; each wait polls every
 * unfinished job with the polling policy up to its own deadline, then counts the unprocessed rows of failed jobs
 * (one download each) so that the result reconciles. Package-private, thread-safe.
 */
final class AttachedJobs implements RunEngine {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.core.ingest");

    private final ClientContext ctx;
    private final IngestJobs api;
    private final PollingPolicy policy;
    private final JobPoller poller;
    private final RunCounters counters;
    private final List<JobOutcome> outcomes = new CopyOnWriteArrayList<>();
    private final List<Runnable> watchers = new CopyOnWriteArrayList<>();

    AttachedJobs(ClientContext ctx, List<String> jobIds, PollingPolicy policy) {
        if (jobIds.isEmpty()) {
            throw new IllegalArgumentException("attach needs at least one job id");
        }
        this.ctx = ctx;
        this.api = IngestJobs.forContext(ctx);
        this.policy = policy;
        this.poller = JobPoller.of(ctx);
        this.counters = new RunCounters(ctx, poller);
        for (String id : jobIds) {
            outcomes.add(new JobOutcome(0, outcomes.size(), -1, JobInfo.builder().id(id).state(JobState.UNKNOWN)
                    .build()));
        }
    }

    @Override
    public Optional<IngestJobRequest> knownRequest() {
        return Optional.empty();
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
    public long polls() {
        return poller.polls();
    }

    @Override
    public boolean runsByItself() {
        return false;
    }

    @Override
    public Runnable onProgress(Runnable watcher) {
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    /** One GET of one job, updating its latest info. */
    JobInfo pollOnce(String jobId) {
        JobOutcome o = outcome(jobId);
        JobInfo info = api.info(jobId);
        update(o, info);
        return info;
    }

    /** Aborts one job and records the answer as its latest info. */
    JobInfo abort(String jobId) {
        JobOutcome o = outcome(jobId);
        JobInfo info = api.abort(jobId);
        update(o, info);
        return info;
    }

    private JobOutcome outcome(String jobId) {
        for (JobOutcome o : outcomes) {
            if (o.id().equals(jobId)) {
                return o;
            }
        }
        throw new IllegalArgumentException("Job " + jobId + " is not part of this handle");
    }

    private void update(JobOutcome o, JobInfo info) {
        o.info = info;
        for (Runnable w : watchers) {
            w.run();
        }
    }

    @Override
    public List<String> abort() {
        List<String> aborted = new ArrayList<>();
        for (JobOutcome o : outcomes) {
            if (!o.info.state().isTerminal()) {
                try {
                    abort(o.id());
                    aborted.add(o.id());
                } catch (InvalidJobStateException e) {
                    LOG.log(System.Logger.Level.DEBUG, "Job {0} finished before it could be aborted", o.id());
                }
            }
        }
        return aborted;
    }

    @Override
    public CompletableFuture<IngestResult> completion(Instant waitDeadline) {
        Instant until = waitDeadline != null ? waitDeadline : ctx.clock().instant().plus(policy.timeout());
        Instant waitStarted = ctx.clock().instant();
        List<CompletableFuture<JobInfo>> fs = new ArrayList<>();
        for (JobOutcome o : outcomes) {
            JobPoller.Wait w = poller.newWait(() -> api.info(o.id()), policy, until, true, info -> update(o, info))
                    .jobId(o.id()).timeoutHint("Wait again or abort it.");
            fs.add(poller.awaitAsync(w));
        }
        return CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0])).handleAsync((v, err) -> {
            if (err != null) {
                Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                if (cause instanceof WaitTimeoutException) {
                    List<JobInfo> unfinished = RunFailures.unfinished(outcomes);
                    throw new WaitTimeoutException("Waiting for jobs " + RunFailures.jobIds(outcomes) + " timed out "
                            + "at " + until + ": " + RunFailures.ids(unfinished) + " still running on Salesforce "
                            + "(unfinished: " + unfinished.size() + " of " + outcomes.size() + "). Wait again or "
                            + "abort them.", unfinished, (int) poller.polls(),
                            Duration.between(waitStarted, ctx.clock().instant()));
                }
                throw cause instanceof RuntimeException ? (RuntimeException) cause : new CompletionException(cause);
            }
            for (JobOutcome o : outcomes) {
                if (o.submitted < 0) {
                    o.submitted = o.info.numberRecordsProcessed() + unprocessedRows(o);
                }
            }
            counters.finish();
            return new IngestResult(api, new ArrayList<>(outcomes), null, RecordRetryPolicy.none(),
                    counters.snapshot(), List.of(), dev.bulk2.csv.ColumnDelimiter.COMMA, false, List.of(), null);
        }, ctx.io());
    }

    private long unprocessedRows(JobOutcome o) {
        if (o.info.state() != JobState.FAILED && o.info.state() != JobState.ABORTED) {
            return 0;
        }
        long n = 0;
        try (UnprocessedResultReader r = UnprocessedResultReader.open(api.unprocessedRecords(o.info),
                CsvDialect.of(o.info.columnDelimiter().orElse(dev.bulk2.csv.ColumnDelimiter.COMMA),
                        dev.bulk2.csv.LineEnding.LF))) {
            for (UnprocessedRecord ignored : r) {
                n++;
            }
        }
        return n;
    }
}
