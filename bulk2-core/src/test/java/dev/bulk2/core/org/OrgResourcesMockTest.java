package dev.bulk2.core.org;

import static dev.bulk2.core.TestSupport.TOKEN;
import static dev.bulk2.core.TestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.TestSupport;
import dev.bulk2.core.exception.BulkApiException;
import dev.bulk2.core.exception.BulkDataException;
import dev.bulk2.core.exception.NotSalesforceEndpointException;
import dev.bulk2.core.exception.NotFoundException;
import dev.bulk2.core.exception.RequestLimitExceededException;
import dev.bulk2.testkit.FakeClock;
import dev.bulk2.testkit.RecordingSleeper;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** client.describe() and client.limits() against MockWebServer: requests, cache, errors, retries. */
class OrgResourcesMockTest {
    static final String NOT_FOUND = "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]";

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

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json;charset=UTF-8")
                .setHeader("Sforce-Limit-Info", "api-usage=18412/100000").setBody(body);
    }

    static String describeJson() {
        return fixture("describe-account-person-accounts.json");
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).as("expected a request").isNotNull();
        return r;
    }

    static void assertGet(RecordedRequest r, String path) {
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getPath()).isEqualTo(path);
        assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(r.getHeader("Accept")).isEqualTo("application/json");
        assertThat(r.getHeader("Accept-Encoding")).isEqualTo("gzip");
        assertThat(r.getHeader("User-Agent")).startsWith("bulk2-java/");
        assertThat(r.getBodySize()).isZero();
    }

    @Test
    void describe_sendsOneGetWithApiVersionAndParsesTheDescribe() throws Exception {
        server.enqueue(json(200, describeJson()));

        SObjectDescribe d = client.describe("Account");

        assertGet(take(), "/services/data/v64.0/sobjects/Account/describe");
        assertThat(d.name()).isEqualTo("Account");
        assertThat(d.keyPrefix()).contains("001");
        assertThat(d.field("Client_Id__c").orElseThrow().isExternalId()).isTrue();
        assertThat(client.apiCallCount()).isEqualTo(1);
        assertThat(client.lastLimitInfo().orElseThrow().apiUsed()).isEqualTo(18412);
    }

    @Test
    void describe_usesTheConfiguredApiVersionAndDecodesGzip() throws Exception {
        try (BulkClient v62 = client.toBuilder().apiVersion("62.0").build()) {
            server.enqueue(json(200, "").setHeader("Content-Encoding", "gzip")
                    .setBody(new Buffer().write(TestSupport.gzip(describeJson().getBytes(
                            java.nio.charset.StandardCharsets.UTF_8)))));
            assertThat(v62.describe("My_Object__c").fields()).hasSize(33);
            assertGet(take(), "/services/data/v62.0/sobjects/My_Object__c/describe");
            assertThat(TestSupport.openBodies(v62)).isZero();
        }
    }

    @Test
    void describe_cachedForTheTtl_thenFetchedAgain() throws Exception {
        server.enqueue(json(200, describeJson()));
        server.enqueue(json(200, describeJson().replace("\"Account Name\"", "\"Company Name\"")));

        SObjectDescribe first = client.describe("Account");
        clock.advance(Duration.ofMinutes(15).minusMillis(1));
        assertThat(client.describe("Account")).isSameAs(first);
        assertThat(client.describe("account")).as("the cache key ignores case").isSameAs(first);
        assertThat(client.describe(" ACCOUNT ")).isSameAs(first);
        assertThat(server.getRequestCount()).isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        SObjectDescribe second = client.describe("Account");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(second.field("Name").orElseThrow().label()).isEqualTo("Company Name");
        assertThat(client.describe("Account")).isSameAs(second);
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertGet(take(), "/services/data/v64.0/sobjects/Account/describe");
        assertGet(take(), "/services/data/v64.0/sobjects/Account/describe");
    }

    @Test
    void describe_cachesEachObjectSeparately() throws Exception {
        server.enqueue(json(200, describeJson()));
        server.enqueue(json(200, "{\"name\":\"Contact\",\"keyPrefix\":\"003\",\"fields\":[{\"name\":\"Id\"}]}"));
        client.describe("Account");
        assertThat(client.describe("Contact").keyPrefix()).contains("003");
        client.describe("Account");
        client.describe("Contact");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(take().getPath()).endsWith("/sobjects/Account/describe");
        assertThat(take().getPath()).endsWith("/sobjects/Contact/describe");
    }

    @Test
    void describe_customTtlAndZeroTtl() throws Exception {
        try (BulkClient shortTtl = client.toBuilder().describeCacheTtl(Duration.ofSeconds(30)).build();
                BulkClient noCache = client.toBuilder().describeCacheTtl(Duration.ZERO).build()) {
            for (int i = 0; i < 4; i++) {
                server.enqueue(json(200, describeJson()));
            }
            shortTtl.describe("Account");
            clock.advance(Duration.ofSeconds(29));
            shortTtl.describe("Account");
            assertThat(server.getRequestCount()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(1));
            shortTtl.describe("Account");
            assertThat(server.getRequestCount()).isEqualTo(2);

            noCache.describe("Account");
            noCache.describe("Account");
            assertThat(server.getRequestCount()).isEqualTo(4);
        }
    }

    @Test
    void describeCacheTtl_validatesAndIsKeptByToBuilder() throws Exception {
        assertThatThrownBy(() -> BulkClient.builder().describeCacheTtl(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("describeCacheTtl must not be negative").hasMessageContaining("Duration.ZERO");
        assertThatThrownBy(() -> BulkClient.builder().describeCacheTtl(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("describeCacheTtl");
        try (BulkClient noCache = client.toBuilder().describeCacheTtl(Duration.ZERO).build();
                BulkClient copy = noCache.toBuilder().build()) {
            server.enqueue(json(200, describeJson()));
            server.enqueue(json(200, describeJson()));
            copy.describe("Account");
            copy.describe("Account");
            assertThat(server.getRequestCount()).as("toBuilder keeps the zero TTL").isEqualTo(2);
        }
    }

    @Test
    void describe_unknownObject_throwsNotFoundNamingTheObjectWithAHint() throws Exception {
        server.enqueue(json(404, NOT_FOUND));

        assertThatThrownBy(() -> client.describe("Acount"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.errorCode()).contains("NOT_FOUND");
                    assertThat(e.method()).isEqualTo("GET");
                    assertThat(e.path()).isEqualTo("/services/data/v64.0/sobjects/Acount/describe");
                    assertThat(e.jobId()).isEmpty();
                    assertThat(e.errors()).hasSize(1);
                    assertThat(e.isRetryable()).isFalse();
                })
                .hasMessageStartingWith("No sObject named 'Acount' in this org: GET /services/data/v64.0/sobjects/"
                        + "Acount/describe answered NOT_FOUND (HTTP 404).")
                .hasMessageContaining("check the API name, e.g. Account or My_Object__c; custom objects end in __c"
                        .replace("check", "Check"))
                .hasMessageNotContaining("job id");
        assertThat(server.getRequestCount()).as("a 404 is not retried").isEqualTo(1);
        assertThat(sleeper.delays()).isEmpty();
    }

    @Test
    void describe_failureIsNotCached() throws Exception {
        server.enqueue(json(404, NOT_FOUND));
        server.enqueue(json(200, "{\"name\":\"Invoice__c\",\"custom\":true,\"fields\":[]}"));
        assertThatThrownBy(() -> client.describe("Invoice__c")).isInstanceOf(NotFoundException.class);
        assertThat(client.describe("Invoice__c").isCustom()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void describe_malformedJson_throwsBulkDataExceptionWithPosition() throws Exception {
        server.enqueue(json(200, "{\"name\":\"Account\",\"fields\":[{\"name\":\"Id\",}]}"));

        assertThatThrownBy(() -> client.describe("Account"))
                .isInstanceOfSatisfying(BulkDataException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageStartingWith("Salesforce answered GET /services/data/v64.0/sobjects/Account/describe with "
                        + "JSON bulk2 cannot read: Unexpected character ('}'")
                .hasMessageContaining("(line 1, column 42)");
    }

    @Test
    void describe_htmlFromAProxy_throwsNotSalesforceEndpointException() {
        server.enqueue(new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/html")
                .setBody("<html><body>Maintenance</body></html>"));
        assertThatThrownBy(() -> client.describe("Account")).isInstanceOf(NotSalesforceEndpointException.class)
                .hasMessageContaining("/sobjects/Account/describe: ").hasMessageContaining(" answered HTTP 200 with an "
                        + "HTML page, not a Salesforce REST endpoint: check instanceUrl").hasMessageNotContaining("<");
    }

    @Test
    void describe_wrongShape_throwsBulkDataExceptionNamingTheMember() {
        server.enqueue(json(200, "{\"name\":\"Account\"}"));
        assertThatThrownBy(() -> client.describe("Account")).isInstanceOf(BulkDataException.class)
                .hasMessageContaining("The sObject describe of Account has no 'fields' array");
    }

    @Test
    void describe_503_isRetriedThroughTheClientPolicy() throws Exception {
        server.enqueue(json(503, "[{\"errorCode\":\"SERVER_UNAVAILABLE\",\"message\":\"busy\"}]"));
        server.enqueue(json(503, "").setHeader("Retry-After", "7"));
        server.enqueue(json(200, describeJson()));

        assertThat(client.describe("Account").name()).isEqualTo("Account");

        assertThat(server.getRequestCount()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertGet(take(), "/services/data/v64.0/sobjects/Account/describe");
        }
        assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(7));
        assertThat(client.apiCallCount()).isEqualTo(3);
    }

    @Test
    void describe_503UntilTheRetriesRunOut_throwsAndCachesNothing() throws Exception {
        for (int i = 0; i < 4; i++) {
            server.enqueue(json(503, "[{\"errorCode\":\"SERVER_UNAVAILABLE\",\"message\":\"busy\"}]"));
        }
        server.enqueue(json(200, describeJson()));
        assertThatThrownBy(() -> client.describe("Account")).isInstanceOfSatisfying(BulkApiException.class,
                e -> assertThat(e.statusCode()).isEqualTo(503));
        assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4));
        assertThat(client.describe("Account").name()).isEqualTo("Account");
        assertThat(server.getRequestCount()).isEqualTo(5);
    }

    @Test
    void describe_invalidName_isRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> client.describe("Account/../limits"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid sObject name 'Account/../limits'")
                .hasMessageContaining("Account or My_Object__c");
        assertThatThrownBy(() -> client.describe("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.describe("__c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.describe(null)).isInstanceOf(NullPointerException.class);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void limits_sendsOneGetEveryTime_neverCached() throws Exception {
        server.enqueue(json(200, fixture("limits.json")));
        server.enqueue(json(200, fixture("limits.json").replace("81588", "81000")));

        OrgLimits first = client.limits();
        OrgLimits second = client.limits();

        assertGet(take(), "/services/data/v64.0/limits");
        assertGet(take(), "/services/data/v64.0/limits");
        assertThat(first.dailyApiRequests().orElseThrow().remaining()).isEqualTo(81588);
        assertThat(second.dailyApiRequests().orElseThrow().remaining()).isEqualTo(81000);
        assertThat(first.observedAt()).isEqualTo(clock.instant());
        assertThat(first.dailyBulkApiBatches().orElseThrow().used()).isEqualTo(127);
        assertThat(first.dailyBulkV2QueryJobs().orElseThrow().remaining()).isEqualTo(9988);
        assertThat(first.dailyBulkV2QueryFileStorageMB().orElseThrow().max()).isEqualTo(976562);
        assertThat(client.apiCallCount()).isEqualTo(2);
    }

    @Test
    void limits_dailyApiRequestsMatchesTheSforceLimitInfoHeader() throws Exception {
        server.enqueue(json(200, fixture("limits.json")));
        OrgLimit api = client.limits().dailyApiRequests().orElseThrow();
        dev.bulk2.core.LimitInfo header = client.lastLimitInfo().orElseThrow();
        assertThat(api.used()).isEqualTo(header.apiUsed());
        assertThat(api.max()).isEqualTo(header.apiMax());
        assertThat(api.remaining()).isEqualTo(header.apiRemaining());
    }

    @Test
    void limits_retriedOn503_andMalformedIsADataError() throws Exception {
        server.enqueue(json(503, ""));
        server.enqueue(json(200, fixture("limits.json")));
        assertThat(client.limits().dailyApiRequests()).isPresent();
        assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(1));

        server.enqueue(json(200, "{\"DailyApiRequests\":{\"Max\":100000,\"Remaining\":"));
        assertThatThrownBy(() -> client.limits()).isInstanceOf(BulkDataException.class)
                .hasMessageStartingWith("Salesforce answered GET /services/data/v64.0/limits with JSON bulk2 cannot "
                        + "read: Unexpected end-of-input");
    }

    @Test
    void limits_403WithoutPermission_saysWhichPermission_butLimitExceededStaysTyped() {
        server.enqueue(json(403, "[{\"errorCode\":\"INSUFFICIENT_ACCESS\",\"message\":\"insufficient access rights\"}]"));
        assertThatThrownBy(() -> client.limits()).isExactlyInstanceOf(BulkApiException.class)
                .hasMessageContaining("GET /services/data/v64.0/limits failed: INSUFFICIENT_ACCESS (HTTP 403)")
                .hasMessageEndingWith("Reading the org limits needs the View Setup and Configuration permission");

        server.enqueue(json(403, "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":"
                + "\"REQUEST_LIMIT_EXCEEDED\"}]"));
        assertThatThrownBy(() -> client.limits()).isInstanceOf(RequestLimitExceededException.class)
                .hasMessageNotContaining("View Setup");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }
}
