package dev.bulk2.testkit.internal;

import java.util.concurrent.atomic.AtomicLong;

/** The daily allocations besides API requests: Bulk API batches, query jobs, query result storage. Thread-safe. */
final class Allocations {
    /** Bulk API 2.0 ingest creates one internal batch per 10,000 records of a job (reference §3.11). */
    static final int RECORDS_PER_BULK_BATCH = 10_000;
    /**
     * The Bulk API 2.0 error for a daily allocation that is used up, with the description of {@code ExceededQuota}
     * in the "Errors" page of the Bulk API 2.0 developer guide.
     */
    static final String EXCEEDED_QUOTA_MESSAGE =
            "The job or batch you tried to create exceeds the allowed number for the past 24-hour period.";
    /** {@link #EXCEEDED_QUOTA_MESSAGE} as a job's {@code errorMessage}. */
    static final String EXCEEDED_QUOTA = "ExceededQuota : " + EXCEEDED_QUOTA_MESSAGE;
    private final Config cfg;
    final AtomicLong bulkBatches = new AtomicLong();
    final AtomicLong queryJobs = new AtomicLong();
    final AtomicLong queryResultBytes = new AtomicLong();

    Allocations(Config cfg) {
        this.cfg = cfg;
    }

    private static boolean take(AtomicLong counter, long max) {
        while (true) {
            long n = counter.get();
            if (n >= max) {
                return false;
            }
            if (counter.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** @return false (and nothing consumed) when the daily Bulk API batches are used up */
    boolean takeBulkBatch() {
        return take(bulkBatches, cfg.dailyBulkApiBatches);
    }

    /** @return false (and nothing consumed) when the daily query jobs are used up */
    boolean takeQueryJob() {
        return take(queryJobs, cfg.dailyBulkV2QueryJobs);
    }

    void addQueryResultBytes(long n) {
        queryResultBytes.addAndGet(n);
    }

    /** @return whole megabytes of query results used, rounded up */
    long queryStorageMBUsed() {
        long b = queryResultBytes.get();
        return (b + (1 << 20) - 1) >> 20;
    }

    void reset() {
        bulkBatches.set(0);
        queryJobs.set(0);
        queryResultBytes.set(0);
    }
}
