package dev.bulk2.core.ingest;

import java.time.Duration;

/**
 * Statistics of a fluent ingest run: a snapshot taken when {@link IngestRun#stats()} or
 * {@link IngestResult#stats()} is called. Immutable and thread-safe.
 *
 * <p>Phase times: {@link #readTime()} is time spent reading and splitting the input (on the reading thread);
 * {@link #uploadTime()} sums create + upload + close of every job (they overlap when several jobs are in
 * flight, so it can exceed the elapsed time); {@link #processingTime()} sums, per job, the time from its close to
 * the poll that saw it terminal; {@link #resultsTime()} is time spent reading failed/unprocessed results to
 * resubmit rows.
 */
public final class IngestStats {
    private final long partsRead;
    private final long recordsRead;
    private final long bytesRead;
    private final long bytesUploaded;
    private final long jobsCreated;
    private final long jobsDiscarded;
    private final int retryRounds;
    private final long apiCalls;
    private final long polls;
    private final Duration readTime;
    private final Duration uploadTime;
    private final Duration processingTime;
    private final Duration resultsTime;
    private final Duration elapsed;

    IngestStats(long partsRead, long recordsRead, long bytesRead, long bytesUploaded, long jobsCreated,
            long jobsDiscarded, int retryRounds, long apiCalls, long polls, Duration readTime, Duration uploadTime,
            Duration processingTime, Duration resultsTime, Duration elapsed) {
        this.partsRead = partsRead;
        this.recordsRead = recordsRead;
        this.bytesRead = bytesRead;
        this.bytesUploaded = bytesUploaded;
        this.jobsCreated = jobsCreated;
        this.jobsDiscarded = jobsDiscarded;
        this.retryRounds = retryRounds;
        this.apiCalls = apiCalls;
        this.polls = polls;
        this.readTime = readTime;
        this.uploadTime = uploadTime;
        this.processingTime = processingTime;
        this.resultsTime = resultsTime;
        this.elapsed = elapsed;
    }

    /** @return parts produced by the chunker (input and retry rounds) */
    public long partsRead() {
        return partsRead;
    }

    /** @return records in those parts */
    public long recordsRead() {
        return recordsRead;
    }

    /** @return uncompressed CSV bytes of those parts, headers included */
    public long bytesRead() {
        return bytesRead;
    }

    /** @return bytes sent in accepted uploads (the compressed size when sent gzip) */
    public long bytesUploaded() {
        return bytesUploaded;
    }

    /** @return jobs created, including discarded ones */
    public long jobsCreated() {
        return jobsCreated;
    }

    /** @return jobs aborted after an upload with an unknown outcome (their part went to a new job) */
    public long jobsDiscarded() {
        return jobsDiscarded;
    }

    /** @return record retry rounds run */
    public int retryRounds() {
        return retryRounds;
    }

    /**
     * API calls made by the client since the run started (the client's counter, so calls made concurrently by
     * other work on the same client are included), retries and token-refresh replays included.
     *
     * @return the count
     */
    public long apiCalls() {
        return apiCalls;
    }

    /** @return job info polls made by this run */
    public long polls() {
        return polls;
    }

    /** @return time reading and splitting the input */
    public Duration readTime() {
        return readTime;
    }

    /** @return summed create + upload + close time of all jobs */
    public Duration uploadTime() {
        return uploadTime;
    }

    /** @return summed time from close to terminal of all jobs */
    public Duration processingTime() {
        return processingTime;
    }

    /** @return time reading results to resubmit rows */
    public Duration resultsTime() {
        return resultsTime;
    }

    /** @return wall time since the run started (until it completed, for a completed run) */
    public Duration elapsed() {
        return elapsed;
    }

    @Override
    public String toString() {
        return "IngestStats{parts=" + partsRead + ", records=" + recordsRead + ", bytesRead=" + bytesRead
                + ", bytesUploaded=" + bytesUploaded + ", jobsCreated=" + jobsCreated + ", jobsDiscarded="
                + jobsDiscarded + ", retryRounds=" + retryRounds + ", apiCalls=" + apiCalls + ", polls=" + polls
                + ", read=" + readTime + ", upload=" + uploadTime + ", processing=" + processingTime + ", results="
                + resultsTime + ", elapsed=" + elapsed + "}";
    }
}
