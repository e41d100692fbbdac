package dev.bulk2.core.ingest;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.exception.WaitTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * A fluent ingest reached its time limit ({@link IngestJobRequest#timeout()}). No further part was submitted;
 * the jobs already submitted keep running on Salesforce. {@link #jobIds()} names the unfinished ones and
 * {@link #allJobIds()} every job of the run: re-attach with {@code client.attachIngestJobs(e.allJobIds())} to
 * wait for them and read their results, or abort them.
 *
 * <p>{@link #isInputFullyRead()} says whether every input row had been submitted; if not, the row at
 * {@link #firstUnsubmittedLine()} was never sent, nor were the rows after it except those of the jobs in
 * {@link #allJobIds()} (parts that were still being uploaded at the limit are not submitted; with several jobs in
 * flight a later part may have been).
 */
public class IngestTimeoutException extends WaitTimeoutException {
    private static final long serialVersionUID = 1L;

    private final List<String> allJobIds;
    private final boolean inputFullyRead;
    private final long firstUnsubmittedLine;

    IngestTimeoutException(String message, List<JobInfo> unfinished, List<String> allJobIds, int polls,
            Duration elapsed, boolean inputFullyRead, long firstUnsubmittedLine) {
        super(message, unfinished, polls, elapsed);
        this.allJobIds = List.copyOf(allJobIds);
        this.inputFullyRead = inputFullyRead;
        this.firstUnsubmittedLine = firstUnsubmittedLine;
    }

    /** @return every job of the run that received data, finished or not */
    public List<String> allJobIds() {
        return allJobIds;
    }

    /** @return whether every input row had been submitted before the limit */
    public boolean isInputFullyRead() {
        return inputFullyRead;
    }

    /** @return the 1-based input line of the first row not submitted, or 0 when all were submitted or unknown */
    public long firstUnsubmittedLine() {
        return firstUnsubmittedLine;
    }
}
