package dev.bulk2.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.core.ApiCall;
import dev.bulk2.core.BulkClient;
import dev.bulk2.core.ClientObserver;
import dev.bulk2.core.LimitInfo;
import dev.bulk2.core.TestSupport;
import dev.bulk2.core.auth.AccessToken;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.org.OrgLimits;
import dev.bulk2.csv.ByteSource;
import dev.bulk2.testkit.FakeClock;
import dev.bulk2.testkit.RecordingSleeper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport's {@link ClientObserver} events: exchanges, retries, token refreshes, bytes and limit info. */
class ObservationTest {
    private static final String LIMITS = "{\"DailyApiRequests\":{\"Max\":15000,\"Remaining\":14995}}";
    private static final String SESSION_EXPIRED =
            "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]";
    private static final String UNAVAILABLE =
            "[{\"message\":\"Server unavailable\",\"errorCode\":\"SERVER_UNAVAILABLE\"}]";

    private MockWebServer server;
    private FakeClock clock;
    private RecordingSleeper sleeper;
    private final Recorder events = new Recorder();
    private BulkClient client;

    /** Records every event as a line of text. */
    static final class Recorder implements ClientObserver {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<ApiCall> calls = new CopyOnWriteArrayList<>();

        @Override
        public void onApiCall(ApiCall call) {
            calls.add(call);
            lines.add("call " + call.method() + " " + call.resource() + " " + call.statusCode() + " " + call.outcome()
                    + " attempt " + call.attempt());
        }

        @Override
        public void onRetry(String resource, RetryCause cause, int attempt, Duration delay) {
            lines.add("retry " + resource + " " + cause + " attempt " + attempt + " after " + delay);
        }

        @Override
        public void onTokenRefresh(TokenRefreshCause cause) {
            lines.add("token " + cause);
        }

        @Override
        public void onBytesSent(String resource, long bytes) {
            lines.add("sent " + resource + " " + bytes);
        }

        @Override
        public void onBytesReceived(String resource, long bytes) {
            lines.add("received " + resource + " " + bytes);
        }

        @Override
        public void onLimitInfo(LimitInfo limitInfo) {
            lines.add("limit " + limitInfo.apiUsed() + "/" + limitInfo.apiMax());
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        clock = TestSupport.clockAt2025();
        sleeper = RecordingSleeper.advancing(clock);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            assertThat(TestSupport.openBodies(client)).as("response bodies left open").isZero();
            client.close();
        }
        server.shutdown();
    }

    private BulkClient client(AuthProvider auth, ClientObserver observer) {
        client = TestSupport.clientFor(server, sleeper, clock).auth(auth).observer(observer).build();
        return client;
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    @Test
    void resourceTemplates_replaceJobIdsObjectsAndIds_andDropTheVersionAndQuery() {
        assertThat(Observation.resource(ApiRequest.builder("POST", "/jobs/ingest").build()))
                .isEqualTo("/jobs/ingest");
        assertThat(Observation.resource(ApiRequest.builder("GET", "/jobs/ingest/750Ws00000Bx1nQIAR").build()))
                .isEqualTo("/jobs/ingest/{jobId}");
        assertThat(Observation.resource(ApiRequest.builder("PUT", "/jobs/ingest/750Ws00000Bx1nQIAR/batches")
                .build())).isEqualTo("/jobs/ingest/{jobId}/batches");
        assertThat(Observation.resource(ApiRequest.builder("GET",
                "/jobs/ingest/750Ws00000Bx1nQIAR/failedResults/").build()))
                .isEqualTo("/jobs/ingest/{jobId}/failedResults");
        assertThat(Observation.resource(ApiRequest.builder("GET", "/jobs/query/750Ws00000Bx1nQ/results")
                .query("locator", "MTAwMDA").build())).isEqualTo("/jobs/query/{jobId}/results");
        assertThat(Observation.resource(ApiRequest.builder("GET", "/sobjects/Account/describe").build()))
                .isEqualTo("/sobjects/{object}/describe");
        assertThat(Observation.resource(ApiRequest.builder("GET", "/limits").build())).isEqualTo("/limits");
        assertThat(Observation.resource(ApiRequest.serverPath("GET",
                "/services/data/v64.0/jobs/query/750Ws00000Bx1nQIAR/results?locator=MTAwMDA&maxRecords=5").build()))
                .isEqualTo("/jobs/query/{jobId}/results");
        assertThat(Observation.resource(ApiRequest.serverPath("GET", "/services/data/v64.0/sobjects/Account/"
                + "001Ws00000AbcdeFGH").build())).isEqualTo("/sobjects/{object}/{id}");
    }

    @Test
    void throttledGet_reportsBothExchangesTheRetryTheLimitAndTheBodyBytes() throws Exception {
        server.enqueue(json(503, UNAVAILABLE).setHeader("Retry-After", "2"));
        server.enqueue(json(200, LIMITS).setHeader("Sforce-Limit-Info", "api-usage=5/15000"));

        OrgLimits limits = client(AuthProvider.ofToken(TestSupport.TOKEN), events).limits();

        assertThat(limits.dailyApiRequests().orElseThrow().remaining()).isEqualTo(14995);
        assertThat(events.lines).containsExactly(
                "call GET /limits 503 SERVER_ERROR attempt 1",
                "received /limits " + UNAVAILABLE.getBytes(StandardCharsets.UTF_8).length,
                "retry /limits THROTTLED attempt 1 after PT2S",
                "call GET /limits 200 SUCCESS attempt 2",
                "limit 5/15000",
                "received /limits " + LIMITS.getBytes(StandardCharsets.UTF_8).length);
        assertThat(events.calls).allSatisfy(c -> assertThat(c.duration().isNegative()).isFalse());
    }

    @Test
    void refusedConnection_isAnExchangeWithoutStatus_andAConnectionRetry() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        client = BulkClient.builder().instanceUrl(URI.create("http://127.0.0.1:" + port))
                .auth(AuthProvider.ofToken(TestSupport.TOKEN)).sleeper(sleeper::sleep).clock(clock)
                .retryPolicy(dev.bulk2.core.RetryPolicy.builder().maxAttempts(2)
                        .backoff(dev.bulk2.core.Backoff.fixed(Duration.ofSeconds(1))).build())
                .observer(events).build();

        org.assertj.core.api.Assertions.assertThatThrownBy(client::limits)
                .isInstanceOf(dev.bulk2.core.exception.TransportException.class);

        assertThat(events.lines).containsExactly("call GET /limits 0 UNKNOWN attempt 1",
                "retry /limits CONNECTION attempt 1 after PT1S",
                "call GET /limits 0 UNKNOWN attempt 2");
    }

    @Test
    void rejectedToken_isOneRejectedRefresh_andANewTokenFromTheProviderIsARenewal() {
        TestSupport.CountingAuth auth = new TestSupport.CountingAuth(URI.create(server.url("/").toString()));
        server.enqueue(json(401, SESSION_EXPIRED));
        server.enqueue(json(200, LIMITS));
        server.enqueue(json(200, LIMITS));
        client(auth, events);

        client.limits();
        assertThat(events.lines).filteredOn(l -> l.startsWith("token") || l.startsWith("call")).containsExactly(
                "call GET /limits 401 CLIENT_ERROR attempt 1",
                "token REJECTED",
                "call GET /limits 200 SUCCESS attempt 1");

        events.lines.clear();
        auth.invalidate(AccessToken.of("t2", null, java.time.Instant.EPOCH));   // the provider drops t2 by itself (say, it expired)
        client.limits();
        assertThat(events.lines).filteredOn(l -> l.startsWith("token") || l.startsWith("call")).containsExactly(
                "token RENEWED",
                "call GET /limits 200 SUCCESS attempt 1");
        assertThat(auth.fetches.get()).isEqualTo(3);
    }

    @Test
    void upload_reportsTheBytesOnTheWire_forPlainAndGzipBodies() throws Exception {
        byte[] csv = "Name,External_ID__c\nAcme,E1\nGlobex,E2\n".getBytes(StandardCharsets.UTF_8);
        server.enqueue(new MockResponse().setResponseCode(201));
        server.enqueue(new MockResponse().setResponseCode(201));
        client(AuthProvider.ofToken(TestSupport.TOKEN), events);

        client.ingestJobs().upload(TestSupport.JOB_ID, ByteSource.ofBytes(csv));
        client.ingestJobs().upload(TestSupport.JOB_ID, ByteSource.ofBytes(csv), true);

        server.takeRequest();
        long gzipped = server.takeRequest().getBodySize();
        assertThat(events.lines).filteredOn(l -> l.startsWith("sent")).containsExactly(
                "sent /jobs/ingest/{jobId}/batches " + csv.length,
                "sent /jobs/ingest/{jobId}/batches " + gzipped);
        assertThat(gzipped).isNotEqualTo(csv.length);
    }

    @Test
    void anObserverThatThrows_changesNothing() {
        server.enqueue(json(503, UNAVAILABLE));
        server.enqueue(json(200, LIMITS).setHeader("Sforce-Limit-Info", "api-usage=5/15000"));
        AtomicReference<Integer> seen = new AtomicReference<>(0);
        ClientObserver throwing = new ClientObserver() {
            @Override
            public void onApiCall(ApiCall call) {
                seen.updateAndGet(n -> n + 1);
                throw new IllegalStateException("observer bug");
            }

            @Override
            public void onRetry(String resource, RetryCause cause, int attempt, Duration delay) {
                throw new IllegalStateException("observer bug");
            }

            @Override
            public void onBytesReceived(String resource, long bytes) {
                throw new IllegalStateException("observer bug");
            }

            @Override
            public void onLimitInfo(LimitInfo limitInfo) {
                throw new IllegalStateException("observer bug");
            }
        };

        OrgLimits limits = client(AuthProvider.ofToken(TestSupport.TOKEN), throwing).limits();

        assertThat(limits.dailyApiRequests().orElseThrow().max()).isEqualTo(15000);
        assertThat(seen.get()).isEqualTo(2);
        assertThat(client.lastLimitInfo().orElseThrow().apiUsed()).isEqualTo(5);
    }

    @Test
    void apiCallValue_outcomeFollowsTheStatus_andRefusesImpossibleValues() {
        assertThat(ApiCall.of("get", "/limits", 204, Duration.ofMillis(3), 1).outcome())
                .isEqualTo(ApiCall.Outcome.SUCCESS);
        assertThat(ApiCall.of("GET", "/limits", 302, Duration.ZERO, 1).outcome())
                .isEqualTo(ApiCall.Outcome.REDIRECTION);
        assertThat(ApiCall.of("GET", "/limits", 0, Duration.ZERO, 2).toString())
                .isEqualTo("GET /limits -> no answer (UNKNOWN, 0 ms, attempt 2)");
        assertThat(ApiCall.of("get", "/limits", 204, Duration.ofMillis(3), 1))
                .isEqualTo(ApiCall.of("GET", "/limits", 204, Duration.ofMillis(3), 1))
                .hasSameHashCodeAs(ApiCall.of("GET", "/limits", 204, Duration.ofMillis(3), 1));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> ApiCall.of("GET", "/limits", 42, Duration.ZERO, 1))
                .withMessage("statusCode must be 0 (no answer) or 100..599, was 42");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> ApiCall.of("GET", "/limits", 200, Duration.ZERO, 0))
                .withMessage("attempt must be at least 1, was 0");
    }
}
