package dev.bulk2.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.bulk2.core.TestSupport;
import dev.bulk2.core.exception.ApiError;
import dev.bulk2.core.exception.ApiVersionMismatchException;
import dev.bulk2.core.exception.BulkApiException;
import dev.bulk2.core.exception.InvalidJobStateException;
import dev.bulk2.core.exception.NotFoundException;
import dev.bulk2.core.exception.RequestLimitExceededException;
import dev.bulk2.core.internal.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorMapperTest {

    /** The restErrors samples of oauth-and-rest-errors.json: name -> {status, raw body}. */
    private static Map<String, Object[]> restErrorSamples() throws IOException {
        Map<String, Object[]> out = new LinkedHashMap<>();
        try (JsonParser p = Json.FACTORY.createParser(TestSupport.fixture("oauth-and-rest-errors.json"))) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (!name.equals("restErrors")) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String sample = p.currentName();
                    p.nextToken();
                    int status = 0;
                    byte[] body = new byte[0];
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        p.nextToken();
                        if (f.equals("status")) {
                            status = p.getIntValue();
                        } else if (f.equals("body")) {
                            ByteArrayOutputStream buf = new ByteArrayOutputStream();
                            try (JsonGenerator g = Json.FACTORY.createGenerator(buf)) {
                                g.copyCurrentStructure(p);
                            }
                            body = buf.toByteArray();
                        } else {
                            p.skipChildren();
                        }
                    }
                    out.put(sample, new Object[] {status, body});
                }
            }
        }
        return out;
    }

    @Test
    void everySampleBody_mapsToItsType() throws IOException {
        Map<String, Object[]> samples = restErrorSamples();
        assertThat(samples).containsOnlyKeys("sessionExpired", "requestLimitExceeded", "apiDisabled", "jobNotFound",
                "closeAfterSecondUpload", "illegalStateChange_UNVERIFIED", "queryResultsWrongApiVersion");
        Map<String, Class<?>> expected = Map.of(
                "sessionExpired", BulkApiException.class,
                "requestLimitExceeded", RequestLimitExceededException.class,
                "apiDisabled", BulkApiException.class,
                "jobNotFound", NotFoundException.class,
                "closeAfterSecondUpload", BulkApiException.class,
                "illegalStateChange_UNVERIFIED", InvalidJobStateException.class,
                "queryResultsWrongApiVersion", ApiVersionMismatchException.class);
        Map<String, String> codes = Map.of(
                "sessionExpired", "INVALID_SESSION_ID",
                "requestLimitExceeded", "REQUEST_LIMIT_EXCEEDED",
                "apiDisabled", "API_DISABLED_FOR_ORG",
                "jobNotFound", "NOT_FOUND",
                "closeAfterSecondUpload", "INVALIDJOB",
                "illegalStateChange_UNVERIFIED", "INVALIDJOBSTATE");
        for (Map.Entry<String, Object[]> s : samples.entrySet()) {
            int status = (Integer) s.getValue()[0];
            byte[] body = (byte[]) s.getValue()[1];
            BulkApiException e = ErrorMapper.map(status, body, "GET", "/services/data/v64.0/jobs/ingest/750x", "750x");
            assertThat(e).as(s.getKey()).isExactlyInstanceOf(expected.get(s.getKey()));
            assertThat(e.statusCode()).as(s.getKey()).isEqualTo(status);
            assertThat(e.errorCode().orElse(null)).as(s.getKey()).isEqualTo(codes.get(s.getKey()));
            assertThat(e.getMessage()).as(s.getKey()).startsWith("GET /services/data/v64.0/jobs/ingest/750x (job 750x) failed: ");
            assertThat(e.method()).isEqualTo("GET");
            assertThat(e.jobId()).contains("750x");
            if (codes.containsKey(s.getKey())) {
                assertThat(e.errors()).as(s.getKey()).hasSize(1);
                assertThat(e.getMessage()).contains(e.errors().get(0).message().orElseThrow());
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        "500, UNKNOWN_EXCEPTION, true",
        "503, SERVER_UNAVAILABLE, true",
        "429, , true",
        "403, REQUEST_LIMIT_EXCEEDED, false",
        "400, INVALIDJOB, false",
        "404, NOT_FOUND, false",
    })
    void retryability_followsStatusAndCode(int status, String code, boolean retryable) {
        String body = code == null ? "" : "[{\"errorCode\":\"" + code + "\",\"message\":\"m\"}]";
        assertThat(ErrorMapper.map(status, body.getBytes(StandardCharsets.UTF_8), "GET", "/p", null).isRetryable())
                .isEqualTo(retryable);
    }

    @Test
    void errorCodeWins_overStatus() {
        BulkApiException e = ErrorMapper.map(400, "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"gone\"}]"
                .getBytes(StandardCharsets.UTF_8), "GET", "/p", null);
        assertThat(e).isInstanceOf(NotFoundException.class);
        BulkApiException limit = ErrorMapper.map(403, "[{\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"x\"}]"
                .getBytes(StandardCharsets.UTF_8), "GET", "/p", null);
        assertThat(limit).isInstanceOf(RequestLimitExceededException.class);
    }

    @Test
    void nonJsonBody_isQuotedShortened() {
        byte[] html = ("<html><body>" + "x".repeat(2000) + "</body></html>").getBytes(StandardCharsets.UTF_8);
        BulkApiException e = ErrorMapper.map(502, html, "GET", "/p", null);
        assertThat(e.errors()).isEmpty();
        assertThat(e.errorCode()).isEmpty();
        assertThat(e.getMessage()).startsWith("GET /p failed: HTTP 502: <html><body>xxx").contains("…")
                .hasSizeLessThan(500);
    }

    @Test
    void fieldsAreParsed() {
        String body = "[{\"errorCode\":\"INVALID_FIELD\",\"message\":\"bad\",\"fields\":"
                + "[\"Name\",\"Phone\"]},{\"errorCode\":\"OTHER\",\"message\":\"second\"}]";
        BulkApiException e = ErrorMapper.map(400, body.getBytes(StandardCharsets.UTF_8), "POST", "/p", null);
        assertThat(e.errors()).containsExactly(ApiError.of("INVALID_FIELD", "bad", List.of("Name", "Phone")),
                ApiError.of("OTHER", "second", List.of()));
        assertThat(e.getMessage()).contains("retrying will not help");
    }

    /** Each hint for the situation it is given in, naming only API that exists. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // a job create: no job exists, so nothing to abort, and no job id to check
        "400|INVALIDJOB|POST|/services/data/v62.0/jobs/ingest||No job was created: fix the job request (object, "
                + "operation, externalIdFieldName: an External ID field of the object or Id, assignmentRuleId); "
                + "retrying will not help",
        "400|INVALIDJOB|POST|/services/data/v62.0/jobs/query||No job was created: fix the job request (object, "
                + "operation, query); retrying will not help",
        "404|NOT_FOUND|POST|/services/data/v99.0/jobs/ingest||Salesforce has no such resource: check apiVersion "
                + "(the org may not offer it yet; client.verify() tells) and instanceUrl",
        "404||GET|/services/data/v62.0/limits||Salesforce has no such resource: check apiVersion (the org may not "
                + "offer it yet; client.verify() tells) and instanceUrl",
        "404|NOT_FOUND|GET|/services/data/v62.0/sobjects/Nope__c/describe||Check the object's API name (custom "
                + "objects end in __c) and that the integration user can see it",
        "400|JSON_PARSER_ERROR|POST|/services/data/v62.0/jobs/ingest||Fix the request (object, field names, "
                + "operation or query); retrying will not help",
        // about an existing job
        "404|NOT_FOUND|GET|/services/data/v62.0/jobs/ingest/750x|750x|Check the job id: unknown jobs, deleted jobs "
                + "and jobs finished more than 7 days ago do not exist",
        "400|INVALIDJOB|PATCH|/services/data/v62.0/jobs/ingest/750x|750x|This job cannot be used any more: abort it "
                + "with client.ingestJobs().abort(\"750x\") (or delete it) and create a new job for its data (upload "
                + "data only once per job)",
        "400|INVALIDJOBSTATE|PATCH|/services/data/v62.0/jobs/query/750q|750q|The job's state does not allow this; "
                + "read it with client.queryJobs().info(\"750q\") instead of retrying blindly",
        "400|INVALIDJOBSTATE|PUT|/services/data/v62.0/jobs/ingest/750x/batches|750x|The job's state does not allow "
                + "this; read it with client.ingestJobs().info(\"750x\") instead of retrying blindly",
        "409||GET|/services/data/v62.0/jobs/query/750q/results|750q|Read the resource with the API version that "
                + "created the job (JobInfo.apiVersion()): a client built with that apiVersion",
    })
    void hint_fitsTheSituation(int status, String code, String method, String path, String jobId, String hint) {
        String body = code == null ? "" : "[{\"errorCode\":\"" + code + "\",\"message\":\"m\"}]";
        BulkApiException e = ErrorMapper.map(status, body.getBytes(StandardCharsets.UTF_8), method, path, jobId);
        assertThat(e.getMessage()).endsWith(". " + hint);
        assertThat(e.getMessage()).doesNotContain("jobs()."); // the old accessor name is gone
    }
}
