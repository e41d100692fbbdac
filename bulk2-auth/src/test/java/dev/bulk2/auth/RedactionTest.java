package dev.bulk2.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.bulk2.core.Backoff;
import dev.bulk2.core.auth.AccessToken;
import dev.bulk2.testkit.RecordingSleeper;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client secret, private key, assertion and access token appear in no log line (all levels), exception message
 * or {@code toString()}.
 */
class RedactionTest {
    static final String SECRET = "Sup3rS3cretClientValue42";
    static final String ACCESS_TOKEN = "00DWs000000abcd!AQ8AQSecretAccessTokenValue";
    static final String TOKEN_JSON = "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"instance_url\":"
            + "\"https://acme.my.salesforce.com\",\"issued_at\":\"1748855647123\",\"signature\":\"sig\"}";

    MockWebServer server;
    LogCapture logs;
    final List<String> outputs = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        logs = new LogCapture();
    }

    @AfterEach
    void stop() throws Exception {
        logs.close();
        server.shutdown();
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    /** Runs the action and records the message, toString and causes of what it throws. */
    void collectFailure(Runnable action) {
        Throwable t = catchThrowable(action::run);
        assertThat(t).isNotNull();
        for (Throwable c = t; c != null; c = c.getCause()) {
            outputs.add(String.valueOf(c.getMessage()));
            outputs.add(c.toString());
        }
    }

    void assertNoneContain(String... secrets) {
        List<String> all = new ArrayList<>(outputs);
        all.addAll(logs.lines());
        assertThat(logs.text()).as("debug lines are captured too").contains("Requesting a Salesforce access token");
        for (String secret : secrets) {
            assertThat(all).as("outputs containing a secret").noneMatch(s -> s.contains(secret));
        }
    }

    @Test
    void clientCredentials_secretAndTokenNeverLeak() {
        server.enqueue(json(503, "{\"error\":\"unavailable\"}"));
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(json(200, TOKEN_JSON));
        server.enqueue(json(400, "{\"error\":\"invalid_client\",\"error_description\":\"invalid client credentials\"}"));
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(500, "{\"error\":\"x\"}"));
        }
        for (CredentialsPlacement placement : CredentialsPlacement.values()) {
            ClientCredentialsAuth auth = ClientCredentialsAuth.builder().tokenUrl(URI.create("http://127.0.0.1:" + server.getPort()))
                    .clientId("3MVG9Id").clientSecret(SECRET).credentialsIn(placement)
                    .sleeper(RecordingSleeper.create()::sleep).backoff(Backoff.fixed(Duration.ofMillis(1))).retryAttempts(2)
                    .build();
            outputs.add(auth.toString());
            if (placement == CredentialsPlacement.FORM_BODY) {
                AccessToken token = auth.token();
                assertThat(token.value()).isEqualTo(ACCESS_TOKEN);
                outputs.add(token.toString());
                outputs.add(auth.lastToken().orElseThrow().toString());
                outputs.add(auth.toString());
                auth.invalidate(token);
            }
            collectFailure(auth::token);         // FORM_BODY: invalid_client; BASIC_HEADER: 500 three times
        }
        String basic = Base64.getEncoder().encodeToString(("3MVG9Id:" + SECRET).getBytes(StandardCharsets.UTF_8));

        assertThat(server.getRequestCount()).isEqualTo(7);
        assertThat(logs.text()).contains("retrying in");
        assertNoneContain(SECRET, ACCESS_TOKEN, basic);
    }

    @Test
    void jwtBearer_keyAssertionAndTokenNeverLeak() throws Exception {
        server.enqueue(json(502, "{\"error\":\"bad_gateway\"}"));
        server.enqueue(json(200, TOKEN_JSON));
        server.enqueue(json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"invalid assertion\"}"));
        String pem = TestKeys.pkcs1Pem(TestKeys.RSA.getPrivate());
        JwtBearerAuth auth = JwtBearerAuth.builder().loginUrl(URI.create("http://127.0.0.1:" + server.getPort())).clientId("3MVG9Id")
                .username("u@example.com").privateKeyPem(pem).sleeper(RecordingSleeper.create()::sleep)
                .backoff(Backoff.fixed(Duration.ofMillis(1))).retryAttempts(0).build();
        outputs.add(auth.toString());

        collectFailure(auth::token);                         // 502, no retries left
        AccessToken token = auth.token();
        outputs.add(token.toString());
        outputs.add(auth.lastToken().orElseThrow().toString());
        auth.invalidate(token);
        collectFailure(auth::token);                         // invalid_grant

        List<String> assertions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String body = server.takeRequest(5, TimeUnit.SECONDS).getBody().readUtf8();
            assertions.add(URLDecoder.decode(body.substring(body.indexOf("&assertion=") + 11), StandardCharsets.UTF_8));
        }
        String keyB64 = TestKeys.base64(TestKeys.RSA.getPrivate());
        String pkcs1Line = pem.split("\n")[1];
        String signature = assertions.get(0).substring(assertions.get(0).lastIndexOf('.') + 1);

        assertNoneContain(ACCESS_TOKEN, keyB64.substring(40, 100), pkcs1Line, assertions.get(0), assertions.get(1),
                assertions.get(2), signature);
    }
}
