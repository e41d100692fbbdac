package dev.bulk2.core.internal;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.JobState;
import dev.bulk2.core.JobType;
import dev.bulk2.core.exception.InvalidJobStateException;
import dev.bulk2.core.ingest.ListJobsRequest;
import dev.bulk2.core.internal.http.ApiRequest;
import dev.bulk2.core.internal.http.RequestBody;
import dev.bulk2.core.internal.http.Transport;
import dev.bulk2.core.internal.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The job resources that ingest and query jobs share below their base path ({@code /jobs/ingest},
 * {@code /jobs/query}): job id checks, create, read, state PATCH, delete and the listing request. Each method is
 * one logical call through the client's transport. Thread-safe. Internal.
 */
public final class JobResource {
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9]{3,40}");

    private final ClientContext ctx;
    private final Transport transport;
    private final String base;
    private final String exampleId;

    /**
     * The resources below one base path.
     *
     * @param ctx the client context
     * @param base the base path, e.g. {@code /jobs/ingest}
     * @param exampleId a job id shown in the message for an invalid id
     */
    public JobResource(ClientContext ctx, String base, String exampleId) {
        this.ctx = ctx;
        this.transport = ctx.transport();
        this.base = base;
        this.exampleId = exampleId;
    }

    /**
     * Checks the shape of a job id.
     *
     * @param jobId the id
     * @return the id
     * @throws IllegalArgumentException if it is not a Salesforce id
     */
    public String checkJobId(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        if (!JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("Invalid job id '" + jobId
                    + "': expected a Salesforce id such as " + exampleId);
        }
        return jobId;
    }

    /**
     * The path of a job ({@code base/jobId}), after checking the id.
     *
     * @param jobId the job
     * @return the path
     */
    public String path(String jobId) {
        return base + "/" + checkJobId(jobId);
    }

    /**
     * Creates a job ({@code POST base}) and remembers it as created by this client. Not re-sent after an unclear
     * failure: the caller handles {@link Transport#outcomeUnknown(Throwable)}.
     *
     * @param body the JSON properties; {@code null} values are left out
     * @return the created job
     */
    public JobInfo create(Map<String, String> body) {
        ApiRequest req = ApiRequest.builder("POST", base).body(RequestBody.json(Json.object(body))).build();
        JobInfo job = transport.sendJson(req, Json::readJobInfo);
        ctx.rememberCreatedJob(job.id(), job.createdById().orElse(null));
        return job;
    }

    /**
     * Reads a job ({@code GET base/jobId}).
     *
     * @param jobId the job
     * @return the current snapshot
     */
    public JobInfo info(String jobId) {
        return transport.sendJson(ApiRequest.builder("GET", path(jobId)).jobId(jobId).build(), Json::readJobInfo);
    }

    /**
     * Sets a job's state ({@code PATCH base/jobId {"state": state}}).
     *
     * @param jobId the job
     * @param state the API name of the new state
     * @return the job
     */
    public JobInfo patchState(String jobId, String state) {
        String path = path(jobId);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("state", state);
        ApiRequest req = ApiRequest.builder("PATCH", path).body(RequestBody.json(Json.object(body))).jobId(jobId)
                .build();
        return transport.sendJson(req, Json::readJobInfo);
    }

    /**
     * Aborts a job ({@code PATCH {"state":"Aborted"}}). Idempotent: if Salesforce answers
     * {@code INVALIDJOBSTATE} and the job is already aborted, it is returned as is.
     *
     * @param jobId the job
     * @return the job (state {@code Aborted})
     * @throws InvalidJobStateException if the job already finished
     */
    public JobInfo abort(String jobId) {
        try {
            return patchState(jobId, "Aborted");
        } catch (InvalidJobStateException e) {
            JobInfo now = info(jobId);
            if (now.state() == JobState.ABORTED) {
                return now;
            }
            throw e;
        }
    }

    /**
     * Deletes a job ({@code DELETE base/jobId}).
     *
     * @param jobId the job
     */
    public void delete(String jobId) {
        transport.sendDiscard(ApiRequest.builder("DELETE", path(jobId)).jobId(jobId).build());
    }

    /**
     * The request for the first page of a job listing ({@code GET base?…}).
     *
     * @param request the filters
     * @return the request
     */
    public ApiRequest listRequest(ListJobsRequest request) {
        Objects.requireNonNull(request, "request");
        ApiRequest.Builder b = ApiRequest.builder("GET", base);
        b.query("isPkChunkingEnabled", request.isPkChunkingEnabled().map(String::valueOf).orElse(null));
        b.query("jobType", request.jobType().map(JobType::apiName).orElse(null));
        b.query("concurrencyMode", request.concurrencyMode().orElse(null));
        b.query("queryLocator", request.queryLocator().orElse(null));
        return b.build();
    }
}
