package dev.bulk2.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.auth.ClientCredentialsAuth;
import dev.bulk2.auth.JwtBearerAuth;
import dev.bulk2.core.BulkClient;
import dev.bulk2.core.JobInfo;
import dev.bulk2.core.Operation;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.exception.AuthenticationException;
import dev.bulk2.core.ingest.CreateIngestJobRequest;
import dev.bulk2.testkit.Bulk2Emulator;
import dev.bulk2.testkit.Bulk2EmulatorExtension;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Both OAuth flows of bulk2-auth, end to end against the emulator's token endpoint (a black-box API test: only
 * exported types are used). The client takes the instance URL from the token, and a token that Salesforce
 * expires is replaced by exactly one new grant.
 */
class AuthAgainstEmulatorTest {

    @RegisterExtension
    final Bulk2EmulatorExtension sf = Bulk2EmulatorExtension.create();

    @Test
    void clientCredentials_tokenGivesInstanceUrl_andExpiredTokenIsRefreshedOnce() {
        Bulk2Emulator emulator = sf.emulator();
        AuthProvider auth = ClientCredentialsAuth.builder()
                .tokenUrl(emulator.tokenUrl())
                .clientId(emulator.clientId())
                .clientSecret(emulator.clientSecret())
                .build();
        createAndAbortJobs(emulator, auth);
    }

    @Test
    void jwtBearer_signedAssertionIsAccepted_andExpiredTokenIsRefreshedOnce() {
        Bulk2Emulator emulator = sf.emulator();
        AuthProvider auth = JwtBearerAuth.builder()
                .loginUrl(emulator.instanceUrl())
                .clientId(emulator.clientId())
                .username(emulator.username())
                .privateKey(emulator.jwtPrivateKey().orElseThrow())
                .build();
        assertThat(((JwtBearerAuth) auth).audience()).isEqualTo("https://login.salesforce.com");
        createAndAbortJobs(emulator, auth);
    }

    @Test
    void clientCredentials_wrongSecret_failsWithTheOAuthError_withoutLeakingTheSecret() {
        Bulk2Emulator emulator = sf.emulator();
        AuthProvider auth = ClientCredentialsAuth.builder()
                .tokenUrl(emulator.tokenUrl())
                .clientId(emulator.clientId())
                .clientSecret("not-the-secret-42")
                .build();
        try (BulkClient client = BulkClient.builder().auth(auth).build()) {
            assertThatThrownBy(() -> client.ingestJobs().info("750000000000000AAA"))
                    .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                        assertThat(e.error()).contains("invalid_client");
                        assertThat(e.errorDescription()).contains("invalid client credentials");
                        assertThat(e.getMessage()).doesNotContain("not-the-secret-42");
                    });
        }
        assertThat(tokenRequests(emulator)).isEqualTo(1);
    }

    private static void createAndAbortJobs(Bulk2Emulator emulator, AuthProvider auth) {
        try (BulkClient client = BulkClient.builder().auth(auth).build()) {
            JobInfo first = client.ingestJobs().create(CreateIngestJobRequest.builder()
                    .object("Account").operation(Operation.INSERT).build());
            assertThat(client.instanceUrl()).isEqualTo(URI.create(emulator.instanceUrl().toString()));
            assertThat(tokenRequests(emulator)).isEqualTo(1);

            emulator.expireAllTokens();
            JobInfo aborted = client.ingestJobs().abort(first.id());

            assertThat(aborted.state().apiName()).isEqualTo("Aborted");
            assertThat(tokenRequests(emulator)).isEqualTo(2);
            assertThat(emulator.requests().stream()
                    .filter(r -> r.path().endsWith("/jobs/ingest/" + first.id()) && r.method().equals("PATCH"))
                    .map(r -> r.status())).containsExactly(401, 200);
        }
    }

    private static long tokenRequests(Bulk2Emulator emulator) {
        return emulator.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/services/oauth2/token")).count();
    }
}
