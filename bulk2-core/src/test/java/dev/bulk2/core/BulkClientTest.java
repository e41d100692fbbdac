package dev.bulk2.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.internal.ClientInternals;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

class BulkClientTest {

    private static BulkClient.Builder base() {
        return BulkClient.builder().instanceUrl(URI.create("https://acme.my.salesforce.com"))
                .auth(AuthProvider.ofToken("x"));
    }

    @Test
    void build_requiresAuth_andValidatesSettings() {
        assertThatThrownBy(() -> BulkClient.builder().build()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("auth is required");
        assertThatThrownBy(() -> BulkClient.builder().instanceUrl(URI.create("http://acme.my.salesforce.com")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
        assertThatThrownBy(() -> BulkClient.builder().requestTimeout(Duration.ZERO))
                .hasMessageContaining("requestTimeout must be positive");
        assertThatThrownBy(() -> BulkClient.builder().userAgentSuffix("a\r\nX-Evil: 1"))
                .hasMessageContaining("line breaks");
        assertThatThrownBy(() -> BulkClient.builder().apiVersion("sixty")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaults() {
        try (BulkClient c = base().build()) {
            assertThat(c.apiVersion()).isEqualTo("64.0");
            assertThat(c.instanceUrl()).isEqualTo(URI.create("https://acme.my.salesforce.com"));
            assertThat(c.apiCallCount()).isZero();
            assertThat(c.lastLimitInfo()).isEmpty();
            var ctx = ClientInternals.context(c);
            assertThat(ctx.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(ctx.uploadTimeout()).isEqualTo(Duration.ofMinutes(15));
            assertThat(ctx.retryPolicy()).isEqualTo(RetryPolicy.defaults());
            assertThat(c.ingestJobs()).isSameAs(c.ingestJobs());
            assertThat(c.toString()).contains("acme.my.salesforce.com").doesNotContain("x}");
        }
    }

    @Test
    void ownedExecutor_isShutDownOnClose_suppliedOneIsNot() {
        BulkClient c = base().build();
        ScheduledExecutorService owned = ClientInternals.context(c).scheduler();
        c.close();
        c.close();
        assertThat(owned.isShutdown()).isTrue();

        ScheduledExecutorService mine = Executors.newSingleThreadScheduledExecutor();
        try {
            BulkClient c2 = base().scheduler(mine).build();
            c2.close();
            assertThat(mine.isShutdown()).isFalse();
        } finally {
            mine.shutdownNow();
        }
    }

    @Test
    void toBuilder_sharesTheExecutorUntilTheLastClientCloses() {
        BulkClient a = base().build();
        BulkClient b = a.toBuilder().apiVersion("62.0").build();
        ScheduledExecutorService ex = ClientInternals.context(a).scheduler();
        assertThat(ClientInternals.context(b).scheduler()).isSameAs(ex);
        assertThat(b.apiVersion()).isEqualTo("62.0");
        a.close();
        assertThat(ex.isShutdown()).isFalse();
        b.close();
        assertThat(ex.isShutdown()).isTrue();
    }

    @Test
    void userAgentSuffix_apiVersionAndLimitHeader_areApplied() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setHeader("Sforce-Limit-Info", "api-usage=5/15000")
                    .setBody("{\"id\":\"750Ws00000Bx1nQIAR\",\"state\":\"Open\"}"));
            try (BulkClient c = BulkClient.builder().instanceUrl(URI.create(server.url("/").toString()))
                    .auth(AuthProvider.ofToken("x")).apiVersion("62.0").userAgentSuffix("erp-sync/1.2").build()) {
                c.ingestJobs().info("750Ws00000Bx1nQIAR");
                var r = server.takeRequest();
                assertThat(r.getPath()).startsWith("/services/data/v62.0/jobs/ingest/");
                assertThat(r.getHeader("User-Agent")).matches("bulk2-java/\\S+ Java/\\S+ erp-sync/1\\.2");
                assertThat(c.lastLimitInfo()).hasValueSatisfying(l -> assertThat(l.apiRemaining()).isEqualTo(14995));
                assertThat(c.apiCallCount()).isEqualTo(1);
            }
        }
    }
}
