package dev.bulk2.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.Backoff;
import dev.bulk2.core.auth.AccessToken;
import dev.bulk2.core.exception.AuthenticationException;
import dev.bulk2.testkit.FakeClock;
import dev.bulk2.testkit.RecordingSleeper;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientCredentialsAuthTest {
    static final String TOKEN_BODY = Fixtures.json("clientCredentials", "response", "body");

    MockWebServer server;
    RecordingSleeper sleeper = RecordingSleeper.create();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    ClientCredentialsAuth.Builder builder() {
        return ClientCredentialsAuth.builder().tokenUrl(base()).clientId("3MVG9FakeConsumerKey")
                .clientSecret("FAKE0SECRET").sleeper(sleeper::sleep).backoff(Backoff.fixed(Duration.ofMillis(250)));
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status)
                .setHeader("Content-Type", "application/json;charset=UTF-8").setBody(body);
    }

    RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).as("request received").isNotNull();
        return r;
    }

    @Test
    void token_formBody_postsExactFormAndParsesResponse() throws Exception {
        server.enqueue(json(200, TOKEN_BODY));
        ClientCredentialsAuth auth = builder().build();

        AccessToken token = auth.token();

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getPath()).isEqualTo("/services/oauth2/token");
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(r.getHeader("Accept")).isEqualTo("application/json");
        assertThat(r.getHeader("Authorization")).isNull();
        assertThat(r.getBody().readUtf8()).isEqualTo(
                "grant_type=client_credentials&client_id=3MVG9FakeConsumerKey&client_secret=FAKE0SECRET");

        assertThat(token.value()).isEqualTo("00DWs000000abcd!AQ8AQExampleTokenValue");
        assertThat(token.instanceUrl()).contains(URI.create("https://acme.my.salesforce.com"));
        assertThat(token.issuedAt()).isEqualTo(Instant.ofEpochMilli(1748855647123L));

        SalesforceToken full = auth.lastToken().orElseThrow();
        assertThat(full.accessToken()).isEqualTo(token.value());
        assertThat(full.id()).contains("https://login.salesforce.com/id/00DWs000000abcdMAA/005Ws000001Int8IAC");
        assertThat(full.scope()).contains("api");
        assertThat(full.tokenType()).contains("Bearer");
        assertThat(full.signature()).contains("q3Xl0mGk6s1iQ0Jb1i7mY3pZrT9y2C0m6b4pQfVd8Yc=");
        assertThat(full.apiInstanceUrl()).isEmpty();
        assertThat(full.toAccessToken()).isEqualTo(token);
    }

    @Test
    void token_basicHeader_sendsCredentialsInAuthorizationOnly() throws Exception {
        server.enqueue(json(200, TOKEN_BODY));
        ClientCredentialsAuth auth = builder().credentialsIn(CredentialsPlacement.BASIC_HEADER).build();

        auth.token();

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getPath()).isEqualTo("/services/oauth2/token");
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(r.getHeader("Accept")).isEqualTo("application/json");
        assertThat(r.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("3MVG9FakeConsumerKey:FAKE0SECRET".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.getBody().readUtf8()).isEqualTo("grant_type=client_credentials");
    }

    @Test
    void token_formBody_urlEncodesSpecialCharacters() throws Exception {
        server.enqueue(json(200, TOKEN_BODY));
        builder().clientId("id.with_&=+").clientSecret("a b/c%").build().token();

        assertThat(take().getBody().readUtf8()).isEqualTo(
                "grant_type=client_credentials&client_id=id.with_%26%3D%2B&client_secret=a+b%2Fc%25");
    }

    @Test
    void token_apiInstanceUrlAndSecondsIssuedAt_parsed() {
        server.enqueue(json(200, "{\"access_token\":\"tok\",\"instance_url\":\"https://acme.my.salesforce.com\","
                + "\"api_instance_url\":\"https://api.salesforce.com\",\"issued_at\":\"1748855647\","
                + "\"extra\":{\"nested\":[1,2]},\"token_type\":\"Bearer\"}"));
        ClientCredentialsAuth auth = builder().build();

        assertThat(auth.token().issuedAt()).isEqualTo(Instant.ofEpochSecond(1748855647L));
        assertThat(auth.lastToken().orElseThrow().apiInstanceUrl()).contains(URI.create("https://api.salesforce.com"));
    }

    @Test
    void token_missingIssuedAt_usesClock() {
        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        server.enqueue(json(200, "{\"access_token\":\"tok\",\"instance_url\":\"https://acme.my.salesforce.com\"}"));

        AccessToken t = builder().clock(FakeClock.of(now)).build().token();

        assertThat(t.issuedAt()).isEqualTo(now);
    }

    @Test
    void token_calledTwice_sendsOneRequest() {
        server.enqueue(json(200, TOKEN_BODY));
        ClientCredentialsAuth auth = builder().build();

        AccessToken a = auth.token();
        AccessToken b = auth.token();

        assertThat(b).isSameAs(a);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void invalidate_currentToken_fetchesNewOne_staleTokenIsIgnored() {
        server.enqueue(json(200, "{\"access_token\":\"first\",\"instance_url\":\"https://a.my.salesforce.com\"}"));
        server.enqueue(json(200, "{\"access_token\":\"second\",\"instance_url\":\"https://a.my.salesforce.com\"}"));
        ClientCredentialsAuth auth = builder().build();
        AccessToken first = auth.token();

        auth.invalidate(first);
        AccessToken second = auth.token();
        auth.invalidate(first);                 // late report of the old token: keeps the new one
        auth.invalidate(AccessToken.of("unrelated"));
        auth.invalidate(null);

        assertThat(second.value()).isEqualTo("second");
        assertThat(auth.token()).isSameAs(second);
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(auth.lastToken().orElseThrow().accessToken()).isEqualTo("second");
    }

    @Test
    void maxTokenAge_refreshesOnceTokenIsOld() {
        FakeClock clock = FakeClock.of(Instant.parse("2026-01-01T00:00:00Z"));
        server.enqueue(json(200, "{\"access_token\":\"first\"}"));
        server.enqueue(json(200, "{\"access_token\":\"second\"}"));
        ClientCredentialsAuth auth = builder().clock(clock).maxTokenAge(Duration.ofMinutes(90)).build();

        assertThat(auth.token().value()).isEqualTo("first");
        clock.advance(Duration.ofMinutes(89));
        assertThat(auth.token().value()).isEqualTo("first");
        clock.advance(Duration.ofMinutes(1));
        assertThat(auth.token().value()).isEqualTo("second");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void lastToken_beforeFirstRequest_isEmpty() {
        assertThat(builder().build().lastToken()).isEmpty();
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void serverError_isRetriedWithBackoffThenSucceeds() {
        server.enqueue(new MockResponse().setResponseCode(503).setHeader("Content-Type", "text/html")
                .setBody("<html>Service Unavailable</html>"));
        server.enqueue(json(500, "{\"error\":\"server_error\",\"error_description\":\"oops\"}"));
        server.enqueue(json(200, TOKEN_BODY));
        ClientCredentialsAuth auth = builder().retryAttempts(3)
                .backoff(Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(5), () -> 1.0)).build();

        assertThat(auth.token().value()).isEqualTo("00DWs000000abcd!AQ8AQExampleTokenValue");
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(sleeper.delays()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void serverError_exhaustsRetries_throwsRetryableException() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(503, "{\"error\":\"server_unavailable\",\"error_description\":\"maintenance\"}"));
        }
        ClientCredentialsAuth auth = builder().retryAttempts(2).build();

        assertThatThrownBy(auth::token).isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.isRetryable()).isTrue();
            assertThat(e.error()).contains("server_unavailable");
            assertThat(e.errorDescription()).contains("maintenance");
            assertThat(e.getMessage()).contains("HTTP 503", "after 3 attempts", base().getHost());
        });
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(sleeper.delays()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(250));
    }

    @Test
    void connectionFailure_isRetried() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(json(200, TOKEN_BODY));
        ClientCredentialsAuth auth = builder().build();

        assertThat(auth.token().value()).isEqualTo("00DWs000000abcd!AQ8AQExampleTokenValue");
        assertThat(sleeper.delays()).hasSize(1);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void connectionRefused_exhaustsRetries_throwsRetryable() throws Exception {
        URI dead = base();
        server.shutdown();
        ClientCredentialsAuth auth = ClientCredentialsAuth.builder().tokenUrl(dead).clientId("id")
                .clientSecret("secret").sleeper(sleeper::sleep).retryAttempts(2).build();

        assertThatThrownBy(auth::token).isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.isRetryable()).isTrue();
            assertThat(e.error()).isEmpty();
            assertThat(e.getMessage()).contains("connection failed", "after 3 attempts");
            assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
        });
        assertThat(sleeper.delays()).hasSize(2);
    }

    @Test
    void timeout_isRetriedThenReported() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        ClientCredentialsAuth auth = builder().requestTimeout(Duration.ofMillis(300)).retryAttempts(1).build();

        assertThatThrownBy(auth::token).isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.isRetryable()).isTrue();
            assertThat(e.getMessage()).contains("no answer within the request timeout of PT0.3S",
                    "after 2 attempts");
            assertThat(e.getCause()).isInstanceOf(java.net.http.HttpTimeoutException.class);
        });
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void oauthError_isNotRetried() {
        server.enqueue(json(400, "{\"error\":\"invalid_client\",\"error_description\":\"invalid client credentials\"}"));
        ClientCredentialsAuth auth = builder().retryAttempts(5).build();

        assertThatThrownBy(auth::token).isInstanceOf(AuthenticationException.class);
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeper.delays()).isEmpty();
    }

    @Test
    void failedFetch_isNotCached_nextCallTriesAgain() {
        server.enqueue(json(400, "{\"error\":\"invalid_client_id\",\"error_description\":\"client identifier invalid\"}"));
        server.enqueue(json(200, TOKEN_BODY));
        ClientCredentialsAuth auth = builder().build();

        assertThatThrownBy(auth::token).isInstanceOf(AuthenticationException.class);
        assertThat(auth.token().value()).isEqualTo("00DWs000000abcd!AQ8AQExampleTokenValue");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void htmlErrorPage_reportsStatusAndContentType_notTheHtml() {
        server.enqueue(new MockResponse().setResponseCode(404).setHeader("Content-Type", "text/html;charset=UTF-8")
                .setBody("<html><body>URL No Longer Exists</body></html>"));
        ClientCredentialsAuth auth = builder().build();

        assertThatThrownBy(auth::token).isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.getMessage()).contains("HTTP 404", "text/html;charset=UTF-8", "non-OAuth body",
                    "Check the token/login URL");
            assertThat(e.getMessage()).doesNotContain("<html>", "URL No Longer Exists");
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.error()).isEmpty();
        });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void redirect_isNotFollowed_andLocationIsReported() {
        server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "https://other.example/login"));
        ClientCredentialsAuth auth = builder().build();

        assertThatThrownBy(auth::token).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("HTTP 302").hasMessageContaining("redirecting to https://other.example/login");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void successWithoutAccessToken_isReported() {
        server.enqueue(json(200, "{\"instance_url\":\"https://acme.my.salesforce.com\"}"));

        assertThatThrownBy(builder().build()::token).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("HTTP 200").hasMessageContaining("no access_token");
    }

    @Test
    void successWithHtmlBody_isReported() {
        server.enqueue(new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/html")
                .setBody("<html>login page</html>"));

        assertThatThrownBy(builder().build()::token).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("not a JSON object").hasMessageContaining("text/html")
                .hasMessageNotContaining("login page");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://login.salesforce.com", "https://test.salesforce.com/services/oauth2/token",
        "https://LOGIN.Salesforce.com/"})
    void build_genericLoginHost_isRejectedWithMyDomainHint(String url) {
        assertThatThrownBy(() -> ClientCredentialsAuth.builder().tokenUrl(URI.create(url)).clientId("id")
                .clientSecret("s").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("My Domain")
                .hasMessageContaining("https://yourdomain.my.salesforce.com")
                .hasMessageContaining("request not supported on this domain");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://acme.my.salesforce.com", "https://acme.my.salesforce.com/",
        "https://acme.my.salesforce.com/services/oauth2/token"})
    void build_myDomain_appendsTokenPathOnce(String url) {
        ClientCredentialsAuth auth = ClientCredentialsAuth.builder().tokenUrl(URI.create(url)).clientId("id")
                .clientSecret("s").build();

        assertThat(auth.tokenUrl()).isEqualTo(URI.create("https://acme.my.salesforce.com/services/oauth2/token"));
    }

    @Test
    void build_plainHttpToNonLoopback_isRejected() {
        assertThatThrownBy(() -> ClientCredentialsAuth.builder().tokenUrl(URI.create("http://acme.my.salesforce.com"))
                .clientId("id").clientSecret("s").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must use https");
    }

    @Test
    void build_missingOrBlankValues_nameTheField() {
        assertThatThrownBy(() -> ClientCredentialsAuth.builder().clientId("id").clientSecret("s").build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("tokenUrl");
        assertThatThrownBy(() -> ClientCredentialsAuth.builder().tokenUrl(base()).clientSecret("s").build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("clientId");
        assertThatThrownBy(() -> ClientCredentialsAuth.builder().tokenUrl(base()).clientId("id").build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("clientSecret");
        assertThatThrownBy(() -> ClientCredentialsAuth.builder().tokenUrl(base()).clientId(" ").clientSecret("s")
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clientId");
        assertThatThrownBy(() -> builder().retryAttempts(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retryAttempts");
        assertThatThrownBy(() -> builder().requestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> builder().maxTokenAge(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTokenAge");
    }

    @Test
    void toString_showsConfigurationButNoSecret() {
        ClientCredentialsAuth auth = builder().build();

        assertThat(auth.toString()).contains("3MVG9FakeConsumerKey", "FORM_BODY", "/services/oauth2/token")
                .doesNotContain("FAKE0SECRET");
    }
}
