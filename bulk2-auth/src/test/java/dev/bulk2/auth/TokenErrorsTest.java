package dev.bulk2.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulk2.core.exception.AuthenticationException;
import dev.bulk2.testkit.RecordingSleeper;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every token endpoint error of reference §1.5 (and the fixture file) maps to an exception with a fitting hint. */
class TokenErrorsTest {
    MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    /** Hint fragments per error description of the fixture file. */
    static final Map<String, String> FIXTURE_HINTS = Map.of(
            "request not supported on this domain", "must be posted to the org's My Domain",
            "no client credentials user enabled", "assign a Run-As (execution) user",
            "client identifier invalid", "client id (consumer key) is unknown",
            "invalid client credentials", "client secret (consumer secret) does not match",
            "user hasn't approved this consumer", "Admin approved users are pre-authorized",
            "audience is invalid", "'aud' claim is wrong");

    static Stream<Arguments> fixtureErrors() {
        List<String> errors = Fixtures.array("oauthErrors");
        assertThat(errors).hasSize(6);
        return errors.stream().map(e -> Arguments.of(Integer.parseInt(Fixtures.member(e, "status")),
                Fixtures.member(e, "body", "error"), Fixtures.member(e, "body", "error_description")));
    }

    static Stream<Arguments> referenceTable() {
        return Stream.of(
                Arguments.of(400, "invalid_grant", "invalid assertion", "certificate uploaded to the app matches",
                        false),
                Arguments.of(400, "invalid_grant", "expired authorization code", "clock is correct", false),
                Arguments.of(400, "invalid_grant", "authentication failure", "login IP ranges", false),
                Arguments.of(400, "invalid_app_access", "user is not admin approved to access this app",
                        "this user is not assigned", false),
                Arguments.of(400, "unsupported_grant_type", "grant type not supported", "enable the flow", false),
                Arguments.of(400, "invalid_request", "missing parameter", "missing a parameter", false),
                Arguments.of(400, "inactive_user", "user is inactive", "reactivate the integration user", false),
                Arguments.of(400, "inactive_org", "organization is inactive", "org is inactive", false),
                Arguments.of(400, "rate_limit_exceeded", "too many requests", "back off and retry later", true),
                Arguments.of(401, "invalid_client", "invalid client credentials", "client secret", false),
                Arguments.of(400, "something_new", "never seen before", "Salesforce OAuth error documentation",
                        false));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("fixtureErrors")
    void fixtureError_mapsToExceptionWithHint(int status, String error, String description) {
        AuthenticationException e = fail(status, error, description);

        assertThat(e.error()).contains(error);
        assertThat(e.errorDescription()).contains(description);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains(error + " (" + description + ")", "HTTP " + status,
                FIXTURE_HINTS.get(description));
        assertThat(server.getRequestCount()).as("4xx never retried").isEqualTo(1);
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("referenceTable")
    void referenceError_mapsToExceptionWithHint(int status, String error, String description, String hint,
            boolean retryable) {
        AuthenticationException e = fail(status, error, description);

        assertThat(e.error()).contains(error);
        assertThat(e.errorDescription()).contains(description);
        assertThat(e.isRetryable()).isEqualTo(retryable);
        assertThat(e.getMessage()).contains(error, description, "HTTP " + status, hint);
        assertThat(server.getRequestCount()).as("4xx never retried").isEqualTo(1);
    }

    @Test
    void errorWithoutDescription_isStillMapped() {
        server.enqueue(new MockResponse().setResponseCode(400).setHeader("Content-Type", "application/json")
                .setBody("{\"error\":\"invalid_client_id\"}"));

        AuthenticationException e = catchThrowableOfType(AuthenticationException.class, () -> auth().token());

        assertThat(e.error()).contains("invalid_client_id");
        assertThat(e.errorDescription()).isEmpty();
        assertThat(e.getMessage()).contains("invalid_client_id, HTTP 400", "client id (consumer key) is unknown");
    }

    @Test
    void jsonWithoutContentType_isStillParsed() {
        server.enqueue(new MockResponse().setResponseCode(400)
                .setBody("{\"error\":\"invalid_grant\",\"error_description\":\"audience is invalid\"}"));

        AuthenticationException e = catchThrowableOfType(AuthenticationException.class, () -> auth().token());

        assertThat(e.error()).contains("invalid_grant");
    }

    private AuthenticationException fail(int status, String error, String description) {
        server.enqueue(new MockResponse().setResponseCode(status)
                .setHeader("Content-Type", "application/json;charset=UTF-8")
                .setBody("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}"));
        AuthenticationException e = catchThrowableOfType(AuthenticationException.class, () -> auth().token());
        assertThat(e).as("AuthenticationException thrown").isNotNull();
        return e;
    }

    private ClientCredentialsAuth auth() {
        return ClientCredentialsAuth.builder().tokenUrl(URI.create("http://127.0.0.1:" + server.getPort())).clientId("id").clientSecret("secret")
                .sleeper(RecordingSleeper.create()::sleep).build();
    }
}
