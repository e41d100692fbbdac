package dev.bulk2.core.ingest;

import dev.bulk2.core.JobInfo;

/**
 * Progress of a fluent ingest run, for progress bars and logs. Every method has an empty default, so implement
 * only what you need.
 *
 * <p>Events of one job arrive in order (part read, job created, uploaded, state changes, progress); events of
 * different jobs interleave when several jobs are in flight. Methods are called from bulk2's worker and scheduler
 * threads, possibly concurrently: implementations must be thread-safe and fast (never block). An exception thrown
 * by a listener is logged and ignored; it never stops the run.
 *
 * <p>For a progress bar, {@link #onProgress(RunProgress)} alone is enough: it carries the run's overall totals.
 *
 * <pre>{@code
 * client.ingest("Account").upsert("External_ID__c")
 *         .listener(new IngestListener() {
 *             public void onProgress(RunProgress p) {
 *                 bar.update(p.recordsProcessed(), p.recordsRead(), p.jobsDone() + "/" + p.jobsPlanned() + " jobs");
 *             }
 *         })
 *         .upload(csv).awaitCompletion();
 * }</pre>
 */
public interface IngestListener {

    /** A listener that ignores every event. */
    IngestListener NONE = new IngestListener() {
    };

    /**
     * The chunker produced a part of the input (or of a retry round's rows).
     *
     * @param round 0 for the input, 1.. for retry rounds
     * @param partIndex 0-based index of the part within its round
     * @param records records in the part
     * @param bytes uncompressed CSV bytes of the part, header included
     */
    default void onPartRead(int round, int partIndex, long records, long bytes) {
    }

    /**
     * A job was created for a part.
     *
     * @param round the round
     * @param partIndex the part
     * @param job the created job ({@code Open})
     */
    default void onJobCreated(int round, int partIndex, JobInfo job) {
    }

    /**
     * A part's data was uploaded and its job closed ({@code UploadComplete}).
     *
     * @param round the round
     * @param partIndex the part
     * @param jobId the job
     * @param bytes bytes sent (compressed size when compression is on and known)
     */
    default void onJobUploaded(int round, int partIndex, String jobId, long bytes) {
    }

    /**
     * The upload of a part failed without a clear outcome; the job was aborted and the part will be uploaded to a
     * new job (it never reached processing, so nothing is applied twice).
     *
     * @param round the round
     * @param partIndex the part
     * @param abortedJobId the discarded job
     * @param reason the failure message
     */
    default void onJobDiscarded(int round, int partIndex, String abortedJobId, String reason) {
    }

    /**
     * A part could not be handed to Salesforce for good (every attempt the retry policy allows failed); the run
     * goes on with the other parts and reports this part's rows as unprocessed with the reason.
     *
     * @param part the part, its rows and the reason
     */
    default void onPartFailed(FailedPart part) {
    }

    /**
     * A poll saw a job in a new state.
     *
     * @param job the latest info
     */
    default void onJobStateChanged(JobInfo job) {
    }

    /**
     * A poll saw a job's counters grow.
     *
     * @param jobId the job
     * @param recordsProcessed processed so far (succeeded + failed)
     * @param recordsFailed failed so far
     */
    default void onRecordsProcessed(String jobId, long recordsProcessed, long recordsFailed) {
    }

    /**
     * The run's overall totals changed: bytes and records read, records sent, processed and failed, jobs done of
     * jobs planned. Called after a part is read, a job is uploaded, a poll answer changes a job, a job ends, and
     * when the input is fully read, only when a total changed. Calls never overlap and arrive in order (each total
     * only grows), so the last one seen is the latest; keep it quick, as the run waits for it.
     *
     * @param progress the totals
     */
    default void onProgress(RunProgress progress) {
    }

    /**
     * A retry round starts (after its backoff).
     *
     * @param round 1 for the first follow-up round
     * @param delayMillis the backoff waited before it
     */
    default void onRetryRound(int round, long delayMillis) {
    }

    /**
     * The org's daily API request usage, as the {@code Sforce-Limit-Info} header of the run's responses reports it,
     * crossed a threshold (80%, then 95%) for the first time in this run; each threshold is reported once per
     * run. bulk2 also logs it as a {@code System.Logger} WARNING on {@code dev.bulk2.core.ingest}.
     *
     * @param threshold the threshold crossed, {@code 0.8} or {@code 0.95}
     * @param used requests used in the rolling 24 hours
     * @param max the org's allocation
     * @param message a log line with the figures
     */
    default void onApiUsageThreshold(double threshold, long used, long max, String message) {
    }

    /**
     * The run ended (successfully or not, including a run stopped by a deadline or an abort): the final, reconciled
     * counts of every record submitted. Called once per run started with {@code upload(...)} or {@code submit(...)},
     * before its {@code awaitCompletion} returns or throws; a run resumed from a journal reports the whole run.
     *
     * @param result the result of the run (its counts and jobs; reading its record streams here costs API calls)
     */
    default void onRunCompleted(IngestResult result) {
    }
}
