package dev.bulk2.core.query;

import dev.bulk2.core.JobInfo;

/**
 * Progress callbacks of a bulk query, for progress bars and logs. Every method has an empty default, so implement
 * only what you need. Callbacks must be quick and must not throw; they may be called from bulk2's download and
 * scheduler threads (page events from several threads at once when pages are downloaded in parallel), so
 * implementations must be thread-safe.
 */
public interface QueryListener {
    /** A listener that does nothing (the default). */
    QueryListener NONE = new QueryListener() {
    };

    /**
     * The query job was created.
     *
     * @param job the job as created (state {@code UploadComplete})
     */
    default void jobCreated(JobInfo job) {
    }

    /**
     * The job was polled while waiting for it.
     *
     * @param job the latest snapshot ({@code numberRecordsProcessed} grows while it runs)
     */
    default void jobPolled(JobInfo job) {
    }

    /**
     * A results page was downloaded completely and its row count checked.
     *
     * @param jobId the job
     * @param pageIndex 0-based position of the page in the result
     * @param rows rows in the page
     * @param bytes bytes of the page body (header included)
     */
    default void pageDownloaded(String jobId, int pageIndex, long rows, long bytes) {
    }

    /**
     * A page download failed (cut-off body, short row count, transient error) and is about to be repeated.
     *
     * @param jobId the job
     * @param pageIndex 0-based position of the page
     * @param attempt the attempt that failed (1 for the first download)
     * @param cause why
     */
    default void pageRetried(String jobId, int pageIndex, int attempt, RuntimeException cause) {
    }

    /**
     * The export finished: all rows were delivered (or written).
     *
     * @param result the summary
     */
    default void completed(QueryResult result) {
    }
}
