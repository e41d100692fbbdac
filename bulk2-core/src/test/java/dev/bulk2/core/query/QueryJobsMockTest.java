package dev.bulk2.core.query;

import dev.bulk2.core.exception.TruncatedPageException;
import static dev.bulk2.core.TestSupport.JOB_ID;
import static dev.bulk2.core.TestSupport.TOKEN;
import static dev.bulk2.core.query.QueryTestSupport.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.JobInfo;
import dev.bulk2.core.JobState;
import dev.bulk2.core.JobType;
import dev.bulk2.core.Operation;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.TestSupport;
import dev.bulk2.core.exception.InvalidJobStateException;
import dev.bulk2.core.exception.JobCreationOutcomeUnknownException;
import dev.bulk2.core.exception.JobFailedException;
import dev.bulk2.core.exception.WaitTimeoutException;
import dev.bulk2.core.ingest.ListJobsRequest;
import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.LineEnding;
import dev.bulk2.testkit.FakeClock;
import dev.bulk2.testkit.RecordingSleeper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exact HTTP exchanges of query jobs, and the failure paths that need a scripted server. */
class QueryJobsMockTest {
    static final String CREATED = "{\"id\":\"750Ws00000Bx1nQIAR\",\"operation\":\"query\",\"object\":\"Account\","
            + "\"createdById\":\"005Ws000001Int8IAC\",\"createdDate\":\"2025-06-02T10:00:02.000+0000\","
            + "\"systemModstamp\":\"2025-06-02T10:00:02.000+0000\",\"state\":\"UploadComplete\","
            + "\"concurrencyMode\":\"Parallel\",\"contentType\":\"CSV\",\"apiVersion\":64.0,\"lineEnding\":\"LF\","
            + "\"columnDelimiter\":\"COMMA\"}";
    static final String COMPLETE = CREATED.replace("UploadComplete", "JobComplete")
            .replace("}", ",\"jobType\":\"V2Query\",\"numberRecordsProcessed\":5,\"retries\":0}");
    static final String HEADER = "\"Id\",\"Client_Id__c\",\"FirstName\"\n";
    static final String PAGE1 = HEADER + "\"001Ws00000Q1kR2IAJ\",\"C-1001\",\"Ada\"\n"
            + "\"001Ws00000Q1kQZIAZ\",\"C-1002\",\"Al\"\"an\"\n" + "\"001Ws00000Q1kR3IAJ\",\"C-1003\",\"Grace\nHopper\"\n";
    static final String PAGE2 = HEADER + "\"001Ws00000Q1kQaIAJ\",\"C-1004\",\"Katherine\"\n"
            + "\"001Ws00000Q1kQbIAJ\",\"C-0999\",\"\"\n";

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
                .setBody(body);
    }

    private static MockResponse csv(String body, String locator, int records) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/csv; charset=UTF-8")
                .setHeader("Sforce-Locator", locator).setHeader("Sforce-NumberOfRecords", records).setBody(body);
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).as("expected a request").isNotNull();
        return r;
    }

    private PollingPolicy noJitter() {
        return PollingPolicy.builder().initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(2)).jitter(0)
                .build();
    }

    @Test
    void create_sendsTheQueryJobBodyAndParsesTheJob() throws Exception {
        server.enqueue(json(200, CREATED));
        JobInfo job = client.queryJobs().create(QueryJobRequest.builder().operation(Operation.QUERY_ALL)
                .query("SELECT Id FROM Account").columnDelimiter(ColumnDelimiter.TAB).lineEnding(LineEnding.CRLF)
                .build());
        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getPath()).isEqualTo("/services/data/v64.0/jobs/query");
        assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(r.getBody().readUtf8()).isEqualTo("{\"operation\":\"queryAll\",\"query\":\"SELECT Id FROM "
                + "Account\",\"contentType\":\"CSV\",\"columnDelimiter\":\"TAB\",\"lineEnding\":\"CRLF\"}");
        assertThat(job.id()).isEqualTo(JOB_ID);
        assertThat(job.state()).isEqualTo(JobState.UPLOAD_COMPLETE);
    }

    @Test
    void create_defaultsSendOnlyOperationQueryAndContentType() throws Exception {
        server.enqueue(json(200, CREATED));
        client.queryJobs().create(QueryJobRequest.of("SELECT Id FROM Account"));
        assertThat(take().getBody().readUtf8()).isEqualTo("{\"operation\":\"query\",\"query\":\"SELECT Id FROM "
                + "Account\",\"contentType\":\"CSV\"}");
    }

    @Test
    void create_lostAnswerIsNotResent() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        assertThatThrownBy(() -> client.queryJobs().create(QueryJobRequest.of("SELECT Id FROM Account")))
                .isInstanceOf(JobCreationOutcomeUnknownException.class).hasMessageContaining("safe");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void request_rejectsIngestOperationsAndBlankQueries() {
        assertThatThrownBy(() -> QueryJobRequest.builder().operation(Operation.INSERT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("QUERY");
        assertThatThrownBy(() -> QueryJobRequest.builder().query(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueryJobRequest.builder().build()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("query is required");
        QueryJobRequest a = QueryJobRequest.builder().query("SELECT Id FROM Account").lineEnding(LineEnding.LF).build();
        assertThat(a.toBuilder().build()).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(a).isNotEqualTo(a.toBuilder().operation(Operation.QUERY_ALL).build());
        assertThat(a.toString()).contains("query", "SELECT Id FROM Account", "LF");
    }

    @Test
    void infoAbortDeleteAndList_useTheQueryResources() throws Exception {
        server.enqueue(json(200, COMPLETE));
        server.enqueue(json(200, CREATED.replace("UploadComplete", "Aborted")));
        server.enqueue(new MockResponse().setResponseCode(204));
        server.enqueue(json(200, "{\"done\":false,\"records\":[" + COMPLETE + "],\"nextRecordsUrl\":"
                + "\"/services/data/v64.0/jobs/query?queryLocator=01gWs-1000\"}"));
        server.enqueue(json(200, "{\"done\":true,\"records\":[" + COMPLETE.replace("1nQ", "2nQ") + "]}"));

        QueryJobs q = client.queryJobs();
        assertThat(q.info(JOB_ID).numberRecordsProcessed()).isEqualTo(5);
        assertThat(q.abort(JOB_ID).state()).isEqualTo(JobState.ABORTED);
        q.delete(JOB_ID);
        List<String> ids = q.list(ListJobsRequest.builder().jobType(JobType.V2_QUERY).build())
                .map(JobInfo::id).collect(Collectors.toList());
        assertThat(ids).containsExactly(JOB_ID, "750Ws00000Bx2nQIAR");

        RecordedRequest info = take();
        assertThat(info.getMethod() + " " + info.getPath()).isEqualTo("GET /services/data/v64.0/jobs/query/" + JOB_ID);
        RecordedRequest abort = take();
        assertThat(abort.getMethod() + " " + abort.getPath())
                .isEqualTo("PATCH /services/data/v64.0/jobs/query/" + JOB_ID);
        assertThat(abort.getBody().readUtf8()).isEqualTo("{\"state\":\"Aborted\"}");
        RecordedRequest delete = take();
        assertThat(delete.getMethod() + " " + delete.getPath())
                .isEqualTo("DELETE /services/data/v64.0/jobs/query/" + JOB_ID);
        assertThat(take().getPath()).isEqualTo("/services/data/v64.0/jobs/query?jobType=V2Query");
        assertThat(take().getPath()).isEqualTo("/services/data/v64.0/jobs/query?queryLocator=01gWs-1000");
    }

    @Test
    void abort_ofAFinishedJob_isAnInvalidJobState() {
        server.enqueue(json(400, "[{\"errorCode\":\"INVALIDJOBSTATE\",\"message\":\"Cannot change state\"}]"));
        server.enqueue(json(200, COMPLETE));
        assertThatThrownBy(() -> client.queryJobs().abort(JOB_ID)).isInstanceOf(InvalidJobStateException.class);
    }

    @Test
    void resultPage_sendsLocatorAndMaxRecordsAndReadsThePagingHeaders() throws Exception {
        byte[] gz = TestSupport.gzip(PAGE1.getBytes(StandardCharsets.UTF_8));
        server.enqueue(new MockResponse().setHeader("Content-Encoding", "gzip").setHeader("Sforce-Locator", "Mw")
                .setHeader("Sforce-NumberOfRecords", "3").setBody(new Buffer().write(gz)));
        server.enqueue(csv(PAGE2, "null", 2));
        try (ResultPage p = client.queryJobs().resultPage(JOB_ID, null, 3)) {
            assertThat(p.locator()).isEmpty();
            assertThat(p.nextLocator()).contains("Mw");
            assertThat(p.numberOfRecords()).hasValue(3);
            assertThat(new String(p.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(PAGE1);
        }
        try (ResultPage p = client.queryJobs().resultPage(JOB_ID, "Mw", 3)) {
            assertThat(p.locator()).contains("Mw");
            assertThat(p.isLast()).isTrue();
            assertThat(p.nextLocator()).isEmpty();
            p.body().readAllBytes();
        }
        RecordedRequest first = take();
        assertThat(first.getPath()).isEqualTo("/services/data/v64.0/jobs/query/" + JOB_ID + "/results?maxRecords=3");
        assertThat(first.getHeader("Accept")).isEqualTo("text/csv");
        assertThat(first.getHeader("Accept-Encoding")).isEqualTo("gzip");
        assertThat(take().getPath()).isEqualTo("/services/data/v64.0/jobs/query/" + JOB_ID
                + "/results?locator=Mw&maxRecords=3");
    }

    @Test
    void resultPages_acceptsBothContinuationSpellingsAndStopsWhenDone() throws Exception {
        String base = "/services/data/v64.0/jobs/query/" + JOB_ID;
        server.enqueue(json(200, "{\"resultPages\":[{\"resultUrl\":\"" + base + "/results?maxRecords=3\"},"
                + "{\"resultUrl\":\"" + base + "/results?locator=Mw&maxRecords=3\"}],"
                + "\"nextRecordUrl\":\"" + base + "/resultPages?locator=Ng\",\"done\":false}"));
        server.enqueue(json(200, "{\"resultPages\":[{\"resultUrl\":\"" + base + "/results?locator=Ng&maxRecords=3\"}],"
                + "\"nextRecordsUrl\":\"" + base + "/resultPages?locator=OQ\",\"done\":false}"));
        server.enqueue(json(200, "{\"resultPages\":[],\"nextRecordsUrl\":null,\"done\":true}"));
        List<ResultPageLink> links = new ArrayList<>();
        client.queryJobs().resultPages(JOB_ID).forEach(links::add);
        assertThat(links).extracting(l -> l.locator().orElse("first")).containsExactly("first", "Mw", "Ng");
        assertThat(links.get(1).maxRecords()).hasValue(3);
        assertThat(take().getPath()).isEqualTo(base + "/resultPages");
        assertThat(take().getPath()).isEqualTo(base + "/resultPages?locator=Ng");
        assertThat(take().getPath()).isEqualTo(base + "/resultPages?locator=OQ");
    }

    @Test
    void resultPages_repeatedContinuation_stopsInsteadOfLooping() {
        String base = "/services/data/v64.0/jobs/query/" + JOB_ID;
        String page = "{\"resultPages\":[{\"resultUrl\":\"" + base + "/results?maxRecords=3\"}],"
                + "\"nextRecordsUrl\":\"" + base + "/resultPages?locator=same\",\"done\":false}";
        server.enqueue(json(200, page));
        server.enqueue(json(200, page));
        assertThatThrownBy(() -> client.queryJobs().resultPages(JOB_ID).count())
                .isExactlyInstanceOf(dev.bulk2.core.exception.BulkException.class)
                .hasMessage("Salesforce returned the same resultPages continuation twice (" + base
                        + "/resultPages?locator=same) for job " + JOB_ID + "; stopping to avoid an endless loop.");
        assertThat(server.getRequestCount()).as("first batch, then the continuation once").isEqualTo(2);
    }

    @Test
    void list_repeatedNextRecordsUrl_stopsInsteadOfLooping() {
        String next = "/services/data/v64.0/jobs/query?queryLocator=same";
        String page = "{\"done\":false,\"records\":[{\"id\":\"750000000000001\"}],\"nextRecordsUrl\":\"" + next
                + "\"}";
        server.enqueue(json(200, page));
        server.enqueue(json(200, page));
        assertThatThrownBy(() -> client.queryJobs().list().count())
                .isExactlyInstanceOf(dev.bulk2.core.exception.BulkException.class)
                .hasMessage("Salesforce returned the same nextRecordsUrl twice (" + next
                        + "); stopping the query job listing to avoid an endless loop.");
        assertThat(server.getRequestCount()).as("first page, then the locator once").isEqualTo(2);
    }

    @Test
    void invalidJobId_isRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> client.queryJobs().info("750/../x"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid job id '750/../x': expected a Salesforce id such as 750Ws00000Bx2QzIAJ");
        assertThatThrownBy(() -> client.queryJobs().delete(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("jobId");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void resultPages_belowApi58_isRefused() {
        try (BulkClient old = client.toBuilder().apiVersion("57.0").build()) {
            assertThat(old.queryJobs().supportsResultPages()).isFalse();
            assertThatThrownBy(() -> old.queryJobs().resultPages(JOB_ID))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("58.0");
        }
    }

    @Test
    void parallelismBelowApi58_fallsBackToLocatorPaging() throws Exception {
        try (BulkClient old = client.toBuilder().apiVersion("57.0").build()) {
            server.enqueue(json(200, COMPLETE));
            server.enqueue(csv(PAGE1, "Mw", 3));
            server.enqueue(csv(PAGE2, "null", 2));
            List<Map<String, String>> rows = new ArrayList<>();
            old.query("SELECT Id FROM Account").parallelism(4).forEachRow(rows::add);
            assertThat(rows).hasSize(5);
            take();
            assertThat(take().getPath()).endsWith("/results");
            assertThat(take().getPath()).endsWith("/results?locator=Mw");
        }
    }

    @Test
    void stream_parsesQuotesLineBreaksAndEmptyValuesInColumnOrder() {
        server.enqueue(json(200, COMPLETE));
        server.enqueue(csv(PAGE1, "Mw", 3));
        server.enqueue(csv(PAGE2, "null", 2));
        try (QueryRows<Map<String, String>> rows = client.query("SELECT Id, Client_Id__c, FirstName FROM Account")
                .stream()) {
            List<Map<String, String>> all = rows.stream().collect(Collectors.toList());
            assertThat(all).extracting(m -> m.get("FirstName"))
                    .containsExactly("Ada", "Al\"an", "Grace\nHopper", "Katherine", "");
            assertThat(all.get(0).keySet()).containsExactly("Id", "Client_Id__c", "FirstName");
            assertThat(all.get(0)).isEqualTo(Map.of("Id", "001Ws00000Q1kR2IAJ", "Client_Id__c", "C-1001",
                    "FirstName", "Ada"));
            assertThatThrownBy(() -> all.get(0).put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
            assertThat(rows.result().rows()).isEqualTo(5);
            assertThat(rows.result().pages()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void failedJob_isAJobFailedExceptionWithTheErrorMessage(boolean async) {
        server.enqueue(json(200, CREATED));
        server.enqueue(json(200, CREATED.replace("UploadComplete", "InProgress")));
        server.enqueue(json(200, CREATED.replace("\"UploadComplete\"", "\"Failed\",\"errorMessage\":"
                + "\"InvalidBatch : Failed to process query: FUNCTIONALITY_NOT_ENABLED\"")));
        Query q = client.query("SELECT Id FROM Account").pollingPolicy(noJitter());
        assertThatThrownBy(() -> {
            if (async) {
                join(q.toOutputStreamAsync(new ByteArrayOutputStream()));
            } else {
                q.toOutputStream(new ByteArrayOutputStream());
            }
        }).isInstanceOf(JobFailedException.class)
                .hasMessageContaining(JOB_ID).hasMessageContaining("FUNCTIONALITY_NOT_ENABLED")
                .satisfies(e -> assertThat(((JobFailedException) e).jobInfo().state()).isEqualTo(JobState.FAILED));
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void deadline_isAWaitTimeoutNamingTheJob() {
        server.enqueue(json(200, CREATED));
        for (int i = 0; i < 20; i++) {
            server.enqueue(json(200, CREATED.replace("UploadComplete", "InProgress")));
        }
        assertThatThrownBy(() -> client.query("SELECT Id FROM Account")
                .pollingPolicy(PollingPolicy.builder().jitter(0).build())
                .timeout(Duration.ofSeconds(10)).forEachRow(r -> { }))
                .isInstanceOf(WaitTimeoutException.class)
                .hasMessageContaining(JOB_ID)
                .satisfies(e -> {
                    WaitTimeoutException w = (WaitTimeoutException) e;
                    assertThat(w.unfinishedJobIds()).containsExactly(JOB_ID);
                    assertThat(w.elapsed()).isEqualTo(Duration.ofSeconds(10));
                });
        // 1 s before the first poll, then 1 s, 1.5 s, 2.25 s, 3.375 s; the last sleep is cut to the 0.875 s left
        assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofMillis(1500), Duration.ofMillis(2250), Duration.ofMillis(3375), Duration.ofMillis(875));
    }

    @Test
    void shortPage_isFetchedAgainWithTheSameLocator() throws Exception {
        server.enqueue(json(200, COMPLETE));
        server.enqueue(csv(PAGE1, "Mw", 3));
        String cut = PAGE2.substring(0, PAGE2.indexOf("\"001Ws00000Q1kQb"));
        server.enqueue(csv(cut, "null", 2));
        server.enqueue(csv(PAGE2, "null", 2));
        List<Integer> retried = new ArrayList<>();
        QueryResult r = client.query("SELECT Id FROM Account").maxRecordsPerPage(3)
                .listener(new QueryListener() {
                    @Override
                    public void pageRetried(String jobId, int pageIndex, int attempt, RuntimeException cause) {
                        retried.add(pageIndex);
                        assertThat(cause).isInstanceOf(TruncatedPageException.class);
                    }
                }).forEachRow(row -> { });
        assertThat(r.rows()).isEqualTo(5);
        assertThat(r.pageRetries()).isEqualTo(1);
        assertThat(retried).containsExactly(1);
        take();
        assertThat(take().getPath()).endsWith("/results?maxRecords=3");
        assertThat(take().getPath()).endsWith("/results?locator=Mw&maxRecords=3");
        assertThat(take().getPath()).endsWith("/results?locator=Mw&maxRecords=3");
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void pageThatStaysTruncated_isATruncatedPageException(boolean async) {
        server.enqueue(json(200, COMPLETE));
        String cutInsideQuote = PAGE1.substring(0, PAGE1.indexOf("Hopper"));
        server.enqueue(csv(cutInsideQuote, "Mw", 3));
        server.enqueue(csv(cutInsideQuote, "Mw", 3));
        Query q = client.query("SELECT Id FROM Account").maxPageAttempts(2).pollingPolicy(noJitter());
        List<Map<String, String>> delivered = new ArrayList<>();
        assertThatThrownBy(() -> {
            if (async) {
                join(q.forEachRowAsync(delivered::add));
            } else {
                q.forEachRow(delivered::add);
            }
        }).isInstanceOf(TruncatedPageException.class)
                .hasMessageContaining(JOB_ID).hasMessageContaining("2 downloads")
                .satisfies(e -> {
                    TruncatedPageException t = (TruncatedPageException) e;
                    assertThat(t.jobId()).isEqualTo(JOB_ID);
                    assertThat(t.locator()).isEmpty();
                    assertThat(t.expectedRows()).isEqualTo(3);
                    assertThat(t.receivedRows()).isEqualTo(2);
                    assertThat(t.attempts()).isEqualTo(2);
                    assertThat(t.isRetryable()).isTrue();
                });
        assertThat(delivered).as("no row of a truncated page is handed out").isEmpty();
    }

    @Test
    void connectionDroppedMidBody_retriesThatPageOnly() throws Exception {
        server.enqueue(json(200, COMPLETE));
        server.enqueue(csv(PAGE1, "Mw", 3));
        server.enqueue(csv(PAGE2 + PAGE2 + PAGE2, "null", 2).setSocketPolicy(
                SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
        server.enqueue(csv(PAGE2, "null", 2));
        List<Map<String, String>> rows = new ArrayList<>();
        QueryResult r = client.query("SELECT Id FROM Account").forEachRow(rows::add);
        assertThat(rows).hasSize(5);
        assertThat(r.pageRetries()).isEqualTo(1);
        take();
        assertThat(take().getPath()).endsWith("/results");
        assertThat(take().getPath()).endsWith("/results?locator=Mw");
        assertThat(take().getPath()).endsWith("/results?locator=Mw");
    }

    @Test
    void tokenExpiredMidExport_refreshesAndContinuesFromTheSameLocator() throws Exception {
        TestSupport.CountingAuth auth = new TestSupport.CountingAuth(URI.create(server.url("/").toString()));
        try (BulkClient c = client.toBuilder().auth(auth).build()) {
            server.enqueue(json(200, COMPLETE));
            server.enqueue(csv(PAGE1, "Mw", 3));
            server.enqueue(json(401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":"
                    + "\"INVALID_SESSION_ID\"}]"));
            server.enqueue(csv(PAGE2, "null", 2));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            QueryResult r = c.query("SELECT Id FROM Account").toOutputStream(out);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(PAGE1 + PAGE2.substring(HEADER.length()));
            assertThat(r.rows()).isEqualTo(5);
            assertThat(r.apiCalls()).isEqualTo(4);
            assertThat(auth.fetches.get()).isEqualTo(2);
            take();
            take();
            RecordedRequest rejected = take();
            RecordedRequest replay = take();
            assertThat(rejected.getHeader("Authorization")).isEqualTo("Bearer t1");
            assertThat(replay.getHeader("Authorization")).isEqualTo("Bearer t2");
            assertThat(replay.getPath()).isEqualTo(rejected.getPath()).endsWith("/results?locator=Mw");
            assertThat(TestSupport.openBodies(c)).isZero();
        }
    }

    @Test
    void serverErrorOnAPage_isRetriedByTheTransport() throws Exception {
        server.enqueue(json(200, COMPLETE));
        server.enqueue(json(503, "[{\"errorCode\":\"SERVER_UNAVAILABLE\",\"message\":\"busy\"}]"));
        server.enqueue(csv(PAGE1, "null", 3));
        List<Map<String, String>> rows = new ArrayList<>();
        client.query("SELECT Id FROM Account").forEachRow(rows::add);
        assertThat(rows).hasSize(3);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }
}
