package dev.bulk2.core.query;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.JobState;
import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.exception.JobFailedException;
import dev.bulk2.core.internal.ClientContext;
import dev.bulk2.core.internal.poll.JobPoller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One execution of a bulk query: create the job, wait for it, then hand out verified pages. The blocking and
 * the async terminals both go through these methods; they differ only in how the wait is driven (sleeper or
 * scheduler) and which thread runs the download. Package-private; used by one logical flow at a time.
 */
final class QueryRun {
    final QueryJobs jobs;
    final ClientContext ctx;
    final QueryJobRequest request;
    final QuerySettings settings;
    final QueryStats stats = new QueryStats();
    private final Instant deadline;
    private final Instant started;
    private final long apiCallsAtStart;
    private volatile JobInfo finalInfo;
    private volatile RowMap.Columns columns;

    QueryRun(QueryJobs jobs, QueryJobRequest request, QuerySettings settings, Instant deadline) {
        this.jobs = jobs;
        this.ctx = jobs.context();
        this.request = request;
        this.settings = settings;
        this.deadline = deadline;
        this.started = ctx.clock().instant();
        this.apiCallsAtStart = ctx.transport().apiCallCount();
    }

    JobInfo create() {
        JobInfo job = jobs.create(request);
        settings.listener.jobCreated(job);
        return job;
    }

    private JobPoller.Wait newWait(JobPoller poller, JobInfo created) {
        String id = created.id();
        return poller.newWait(() -> jobs.info(id), settings.pollingPolicy, deadline, false,
                settings.listener::jobPolled)
                .jobId(id)
                .initialInfo(created)
                .timeoutHint("Check it later with client.queryJobs().info(\"" + id + "\") and read its results with "
                        + "client.queryJobs().resultPage(...), or abort it with client.queryJobs().abort(\"" + id
                        + "\").");
    }

    /** Blocks until the job is terminal; throws for Failed/Aborted. */
    JobInfo await(JobInfo created) {
        if (created.isTerminal()) {
            return completed(created);
        }
        JobPoller poller = JobPoller.of(ctx);
        return completed(poller.await(newWait(poller, created)));
    }

    /** The async form of create + await: no thread blocks while waiting. */
    CompletableFuture<JobInfo> startAsync() {
        return CompletableFuture.supplyAsync(this::create, ctx.io()).thenCompose(created -> {
            if (created.isTerminal()) {
                return CompletableFuture.completedFuture(created);
            }
            JobPoller poller = JobPoller.of(ctx);
            return poller.awaitAsync(newWait(poller, created));
        }).thenApply(this::completed);
    }

    JobInfo start() {
        return await(create());
    }

    private JobInfo completed(JobInfo info) {
        if (info.state() == JobState.FAILED || info.state() == JobState.ABORTED) {
            String msg = info.errorMessage().orElse("no error message");
            throw new JobFailedException("Query job " + info.id() + " ended " + info.stateAsString().orElse("Failed")
                    + ": " + msg + (info.state() == JobState.FAILED
                    ? ". Check the query (Bulk API 2.0 rejects GROUP BY, OFFSET, TYPEOF, aggregates, compound "
                    + "fields and parent-to-child subqueries) or add filters for large objects, then run it again."
                    : ". It was aborted; run the query again if the results are still needed."), info);
        }
        if (info.state() != JobState.JOB_COMPLETE) {
            throw new BulkException("Query job " + info.id() + " ended in the unexpected state "
                    + info.stateAsString().orElse("?") + "; its results cannot be read.");
        }
        finalInfo = info;
        return info;
    }

    /** A completed journaled export: the job info rebuilt from the journal stands for the final snapshot. */
    void completedFromJournal(JobInfo info) {
        finalInfo = info;
    }

    PageSource pages(JobInfo job) {
        return PageSource.open(jobs, job, settings, stats);
    }

    void release(DownloadedPage p) {
        stats.buffered(-1);
        p.release();
    }

    RowMap.Columns columns() {
        return columns;
    }

    /** Parses a page header; the first page defines the columns, later pages must repeat them. */
    RowMap.Columns header(DownloadedPage page, String[] header) {
        RowMap.Columns c = columns;
        if (c == null) {
            columns = new RowMap.Columns(header);
            return columns;
        }
        if (!Arrays.equals(c.names, header)) {
            throw new BulkException("Page " + (page.index + 1) + " of query job " + finalInfo.id()
                    + " has the header " + Arrays.toString(header) + " but the first page had "
                    + Arrays.toString(c.names) + "; the results are inconsistent. Run the query again.");
        }
        return c;
    }

    QueryResult result(long rowsDelivered) {
        return result(rowsDelivered, stats.pages.get());
    }

    /** The result with the given page count (a resumed export counts the pages of every run). */
    QueryResult result(long rowsDelivered, int pages) {
        JobInfo info = finalInfo;
        List<String> cols = columns == null ? List.of() : columns.list;
        return new QueryResult(info, cols, rowsDelivered, pages, stats.bytes.get(),
                ctx.transport().apiCallCount() - apiCallsAtStart, stats.pageRetries.get(),
                Duration.between(started, ctx.clock().instant()));
    }

    QueryResult finish(long rowsDelivered) {
        QueryResult r = result(rowsDelivered);
        settings.listener.completed(r);
        return r;
    }

    char delimiter(JobInfo job) {
        return job.columnDelimiter().map(d -> d.character())
                .orElse(request.columnDelimiter().map(d -> d.character()).orElse(','));
    }

    /**
     * Writes the whole result as one CSV: the first page's header once, then every page's rows, byte for byte as
     * Salesforce rendered them (the job's delimiter and line ending).
     */
    QueryResult writeTo(JobInfo job, OutputStream out) {
        byte[] firstHeader = null;
        long rows = 0;
        byte[] buf = new byte[64 * 1024];
        try (PageSource src = pages(job)) {
            DownloadedPage p;
            while ((p = src.next()) != null) {
                try (InputStream in = p.open()) {
                    int hl = (int) Math.min(p.headerLength, Integer.MAX_VALUE);
                    byte[] header = in.readNBytes(hl);
                    if (firstHeader == null) {
                        firstHeader = header;
                        String[] names = new CsvRecordReader(new java.io.ByteArrayInputStream(header),
                                delimiter(job)).next();
                        header(p, names == null ? new String[0] : names);
                        out.write(header);
                    } else if (!Arrays.equals(firstHeader, header)) {
                        throw new BulkException("Page " + (p.index + 1) + " of query job " + job.id()
                                + " has a different header than the first page; the results are inconsistent. "
                                + "Run the query again.");
                    }
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        out.write(buf, 0, n);
                    }
                    rows += p.rows;
                } finally {
                    release(p);
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new BulkException("Writing the results of query job " + job.id() + " failed (" + e
                    + "). Check the destination (disk space, permissions) and run the export again.", e);
        }
        return finish(rows);
    }
}
