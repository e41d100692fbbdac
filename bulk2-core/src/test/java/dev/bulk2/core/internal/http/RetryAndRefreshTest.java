package dev.bulk2.core.internal.http;

import static dev.bulk2.core.TestSupport.JOB_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.Backoff;
import dev.bulk2.core.BulkClient;
import dev.bulk2.csv.ByteSource;
import dev.bulk2.core.Operation;
import dev.bulk2.core.RetryPolicy;
import dev.bulk2.core.TestSupport;
import dev.bulk2.core.auth.AccessToken;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.exception.AuthenticationException;
import dev.bulk2.core.exception.BulkApiException;
import dev.bulk2.core.exception.JobCreationOutcomeUnknownException;
import dev.bulk2.core.exception.RequestLimitExceededException;
import dev.bulk2.core.exception.TransportException;
import dev.bulk2.core.exception.UploadOutcomeUnknownException;
import dev.bulk2.core.ingest.CreateIngestJobRequest;
import dev.bulk2.testkit.FakeClock;
import dev.bulk2.testkit.RecordingSleeper;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetryAndRefreshTest {
    private static final String JOB = "{\"id\":\"750Ws00000Bx1nQIAR\",\"operation\":\"insert\",\"object\":\"Account\","
            + "\"state\":\"Open\",\"createdDate\":\"2025-06-02T09:14:07.000+0000\"}";
    private static final String SESSION_EXPIRED =
            "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]";

    private MockWebServer server;
    private FakeClock clock;
    private RecordingSleeper sleeper;
    private BulkClient client;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        clock = TestSupport.clockAt2025();
        sleeper = RecordingSleeper.advancing(clock);
        client = TestSupport.clientFor(server, sleeper, clock).build();
    }

    @AfterEach
    void stop() throws Exception {
        assertThat(TestSupport.openBodies(client)).as("response bodies left open").isZero();
        client.close();
        server.shutdown();
    }

    private static MockResponse status(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    @Test
    void get_5xx_isRetriedWithExponentialDelaysThenSucceeds() throws Exception {
        server.enqueue(status(500, "[{\"errorCode\":\"UNKNOWN_EXCEPTION\",\"message\":\"ErrorId 123\"}]"));
        server.enqueue(status(502, "<html>bad gateway</html>"));
        server.enqueue(status(200, JOB));
        assertThat(client.ingestJobs().info(JOB_ID).id()).isEqualTo(JOB_ID);
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(client.apiCallCount()).isEqualTo(3);
    }

    @Test
    void get_5xx_givesUpAfterMaxAttempts() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(status(503, "[{\"errorCode\":\"SERVER_UNAVAILABLE\",\"message\":\"down\"}]"));
        }
        server.enqueue(status(200, JOB));
        assertThatThrownBy(() -> client.ingestJobs().info(JOB_ID)).isInstanceOfSatisfying(BulkApiException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.isRetryable()).isTrue();
            assertThat(e.getMessage()).contains("SERVER_UNAVAILABLE (HTTP 503)").contains("try again later");
        });
        assertThat(server.getRequestCount()).isEqualTo(4);
        assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4));
    }

    @Test
    void retryAfter_secondsAndHttpDate_areHonoured() {
        server.enqueue(status(429, "").setHeader("Retry-After", "7"));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().plusSeconds(7 + 20)
                .atOffset(ZoneOffset.UTC));
        server.enqueue(status(503, "").setHeader("Retry-After", date));
        server.enqueue(status(200, JOB));
        client.ingestJobs().info(JOB_ID);
        // 7 s, then the date 27 s after start minus the 7 s already slept = 20 s (longer than the 2 s backoff)
        assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(20));
    }

    @Test
    void retryAfter_beyondMaxElapsed_failsAtOnce() {
        server.enqueue(status(503, "").setHeader("Retry-After", "3600"));
        assertThatThrownBy(() -> client.ingestJobs().info(JOB_ID)).isInstanceOf(BulkApiException.class)
                .hasMessageContaining("HTTP 503");
        assertThat(sleeper.delays()).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void maxElapsed_boundsTheTotalTime() {
        try (BulkClient c = client.toBuilder().retryPolicy(RetryPolicy.builder().maxAttempts(10)
                .backoff(Backoff.fixed(Duration.ofSeconds(40))).maxElapsed(Duration.ofSeconds(100)).build()).build()) {
            for (int i = 0; i < 10; i++) {
                server.enqueue(status(500, ""));
            }
            assertThatThrownBy(() -> c.ingestJobs().info(JOB_ID)).isInstanceOf(BulkApiException.class);
            assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(40), Duration.ofSeconds(40));
            assertThat(server.getRequestCount()).isEqualTo(3);
        }
    }

    @Test
    void requestLimitExceeded_isNotRetried() {
        server.enqueue(status(403, "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]"));
        assertThatThrownBy(() -> client.ingestJobs().info(JOB_ID))
                .isInstanceOfSatisfying(RequestLimitExceededException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("REQUEST_LIMIT_EXCEEDED (HTTP 403)")
                            .contains("retry after it resets");
                });
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeper.delays()).isEmpty();
    }

    @Test
    void apiDisabled_isNotRetriedAndExplainsTheFix() {
        server.enqueue(status(403, "[{\"message\":\"The REST API is not enabled for this Organization.\","
                + "\"errorCode\":\"API_DISABLED_FOR_ORG\"}]"));
        assertThatThrownBy(() -> client.ingestJobs().info(JOB_ID)).isExactlyInstanceOf(BulkApiException.class)
                .hasMessageContaining("API_DISABLED_FOR_ORG").hasMessageContaining("API Enabled");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void patch_5xx_isRetried() throws Exception {
        server.enqueue(status(500, ""));
        server.enqueue(status(200, JOB.replace("Open", "UploadComplete")));
        client.ingestJobs().close(JOB_ID);
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(server.takeRequest().getBody().readUtf8()).isEqualTo("{\"state\":\"UploadComplete\"}");
        assertThat(server.takeRequest().getBody().readUtf8()).isEqualTo("{\"state\":\"UploadComplete\"}");
    }

    @Test
    void upload_5xx_isNotReplayedAndNamesTheJob() {
        server.enqueue(status(500, "[{\"errorCode\":\"UNKNOWN_EXCEPTION\",\"message\":\"ErrorId 1\"}]"));
        server.enqueue(new MockResponse().setResponseCode(201));
        assertThatThrownBy(() -> client.ingestJobs().upload(JOB_ID, ByteSource.ofBytes("Name\nA\n".getBytes())))
                .isInstanceOfSatisfying(UploadOutcomeUnknownException.class, e -> {
                    assertThat(e.jobId()).isEqualTo(JOB_ID);
                    assertThat(e.getMessage()).contains("abort job " + JOB_ID);
                    assertThat(e.getCause()).isInstanceOf(BulkApiException.class);
                });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void upload_connectionDroppedAfterSending_isNotReplayed() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(new MockResponse().setResponseCode(201));
        assertThatThrownBy(() -> client.ingestJobs().upload(JOB_ID, ByteSource.ofBytes("Name\nA\n".getBytes())))
                .isInstanceOfSatisfying(UploadOutcomeUnknownException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(TransportException.class));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void upload_throttled503_isReplayedFromTheStart() throws Exception {
        server.enqueue(status(503, "[{\"errorCode\":\"SERVER_UNAVAILABLE\",\"message\":\"busy\"}]"));
        server.enqueue(new MockResponse().setResponseCode(201));
        client.ingestJobs().upload(JOB_ID, ByteSource.ofBytes("Name\nA\n".getBytes()));
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(server.takeRequest().getBody().readUtf8()).isEqualTo("Name\nA\n");
        assertThat(server.takeRequest().getBody().readUtf8()).isEqualTo("Name\nA\n");
        assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void connectionRefused_isRetriedEvenForUploads() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (BulkClient c = client.toBuilder().instanceUrl(URI.create("http://127.0.0.1:" + port)).build()) {
            assertThatThrownBy(() -> c.ingestJobs().upload(JOB_ID, ByteSource.ofBytes("Name\nA\n".getBytes())))
                    .isInstanceOfSatisfying(TransportException.class, e -> {
                        assertThat(e.isRetryable()).isTrue();
                        assertThat(e.getMessage()).contains("after 4 attempts").contains("(job " + JOB_ID + ")");
                    });
            assertThat(c.apiCallCount()).isEqualTo(4);
            assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
                    Duration.ofSeconds(4));
        }
    }

    @Test
    void create_5xx_findsAndAbortsTheOrphanThenFailsNamingIt() throws Exception {
        server.enqueue(status(500, "[{\"errorCode\":\"UNKNOWN_EXCEPTION\",\"message\":\"ErrorId 9\"}]"));
        // the listing: one matching orphan, one older job, one other object, one not Open
        server.enqueue(status(200, "{\"done\":true,\"records\":["
                + "{\"id\":\"750000000000ORPH\",\"operation\":\"insert\",\"object\":\"Account\",\"state\":\"Open\","
                + "\"createdDate\":\"2025-06-02T09:14:07.000+0000\"},"
                + "{\"id\":\"750000000000OLD1\",\"operation\":\"insert\",\"object\":\"Account\",\"state\":\"Open\","
                + "\"createdDate\":\"2025-06-02T08:00:00.000+0000\"},"
                + "{\"id\":\"750000000000CON1\",\"operation\":\"insert\",\"object\":\"Contact\",\"state\":\"Open\","
                + "\"createdDate\":\"2025-06-02T09:14:07.000+0000\"},"
                + "{\"id\":\"750000000000DON1\",\"operation\":\"insert\",\"object\":\"Account\",\"state\":\"JobComplete\","
                + "\"createdDate\":\"2025-06-02T09:14:07.000+0000\"}]}"));
        server.enqueue(status(200, JOB.replace("750Ws00000Bx1nQIAR", "750000000000ORPH").replace("Open", "Aborted")));

        assertThatThrownBy(() -> client.ingestJobs().create(CreateIngestJobRequest.builder().object("Account")
                .operation(Operation.INSERT).build()))
                .isInstanceOfSatisfying(JobCreationOutcomeUnknownException.class, e -> {
                    assertThat(e.abortedJobIds()).containsExactly("750000000000ORPH");
                    assertThat(e.candidateJobIds()).isEmpty();
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.getMessage()).contains("Job 750000000000ORPH had been created by it and was aborted");
                });
        RecordedRequest post = server.takeRequest();
        assertThat(post.getMethod()).isEqualTo("POST");
        RecordedRequest list = server.takeRequest();
        assertThat(list.getPath()).isEqualTo("/services/data/v64.0/jobs/ingest?jobType=V2Ingest");
        RecordedRequest abort = server.takeRequest();
        assertThat(abort.getMethod()).isEqualTo("PATCH");
        assertThat(abort.getPath()).isEqualTo("/services/data/v64.0/jobs/ingest/750000000000ORPH");
        assertThat(abort.getBody().readUtf8()).isEqualTo("{\"state\":\"Aborted\"}");
        assertThat(server.getRequestCount()).as("the POST was not re-sent").isEqualTo(3);
    }

    @Test
    void create_lostAnswer_withSeveralCandidates_abortsNothing() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(status(200, "{\"done\":true,\"records\":["
                + "{\"id\":\"750000000000AAAA\",\"operation\":\"insert\",\"object\":\"Account\",\"state\":\"Open\","
                + "\"createdDate\":\"2025-06-02T09:14:07.000+0000\"},"
                + "{\"id\":\"750000000000BBBB\",\"operation\":\"insert\",\"object\":\"Account\",\"state\":\"Open\","
                + "\"createdDate\":\"2025-06-02T09:14:08.000+0000\"}]}"));
        assertThatThrownBy(() -> client.ingestJobs().create(CreateIngestJobRequest.builder().object("Account")
                .operation(Operation.INSERT).build()))
                .isInstanceOfSatisfying(JobCreationOutcomeUnknownException.class, e -> {
                    assertThat(e.abortedJobIds()).isEmpty();
                    assertThat(e.candidateJobIds()).containsExactly("750000000000AAAA", "750000000000BBBB");
                    assertThat(e.isRetryable()).isFalse();
                });
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void create_lostAnswer_ignoresJobsThisClientCreated() throws Exception {
        server.enqueue(status(200, JOB.replace("750Ws00000Bx1nQIAR", "750000000000MINE")));
        client.ingestJobs().create(CreateIngestJobRequest.builder().object("Account").operation(Operation.INSERT).build());
        server.enqueue(status(504, ""));
        server.enqueue(status(200, "{\"done\":true,\"records\":["
                + "{\"id\":\"750000000000MINE\",\"operation\":\"insert\",\"object\":\"Account\",\"state\":\"Open\","
                + "\"createdDate\":\"2025-06-02T09:14:07.000+0000\"}]}"));
        assertThatThrownBy(() -> client.ingestJobs().create(CreateIngestJobRequest.builder().object("Account")
                .operation(Operation.INSERT).build()))
                .isInstanceOfSatisfying(JobCreationOutcomeUnknownException.class, e -> {
                    assertThat(e.abortedJobIds()).isEmpty();
                    assertThat(e.candidateJobIds()).isEmpty();
                    assertThat(e.getMessage()).contains("creating the job again is safe");
                });
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void create_429_isRetriedBecauseNothingWasCreated() {
        server.enqueue(status(429, "").setHeader("Retry-After", "2"));
        server.enqueue(status(200, JOB));
        client.ingestJobs().create(CreateIngestJobRequest.builder().object("Account").operation(Operation.INSERT).build());
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void expiredToken_isRefreshedOnceAndTheRequestReplayed() throws Exception {
        TestSupport.CountingAuth auth = new TestSupport.CountingAuth(null);
        try (BulkClient c = client.toBuilder().auth(auth).build()) {
            server.enqueue(status(401, SESSION_EXPIRED));
            server.enqueue(status(200, JOB));
            c.ingestJobs().create(CreateIngestJobRequest.builder().object("Account").operation(Operation.INSERT).build());
            RecordedRequest first = server.takeRequest();
            RecordedRequest replay = server.takeRequest();
            assertThat(first.getHeader("Authorization")).isEqualTo("Bearer t1");
            assertThat(replay.getHeader("Authorization")).isEqualTo("Bearer t2");
            assertThat(replay.getMethod()).isEqualTo("POST");
            assertThat(replay.getBody().readUtf8()).isEqualTo(
                    "{\"object\":\"Account\",\"operation\":\"insert\",\"contentType\":\"CSV\"}");
            assertThat(auth.fetches.get()).isEqualTo(2);
            assertThat(sleeper.delays()).isEmpty();
        }
    }

    @Test
    void persistent401_afterThreeFreshTokens_throwsAuthenticationException() {
        TestSupport.CountingAuth auth = new TestSupport.CountingAuth(null);
        try (BulkClient c = client.toBuilder().auth(auth).build()) {
            for (int i = 0; i < 4; i++) {
                server.enqueue(status(401, SESSION_EXPIRED));
            }
            server.enqueue(status(200, JOB));
            assertThatThrownBy(() -> c.ingestJobs().upload(JOB_ID, ByteSource.ofBytes("Name\n".getBytes())))
                    .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                        assertThat(e.getMessage()).contains("again after a refresh").contains("INVALID_SESSION_ID")
                                .doesNotContain("t1").doesNotContain("t2").doesNotContain("t4");
                        assertThat(e.getCause()).isInstanceOf(BulkApiException.class);
                    });
            assertThat(server.getRequestCount()).isEqualTo(4);
            assertThat(auth.fetches.get()).as("the first token and three fresh ones").isEqualTo(4);
            // a short backoff before each token after the first refresh
            assertThat(sleeper.delays()).extracting(Duration::toMillis).containsExactly(1000L, 2000L);
        }
    }

    @Test
    void tokenRejectedRightAfterARefresh_getsAnotherRefresh_andTheCallSucceeds() throws Exception {
        TestSupport.CountingAuth auth = new TestSupport.CountingAuth(null);
        try (BulkClient c = client.toBuilder().auth(auth).build()) {
            server.enqueue(status(401, SESSION_EXPIRED));
            server.enqueue(status(401, SESSION_EXPIRED));
            server.enqueue(status(200, JOB));
            assertThat(c.ingestJobs().info(JOB_ID).id()).isEqualTo(JOB_ID);
            assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Bearer t1");
            assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Bearer t2");
            assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Bearer t3");
            assertThat(auth.fetches.get()).isEqualTo(3);
        }
    }

    @Test
    void refreshThatYieldsTheRejectedTokenAgain_failsFast() {
        java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();
        dev.bulk2.core.auth.CachingAuthProvider same = new dev.bulk2.core.auth.CachingAuthProvider() {
            @Override
            protected dev.bulk2.core.auth.AccessToken fetch() {
                fetches.incrementAndGet();
                return dev.bulk2.core.auth.AccessToken.of("same-token", null, java.time.Instant.EPOCH);
            }
        };
        try (BulkClient c = client.toBuilder().auth(same).build()) {
            server.enqueue(status(401, SESSION_EXPIRED));
            server.enqueue(status(200, JOB));
            assertThatThrownBy(() -> c.ingestJobs().info(JOB_ID)).isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("again after a refresh").hasMessageNotContaining("same-token");
            assertThat(server.getRequestCount()).isEqualTo(1);
            assertThat(fetches.get()).isEqualTo(2);
        }
    }

    @Test
    void staticToken_rejected_failsWithAdvice() {
        server.enqueue(status(401, SESSION_EXPIRED));
        assertThatThrownBy(() -> client.ingestJobs().info(JOB_ID)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("static access token was rejected");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void manyThreadsSeeing401_causeExactlyOneRefresh() throws Exception {
        TestSupport.CountingAuth auth = new TestSupport.CountingAuth(null);
        int threads = 8;
        CountDownLatch allArrived = new CountDownLatch(threads);
        AtomicInteger rejected = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
                if ("Bearer t1".equals(r.getHeader("Authorization"))) {
                    rejected.incrementAndGet();
                    allArrived.countDown();
                    // hold every first answer until all threads sent theirs, so they all see the 401 together
                    allArrived.await(10, TimeUnit.SECONDS);
                    return status(401, SESSION_EXPIRED);
                }
                return status(200, JOB);
            }
        });
        try (BulkClient c = client.toBuilder().auth(auth).build()) {
            auth.token(); // t1 cached before the race
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    results.add(pool.submit(() -> c.ingestJobs().info(JOB_ID).id()));
                }
                for (Future<String> f : results) {
                    assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(JOB_ID);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(rejected.get()).isEqualTo(threads);
            assertThat(auth.fetches.get()).as("one initial fetch plus exactly one refresh").isEqualTo(2);
            assertThat(c.apiCallCount()).isEqualTo(2L * threads);
        }
    }

    @Test
    void instanceUrl_isTakenFromTheFirstToken() throws Exception {
        URI url = URI.create(server.url("/").toString());
        TestSupport.CountingAuth auth = new TestSupport.CountingAuth(url);
        try (BulkClient c = BulkClient.builder().auth(auth).sleeper(sleeper::sleep).build()) {
            server.enqueue(status(200, JOB));
            c.ingestJobs().info(JOB_ID);
            assertThat(server.takeRequest().getPath()).isEqualTo("/services/data/v64.0/jobs/ingest/" + JOB_ID);
            assertThat(c.instanceUrl().toString()).isEqualTo(url.toString().replaceAll("/$", ""));
        }
    }

    @Test
    void tokenInstanceUrl_mustBeHttpsUnlessLoopback() {
        AuthProvider auth = AuthProvider.ofToken(AccessToken.of("x", URI.create("http://acme.my.salesforce.com"),
                Instant.EPOCH));
        try (BulkClient c = BulkClient.builder().auth(auth).build()) {
            assertThatThrownBy(() -> c.ingestJobs().info(JOB_ID)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must use https");
        }
    }

    @Test
    void noInstanceUrlAnywhere_failsWithAdvice() {
        try (BulkClient c = BulkClient.builder().auth(AuthProvider.ofToken("x")).build()) {
            assertThatThrownBy(() -> c.ingestJobs().info(JOB_ID)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("instanceUrl");
        }
    }
}
