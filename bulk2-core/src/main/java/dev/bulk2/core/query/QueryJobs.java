package dev.bulk2.core.query;

import dev.bulk2.core.internal.paging.Pager;
import java.util.ArrayList;
import java.util.stream.Stream;
import dev.bulk2.core.BulkClient;
import dev.bulk2.core.JobInfo;
import dev.bulk2.core.JobState;
import dev.bulk2.core.JobType;
import dev.bulk2.core.exception.ApiVersionMismatchException;
import dev.bulk2.core.exception.BulkApiException;
import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.exception.InvalidJobStateException;
import dev.bulk2.core.exception.JobCreationOutcomeUnknownException;
import dev.bulk2.core.ingest.ListJobsRequest;
import dev.bulk2.core.internal.ClientContext;
import dev.bulk2.core.internal.ClientInternals;
import dev.bulk2.core.internal.JobResource;
import dev.bulk2.core.internal.http.ApiRequest;
import dev.bulk2.core.internal.http.ApiResponse;
import dev.bulk2.core.internal.http.Transport;
import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.LineEnding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Low-level Bulk API 2.0 query operations: one method per REST resource of {@code /jobs/query} (reference §4).
 *
 * <p>Obtain it with {@link BulkClient#queryJobs()}. Every method is one logical call through the client's
 * transport (auth with one refresh on 401, retries of replay-safe requests, typed errors) and blocks the calling
 * thread. For the whole flow (create, wait, page through results) use {@link BulkClient#query(String)}.
 * Thread-safe.
 *
 * <pre>{@code
 * QueryJobs q = client.queryJobs();
 * JobInfo job = q.create(QueryJobRequest.of("SELECT Id, Name FROM Account"));
 * // ... wait until q.info(job.id()).state() == JobState.JOB_COMPLETE ...
 * String locator = null;
 * do {
 *     try (ResultPage page = q.resultPage(job.id(), locator, 50_000)) {
 *         consume(page.body());
 *         locator = page.nextLocator().orElse(null);
 *     }
 * } while (locator != null);
 * }</pre>
 */
public final class QueryJobs {
    private static final String BASE = "/jobs/query";

    private final ClientContext ctx;
    private final Transport transport;
    private final JobResource resource;

    private QueryJobs(ClientContext ctx) {
        this.ctx = ctx;
        this.transport = ctx.transport();
        this.resource = new JobResource(ctx, BASE, "750Ws00000Bx2QzIAJ");
    }

    static QueryJobs forContext(ClientContext ctx) {
        return new QueryJobs(ctx);
    }

    /**
     * Creates a query job ({@code POST /jobs/query}); it starts {@code UploadComplete} and runs on its own.
     *
     * <p>Invalid SOQL is usually rejected here ({@code MALFORMED_QUERY}, {@code INVALID_FIELD},
     * {@code INVALID_TYPE}, HTTP 400, with Salesforce's message), sometimes later as a {@code Failed} job. The POST
     * is never re-sent after an unclear failure (the job may exist): a {@link JobCreationOutcomeUnknownException}
     * says so. A query job created that way simply finishes and expires; creating the query again is safe and
     * costs one more of the org's daily query jobs.
     *
     * @param request the job properties
     * @return the created job (state {@code UploadComplete} or later)
     * @throws BulkApiException if Salesforce rejects the query
     * @throws JobCreationOutcomeUnknownException if the answer was lost
     */
    public JobInfo create(QueryJobRequest request) {
        Objects.requireNonNull(request, "request");
        Map<String, String> body = new LinkedHashMap<>();
        body.put("operation", request.operation().apiName());
        body.put("query", request.query());
        body.put("contentType", "CSV");
        body.put("columnDelimiter", request.columnDelimiter().map(ColumnDelimiter::apiName).orElse(null));
        body.put("lineEnding", request.lineEnding().map(LineEnding::apiName).orElse(null));
        try {
            return resource.create(body);
        } catch (BulkException e) {
            if (!Transport.outcomeUnknown(e)) {
                throw e;
            }
            throw new JobCreationOutcomeUnknownException("Creating the query job failed without a clear answer ("
                    + e.getMessage() + "). Salesforce may have created it; such a job runs to completion on its own "
                    + "and its results expire after 7 days. Creating the query again is safe.", List.of(), List.of(),
                    e);
        }
    }

    /**
     * Reads the job ({@code GET /jobs/query/{jobId}}). One API call.
     *
     * @param jobId the job
     * @return the current snapshot
     * @throws dev.bulk2.core.exception.NotFoundException if the job does not exist
     */
    public JobInfo info(String jobId) {
        return resource.info(jobId);
    }

    /**
     * Aborts the job ({@code PATCH {"state":"Aborted"}}); allowed while it is {@code UploadComplete} or
     * {@code InProgress}. Idempotent: an already aborted job is returned as is.
     *
     * @param jobId the job
     * @return the job (state {@code Aborted})
     * @throws InvalidJobStateException if the job already finished
     */
    public JobInfo abort(String jobId) {
        return resource.abort(jobId);
    }

    /**
     * Deletes the job and its results ({@code DELETE /jobs/query/{jobId}}, 204).
     *
     * @param jobId a finished job (or one not started)
     * @throws dev.bulk2.core.exception.NotFoundException if the job does not exist
     * @throws InvalidJobStateException if the job is still running
     */
    public void delete(String jobId) {
        resource.delete(jobId);
    }

    /**
     * Lists jobs ({@code GET /jobs/query?…}) lazily. Use {@code jobType(JobType.V2_QUERY)} to see only Bulk API
     * 2.0 query jobs; list entries are a subset of the job info.
     *
     * @param request the filters
     * @return a lazy, one-pass stream: the first page is fetched by the terminal operation, each further page when
     *     the stream reaches it; failures surface as {@link dev.bulk2.core.exception.BulkException}s
     */
    public Stream<JobInfo> list(ListJobsRequest request) {
        return Pager.stream(Pager.jobs(transport, resource.listRequest(request), "query job listing"));
    }

    /**
     * Lists the Bulk API 2.0 query jobs; same as {@code list(ListJobsRequest.builder().jobType(V2_QUERY).build())}.
     *
     * @return a lazy, one-pass stream: the first page is fetched by the terminal operation, each further page when
     *     the stream reaches it; failures surface as {@link dev.bulk2.core.exception.BulkException}s
     */
    public Stream<JobInfo> list() {
        return list(ListJobsRequest.builder().jobType(JobType.V2_QUERY).build());
    }

    /**
     * The first page of results with Salesforce's default page size.
     *
     * @param jobId a {@code JobComplete} job
     * @return the page; the caller closes it
     */
    public ResultPage resultPage(String jobId) {
        return resultPage(jobId, null, 0);
    }

    /**
     * One page of results ({@code GET /jobs/query/{jobId}/results?locator=…&maxRecords=…}, {@code text/csv}).
     * Follow {@link ResultPage#nextLocator()} with the same {@code maxRecords} until it is empty. Transient
     * failures before the body starts are retried by the transport (pages are idempotent); a body cut off while
     * reading surfaces as an {@link java.io.IOException} from the body stream.
     *
     * @param jobId a {@code JobComplete} job, read with the API version that created it
     * @param locator the locator from the previous page, or {@code null} for the first page
     * @param maxRecords the page size; 0 or less for Salesforce's default
     * @return the page; the caller closes it
     * @throws ApiVersionMismatchException (409) if the job was created with another API version
     * @throws BulkApiException if the job is not complete ({@code JOB_NOT_COMPLETE}, 412) or the locator is
     *     invalid
     */
    public ResultPage resultPage(String jobId, String locator, int maxRecords) {
        return resultPage(jobId, locator, maxRecords, null, null);
    }

    /**
     * One page of results of a job whose dialect is known, so that the page carries it.
     *
     * @param job the job (its id, delimiter and line ending are used)
     * @param locator the locator, or {@code null} for the first page
     * @param maxRecords the page size; 0 or less for Salesforce's default
     * @return the page; the caller closes it
     */
    public ResultPage resultPage(JobInfo job, String locator, int maxRecords) {
        Objects.requireNonNull(job, "job");
        return resultPage(job.id(), locator, maxRecords, job.columnDelimiter().orElse(null),
                job.lineEnding().orElse(null));
    }

    ResultPage resultPage(String jobId, String locator, int maxRecords, ColumnDelimiter d, LineEnding le) {
        ApiRequest req = ApiRequest.builder("GET", resource.path(jobId) + "/results")
                .query("locator", locator == null || locator.isEmpty() ? null : locator)
                .query("maxRecords", maxRecords > 0 ? Integer.toString(maxRecords) : null)
                .accept("text/csv")
                .jobId(jobId)
                .build();
        return open(req, jobId, locator, d, le);
    }

    /**
     * Fetches the page a {@link ResultPageLink} points to.
     *
     * @param link a link from {@link #resultPages(String)}
     * @return the page; the caller closes it
     */
    public ResultPage resultPage(ResultPageLink link) {
        return resultPage(link, null, null);
    }

    ResultPage resultPage(ResultPageLink link, ColumnDelimiter d, LineEnding le) {
        Objects.requireNonNull(link, "link");
        ApiRequest req = ApiRequest.serverPath("GET", link.resultUrl()).accept("text/csv").jobId(link.jobId())
                .build();
        return open(req, link.jobId(), link.locator().orElse(null), d, le);
    }

    private ResultPage open(ApiRequest req, String jobId, String locator, ColumnDelimiter d, LineEnding le) {
        ApiResponse r = transport.send(req);
        String next = r.header("Sforce-Locator").map(String::trim).orElse("null");
        if (next.isEmpty() || next.equals("null")) {
            next = null;
        }
        long count = -1;
        String n = r.header("Sforce-NumberOfRecords").map(String::trim).orElse(null);
        if (n != null) {
            try {
                count = Long.parseLong(n);
            } catch (NumberFormatException e) {
                count = -1;
            }
        }
        return new ResultPage(jobId, locator, next, count, r.body(), d, le);
    }

    /**
     * The links to all result pages, for parallel download ({@code GET /jobs/query/{jobId}/resultPages}, API
     * 58.0+), with Salesforce's default page size.
     *
     * @param jobId a {@code JobComplete} job
     * @return a lazy, one-pass stream of the links (up to five per API call, fetched as the stream reaches them)
     * @throws UnsupportedOperationException if the client's API version is below 58.0
     */
    public Stream<ResultPageLink> resultPages(String jobId) {
        return resultPages(jobId, 0);
    }

    /**
     * The links to all result pages of the given size, for parallel download (API 58.0+).
     *
     * @param jobId a {@code JobComplete} job
     * @param maxRecords rows per page; 0 or less for Salesforce's default
     * @return a lazy, one-pass stream of the links (up to five per API call, fetched as the stream reaches them)
     * @throws UnsupportedOperationException if the client's API version is below 58.0
     */
    public Stream<ResultPageLink> resultPages(String jobId, int maxRecords) {
        String path = resource.path(jobId);
        if (!supportsResultPages()) {
            throw new UnsupportedOperationException("resultPages needs API version 58.0 or later; this client uses "
                    + ctx.apiVersion() + ". Page serially with resultPage(jobId, locator, maxRecords).");
        }
        ApiRequest req = ApiRequest.builder("GET", path + "/resultPages")
                .query("maxRecords", maxRecords > 0 ? Integer.toString(maxRecords) : null)
                .jobId(jobId).build();
        return Pager.stream(new Pager<>(req, next -> ApiRequest.serverPath("GET", next).jobId(jobId).build(), r -> {
            QueryJson.LinksPage p = transport.sendJson(r, QueryJson::readLinks);
            List<ResultPageLink> links = new ArrayList<>(p.resultUrls.size());
            for (String url : p.resultUrls) {
                links.add(ResultPageLink.of(jobId, url));
            }
            return new Pager.Page<>(links, p.next);
        }, next -> "Salesforce returned the same resultPages continuation twice (" + next + ") for job " + jobId
                + "; stopping to avoid an endless loop."));
    }

    /**
     * Whether the client's API version offers {@code resultPages} (58.0 or later).
     *
     * @return {@code true} from 58.0
     */
    public boolean supportsResultPages() {
        return ctx.apiVersion().major() >= 58;
    }

    ClientContext context() {
        return ctx;
    }

    @Override
    public String toString() {
        return "QueryJobs{apiVersion=" + ctx.apiVersion() + "}";
    }
}
