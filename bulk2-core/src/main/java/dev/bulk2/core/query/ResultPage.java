package dev.bulk2.core.query;

import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.LineEnding;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One page of query results ({@code GET /jobs/query/{jobId}/results}): a streamed CSV body (header row first,
 * gzip already decoded) plus the paging headers {@code Sforce-Locator} and {@code Sforce-NumberOfRecords}.
 *
 * <p>The caller must {@link #close()} it (or its {@link #body()}); until then the HTTP connection stays
 * allocated. Pages are idempotent on the server: the same locator can be fetched again while the job exists.
 * Not thread-safe.
 */
public final class ResultPage implements Closeable {
    private final String jobId;
    private final String locator;
    private final String nextLocator;
    private final long numberOfRecords;
    private final InputStream body;
    private final ColumnDelimiter columnDelimiter;
    private final LineEnding lineEnding;

    ResultPage(String jobId, String locator, String nextLocator, long numberOfRecords, InputStream body,
            ColumnDelimiter columnDelimiter, LineEnding lineEnding) {
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        this.locator = locator;
        this.nextLocator = nextLocator;
        this.numberOfRecords = numberOfRecords;
        this.body = Objects.requireNonNull(body, "body");
        this.columnDelimiter = columnDelimiter;
        this.lineEnding = lineEnding;
    }

    /**
     * The query job the page belongs to.
     *
     * @return the job id
     */
    public String jobId() {
        return jobId;
    }

    /**
     * The locator this page was requested with; fetch it again with the same locator to re-read this page.
     *
     * @return the locator, empty for the first page (requested without one)
     */
    public Optional<String> locator() {
        return Optional.ofNullable(locator);
    }

    /**
     * The locator of the next page ({@code Sforce-Locator}). Pass it verbatim to
     * {@link QueryJobs#resultPage(String, String, int)} to resume by hand.
     *
     * @return the next locator, empty when this is the last page (Salesforce sends the literal {@code null})
     */
    public Optional<String> nextLocator() {
        return Optional.ofNullable(nextLocator);
    }

    /**
     * Whether this is the last page ({@code Sforce-Locator: null}).
     *
     * @return {@code true} if no page follows
     */
    public boolean isLast() {
        return nextLocator == null;
    }

    /**
     * The number of rows in this page as Salesforce announced it ({@code Sforce-NumberOfRecords}). A body with
     * fewer rows was cut off.
     *
     * @return the row count, empty if the header was missing
     */
    public OptionalLong numberOfRecords() {
        return numberOfRecords < 0 ? OptionalLong.empty() : OptionalLong.of(numberOfRecords);
    }

    /**
     * The CSV body (UTF-8, header row first, values quoted, the job's delimiter and line ending). Read it once;
     * closing it closes the page.
     *
     * @return the body stream
     */
    public InputStream body() {
        return body;
    }

    /**
     * The column delimiter of the body, when the job's delimiter was known to the caller.
     *
     * @return the delimiter, if known
     */
    public Optional<ColumnDelimiter> columnDelimiter() {
        return Optional.ofNullable(columnDelimiter);
    }

    /**
     * The line ending of the body, when the job's line ending was known to the caller.
     *
     * @return the line ending, if known
     */
    public Optional<LineEnding> lineEnding() {
        return Optional.ofNullable(lineEnding);
    }

    /** Releases the body and its connection. Idempotent. */
    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // nothing useful to report when releasing a download
        }
    }

    @Override
    public String toString() {
        return "ResultPage{jobId=" + jobId + ", locator=" + locator + ", nextLocator=" + nextLocator
                + ", numberOfRecords=" + numberOfRecords + "}";
    }
}
