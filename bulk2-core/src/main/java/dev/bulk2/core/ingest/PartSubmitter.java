package dev.bulk2.core.ingest;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.JobState;
import dev.bulk2.core.RetryPolicy;
import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.exception.InvalidJobStateException;
import dev.bulk2.core.exception.JobCreationOutcomeUnknownException;
import dev.bulk2.core.exception.TransportException;
import dev.bulk2.core.exception.UploadOutcomeUnknownException;
import dev.bulk2.core.internal.ClientContext;
import dev.bulk2.csv.CsvPart;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands one part to Salesforce: create a job, upload the part once, close the job. All calls run on the client's
 * I/O executor; no thread waits between attempts.
 *
 * <p>One upload per job is the rule: when an upload's outcome is unknown (connection dropped, 5xx, the job
 * aborted by someone else before its data arrived) the job is aborted (never closed, so nothing of it is applied)
 * and the part goes to a new job, after the retry policy's backoff. Attempts are bounded by the client's
 * {@link RetryPolicy#maxAttempts()} and {@link RetryPolicy#maxElapsed()} (counted from the part's first attempt).
 * A create whose answer was lost is handled by the low-level API (orphan search and abort) and retried the same
 * way. A part that still cannot be sent fails with {@link PartFailedException}: the run goes on without it. Any
 * other failure (the org's API limit, a rejected token, a misconfigured request) fails with the original
 * exception, which the driver treats as stopping the run.
 *
 * <p>Package-private, thread-safe.
 */
final class PartSubmitter {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.core.ingest");

    private final ClientContext ctx;
    private final IngestJobs api;
    private final IngestJobRequest request;
    private final RunState state;
    private final ListenerGuard listener;
    private final RunCounters counters;
    private final RetryPolicy retry;
    private final RunJournal journal;

    PartSubmitter(ClientContext ctx, IngestJobs api, IngestJobRequest request, RunState state,
            ListenerGuard listener, RunCounters counters, RunJournal journal) {
        this.journal = journal;
        this.ctx = ctx;
        this.api = api;
        this.request = request;
        this.state = state;
        this.listener = listener;
        this.counters = counters;
        this.retry = ctx.retryPolicy();
    }

    /** A part that could not be sent in the attempts allowed; the run goes on without it. */
    static final class PartFailedException extends BulkException {
        private static final long serialVersionUID = 1L;
        final transient List<String> abortedJobIds;

        PartFailedException(String message, Throwable cause, List<String> abortedJobIds) {
            super(message, cause);
            this.abortedJobIds = List.copyOf(abortedJobIds);
        }
    }

    /** What one submission knows across its attempts. */
    private final class Attempts {
        final int round;
        final int partIndex;
        final CsvPart part;
        final Instant started = ctx.clock().instant();
        final long startNanos = System.nanoTime();
        final List<String> aborted = new ArrayList<>();
        final CompletableFuture<JobInfo> done = new CompletableFuture<>();
        final AtomicLong wireBytes = new AtomicLong();
        volatile long uploadedBytes;
        int attempt;

        Attempts(int round, int partIndex, CsvPart part) {
            this.round = round;
            this.partIndex = partIndex;
            this.part = part;
        }

        boolean mayTryAgain() {
            return attempt < retry.maxAttempts()
                    && Duration.between(started, ctx.clock().instant()).compareTo(retry.maxElapsed()) < 0;
        }
    }

    /**
     * Submits the part.
     *
     * @param bytes receives the bytes sent over the wire, before the returned future completes
     * @return the closed job's info (state {@code UploadComplete} or later), or a failure:
     *     {@link PartFailedException} for this part only, {@link CancellationException} when the run was aborted
     *     or stopped waiting, any other exception for a failure that stops the run
     */
    CompletableFuture<JobInfo> submit(int round, int partIndex, CsvPart part, java.util.function.LongConsumer bytes) {
        Attempts a = new Attempts(round, partIndex, part);
        next(a, Duration.ZERO);
        return a.done.whenComplete((info, e) -> {
            if (e == null) {
                bytes.accept(a.uploadedBytes);
            }
        });
    }

    private void next(Attempts a, Duration delay) {
        ctx.delay(delay).whenComplete((v, err) -> {
            if (err != null) {
                a.done.completeExceptionally(err);
                return;
            }
            try {
                ctx.io().execute(() -> attempt(a));
            } catch (RuntimeException e) {
                a.done.completeExceptionally(new BulkException("Cannot submit part " + a.partIndex
                        + ": the client's I/O executor rejected it (was the BulkClient closed?)", e));
            }
        });
    }

    private void attempt(Attempts a) {
        a.attempt++;
        String jobId = null;
        try {
            checkStillWanted(a, null);
            JobInfo job;
            journal.createSent(a.round, a.partIndex, a.attempt);
            try {
                job = api.create(request.toCreateRequest());
            } catch (JobCreationOutcomeUnknownException e) {
                retryOrGiveUp(a, e, "creating its job failed without a clear answer");
                return;
            } catch (TransportException e) {
                retryOrGiveUp(a, e, "creating its job failed without an answer");
                return;
            } catch (dev.bulk2.core.exception.BulkApiException e) {
                if (e.statusCode() >= 500) {
                    retryOrGiveUp(a, e, "creating its job failed with HTTP " + e.statusCode());
                    return;
                }
                throw e;
            }
            jobId = job.id();
            journal.jobCreated(a.round, a.partIndex, jobId); // before the upload starts
            counters.jobsCreated.incrementAndGet();
            listener.onJobCreated(a.round, a.partIndex, job);
            checkStillWanted(a, jobId);
            try {
                api.upload(jobId, a.part, request.isGzip(), a.wireBytes);
            } catch (UploadOutcomeUnknownException | TransportException | InvalidJobStateException e) {
                // InvalidJobStateException: the job was aborted (by someone else) before its upload; it was never
                // closed, so nothing of it was applied and the part can go to a new job
                discard(a, jobId, e);
                retryOrGiveUp(a, e, "its upload to job " + jobId + " had an unknown outcome");
                return;
            }
            journal.uploaded(a.round, a.partIndex, jobId, a.wireBytes.get()); // before the close
            checkStillWanted(a, jobId);
            JobInfo closed = close(a, jobId);
            if (closed == null) {
                return; // the job was still Open: discarded, and the part sent again or given up
            }
            journal.closed(a.round, a.partIndex, jobId, closed.state().apiName()); // before polling
            counters.uploadNanos.addAndGet(System.nanoTime() - a.startNanos);
            counters.bytesUploaded.addAndGet(a.wireBytes.get());
            a.uploadedBytes = a.wireBytes.get();
            a.done.complete(closed);
        } catch (Throwable t) {
            if (jobId != null && abortQuietly(jobId)) { // never closed: nothing of it is applied
                journalAbort(a, jobId, "the run stopped: " + t.getMessage(), t);
            } else if (jobId != null) {
                state.unaborted.put(jobId, new int[] {a.round, a.partIndex}); // tried again at the end of the run
            }
            a.done.completeExceptionally(t);
        }
    }

    /**
     * Closes the job. When the close fails without a clear answer, the job is read back: still {@code Open}
     * means the close did not happen (the job is discarded and the part goes to a new job); any later state means
     * it did.
     *
     * @return the closed info, or {@code null} when the part was discarded (and retried or given up)
     */
    private JobInfo close(Attempts a, String jobId) {
        try {
            return api.close(jobId);
        } catch (TransportException | UploadOutcomeUnknownException e) {
            JobInfo now;
            try {
                now = api.info(jobId);
            } catch (BulkException readBack) {
                e.addSuppressed(readBack);
                discard(a, jobId, e);
                retryOrGiveUp(a, e, "closing job " + jobId + " had an unknown outcome");
                return null;
            }
            if (now.state() == JobState.OPEN) {
                discard(a, jobId, e);
                retryOrGiveUp(a, e, "closing job " + jobId + " failed");
                return null;
            }
            LOG.log(System.Logger.Level.DEBUG, "Closing job {0} had no answer, but the job is {1}: it was closed",
                    jobId, now.state());
            return now;
        } catch (dev.bulk2.core.exception.BulkApiException e) {
            if (e.statusCode() >= 500) {
                discard(a, jobId, e);
                retryOrGiveUp(a, e, "closing job " + jobId + " failed with HTTP " + e.statusCode());
                return null;
            }
            throw e;
        }
    }

    private void discard(Attempts a, String jobId, Exception e) {
        boolean aborted = abortQuietly(jobId);
        if (aborted) {
            journal.terminal(a.round, a.partIndex, jobId, JobState.ABORTED.apiName(), 0, 0, e.getMessage());
        } else {
            state.unaborted.put(jobId, new int[] {a.round, a.partIndex});
        }
        a.aborted.add(jobId);
        state.discarded.add(jobId);
        counters.jobsDiscarded.incrementAndGet();
        listener.onJobDiscarded(a.round, a.partIndex, jobId, e.getMessage());
        LOG.log(System.Logger.Level.WARNING, "Part {0}: {1}; job {2} {3} (it was never closed, so nothing of it is "
                + "applied) and the part goes to a new job", a.partIndex, e.getMessage(), jobId,
                aborted ? "was aborted" : "could not be aborted yet (tried again at the end of the run)");
    }

    /**
     * At the end of the run: aborts once more each discarded job whose abort failed (it was never closed, so
     * nothing of it is applied), and journals the abort; a job still not aborted is named in a WARNING.
     */
    void retryFailedAborts() {
        for (java.util.Map.Entry<String, int[]> e : state.unaborted.entrySet()) {
            String jobId = e.getKey();
            try {
                JobInfo info = api.info(jobId);
                if (info.state() == JobState.OPEN) {
                    info = api.abort(jobId);
                }
                if (info.state() == JobState.ABORTED) {
                    journal.terminal(e.getValue()[0], e.getValue()[1], jobId, JobState.ABORTED.apiName(), 0, 0,
                            "discarded (its upload had an unknown outcome); aborted at the end of the run");
                    state.unaborted.remove(jobId);
                    LOG.log(System.Logger.Level.INFO, "Job {0}, discarded earlier, is aborted now", jobId);
                }
            } catch (RuntimeException x) {
                LOG.log(System.Logger.Level.WARNING, "Job {0} was discarded but could not be aborted ({1}): it is left"
                        + " Open (nothing of it is applied); abort it by hand", jobId, x.getMessage());
            }
        }
    }

    private void retryOrGiveUp(Attempts a, BulkException e, String what) {
        if (state.abortRequested || state.stoppedWaiting) {
            a.done.completeExceptionally(new CancellationException("The ingest stopped before part " + a.partIndex
                    + " was submitted"));
            return;
        }
        if (a.mayTryAgain()) {
            Duration backoff = retry.backoff().delay(a.attempt);
            LOG.log(System.Logger.Level.INFO, "Part {0}: {1}; sending it again in {2} ms (attempt {3} of {4})",
                    a.partIndex, what, backoff.toMillis(), a.attempt + 1, retry.maxAttempts());
            next(a, backoff);
            return;
        }
        a.done.completeExceptionally(new PartFailedException("Part " + a.partIndex + " could not be sent to "
                + "Salesforce: " + what + " on each of " + a.attempt + " attempt(s) in "
                + Duration.between(a.started, ctx.clock().instant()) + " (the retry policy allows "
                + retry.maxAttempts() + " attempts in " + retry.maxElapsed() + ")"
                + (a.aborted.isEmpty() ? "" : "; jobs " + a.aborted + " were aborted before processing")
                + ". Last error: " + e.getMessage(), e, a.aborted));
    }

    /**
     * After an abort, a failure that stops the run, or once the run stopped waiting at its deadline, a late
     * submitter aborts instead of closing (and sends nothing more).
     */
    private void checkStillWanted(Attempts a, String jobId) {
        if (state.fatal != null) {
            throw new CancellationException("The ingest stopped early before part " + a.partIndex + " was sent"
                    + (jobId == null ? "" : "; job " + jobId + " is aborted"));
        }
        if (state.abortRequested) {
            throw new CancellationException("The ingest was aborted before part " + a.partIndex
                    + " was uploaded" + (jobId == null ? "" : "; job " + jobId + " is aborted"));
        }
        if (state.stoppedWaiting) {
            throw new CancellationException("The ingest stopped waiting at its deadline before part " + a.partIndex
                    + " was closed" + (jobId == null ? "" : "; job " + jobId + " is aborted")
                    + " and the part was not submitted");
        }
    }

    /** @return whether the abort succeeded */
    boolean abortQuietly(String jobId) {
        try {
            api.abort(jobId);
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not abort job {0}: {1}; abort it by hand", jobId,
                    e.getMessage());
            return false;
        }
    }

    /** Journals the run's own abort of an attempt, unless the journal itself is what failed. */
    private void journalAbort(Attempts a, String jobId, String reason, Throwable cause) {
        if (cause instanceof dev.bulk2.core.exception.JournalException) {
            return;
        }
        try {
            journal.terminal(a.round, a.partIndex, jobId, JobState.ABORTED.apiName(), 0, 0, reason);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
