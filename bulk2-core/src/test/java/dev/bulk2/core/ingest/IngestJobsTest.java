package dev.bulk2.core.ingest;

import static dev.bulk2.core.TestSupport.JOB_ID;
import static dev.bulk2.core.TestSupport.TOKEN;
import static dev.bulk2.core.TestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.BulkClient;
import dev.bulk2.csv.ByteSource;
import dev.bulk2.core.JobInfo;
import dev.bulk2.core.JobState;
import dev.bulk2.core.JobType;
import dev.bulk2.core.Operation;
import dev.bulk2.core.TestSupport;
import dev.bulk2.core.exception.InvalidJobStateException;
import dev.bulk2.core.exception.NotFoundException;
import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.LineEnding;
import dev.bulk2.testkit.FakeClock;
import dev.bulk2.testkit.RecordingSleeper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestJobsTest {
    private static final String CREATE_RESPONSE = "{\"id\":\"750Ws00000Bx1nQIAR\",\"operation\":\"upsert\","
            + "\"object\":\"Account\",\"createdById\":\"005Ws000001Int8IAC\","
            + "\"createdDate\":\"2025-06-02T09:14:07.000+0000\",\"systemModstamp\":\"2025-06-02T09:14:07.000+0000\","
            + "\"state\":\"Open\",\"externalIdFieldName\":\"Client_Id__c\",\"concurrencyMode\":\"Parallel\","
            + "\"contentType\":\"CSV\",\"apiVersion\":64.0,"
            + "\"contentUrl\":\"services/data/v64.0/jobs/ingest/750Ws00000Bx1nQIAR/batches\","
            + "\"lineEnding\":\"LF\",\"columnDelimiter\":\"COMMA\"}";

    private MockWebServer server;
    private BulkClient client;
    private RecordingSleeper sleeper;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        FakeClock clock = TestSupport.clockAt2025();
        sleeper = RecordingSleeper.advancing(clock);
        client = TestSupport.clientFor(server, sleeper, clock).build();
    }

    @AfterEach
    void stop() throws Exception {
        assertThat(TestSupport.openBodies(client)).as("response bodies left open").isZero();
        client.close();
        server.shutdown();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json;charset=UTF-8")
                .setHeader("Sforce-Limit-Info", "api-usage=18412/100000").setBody(body);
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).as("expected a request").isNotNull();
        return r;
    }

    private static void assertCommonHeaders(RecordedRequest r) {
        assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(r.getHeader("Accept-Encoding")).isEqualTo("gzip");
        assertThat(r.getHeader("User-Agent")).matches("bulk2-java/0\\.1\\.0-SNAPSHOT Java/\\d+\\.\\d+\\.\\d+");
    }

    @Test
    void create_upsert_sendsEveryFieldAndParsesTheOpenJob() throws Exception {
        server.enqueue(json(200, CREATE_RESPONSE));

        JobInfo job = client.ingestJobs().create(CreateIngestJobRequest.builder()
                .object("Account").operation(Operation.UPSERT).externalIdFieldName("Client_Id__c")
                .lineEnding(LineEnding.CRLF).columnDelimiter(ColumnDelimiter.PIPE)
                .assignmentRuleId("01QWs000000abcdMAA").build());

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getPath()).isEqualTo("/services/data/v64.0/jobs/ingest");
        assertCommonHeaders(r);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(r.getHeader("Accept")).isEqualTo("application/json");
        assertThat(r.getBody().readUtf8()).isEqualTo("{\"object\":\"Account\",\"operation\":\"upsert\","
                + "\"externalIdFieldName\":\"Client_Id__c\",\"contentType\":\"CSV\",\"lineEnding\":\"CRLF\","
                + "\"columnDelimiter\":\"PIPE\",\"assignmentRuleId\":\"01QWs000000abcdMAA\"}");
        assertThat(job.id()).isEqualTo(JOB_ID);
        assertThat(job.state()).isEqualTo(JobState.OPEN);
        assertThat(job.operation()).isEqualTo(Operation.UPSERT);
        assertThat(job.externalIdFieldName()).contains("Client_Id__c");
        assertThat(job.contentUrl()).contains("services/data/v64.0/jobs/ingest/750Ws00000Bx1nQIAR/batches");
        assertThat(job.jobType()).isEqualTo(JobType.UNKNOWN);
        assertThat(job.jobTypeAsString()).isEmpty();
        assertThat(job.numberRecordsProcessed()).isZero();
        assertThat(client.apiCallCount()).isEqualTo(1);
        assertThat(client.lastLimitInfo()).hasValueSatisfying(l -> {
            assertThat(l.apiUsed()).isEqualTo(18412);
            assertThat(l.apiMax()).isEqualTo(100000);
        });
    }

    @Test
    void create_insert_sendsOnlyWhatIsSet() throws Exception {
        server.enqueue(json(200, CREATE_RESPONSE.replace("upsert", "insert")));
        client.ingestJobs().create(CreateIngestJobRequest.builder().object("Contact").operation(Operation.INSERT).build());
        assertThat(take().getBody().readUtf8())
                .isEqualTo("{\"object\":\"Contact\",\"operation\":\"insert\",\"contentType\":\"CSV\"}");
    }

    @Test
    void createRequest_validatesUpsertAndOperations() {
        assertThatThrownBy(() -> CreateIngestJobRequest.builder().object("Account").operation(Operation.UPSERT).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("externalIdFieldName");
        assertThatThrownBy(() -> CreateIngestJobRequest.builder().object("Account").operation(Operation.INSERT)
                .externalIdFieldName("X__c").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only allowed for upsert");
        assertThatThrownBy(() -> CreateIngestJobRequest.builder().object("Account").operation(Operation.QUERY).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an ingest operation");
        assertThatThrownBy(() -> CreateIngestJobRequest.builder().operation(Operation.INSERT).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("object is required");
    }

    @Test
    void create_rejectedEntity_isNotRetriedAndNamesTheCode() throws Exception {
        server.enqueue(json(400, "[{\"errorCode\":\"INVALIDENTITY\",\"message\":\"Entity 'Foo' is not supported by "
                + "the Bulk API.\"}]"));
        assertThatThrownBy(() -> client.ingestJobs().create(CreateIngestJobRequest.builder().object("Foo")
                .operation(Operation.INSERT).build()))
                .isExactlyInstanceOf(dev.bulk2.core.exception.BulkApiException.class)
                .hasMessageContaining("INVALIDENTITY (HTTP 400)").hasMessageContaining("Entity 'Foo'");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void upload_isOneStreamedPutWithKnownLength(@TempDir Path dir) throws Exception {
        String csv = fixture("ingest-person-accounts-upload.csv");
        Path file = dir.resolve("clients.csv");
        Files.writeString(file, csv);
        server.enqueue(new MockResponse().setResponseCode(201));

        client.ingestJobs().upload(JOB_ID, ByteSource.ofPath(file));

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("PUT");
        assertThat(r.getPath()).isEqualTo("/services/data/v64.0/jobs/ingest/750Ws00000Bx1nQIAR/batches");
        assertCommonHeaders(r);
        assertThat(r.getHeader("Content-Type")).isEqualTo("text/csv");
        assertThat(r.getHeader("Content-Encoding")).isNull();
        assertThat(r.getHeader("Content-Length")).isEqualTo(String.valueOf(csv.getBytes(StandardCharsets.UTF_8).length));
        assertThat(r.getBody().readUtf8()).isEqualTo(csv);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void upload_rangeOfAFile_sendsOnlyThatRange(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, "xxxxName\nAcme\nyyyy");
        server.enqueue(new MockResponse().setResponseCode(201));
        client.ingestJobs().upload(JOB_ID, ByteSource.ofPath(file, 4, 10));
        RecordedRequest r = take();
        assertThat(r.getHeader("Content-Length")).isEqualTo("10");
        assertThat(r.getBody().readUtf8()).isEqualTo("Name\nAcme\n");
    }

    @Test
    void upload_unknownLength_isChunked() throws Exception {
        byte[] data = "Name\nAcme\n".getBytes(StandardCharsets.UTF_8);
        server.enqueue(new MockResponse().setResponseCode(201));
        client.ingestJobs().upload(JOB_ID, ByteSource.of(() -> new ByteArrayInputStream(data), -1));
        RecordedRequest r = take();
        assertThat(r.getHeader("Content-Length")).isNull();
        assertThat(r.getHeader("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(r.getBody().readUtf8()).isEqualTo("Name\nAcme\n");
    }

    @Test
    void upload_gzip_compressesOnTheFly() throws Exception {
        String csv = fixture("ingest-person-accounts-upload.csv");
        server.enqueue(new MockResponse().setResponseCode(201));
        client.ingestJobs().upload(JOB_ID, ByteSource.ofBytes(csv.getBytes(StandardCharsets.UTF_8)), true);
        RecordedRequest r = take();
        assertThat(r.getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.getHeader("Content-Type")).isEqualTo("text/csv");
        byte[] sent = r.getBody().readByteArray();
        assertThat(sent.length).isLessThan(csv.length());
        assertThat(TestSupport.read(new GZIPInputStream(new ByteArrayInputStream(sent)))).isEqualTo(csv);
    }

    @Test
    void upload_gzipSource_isSentAsIsWithItsLength() throws Exception {
        byte[] gz = TestSupport.gzip("Name\nAcme\n".getBytes(StandardCharsets.UTF_8));
        server.enqueue(new MockResponse().setResponseCode(201));
        client.ingestJobs().upload(JOB_ID, ByteSource.ofGzip(() -> new ByteArrayInputStream(gz), gz.length),
                true);
        RecordedRequest r = take();
        assertThat(r.getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.getHeader("Content-Length")).isEqualTo(String.valueOf(gz.length));
        assertThat(r.getBody().readByteArray()).isEqualTo(gz);
    }

    @Test
    void upload_gzipSourceWithoutCompression_isDecompressedOnTheFly() throws Exception {
        byte[] gz = TestSupport.gzip("Name\nAcme\n".getBytes(StandardCharsets.UTF_8));
        server.enqueue(new MockResponse().setResponseCode(201));
        client.ingestJobs().upload(JOB_ID, ByteSource.ofGzip(() -> new ByteArrayInputStream(gz), gz.length));
        RecordedRequest r = take();
        assertThat(r.getHeader("Content-Encoding")).isNull();
        assertThat(r.getBody().readUtf8()).isEqualTo("Name\nAcme\n");
    }

    @Test
    void upload_unreadableSource_failsBeforeSending(@TempDir Path dir) {
        ByteSource missing = ByteSource.of(() -> Files.newInputStream(dir.resolve("missing.csv")), 10);
        assertThatThrownBy(() -> client.ingestJobs().upload(JOB_ID, missing))
                .isInstanceOf(dev.bulk2.core.exception.BulkException.class)
                .hasMessageContaining("Cannot read the data to send").hasMessageContaining(JOB_ID);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void upload_toClosedJob_mapsInvalidJobState() {
        server.enqueue(json(400, "[{\"errorCode\":\"INVALIDJOBSTATE\",\"message\":\"Job is not Open\"}]"));
        assertThatThrownBy(() -> client.ingestJobs().upload(JOB_ID, ByteSource.ofBytes(new byte[] {'a'})))
                .isInstanceOfSatisfying(InvalidJobStateException.class, e -> {
                    assertThat(e.jobId()).contains(JOB_ID);
                    assertThat(e.method()).isEqualTo("PUT");
                    assertThat(e.path()).isEqualTo("/services/data/v64.0/jobs/ingest/750Ws00000Bx1nQIAR/batches");
                });
    }

    @Test
    void close_patchesUploadComplete() throws Exception {
        server.enqueue(json(200, CREATE_RESPONSE.replace("\"Open\"", "\"UploadComplete\"")));
        JobInfo job = client.ingestJobs().close(JOB_ID);
        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("PATCH");
        assertThat(r.getPath()).isEqualTo("/services/data/v64.0/jobs/ingest/750Ws00000Bx1nQIAR");
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(r.getBody().readUtf8()).isEqualTo("{\"state\":\"UploadComplete\"}");
        assertThat(job.state()).isEqualTo(JobState.UPLOAD_COMPLETE);
    }

    @Test
    void close_afterSecondUpload_mapsInvalidJobWithAdvice() {
        server.enqueue(json(400, "[{\"errorCode\":\"INVALIDJOB\",\"message\":\"Found multipe contents for job: "
                + "<750Ws00000Bx1nQ>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and "
                + "make sure you only do 'PUT' once on a given Job.\"}]"));
        assertThatThrownBy(() -> client.ingestJobs().close(JOB_ID))
                .isExactlyInstanceOf(dev.bulk2.core.exception.BulkApiException.class)
                .hasMessageContaining("INVALIDJOB (HTTP 400)").hasMessageContaining("create a new job");
    }

    @Test
    void close_alreadyClosed_returnsCurrentInfo() throws Exception {
        server.enqueue(json(400, "[{\"errorCode\":\"INVALIDJOBSTATE\",\"message\":\"Cannot change state from "
                + "UploadComplete to UploadComplete\"}]"));
        server.enqueue(json(200, fixture("ingest-job-info-jobcomplete.json")));
        JobInfo job = client.ingestJobs().close(JOB_ID);
        assertThat(job.state()).isEqualTo(JobState.JOB_COMPLETE);
        take();
        assertThat(take().getMethod()).isEqualTo("GET");
    }

    @Test
    void close_abortedJob_throwsInvalidJobState() {
        server.enqueue(json(400, "[{\"errorCode\":\"INVALIDJOBSTATE\",\"message\":\"Cannot change state from "
                + "Aborted to UploadComplete\"}]"));
        server.enqueue(json(200, CREATE_RESPONSE.replace("\"Open\"", "\"Aborted\"")));
        assertThatThrownBy(() -> client.ingestJobs().close(JOB_ID)).isInstanceOf(InvalidJobStateException.class)
                .hasMessageContaining("Cannot change state from Aborted to UploadComplete")
                .hasMessageContaining("job " + JOB_ID);
    }

    @Test
    void abort_patchesAborted() throws Exception {
        server.enqueue(json(200, CREATE_RESPONSE.replace("\"Open\"", "\"Aborted\"")));
        JobInfo job = client.ingestJobs().abort(JOB_ID);
        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("PATCH");
        assertThat(r.getBody().readUtf8()).isEqualTo("{\"state\":\"Aborted\"}");
        assertThat(job.state()).isEqualTo(JobState.ABORTED);
        assertThat(job.isTerminal()).isTrue();
    }

    @Test
    void delete_sendsDelete() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(204));
        client.ingestJobs().delete(JOB_ID);
        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("DELETE");
        assertThat(r.getPath()).isEqualTo("/services/data/v64.0/jobs/ingest/750Ws00000Bx1nQIAR");
        assertThat(r.getBodySize()).isZero();
    }

    @Test
    void info_parsesEveryFieldOfTheFixture() throws Exception {
        server.enqueue(json(200, fixture("ingest-job-info-jobcomplete.json")));
        JobInfo job = client.ingestJobs().info(JOB_ID);
        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getPath()).isEqualTo("/services/data/v64.0/jobs/ingest/750Ws00000Bx1nQIAR");
        assertThat(r.getHeader("Content-Type")).isNull();

        assertThat(job.id()).isEqualTo(JOB_ID);
        assertThat(job.operation()).isEqualTo(Operation.UPSERT);
        assertThat(job.object()).contains("Account");
        assertThat(job.createdById()).contains("005Ws000001Int8IAC");
        assertThat(job.createdDate()).contains(Instant.parse("2025-06-02T09:14:07Z"));
        assertThat(job.systemModstamp()).contains(Instant.parse("2025-06-02T09:15:31Z"));
        assertThat(job.state()).isEqualTo(JobState.JOB_COMPLETE);
        assertThat(job.stateAsString()).contains("JobComplete");
        assertThat(job.externalIdFieldName()).contains("Client_Id__c");
        assertThat(job.concurrencyMode()).contains("Parallel");
        assertThat(job.contentType()).contains("CSV");
        assertThat(job.apiVersion()).contains("64.0");
        assertThat(job.jobType()).isEqualTo(JobType.V2_INGEST);
        assertThat(job.lineEnding()).contains(LineEnding.LF);
        assertThat(job.columnDelimiter()).contains(ColumnDelimiter.COMMA);
        assertThat(job.numberRecordsProcessed()).isEqualTo(6);
        assertThat(job.numberRecordsFailed()).isEqualTo(2);
        assertThat(job.successfulRecords()).isEqualTo(4);
        assertThat(job.retries()).isZero();
        assertThat(job.totalProcessingTime()).isEqualTo(1874);
        assertThat(job.apiActiveProcessingTime()).isEqualTo(1502);
        assertThat(job.apexProcessingTime()).isEqualTo(611);
        assertThat(job.errorMessage()).isEmpty();
        assertThat(job.assignmentRuleId()).isEmpty();
        assertThat(job.isTerminal()).isTrue();
    }

    @Test
    void info_unknownJob_throwsNotFound() {
        server.enqueue(json(404, "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]"));
        assertThatThrownBy(() -> client.ingestJobs().info(JOB_ID)).isInstanceOfSatisfying(NotFoundException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(404);
            assertThat(e.errorCode()).contains("NOT_FOUND");
            assertThat(e.errors()).hasSize(1);
            assertThat(e.getMessage()).isEqualTo("GET /services/data/v64.0/jobs/ingest/750Ws00000Bx1nQIAR (job "
                    + JOB_ID + ") failed: NOT_FOUND (HTTP 404): The requested resource does not exist. Check the job "
                    + "id: unknown jobs, deleted jobs and jobs finished more than 7 days ago do not exist");
            assertThat(e.isRetryable()).isFalse();
        });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void info_badJobId_isRejectedBeforeSending() {
        assertThatThrownBy(() -> client.ingestJobs().info("../limits")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid job id");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void info_gzipResponse_isDecoded() throws Exception {
        byte[] gz = TestSupport.gzip(fixture("ingest-job-info-jobcomplete.json").getBytes(StandardCharsets.UTF_8));
        server.enqueue(new MockResponse().setHeader("Content-Encoding", "gzip")
                .setHeader("Content-Type", "application/json").setBody(new Buffer().write(gz)));
        assertThat(client.ingestJobs().info(JOB_ID).numberRecordsFailed()).isEqualTo(2);
    }

    @Test
    void list_sendsAllParametersAndFollowsNextRecordsUrlLazily() throws Exception {
        server.enqueue(json(200, "{\"done\":false,\"records\":[" + CREATE_RESPONSE + ",{\"id\":\"750Ws00000Bx1nRIAR\","
                + "\"operation\":\"insert\",\"object\":\"Contact\",\"state\":\"JobComplete\",\"jobType\":\"V2Ingest\","
                + "\"someNewField\":{\"nested\":[1,2]}}],"
                + "\"nextRecordsUrl\":\"/services/data/v64.0/jobs/ingest?queryLocator=01gWs00000AbCdE-1000\"}"));
        server.enqueue(json(200, "{\"done\":true,\"records\":[{\"id\":\"750Ws00000Bx1nSIAR\",\"state\":\"Failed\"}],"
                + "\"nextRecordsUrl\":null}"));

        java.util.stream.Stream<JobInfo> listing = client.ingestJobs().list(ListJobsRequest.builder().isPkChunkingEnabled(false)
                .jobType(JobType.V2_INGEST).concurrencyMode("Parallel").queryLocator("abc def").build());
        assertThat(server.getRequestCount()).as("lazy: nothing fetched yet").isZero();

        var it = listing.iterator();
        assertThat(it.next().id()).isEqualTo(JOB_ID);
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(it.next().object()).contains("Contact");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(it.next().state()).isEqualTo(JobState.FAILED);
        assertThat(it.hasNext()).isFalse();

        RecordedRequest first = take();
        assertThat(first.getPath()).isEqualTo("/services/data/v64.0/jobs/ingest?isPkChunkingEnabled=false"
                + "&jobType=V2Ingest&concurrencyMode=Parallel&queryLocator=abc%20def");
        assertCommonHeaders(first);
        RecordedRequest second = take();
        assertThat(second.getPath()).isEqualTo("/services/data/v64.0/jobs/ingest?queryLocator=01gWs00000AbCdE-1000");
        assertCommonHeaders(second);
    }

    @Test
    void list_stream_collectsAllPages() {
        server.enqueue(json(200, "{\"done\":false,\"records\":[{\"id\":\"750000000000001\"}],"
                + "\"nextRecordsUrl\":\"/services/data/v64.0/jobs/ingest?queryLocator=x\"}"));
        server.enqueue(json(200, "{\"done\":true,\"records\":[{\"id\":\"750000000000002\"}]}"));
        List<String> ids = client.ingestJobs().list().map(JobInfo::id).collect(Collectors.toList());
        assertThat(ids).containsExactly("750000000000001", "750000000000002");
    }

    @Test
    void list_refusesNextRecordsUrlOnAnotherHost() {
        server.enqueue(json(200, "{\"done\":false,\"records\":[],\"nextRecordsUrl\":\"https://evil.example/x\"}"));
        assertThatThrownBy(() -> client.ingestJobs().list().count())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Refusing server-provided URL");
    }

    @Test
    void results_streamTheCsvOfEachResource() throws Exception {
        String ok = fixture("ingest-successful-results.csv");
        String failed = fixture("ingest-failed-results.csv");
        server.enqueue(new MockResponse().setHeader("Content-Type", "text/csv").setBody(ok));
        server.enqueue(new MockResponse().setHeader("Content-Type", "text/csv").setHeader("Content-Encoding", "gzip")
                .setBody(new Buffer().write(TestSupport.gzip(failed.getBytes(StandardCharsets.UTF_8)))));
        server.enqueue(new MockResponse().setResponseCode(204));

        assertThat(TestSupport.read(client.ingestJobs().successfulResults(JOB_ID))).isEqualTo(ok);
        assertThat(TestSupport.read(client.ingestJobs().failedResults(JOB_ID))).isEqualTo(failed);
        assertThat(TestSupport.read(client.ingestJobs().unprocessedRecords(JOB_ID))).isEmpty();

        String base = "/services/data/v64.0/jobs/ingest/750Ws00000Bx1nQIAR/";
        RecordedRequest r1 = take();
        assertThat(r1.getMethod()).isEqualTo("GET");
        assertThat(r1.getPath()).isEqualTo(base + "successfulResults/");
        assertThat(r1.getHeader("Accept")).isEqualTo("text/csv");
        assertCommonHeaders(r1);
        assertThat(take().getPath()).isEqualTo(base + "failedResults/");
        assertThat(take().getPath()).isEqualTo(base + "unprocessedrecords/");
    }

    @Test
    void results_emptyGzipBody_isAnEmptyStream() {
        server.enqueue(new MockResponse().setHeader("Content-Encoding", "gzip").setBody(""));
        assertThat(TestSupport.read(client.ingestJobs().failedResults(JOB_ID))).isEmpty();
    }

    @Test
    void results_withJobInfo_carryTheJobsDialect() {
        server.enqueue(new MockResponse().setBody("\"sf__Id\"|\"sf__Created\"|Name\n"));
        JobInfo job = JobInfo.builder().id(JOB_ID).columnDelimiter("PIPE").lineEnding("CRLF").build();
        try (ResultStream s = client.ingestJobs().successfulResults(job)) {
            assertThat(s.columnDelimiter()).contains(ColumnDelimiter.PIPE);
            assertThat(s.lineEnding()).contains(LineEnding.CRLF);
            assertThat(s.jobId()).isEqualTo(JOB_ID);
            assertThat(TestSupport.read(s)).startsWith("\"sf__Id\"|");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void results_notClosedByCaller_isReportedAsOpenUntilClosed() throws Exception {
        server.enqueue(new MockResponse().setBody("a\n"));
        ResultStream s = client.ingestJobs().successfulResults(JOB_ID);
        assertThat(TestSupport.openBodies(client)).isEqualTo(1);
        s.close();
        s.close();
        assertThat(TestSupport.openBodies(client)).isZero();
    }

    @Test
    void info_malformedJson_isABulkExceptionAndTheBodyIsClosed() {
        server.enqueue(json(200, "<html>maintenance</html>"));
        assertThatThrownBy(() -> client.ingestJobs().info(JOB_ID))
                .isExactlyInstanceOf(dev.bulk2.core.exception.BulkException.class)
                .hasMessageContaining("GET /jobs/ingest/" + JOB_ID).hasMessageContaining("malformed JSON");
    }

    @Test
    void list_repeatedNextRecordsUrl_stopsInsteadOfLooping() {
        String page = "{\"done\":false,\"records\":[{\"id\":\"750000000000001\"}],"
                + "\"nextRecordsUrl\":\"/services/data/v64.0/jobs/ingest?queryLocator=same\"}";
        server.enqueue(json(200, page));
        server.enqueue(json(200, page));
        assertThatThrownBy(() -> client.ingestJobs().list().count())
                .isInstanceOf(dev.bulk2.core.exception.BulkException.class)
                .hasMessageContaining("same nextRecordsUrl twice");
        assertThat(server.getRequestCount()).as("first page, then the locator once").isEqualTo(2);
    }
}
