package dev.bulk2.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bulk2.core.Backoff;
import dev.bulk2.core.auth.AccessToken;
import dev.bulk2.core.exception.AuthenticationException;
import dev.bulk2.testkit.FakeClock;
import dev.bulk2.testkit.RecordingSleeper;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JwtBearerAuthTest {
    static final String TOKEN_BODY = Fixtures.json("jwtBearer", "response", "body");
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00.700Z");

    MockWebServer server;
    FakeClock clock = FakeClock.of(NOW);
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

    JwtBearerAuth.Builder builder() {
        return JwtBearerAuth.builder().loginUrl(URI.create("http://127.0.0.1:" + server.getPort())).clientId("3MVG9FakeConsumerKey")
                .username("integration.user@acme.example").privateKey(TestKeys.RSA.getPrivate()).clock(clock)
                .sleeper(sleeper::sleep);
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).as("request received").isNotNull();
        return r;
    }

    static String assertionOf(String body) {
        String prefix = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=";
        assertThat(body).startsWith(prefix);
        return URLDecoder.decode(body.substring(prefix.length()), StandardCharsets.UTF_8);
    }

    @Test
    void token_postsExactFormWithVerifiableAssertion() throws Exception {
        server.enqueue(json(200, TOKEN_BODY));
        JwtBearerAuth auth = builder().build();

        AccessToken token = auth.token();

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getPath()).isEqualTo("/services/oauth2/token");
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(r.getHeader("Accept")).isEqualTo("application/json");
        assertThat(r.getHeader("Authorization")).isNull();
        String body = r.getBody().readUtf8();
        String assertion = assertionOf(body);
        assertThat(body).endsWith(assertion);   // base64url and dots need no escaping
        assertThat(assertion.split("\\.")).hasSize(3);

        SignedJWT jwt = SignedJWT.parse(assertion);
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) TestKeys.RSA.getPublic()))).isTrue();
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) TestKeys.OTHER_RSA.getPublic()))).isFalse();
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(new String(Base64.getUrlDecoder().decode(assertion.split("\\.")[0]), StandardCharsets.UTF_8))
                .isEqualTo("{\"alg\":\"RS256\"}");
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("3MVG9FakeConsumerKey");
        assertThat(claims.getSubject()).isEqualTo("integration.user@acme.example");
        assertThat(claims.getAudience()).containsExactly("https://login.salesforce.com");
        Instant exp = claims.getExpirationTime().toInstant();
        assertThat(exp).isAfter(NOW).isBeforeOrEqualTo(NOW.plus(Duration.ofMinutes(3)));
        assertThat(exp).isEqualTo(Instant.parse("2026-03-01T12:03:00Z"));
        assertThat(claims.getClaims().keySet()).containsExactlyInAnyOrder("iss", "sub", "aud", "exp");

        assertThat(token.value()).isEqualTo("00DWs000000abcd!AQ8AQAnotherExampleToken");
        assertThat(token.instanceUrl()).contains(URI.create("https://acme.my.salesforce.com"));
        assertThat(token.issuedAt()).isEqualTo(Instant.ofEpochMilli(1748855648456L));
        assertThat(auth.lastToken().orElseThrow().id())
                .contains("https://login.salesforce.com/id/00DWs000000abcdMAA/005Ws000002JwtUIAS");
    }

    @Test
    void tokenLifetime_shorterValue_setsExp() throws Exception {
        server.enqueue(json(200, TOKEN_BODY));
        builder().tokenLifetime(Duration.ofSeconds(90)).build().token();

        JWTClaimsSet claims = SignedJWT.parse(assertionOf(take().getBody().readUtf8())).getJWTClaimsSet();
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(Instant.parse("2026-03-01T12:01:30Z"));
    }

    @Test
    void tokenLifetime_overThreeMinutes_isRejected() {
        assertThatThrownBy(() -> builder().tokenLifetime(Duration.ofMinutes(3).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 minutes");
        assertThatThrownBy(() -> builder().tokenLifetime(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokenLifetime");
    }

    @Test
    void audience_override_isSent() throws Exception {
        server.enqueue(json(200, TOKEN_BODY));
        builder().audience("https://acme.my.site.com/customers").build().token();

        JWTClaimsSet claims = SignedJWT.parse(assertionOf(take().getBody().readUtf8())).getJWTClaimsSet();
        assertThat(claims.getAudience()).containsExactly("https://acme.my.site.com/customers");
    }

    @ParameterizedTest
    @CsvSource({
        "https://login.salesforce.com, https://login.salesforce.com, https://login.salesforce.com/services/oauth2/token",
        "https://test.salesforce.com, https://test.salesforce.com, https://test.salesforce.com/services/oauth2/token",
        "https://acme--uat.sandbox.my.salesforce.com, https://test.salesforce.com, https://acme--uat.sandbox.my.salesforce.com/services/oauth2/token",
        "https://acme.my.salesforce.com/, https://login.salesforce.com, https://acme.my.salesforce.com/services/oauth2/token",
        "https://acme.my.salesforce.com/services/oauth2/token, https://login.salesforce.com, https://acme.my.salesforce.com/services/oauth2/token",
        "https://acme.my.site.com/customers, https://login.salesforce.com, https://acme.my.site.com/customers/services/oauth2/token"
    })
    void loginUrl_derivesAudienceAndTokenUrl(String loginUrl, String audience, String tokenUrl) {
        JwtBearerAuth auth = JwtBearerAuth.builder().loginUrl(URI.create(loginUrl)).clientId("id").username("u")
                .privateKey(TestKeys.RSA.getPrivate()).build();

        assertThat(auth.audience()).isEqualTo(audience);
        assertThat(auth.tokenUrl()).isEqualTo(URI.create(tokenUrl));
    }

    @Test
    void loginUrl_defaultsToProduction() {
        JwtBearerAuth auth = JwtBearerAuth.builder().clientId("id").username("u")
                .privateKey(TestKeys.RSA.getPrivate()).build();

        assertThat(auth.tokenUrl()).isEqualTo(URI.create("https://login.salesforce.com/services/oauth2/token"));
        assertThat(auth.audience()).isEqualTo("https://login.salesforce.com");
    }

    @Test
    void loginUrl_plainHttpNonLoopback_isRejected() {
        assertThatThrownBy(() -> JwtBearerAuth.builder().loginUrl(URI.create("http://login.salesforce.com"))
                .clientId("id").username("u").privateKey(TestKeys.RSA.getPrivate()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must use https");
    }

    @Test
    void build_missingValues_nameTheField() {
        assertThatThrownBy(() -> JwtBearerAuth.builder().username("u").privateKey(TestKeys.RSA.getPrivate()).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("clientId");
        assertThatThrownBy(() -> JwtBearerAuth.builder().clientId("id").privateKey(TestKeys.RSA.getPrivate()).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("username");
        assertThatThrownBy(() -> JwtBearerAuth.builder().clientId("id").username("u").build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("private key is required");
        assertThatThrownBy(() -> JwtBearerAuth.builder().clientId("id").username(" ")
                .privateKey(TestKeys.RSA.getPrivate()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("username");
    }

    @Test
    void retry_mintsFreshAssertionPerAttempt() throws Exception {
        server.enqueue(json(503, "{\"error\":\"unavailable\"}"));
        server.enqueue(json(200, TOKEN_BODY));
        JwtBearerAuth auth = builder().backoff(Backoff.fixed(Duration.ofSeconds(2))).build();

        auth.token();

        String first = assertionOf(take().getBody().readUtf8());
        String second = assertionOf(take().getBody().readUtf8());
        assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(2));
        assertThat(List.of(first, second)).allSatisfy(a ->
                assertThat(SignedJWT.parse(a).verify(new RSASSAVerifier((RSAPublicKey) TestKeys.RSA.getPublic())))
                        .isTrue());
    }

    @Test
    void invalidate_refreshesWithNewAssertion() throws Exception {
        server.enqueue(json(200, "{\"access_token\":\"first\"}"));
        server.enqueue(json(200, "{\"access_token\":\"second\"}"));
        JwtBearerAuth auth = builder().build();

        AccessToken first = auth.token();
        clock.advance(Duration.ofMinutes(10));
        auth.invalidate(first);
        AccessToken second = auth.token();

        assertThat(second.value()).isEqualTo("second");
        take();
        JWTClaimsSet claims = SignedJWT.parse(assertionOf(take().getBody().readUtf8())).getJWTClaimsSet();
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(Instant.parse("2026-03-01T12:13:00Z"));
    }

    @Test
    void oauthError_userNotApproved_hasHint() {
        server.enqueue(json(400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"user hasn't approved this consumer\"}"));

        assertThatThrownBy(builder().build()::token).isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.error()).contains("invalid_grant");
            assertThat(e.getMessage()).contains("JWT bearer", "pre-authorized");
        });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void toString_showsConfigurationButNoKey() {
        String s = builder().build().toString();

        assertThat(s).contains("3MVG9FakeConsumerKey", "integration.user@acme.example",
                "https://login.salesforce.com", "privateKey=<redacted>");
        assertThat(s).doesNotContain(TestKeys.base64(TestKeys.RSA.getPrivate()).substring(0, 40));
    }
}
