package dev.bulk2.core.query;

import dev.bulk2.core.JobInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The summary of a finished bulk query export: the job, how many rows, pages and bytes were transferred, and
 * what it cost in API calls. Immutable and thread-safe.
 */
public final class QueryResult {
    private final JobInfo jobInfo;
    private final List<String> columns;
    private final long rows;
    private final int pages;
    private final long bytes;
    private final long apiCalls;
    private final int pageRetries;
    private final Duration elapsed;

    QueryResult(JobInfo jobInfo, List<String> columns, long rows, int pages, long bytes, long apiCalls,
            int pageRetries, Duration elapsed) {
        this.jobInfo = Objects.requireNonNull(jobInfo, "jobInfo");
        this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
        this.rows = rows;
        this.pages = pages;
        this.bytes = bytes;
        this.apiCalls = apiCalls;
        this.pageRetries = pageRetries;
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
    }

    /**
     * The final snapshot of the query job (state {@code JobComplete}).
     *
     * @return the job info
     */
    public JobInfo jobInfo() {
        return jobInfo;
    }

    /**
     * The result columns, in SELECT order (API 50.0+), as the header row names them.
     *
     * @return an unmodifiable list, empty when the result had no header
     */
    public List<String> columns() {
        return columns;
    }

    /**
     * Data rows delivered (header rows not counted).
     *
     * @return the row count
     */
    public long rows() {
        return rows;
    }

    /**
     * Result pages downloaded.
     *
     * @return the page count
     */
    public int pages() {
        return pages;
    }

    /**
     * Bytes of CSV downloaded (decoded, every page's header included; re-downloads not counted).
     *
     * @return the byte count
     */
    public long bytes() {
        return bytes;
    }

    /**
     * HTTP requests the client sent while this query ran: create, polls, result pages, {@code resultPages} links,
     * retries and token-refresh replays. Counted on the client, so calls made concurrently by other work on the
     * same {@code BulkClient} are included.
     *
     * @return the call count
     */
    public long apiCalls() {
        return apiCalls;
    }

    /**
     * Page downloads that were repeated (cut-off body, short row count or a transient error).
     *
     * @return the retry count
     */
    public int pageRetries() {
        return pageRetries;
    }

    /**
     * Wall time from creating the job to delivering the last row.
     *
     * @return the duration
     */
    public Duration elapsed() {
        return elapsed;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof QueryResult)) {
            return false;
        }
        QueryResult t = (QueryResult) o;
        return rows == t.rows && pages == t.pages && bytes == t.bytes && apiCalls == t.apiCalls
                && pageRetries == t.pageRetries && jobInfo.equals(t.jobInfo) && columns.equals(t.columns)
                && elapsed.equals(t.elapsed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jobInfo, columns, rows, pages, bytes, apiCalls, pageRetries, elapsed);
    }

    @Override
    public String toString() {
        return "QueryResult{jobId=" + jobInfo.id() + ", rows=" + rows + ", pages=" + pages + ", bytes=" + bytes
                + ", apiCalls=" + apiCalls + ", pageRetries=" + pageRetries + ", elapsed=" + elapsed + "}";
    }
}
