package dev.bulk2.core.ingest;

import java.util.Objects;

/**
 * Overall totals of a running ingest, delivered by {@link IngestListener#onProgress(RunProgress)}: enough for a
 * progress bar without bookkeeping. Every count only grows during a run (retry rounds add to the plan).
 *
 * <p>{@link #jobsPlanned()} is one job per part read so far (plus the parts of retry rounds); it is final once
 * {@link #isInputFullyRead()} is true and no retry round is pending. A job is done when it reached a terminal state
 * (JobComplete, Failed, Aborted) or its part could not be sent ({@link FailedPart}). {@link #recordsProcessed()}
 * and {@link #recordsFailed()} are the sums of the jobs' latest {@code numberRecordsProcessed} and
 * {@code numberRecordsFailed} (processed includes failed, as Salesforce counts).
 *
 * <p>Immutable value.
 */
public final class RunProgress {
    private final long bytesRead;
    private final long recordsRead;
    private final long recordsSent;
    private final long recordsProcessed;
    private final long recordsFailed;
    private final long jobsDone;
    private final long jobsPlanned;
    private final boolean inputFullyRead;

    RunProgress(long bytesRead, long recordsRead, long recordsSent, long recordsProcessed, long recordsFailed,
            long jobsDone, long jobsPlanned, boolean inputFullyRead) {
        this.bytesRead = bytesRead;
        this.recordsRead = recordsRead;
        this.recordsSent = recordsSent;
        this.recordsProcessed = recordsProcessed;
        this.recordsFailed = recordsFailed;
        this.jobsDone = jobsDone;
        this.jobsPlanned = jobsPlanned;
        this.inputFullyRead = inputFullyRead;
    }

    /**
     * Bytes of CSV read from the input (parts as uploaded, the header repeated in each), retry rounds included.
     *
     * @return the bytes read
     */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * Records read from the input into parts, retry rounds included.
     *
     * @return the records read
     */
    public long recordsRead() {
        return recordsRead;
    }

    /**
     * Records in jobs that have their data and are closed (uploaded to Salesforce).
     *
     * @return the records sent
     */
    public long recordsSent() {
        return recordsSent;
    }

    /**
     * Records Salesforce has processed, failed ones included.
     *
     * @return the records processed
     */
    public long recordsProcessed() {
        return recordsProcessed;
    }

    /**
     * Records Salesforce has reported failed.
     *
     * @return the records failed
     */
    public long recordsFailed() {
        return recordsFailed;
    }

    /**
     * Jobs (parts) that are done: terminal, or their part could not be sent.
     *
     * @return the jobs done
     */
    public long jobsDone() {
        return jobsDone;
    }

    /**
     * Jobs planned so far: one per part read.
     *
     * @return the jobs planned
     */
    public long jobsPlanned() {
        return jobsPlanned;
    }

    /**
     * Whether the whole input has been read, so that {@link #jobsPlanned()} is final for the first round.
     *
     * @return true once the input is read
     */
    public boolean isInputFullyRead() {
        return inputFullyRead;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RunProgress)) {
            return false;
        }
        RunProgress p = (RunProgress) o;
        return bytesRead == p.bytesRead && recordsRead == p.recordsRead && recordsSent == p.recordsSent
                && recordsProcessed == p.recordsProcessed && recordsFailed == p.recordsFailed && jobsDone == p.jobsDone
                && jobsPlanned == p.jobsPlanned && inputFullyRead == p.inputFullyRead;
    }

    @Override
    public int hashCode() {
        return Objects.hash(bytesRead, recordsRead, recordsSent, recordsProcessed, recordsFailed, jobsDone,
                jobsPlanned, inputFullyRead);
    }

    @Override
    public String toString() {
        return "RunProgress{jobs " + jobsDone + "/" + jobsPlanned + (inputFullyRead ? "" : "+") + ", read "
                + recordsRead + " records (" + bytesRead + " bytes), sent " + recordsSent + ", processed "
                + recordsProcessed + ", failed " + recordsFailed + "}";
    }
}
