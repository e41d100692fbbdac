package dev.bulk2.core.ingest;

import dev.bulk2.core.internal.paging.Pager;
import java.util.stream.Stream;
import dev.bulk2.core.BulkClient;
import dev.bulk2.csv.ByteSource;
import dev.bulk2.core.JobInfo;
import dev.bulk2.core.JobState;
import dev.bulk2.core.JobType;
import dev.bulk2.core.exception.BulkApiException;
import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.exception.InvalidJobStateException;
import dev.bulk2.core.exception.JobCreationOutcomeUnknownException;
import dev.bulk2.core.exception.UploadOutcomeUnknownException;
import dev.bulk2.core.internal.ClientContext;
import dev.bulk2.core.internal.ClientInternals;
import dev.bulk2.core.internal.JobResource;
import dev.bulk2.core.internal.http.ApiRequest;
import dev.bulk2.core.internal.http.ApiResponse;
import dev.bulk2.core.internal.http.RequestBody;
import dev.bulk2.core.internal.http.Transport;
import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.LineEnding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Low-level Bulk API 2.0 ingest operations: one method per REST resource of {@code /jobs/ingest} (reference §3).
 *
 * <p>Obtain it with {@link BulkClient#ingestJobs()}. Every method is one logical call through the client's transport
 * (auth, retries of replay-safe requests, typed errors). Methods block the calling thread. Thread-safe.
 *
 * <p>Replay rules: GET, DELETE and PATCH are retried on transient failures. The data upload is sent again only
 * when it provably never reached Salesforce; otherwise {@link UploadOutcomeUnknownException} names the job to
 * abort. The create POST is never re-sent after its answer was lost; see {@link #create(CreateIngestJobRequest)}.
 */
public final class IngestJobs {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.core.ingest");
    private static final String BASE = "/jobs/ingest";
    private static final int ORPHAN_LIST_MAX_PAGES = 5;
    private static final Duration ORPHAN_CLOCK_SKEW = Duration.ofMinutes(1);

    private final ClientContext ctx;
    private final Transport transport;
    private final JobResource resource;

    private IngestJobs(ClientContext ctx) {
        this.ctx = ctx;
        this.transport = ctx.transport();
        this.resource = new JobResource(ctx, BASE, "750Ws00000Bx1nQIAR");
    }

    static IngestJobs forContext(ClientContext ctx) {
        return new IngestJobs(ctx);
    }

    /**
     * Creates an ingest job ({@code POST /jobs/ingest}); the job starts {@code Open}, ready for its single upload.
     *
     * <p>If the answer is lost (connection broken after sending, timeout, HTTP 5xx), the POST is not re-sent:
     * bulk2 lists recent {@code V2Ingest} jobs, and if exactly one {@code Open} job with the same object and
     * operation was created since the request was sent (allowing one minute of clock skew) and not by an earlier
     * call of this client, it aborts that job. Either way it then throws
     * {@link JobCreationOutcomeUnknownException} naming the aborted job or the ambiguous candidates; creating the
     * job again is then safe.
     *
     * <p>Creates made through one client are serialised (each is one short POST): otherwise the job of a concurrent
     * create, whose answer has not arrived yet, would look exactly like the orphan of a lost one and be aborted
     * under its owner (seen with the fluent ingest's parallel uploads and injected 5xx answers).
     *
     * @param request the job properties
     * @return the created job (state {@code Open})
     * @throws BulkApiException if Salesforce rejects the request (for example {@code INVALIDENTITY})
     * @throws JobCreationOutcomeUnknownException if the answer was lost
     */
    public JobInfo create(CreateIngestJobRequest request) {
        Objects.requireNonNull(request, "request");
        Map<String, String> body = new LinkedHashMap<>();
        body.put("object", request.object());
        body.put("operation", request.operation().apiName());
        body.put("externalIdFieldName", request.externalIdFieldName().orElse(null));
        body.put("contentType", "CSV");
        body.put("lineEnding", request.lineEnding().map(LineEnding::apiName).orElse(null));
        body.put("columnDelimiter", request.columnDelimiter().map(ColumnDelimiter::apiName).orElse(null));
        body.put("assignmentRuleId", request.assignmentRuleId().orElse(null));
        java.util.concurrent.locks.ReentrantLock lock = ctx.createLock();
        lock.lock();
        try {
            Instant sentAt = ctx.clock().instant();
            try {
                return resource.create(body);
            } catch (BulkException e) {
                if (!Transport.outcomeUnknown(e)) {
                    throw e;
                }
                throw recoverLostCreate(request, sentAt, e);
            }
        } finally {
            lock.unlock();
        }
    }

    private JobCreationOutcomeUnknownException recoverLostCreate(CreateIngestJobRequest request, Instant sentAt,
            BulkException cause) {
        LOG.log(System.Logger.Level.WARNING, "The answer to creating the {0} {1} job was lost ({2}); looking for an "
                + "orphan Open job", request.object(), request.operation().apiName(), cause.getClass().getSimpleName());
        Instant from = sentAt.minus(ORPHAN_CLOCK_SKEW);
        Instant to = ctx.clock().instant().plus(ORPHAN_CLOCK_SKEW);
        List<String> candidates = new ArrayList<>();
        try {
            Iterator<JobInfo> it = list(ListJobsRequest.builder().jobType(JobType.V2_INGEST).build()).iterator();
            int seen = 0;
            while (seen < ORPHAN_LIST_MAX_PAGES * 1000 && it.hasNext()) {
                seen++;
                JobInfo j = it.next();
                if (isCandidate(j, request, from, to)) {
                    candidates.add(j.id());
                }
            }
        } catch (BulkException listFailure) {
            JobCreationOutcomeUnknownException ex = new JobCreationOutcomeUnknownException("Creating the "
                    + request.object() + " " + request.operation().apiName() + " job failed without a clear answer ("
                    + cause.getMessage() + "), and listing jobs to find a possible orphan failed too ("
                    + listFailure.getMessage() + "). Check for Open " + request.object()
                    + " jobs in Setup > Bulk Data Load Jobs and abort them before creating the job again.",
                    List.of(), List.of(), cause);
            ex.addSuppressed(listFailure);
            return ex;
        }
        if (candidates.size() == 1) {
            String id = candidates.get(0);
            try {
                abort(id);
                return new JobCreationOutcomeUnknownException("Creating the " + request.object() + " "
                        + request.operation().apiName() + " job failed without a clear answer (" + cause.getMessage()
                        + "). Job " + id + " had been created by it and was aborted (nothing was uploaded). "
                        + "Create the job again.", List.of(id), List.of(), cause);
            } catch (BulkException abortFailure) {
                JobCreationOutcomeUnknownException ex = new JobCreationOutcomeUnknownException("Creating the "
                        + request.object() + " " + request.operation().apiName() + " job failed without a clear "
                        + "answer (" + cause.getMessage() + "). Job " + id + " was probably created by it but could "
                        + "not be aborted (" + abortFailure.getMessage() + "); abort it, then create the job again.",
                        List.of(), List.of(id), cause);
                ex.addSuppressed(abortFailure);
                return ex;
            }
        }
        if (candidates.isEmpty()) {
            return new JobCreationOutcomeUnknownException("Creating the " + request.object() + " "
                    + request.operation().apiName() + " job failed without a clear answer (" + cause.getMessage()
                    + "). No Open job created by it was found; creating the job again is safe.", List.of(),
                    List.of(), cause);
        }
        return new JobCreationOutcomeUnknownException("Creating the " + request.object() + " "
                + request.operation().apiName() + " job failed without a clear answer (" + cause.getMessage()
                + "). Several Open jobs may have been created by it: " + candidates
                + "; none was aborted because another process may own them. Abort the orphan, then create the job "
                + "again.", List.of(), candidates, cause);
    }

    /**
     * The orphans a lost create may have left, for a resumed run: {@code Open} jobs of the request's object and
     * operation created since {@code since} (less the clock skew allowed) that are not in {@code known}. Holds the
     * client's create lock while it lists, as a lost create's recovery does: the job of a create another part of
     * this client has in flight is listed {@code Open} before its answer arrives, and would be taken for an orphan.
     */
    List<String> openOrphans(CreateIngestJobRequest request, Instant since, java.util.Set<String> known) {
        java.util.concurrent.locks.ReentrantLock lock = ctx.createLock();
        lock.lock();
        try {
            Instant from = since.minus(ORPHAN_CLOCK_SKEW);
            Instant to = ctx.clock().instant().plus(ORPHAN_CLOCK_SKEW);
            List<String> candidates = new ArrayList<>();
            Iterator<JobInfo> it = list(ListJobsRequest.builder().jobType(JobType.V2_INGEST).build()).iterator();
            int seen = 0;
            while (seen < ORPHAN_LIST_MAX_PAGES * 1000 && it.hasNext()) {
                seen++;
                JobInfo j = it.next();
                if (!known.contains(j.id()) && isCandidate(j, request, from, to)) {
                    candidates.add(j.id());
                }
            }
            return candidates;
        } finally {
            lock.unlock();
        }
    }

    private boolean isCandidate(JobInfo j, CreateIngestJobRequest request, Instant from, Instant to) {
        if (j.state() != JobState.OPEN || ctx.createdJob(j.id())) {
            return false;
        }
        if (!j.object().map(request.object()::equals).orElse(false) || j.operation() != request.operation()) {
            return false;
        }
        if (ctx.userId() != null && j.createdById().isPresent() && !ctx.userId().equals(j.createdById().get())) {
            return false;
        }
        if (request.externalIdFieldName().isPresent() && j.externalIdFieldName().isPresent()
                && !request.externalIdFieldName().get().equals(j.externalIdFieldName().get())) {
            return false;
        }
        if (j.createdDate().isEmpty()) {
            return false;
        }
        Instant created = j.createdDate().get();
        return !created.isBefore(from) && !created.isAfter(to);
    }

    /**
     * Uploads the job's data, uncompressed ({@code PUT /jobs/ingest/{jobId}/batches}, {@code text/csv}).
     * Same as {@code upload(jobId, csv, false)}.
     *
     * @param jobId an {@code Open} job
     * @param csv the complete CSV (header and rows), at most about 100 MB
     * @throws UploadOutcomeUnknownException if the upload may or may not have reached Salesforce
     * @throws BulkApiException if Salesforce rejects it
     */
    public void upload(String jobId, ByteSource csv) {
        upload(jobId, csv, false);
    }

    /**
     * Uploads the job's data in exactly one streamed PUT ({@code PUT /jobs/ingest/{jobId}/batches},
     * {@code Content-Type: text/csv}). Salesforce accepts one upload per job: never call this twice for a job.
     *
     * <p>The body is streamed from {@code csv} and never held in memory; a known length is sent as
     * {@code Content-Length}. With {@code gzip} the body is sent with
     * {@code Content-Encoding: gzip}: a source that {@linkplain ByteSource#isGzip() is gzip} or has a
     * {@linkplain ByteSource#gzipped() gzip form} (a {@link dev.bulk2.csv.CsvPart} spooled compressed) is sent as is,
     * any other is compressed on the fly. Without it a gzip source is decompressed on the fly. The request timeout is the client's upload timeout.
     *
     * <p>The PUT is repeated only after a token refresh, or when it provably did not reach Salesforce (connection
     * refused, connect timeout, 429/503). After any other failure the outcome is unknown and
     * {@link UploadOutcomeUnknownException} is thrown: abort the job and use a new one.
     *
     * @param jobId an {@code Open} job
     * @param csv the complete CSV (header and rows), at most about 100 MB raw
     * @param gzip whether to send gzip ({@code Content-Encoding: gzip})
     * @throws UploadOutcomeUnknownException if the upload may or may not have reached Salesforce
     * @throws BulkApiException if Salesforce rejects it (for example {@code INVALIDJOBSTATE} when not Open)
     */
    public void upload(String jobId, ByteSource csv, boolean gzip) {
        upload(jobId, csv, gzip, null);
    }

    /** The upload, counting the bytes sent over the wire into {@code wireBytes} (may be null). */
    void upload(String jobId, ByteSource csv, boolean gzip, AtomicLong wireBytes) {
        String path = resource.path(jobId);
        Objects.requireNonNull(csv, "csv");
        ApiRequest req = ApiRequest.builder("PUT", path + "/batches")
                .body(RequestBody.stream("text/csv", csv, gzip, wireBytes))
                .timeout(ctx.uploadTimeout())
                .jobId(jobId)
                .build();
        try {
            transport.sendDiscard(req);
        } catch (BulkException e) {
            if (Transport.outcomeUnknown(e)) {
                throw new UploadOutcomeUnknownException("The upload to job " + jobId + " may or may not have "
                        + "reached Salesforce (" + e.getMessage() + "). Salesforce accepts only one upload per job, "
                        + "so it was not repeated: abort job " + jobId + " and upload the data to a new job.", jobId,
                        e);
            }
            throw e;
        }
    }

    /**
     * Closes the job for processing ({@code PATCH {"state":"UploadComplete"}}). Without it nothing is processed.
     *
     * <p>Idempotent: if Salesforce answers {@code INVALIDJOBSTATE} because the job is already past {@code Open}
     * (for example a retried PATCH whose first answer was lost), the current job info is returned instead.
     *
     * @param jobId an {@code Open} job with its data uploaded
     * @return the job (state {@code UploadComplete} or later)
     * @throws InvalidJobStateException if the job is aborted or otherwise cannot be closed
     */
    public JobInfo close(String jobId) {
        try {
            return resource.patchState(jobId, "UploadComplete");
        } catch (InvalidJobStateException e) {
            JobInfo now = info(jobId);
            JobState s = now.state();
            if (s == JobState.UPLOAD_COMPLETE || s == JobState.IN_PROGRESS || s == JobState.JOB_COMPLETE
                    || s == JobState.FAILED) {
                return now;
            }
            throw e;
        }
    }

    /**
     * Aborts the job ({@code PATCH {"state":"Aborted"}}); rows already committed stay committed. Idempotent: an
     * already aborted job is returned as is.
     *
     * @param jobId a job that is {@code Open}, {@code UploadComplete} or {@code InProgress}
     * @return the job (state {@code Aborted})
     * @throws InvalidJobStateException if the job already finished
     */
    public JobInfo abort(String jobId) {
        return resource.abort(jobId);
    }

    /** Aborts the job unless it finished first: returns its aborted state, or {@code null} when it had finished. */
    JobInfo abortIfRunning(String jobId) {
        try {
            return abort(jobId);
        } catch (InvalidJobStateException e) {
            LOG.log(System.Logger.Level.DEBUG, "Job {0} finished before it could be aborted", jobId);
            return null;
        }
    }

    /**
     * Deletes the job and its data ({@code DELETE /jobs/ingest/{jobId}}, 204). Allowed once the job is
     * {@code UploadComplete} or terminal; abort an {@code Open} job first.
     *
     * @param jobId the job
     * @throws dev.bulk2.core.exception.NotFoundException if the job does not exist
     * @throws InvalidJobStateException if the job is still {@code Open}
     */
    public void delete(String jobId) {
        resource.delete(jobId);
    }

    /**
     * Reads the job ({@code GET /jobs/ingest/{jobId}}). One API call; polling code should back off between calls.
     *
     * @param jobId the job
     * @return the current snapshot
     * @throws dev.bulk2.core.exception.NotFoundException if the job does not exist
     */
    public JobInfo info(String jobId) {
        return resource.info(jobId);
    }

    /**
     * Lists jobs ({@code GET /jobs/ingest?…}) lazily: pages (up to 1,000 jobs each, in no particular order) are
     * fetched as the iteration reaches them, following {@code nextRecordsUrl}. List entries are a subset of the
     * job info; do not rely on their counters.
     *
     * @param request the filters
     * @return a lazy, one-pass stream: the first page is fetched by the terminal operation, each further page when
     *     the stream reaches it; failures surface as {@link dev.bulk2.core.exception.BulkException}s
     */
    public Stream<JobInfo> list(ListJobsRequest request) {
        return Pager.stream(Pager.jobs(transport, resource.listRequest(request), "job listing"));
    }

    /**
     * Lists all jobs the user can see; same as {@code list(ListJobsRequest.all())}.
     *
     * @return a lazy, one-pass stream: the first page is fetched by the terminal operation, each further page when
     *     the stream reaches it; failures surface as {@link dev.bulk2.core.exception.BulkException}s
     */
    public Stream<JobInfo> list() {
        return list(ListJobsRequest.all());
    }

    /**
     * Streams the successful rows ({@code GET /jobs/ingest/{jobId}/successfulResults/}): header
     * {@code "sf__Id","sf__Created",<original columns>}. Order differs from the upload. Like every result file, a
     * download whose connection breaks mid-body is requested again and resumed where it broke (the client's retry
     * policy bounds the downloads).
     *
     * @param jobId a terminal job
     * @return the CSV stream; the caller closes it
     */
    public ResultStream successfulResults(String jobId) {
        return results(jobId, "successfulResults", null, null);
    }

    /**
     * Streams the successful rows with the job's dialect attached.
     *
     * @param job a terminal job
     * @return the CSV stream; the caller closes it
     */
    public ResultStream successfulResults(JobInfo job) {
        return results(job.id(), "successfulResults", job.columnDelimiter().orElse(null),
                job.lineEnding().orElse(null));
    }

    /**
     * Streams the failed rows ({@code GET /jobs/ingest/{jobId}/failedResults/}): header
     * {@code "sf__Id","sf__Error",<original columns>}.
     *
     * @param jobId a terminal job
     * @return the CSV stream; the caller closes it
     */
    public ResultStream failedResults(String jobId) {
        return results(jobId, "failedResults", null, null);
    }

    /**
     * Streams the failed rows with the job's dialect attached.
     *
     * @param job a terminal job
     * @return the CSV stream; the caller closes it
     */
    public ResultStream failedResults(JobInfo job) {
        return results(job.id(), "failedResults", job.columnDelimiter().orElse(null), job.lineEnding().orElse(null));
    }

    /**
     * Streams the rows never attempted ({@code GET /jobs/ingest/{jobId}/unprocessedrecords/}): the original
     * header and rows of a failed or aborted job.
     *
     * @param jobId a terminal job
     * @return the CSV stream; the caller closes it
     */
    public ResultStream unprocessedRecords(String jobId) {
        return results(jobId, "unprocessedrecords", null, null);
    }

    /**
     * Streams the rows never attempted, with the job's dialect attached.
     *
     * @param job a terminal job
     * @return the CSV stream; the caller closes it
     */
    public ResultStream unprocessedRecords(JobInfo job) {
        return results(job.id(), "unprocessedrecords", job.columnDelimiter().orElse(null),
                job.lineEnding().orElse(null));
    }

    private ResultStream results(String jobId, String resource, ColumnDelimiter delimiter, LineEnding lineEnding) {
        ApiRequest req = ApiRequest.builder("GET", this.resource.path(jobId) + "/" + resource + "/")
                .accept("text/csv").jobId(jobId).build();
        ApiResponse r = transport.send(req);
        // a connection dropped mid-body downloads the file again and skips what was read (see ResumingDownload)
        return new ResultStream(new ResumingDownload(r.body(), () -> transport.send(req).body(), ctx.retryPolicy(),
                ctx.sleeper(), "the " + resource + " of job " + jobId), jobId, delimiter, lineEnding);
    }

    @Override
    public String toString() {
        return "IngestJobs{apiVersion=" + ctx.apiVersion() + "}";
    }
}
