package dev.bulk2.core.internal.http;

import dev.bulk2.core.exception.ApiError;
import dev.bulk2.core.exception.ApiVersionMismatchException;
import dev.bulk2.core.exception.BulkApiException;
import dev.bulk2.core.exception.InvalidJobStateException;
import dev.bulk2.core.exception.NotFoundException;
import dev.bulk2.core.exception.RequestLimitExceededException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Maps a Salesforce error answer to a typed exception: by {@code errorCode} first, HTTP status second
 * (reference §5.3). Internal.
 */
public final class ErrorMapper {
    private static final int MAX_TEXT = 300;

    private ErrorMapper() {
    }

    /**
     * Builds the exception for an error answer.
     *
     * @param status the HTTP status
     * @param body the raw body (may be empty)
     * @param method the request method
     * @param path the request path (no query)
     * @param jobId the job, or {@code null}
     * @return the exception to throw
     */
    public static BulkApiException map(int status, byte[] body, String method, String path, String jobId) {
        List<ApiError> errors = dev.bulk2.core.internal.json.Json.readErrors(body);
        String code = errors.isEmpty() ? null : errors.get(0).errorCode().orElse(null);
        String sfMessage = errors.isEmpty() ? plainText(body) : errors.get(0).message().orElse("");
        StringBuilder msg = new StringBuilder();
        msg.append(method).append(' ').append(path);
        if (jobId != null) {
            msg.append(" (job ").append(jobId).append(')');
        }
        msg.append(" failed: ");
        msg.append(code == null ? "HTTP " + status : code + " (HTTP " + status + ")");
        if (sfMessage != null && !sfMessage.isBlank()) {
            msg.append(": ").append(sfMessage.trim());
        }
        String hint = hint(status, code, method, path, jobId);
        if (!hint.isEmpty()) {
            msg.append(". ").append(hint);
        }
        String m = msg.toString();
        if (code != null) {
            switch (code) {
                case "REQUEST_LIMIT_EXCEEDED":
                    return new RequestLimitExceededException(m, status, code, errors, method, path, jobId);
                case "NOT_FOUND":
                    return new NotFoundException(m, status, code, errors, method, path, jobId);
                case "INVALIDJOBSTATE":
                    return new InvalidJobStateException(m, status, code, errors, method, path, jobId);
                default:
                    break;
            }
        }
        if (status == 404) {
            return new NotFoundException(m, status, code, errors, method, path, jobId);
        }
        if (status == 409) {
            return new ApiVersionMismatchException(m, status, code, errors, method, path, jobId);
        }
        return new BulkApiException(m, status, code, errors, method, path, jobId);
    }

    private static String plainText(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String s = new String(body, 0, Math.min(body.length, MAX_TEXT * 4), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ").trim();
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "…" : s;
    }

    /**
     * What to do about an error, for the situation it happened in: a request about an existing job (a job id),
     * a job create ({@code POST .../jobs/ingest} or {@code .../jobs/query}, no job exists yet) or another resource.
     * Every hint names only API that exists.
     */
    static String hint(int status, String code, String method, String path, String jobId) {
        boolean aboutJob = jobId != null;
        boolean create = !aboutJob && "POST".equals(method) && path != null
                && (path.endsWith("/jobs/ingest") || path.endsWith("/jobs/query"));
        boolean query = path != null && path.contains("/jobs/query");
        String jobs = query ? "client.queryJobs()" : "client.ingestJobs()";
        if (code != null) {
            switch (code) {
                case "REQUEST_LIMIT_EXCEEDED":
                    return "The org's 24-hour API request allocation is used up; retry after it resets "
                            + "(BulkClient.lastLimitInfo() shows the usage)";
                case "NOT_FOUND":
                    return notFound(aboutJob, path);
                case "INVALIDJOBSTATE":
                    return aboutJob ? "The job's state does not allow this; read it with " + jobs + ".info(\"" + jobId
                            + "\") instead of retrying blindly"
                            : "The job's state does not allow this; read the job's state instead of retrying blindly";
                case "INVALIDJOB":
                    if (create) {
                        return "No job was created: fix the job request (object, operation"
                                + (query ? ", query" : ", externalIdFieldName: an External ID field of the object or "
                                + "Id, assignmentRuleId") + "); retrying will not help";
                    }
                    return aboutJob ? "This job cannot be used any more: abort it with " + jobs + ".abort(\"" + jobId
                            + "\") (or delete it) and create a new job for its data (upload data only once per job)"
                            : "Fix the request; retrying will not help";
                case "API_DISABLED_FOR_ORG":
                    return "Enable API access for the org and the integration user (API Enabled permission); "
                            + "a newly created app may need a few minutes";
                case "INSUFFICIENT_ACCESS":
                case "FUNCTIONALITY_NOT_ENABLED":
                    return "The integration user lacks a permission for this object or operation";
                case "SERVER_UNAVAILABLE":
                case "UNKNOWN_EXCEPTION":
                    return "A transient Salesforce fault; try again later";
                case "INVALIDENTITY":
                case "INVALID_FIELD":
                case "JSON_PARSER_ERROR":
                case "MALFORMED_QUERY":
                    return "Fix the request (object, field names, operation or query); retrying will not help";
                default:
                    break;
            }
        }
        if (status == 409) {
            return "Read the resource with the API version that created the job (JobInfo.apiVersion()): a client "
                    + "built with that apiVersion";
        }
        if (status == 404) {
            return notFound(aboutJob, path);
        }
        if (status == 429 || status >= 500) {
            return "A transient Salesforce fault; try again later";
        }
        if (status == 403) {
            return "The integration user lacks a permission for this request";
        }
        return "";
    }

    private static String notFound(boolean aboutJob, String path) {
        if (aboutJob) {
            return "Check the job id: unknown jobs, deleted jobs and jobs finished more than 7 days ago do not exist";
        }
        if (path != null && path.contains("/sobjects/")) {
            return "Check the object's API name (custom objects end in __c) and that the integration user can see it";
        }
        return "Salesforce has no such resource: check apiVersion (the org may not offer it yet; client.verify() "
                + "tells) and instanceUrl";
    }
}
