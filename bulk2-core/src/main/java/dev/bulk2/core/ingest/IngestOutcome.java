package dev.bulk2.core.ingest;

/**
 * The one-word verdict of a fluent ingest ({@link IngestResult#outcome()}). Only {@link #ALL_SUCCEEDED} is a
 * success; check it (or call {@link IngestResult#throwIfNotSuccessful()}) before treating a load as done, because a
 * job that failed as a whole leaves {@link IngestResult#recordsFailed()} at 0 (its rows are unprocessed, not failed).
 */
public enum IngestOutcome {
    /** Every submitted row succeeded: no failed job, no part left unsent, no failed or unprocessed row. */
    ALL_SUCCEEDED,
    /**
     * Every job completed and every row was processed, but some rows failed (see
     * {@link IngestResult#failedRecords()}) or were pre-rejected by the pre-flight and not sent (see
     * {@link IngestResult#preRejectedRows()}); the other rows were applied.
     */
    SOME_RECORDS_FAILED,
    /**
     * Not every row was processed: a job failed or was aborted as a whole (see {@link IngestResult#failedJobs()}
     * and their {@code errorMessage()}), a part could not be sent ({@link IngestResult#failedParts()}), the run
     * was aborted, or the numbers do not reconcile. The rows not processed are in
     * {@link IngestResult#unprocessedRecords()}; some rows may also have failed.
     */
    JOBS_FAILED_OR_RECORDS_UNPROCESSED
}
