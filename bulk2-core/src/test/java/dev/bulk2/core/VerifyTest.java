package dev.bulk2.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.exception.AuthenticationException;
import dev.bulk2.core.exception.NotFoundException;
import dev.bulk2.core.exception.TransportException;
import dev.bulk2.core.org.OrgLimits;
import dev.bulk2.testkit.Bulk2Emulator;
import dev.bulk2.testkit.RecordingSleeper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** client.verify(): the fail-fast start-up check of token, instance URL and API version. */
class VerifyTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private Bulk2Emulator emulator() {
        Bulk2Emulator sf = Bulk2Emulator.builder().port(0).build().start();
        open.add(sf);
        return sf;
    }

    private BulkClient client(BulkClient.Builder b) {
        BulkClient c = b.sleeper(RecordingSleeper.create()::sleep)
                .retryPolicy(RetryPolicy.builder().maxAttempts(2).backoff(Backoff.fixed(Duration.ofMillis(1))).build())
                .build();
        open.add(c);
        return c;
    }

    @Test
    void goodConfiguration_returnsInstanceVersionAndLimits_inOneApiCall() {
        Bulk2Emulator sf = emulator();
        BulkClient c = client(BulkClient.builder().instanceUrl(sf.instanceUrl())
                .auth(AuthProvider.ofToken(sf.issueToken())));

        ClientVerification v = c.verify();

        assertThat(v.instanceUrl()).isEqualTo(sf.instanceUrl());
        assertThat(v.apiVersion()).isEqualTo("64.0");
        assertThat(v.limits()).isPresent();
        assertThat(v.limits().flatMap(OrgLimits::dailyApiRequests)).isPresent();
        assertThat(v.toString()).startsWith("ClientVerification{instanceUrl=" + sf.instanceUrl()
                + ", apiVersion=64.0, dailyApiRequests=DailyApiRequests{used=");
        assertThat(c.apiCallCount()).isEqualTo(1);
        assertThat(sf.requests()).extracting(r -> r.method() + " " + r.path())
                .containsExactly("GET /services/data/v64.0/limits");
    }

    @Test
    void badToken_isAnAuthenticationException() {
        Bulk2Emulator sf = emulator();
        BulkClient c = client(BulkClient.builder().instanceUrl(sf.instanceUrl())
                .auth(AuthProvider.ofToken("00D000000000000!not-a-valid-token")));

        AuthenticationException e = catchThrowableOfType(c::verify, AuthenticationException.class);

        assertThat(e).hasMessage("The static access token was rejected by Salesforce (INVALID_SESSION_ID) and cannot "
                + "be refreshed; supply a new token or use an OAuth AuthProvider from bulk2-auth.");
        assertThat(sf.requests()).extracting(r -> r.path() + " " + r.status())
                .containsExactly("/services/data/v64.0/limits 401");
    }

    @Test
    void unsupportedApiVersion_saysToSetApiVersion_notToCheckAJobId() {
        Bulk2Emulator sf = emulator();
        BulkClient c = client(BulkClient.builder().instanceUrl(sf.instanceUrl()).apiVersion("99.0")
                .auth(AuthProvider.ofToken(sf.issueToken())));

        NotFoundException e = catchThrowableOfType(c::verify, NotFoundException.class);

        assertThat(e).hasMessage("GET /services/data/v99.0/limits failed: HTTP 404: API version 99.0 is not available "
                + "at " + sf.instanceUrl() + ". Set BulkClient.builder().apiVersion(...) to a version the org offers "
                + "(GET " + sf.instanceUrl() + "/services/data/ lists them), and check that instanceUrl is the org's My "
                + "Domain URL");
        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(e.getMessage()).doesNotContain("job id");
    }

    @Test
    void unreachableInstance_isATransportExceptionNamingHostAndPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        BulkClient c = client(BulkClient.builder().instanceUrl(URI.create("http://127.0.0.1:" + port))
                .auth(AuthProvider.ofToken(TestSupport.TOKEN)));

        TransportException e = catchThrowableOfType(c::verify, TransportException.class);

        assertThat(e).hasMessage("GET /services/data/v64.0/limits failed without an answer from Salesforce: connection "
                + "to 127.0.0.1:" + port + " refused (nothing listens on that port, or a firewall rejects the "
                + "connection) (after 2 attempts). Check the host and port of instanceUrl, and whether a proxy or "
                + "firewall is in the way.");
    }

    @Test
    void userWithoutViewSetup_passes_withoutLimits() throws Exception {
        MockWebServer server = new MockWebServer();
        open.add(server::shutdown);
        server.enqueue(new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json")
                .setBody("[{\"errorCode\":\"INSUFFICIENT_ACCESS\",\"message\":\"insufficient access rights on "
                        + "cross-reference id\"}]"));
        URI url = URI.create(server.url("/").toString().replaceAll("/$", ""));
        BulkClient c = client(BulkClient.builder().instanceUrl(url).auth(AuthProvider.ofToken(TestSupport.TOKEN)));

        ClientVerification v = c.verify();

        assertThat(v.limits()).isEmpty();
        assertThat(v.toString()).isEqualTo("ClientVerification{instanceUrl=" + url + ", apiVersion=64.0, limits not "
                + "readable (no View Setup and Configuration permission)}");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }
}
