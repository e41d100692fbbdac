package dev.bulk2.core.internal.http;

import static dev.bulk2.core.TestSupport.JOB_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulk2.core.Backoff;
import dev.bulk2.core.BulkClient;
import dev.bulk2.core.RetryPolicy;
import dev.bulk2.core.TestSupport;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.exception.NotSalesforceEndpointException;
import dev.bulk2.core.exception.TransportException;
import dev.bulk2.testkit.RecordingSleeper;
import java.io.IOException;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.CookieHandler;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Errors that name the real cause: unknown host, refused connection, TLS failure, HTML pages, URLs with a path. */
class ConnectionErrorsTest {
    private static final String INFO = "GET /services/data/v64.0/jobs/ingest/" + JOB_ID + " (job " + JOB_ID + ")";

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private BulkClient client(URI instanceUrl, HttpClient http) {
        BulkClient.Builder b = BulkClient.builder().instanceUrl(instanceUrl).auth(AuthProvider.ofToken(TestSupport.TOKEN))
                .sleeper(RecordingSleeper.create()::sleep)
                .retryPolicy(RetryPolicy.builder().maxAttempts(1).backoff(Backoff.fixed(Duration.ofMillis(1))).build());
        if (http != null) {
            b.httpClient(http);
        }
        BulkClient c = b.build();
        open.add(c);
        return c;
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void connectionRefused_namesHostAndPort() throws Exception {
        int port = unusedPort();
        BulkClient c = client(URI.create("http://127.0.0.1:" + port), null);

        TransportException e = catchThrowableOfType(() -> c.ingestJobs().info(JOB_ID), TransportException.class);

        assertThat(e).hasMessage(INFO + " failed without an answer from Salesforce: connection to 127.0.0.1:" + port
                + " refused (nothing listens on that port, or a firewall rejects the connection). Check the host and "
                + "port of instanceUrl, and whether a proxy or firewall is in the way.");
        assertThat(e.isTimeout()).isFalse();
    }

    /**
     * A real lookup of {@code nonexistent.invalid} would query this machine's DNS resolver over the network, so the
     * JDK client's failure is reproduced as it throws it: a {@link ConnectException} without message whose cause is
     * another one wrapping {@link UnresolvedAddressException}.
     */
    @Test
    void unknownHost_isToldApartFromARefusedConnection() {
        ConnectException inner = new ConnectException();
        inner.initCause(new UnresolvedAddressException());
        ConnectException outer = new ConnectException();
        outer.initCause(inner);
        FailingHttpClient http = new FailingHttpClient(outer);
        BulkClient c = client(URI.create("https://nonexistent.invalid"), http);

        TransportException e = catchThrowableOfType(() -> c.ingestJobs().info(JOB_ID), TransportException.class);

        assertThat(e).hasMessage(INFO + " failed without an answer from Salesforce: unknown host nonexistent.invalid "
                + "(the name does not resolve in DNS). Check the host name of instanceUrl (or of the token's "
                + "instance_url) for typos, and this machine's DNS and proxy settings.");
        assertThat(e.getMessage()).doesNotContain("null");
        assertThat(e.getCause()).isSameAs(outer);
        assertThat(http.sent).containsExactly(URI.create("https://nonexistent.invalid/services/data/v64.0/jobs/ingest/"
                + JOB_ID));
    }

    /**
     * https spoken to a plain-HTTP server. The JDK client's failure is reproduced as it throws it (seen against a
     * local plain server: an {@link SSLException} "Unrecognized SSL message, plaintext connection?" wrapping the
     * same): against a real local socket the JDK client intermittently reported a connect timeout instead, which
     * would make this test flaky.
     */
    @Test
    void httpsToAPlainHttpServer_isATlsFailure() {
        SSLException failure = new SSLException("Unrecognized SSL message, plaintext connection?",
                new SSLException("Unrecognized SSL message, plaintext connection?"));
        BulkClient c = client(URI.create("https://127.0.0.1:8080"), new FailingHttpClient(failure));

        TransportException e = catchThrowableOfType(() -> c.ingestJobs().info(JOB_ID), TransportException.class);

        assertThat(e).hasMessage(INFO + " failed without an answer from Salesforce: TLS handshake with 127.0.0.1:8080 "
                + "failed (Unrecognized SSL message, plaintext connection?). Check that this host and port speak https "
                + "(not plain http), and that the JVM trusts the server's certificate (a TLS-inspecting proxy needs "
                + "its CA in the trust store).");
        assertThat(e.isTimeout()).isFalse();
    }

    @Test
    void htmlPage_isNotASalesforceRestEndpoint_notRetried_andNotEmbedded() throws Exception {
        MockWebServer server = new MockWebServer();
        open.add(server::shutdown);
        StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html><head><title>Welcome | Acme Intranet</title>"
                + "</head><body>");
        for (int i = 0; i < 200; i++) {
            page.append("<p>paragraph ").append(i).append("</p>");
        }
        page.append("</body></html>");
        server.enqueue(new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/html; charset=utf-8")
                .setBody(page.toString()));
        URI url = URI.create(server.url("/").toString().replaceAll("/$", ""));
        BulkClient c = BulkClient.builder().instanceUrl(url).auth(AuthProvider.ofToken(TestSupport.TOKEN)).build();
        open.add(c);

        NotSalesforceEndpointException e = catchThrowableOfType(() -> c.ingestJobs().info(JOB_ID),
                NotSalesforceEndpointException.class);

        assertThat(e).hasMessage("GET /services/data/v64.0/jobs/ingest/" + JOB_ID + ": " + url + " answered HTTP 200 "
                + "with an HTML page (\"Welcome | Acme Intranet\"), not a Salesforce REST endpoint: check instanceUrl "
                + "(only scheme and host, for example https://mydomain.my.salesforce.com) and any proxy in between; "
                + "retrying will not help.");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.statusCode()).isEqualTo(200);
        assertThat(e.instanceUrl()).isEqualTo(url);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void proxyErrorPage502_isNotATransientSalesforceFault() throws Exception {
        MockWebServer server = new MockWebServer();
        open.add(server::shutdown);
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse().setResponseCode(502).setHeader("Content-Type", "text/html")
                    .setBody("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
                            + "</h1></center><hr><center>nginx</center></body></html>"));
        }
        URI url = URI.create(server.url("/").toString().replaceAll("/$", ""));
        RecordingSleeper sleeper = RecordingSleeper.create();
        BulkClient c = BulkClient.builder().instanceUrl(url).auth(AuthProvider.ofToken(TestSupport.TOKEN))
                .sleeper(sleeper::sleep).build();
        open.add(c);

        NotSalesforceEndpointException e = catchThrowableOfType(() -> c.limits(), NotSalesforceEndpointException.class);

        assertThat(e).hasMessage("GET /services/data/v64.0/limits: " + url + " answered HTTP 502 with an HTML page "
                + "(\"502 Bad Gateway\"), not a Salesforce REST endpoint: check instanceUrl (only scheme and host, for "
                + "example https://mydomain.my.salesforce.com) and any proxy in between; retrying will not help.");
        assertThat(e.getMessage()).doesNotContain("transient").doesNotContain("nginx");
        assertThat(e.isRetryable()).isFalse();
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeper.delays()).isEmpty();
    }

    /** Salesforce's maintenance page (an HTML 503, seen by users of several clients) is retried, then read. */
    @Test
    void maintenancePage503_isTransient_retriedThenTheCallSucceeds() throws Exception {
        MockWebServer server = new MockWebServer();
        open.add(server::shutdown);
        server.enqueue(new MockResponse().setResponseCode(503).setHeader("Content-Type", "text/html")
                .setBody(MAINTENANCE));
        server.enqueue(new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody("{\"DailyApiRequests\":{\"Max\":15000,\"Remaining\":14998}}"));
        URI url = URI.create(server.url("/").toString().replaceAll("/$", ""));
        RecordingSleeper sleeper = RecordingSleeper.create();
        BulkClient c = BulkClient.builder().instanceUrl(url).auth(AuthProvider.ofToken(TestSupport.TOKEN))
                .sleeper(sleeper::sleep).build();
        open.add(c);

        assertThat(c.limits().dailyApiRequests().orElseThrow().remaining()).isEqualTo(14998);
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(server.takeRequest().getPath()).isEqualTo("/services/data/v64.0/limits");
        assertThat(server.takeRequest().getPath()).isEqualTo("/services/data/v64.0/limits");
        assertThat(sleeper.delays()).hasSize(1);
    }

    @Test
    void maintenancePage503_thatPersists_isARetryableApiErrorQuotingOnlyTheTitle() throws Exception {
        MockWebServer server = new MockWebServer();
        open.add(server::shutdown);
        for (int i = 0; i < 10; i++) {
            server.enqueue(new MockResponse().setResponseCode(503).setHeader("Content-Type", "text/html")
                    .setBody(MAINTENANCE));
        }
        URI url = URI.create(server.url("/").toString().replaceAll("/$", ""));
        RecordingSleeper sleeper = RecordingSleeper.create();
        BulkClient c = BulkClient.builder().instanceUrl(url).auth(AuthProvider.ofToken(TestSupport.TOKEN))
                .sleeper(sleeper::sleep).build();
        open.add(c);

        dev.bulk2.core.exception.BulkApiException e = catchThrowableOfType(() -> c.limits(),
                dev.bulk2.core.exception.BulkApiException.class);

        assertThat(e).isNotInstanceOf(NotSalesforceEndpointException.class);
        assertThat(e.getMessage()).startsWith("GET /services/data/v64.0/limits: " + url + " answered HTTP 503 with an "
                + "HTML page (\"Salesforce - Down for maintenance\"): Salesforce or a gateway in front of it is "
                + "unavailable for the moment (maintenance, overload), which is retried; if it persists, check "
                + "https://status.salesforce.com for the instance, and instanceUrl and any proxy in between.")
                .doesNotContain("<td>").doesNotContain("Sorry for the inconvenience");
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.statusCode()).isEqualTo(503);
        int attempts = dev.bulk2.core.RetryPolicy.defaults().maxAttempts();
        assertThat(server.getRequestCount()).isEqualTo(attempts);
        assertThat(sleeper.delays()).hasSize(attempts - 1);
    }

    private static final String MAINTENANCE = "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">"
            + "<html><head><title>Salesforce - Down for maintenance</title></head><body><center><table><tr><td>"
            + "<span>We are down for maintenance.</span><br><br>Sorry for the inconvenience. We'll be back shortly."
            + "</td></tr></table></center></body></html>";

    @Test
    void htmlWithoutContentType_isRecognisedByItsStart() throws Exception {
        MockWebServer server = new MockWebServer();
        open.add(server::shutdown);
        server.enqueue(new MockResponse().setResponseCode(404).setBody("<!doctype html><html><body>Not here</body>"
                + "</html>"));
        URI url = URI.create(server.url("/").toString().replaceAll("/$", ""));
        BulkClient c = client(url, null);

        NotSalesforceEndpointException e = catchThrowableOfType(() -> c.ingestJobs().info(JOB_ID),
                NotSalesforceEndpointException.class);

        assertThat(e).hasMessage("GET /services/data/v64.0/jobs/ingest/" + JOB_ID + ": " + url + " answered HTTP 404 "
                + "with an HTML page, not a Salesforce REST endpoint: check instanceUrl (only scheme and host, for "
                + "example https://mydomain.my.salesforce.com) and any proxy in between; retrying will not help.");
    }

    @Test
    void instanceUrlWithAPath_isRefusedBeforeAnyRequest() {
        IllegalArgumentException e = catchThrowableOfType(() -> BulkClient.builder()
                .instanceUrl(URI.create("https://x.my.salesforce.com/services/data/v62.0")), IllegalArgumentException.class);
        assertThat(e).hasMessage("instanceUrl must be only the scheme and host (and port), without a path: pass "
                + "https://x.my.salesforce.com instead of https://x.my.salesforce.com/services/data/v62.0 and set the "
                + "API version with BulkClient.builder().apiVersion(\"62.0\"); bulk2 adds /services/data/v.../ itself");

        IllegalArgumentException other = catchThrowableOfType(() -> BulkClient.builder()
                .instanceUrl(URI.create("https://x.my.salesforce.com:8443/lightning/page/home")),
                IllegalArgumentException.class);
        assertThat(other).hasMessage("instanceUrl must be only the scheme and host (and port), without a path: pass "
                + "https://x.my.salesforce.com:8443 instead of https://x.my.salesforce.com:8443/lightning/page/home; "
                + "bulk2 adds /services/data/v.../ itself");

        assertThat(BulkClient.builder().instanceUrl(URI.create("https://x.my.salesforce.com/")).auth(AuthProvider
                .ofToken(TestSupport.TOKEN)).build().instanceUrl()).isEqualTo(URI.create("https://x.my.salesforce.com"));
    }

    /** An HttpClient whose every send fails with the given exception, recording the URIs. */
    static final class FailingHttpClient extends HttpClient {
        final List<URI> sent = new ArrayList<>();
        private final IOException failure;

        FailingHttpClient(IOException failure) {
            this.failure = failure;
        }

        @Override
        public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
            sent.add(request.uri());
            throw failure;
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
                HttpResponse.BodyHandler<T> handler) {
            return CompletableFuture.failedFuture(failure);
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
                HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> push) {
            return CompletableFuture.failedFuture(failure);
        }

        @Override
        public Optional<CookieHandler> cookieHandler() {
            return Optional.empty();
        }

        @Override
        public Optional<Duration> connectTimeout() {
            return Optional.empty();
        }

        @Override
        public Redirect followRedirects() {
            return Redirect.NEVER;
        }

        @Override
        public Optional<ProxySelector> proxy() {
            return Optional.empty();
        }

        @Override
        public SSLContext sslContext() {
            return null;
        }

        @Override
        public SSLParameters sslParameters() {
            return null;
        }

        @Override
        public Optional<Authenticator> authenticator() {
            return Optional.empty();
        }

        @Override
        public Version version() {
            return Version.HTTP_1_1;
        }

        @Override
        public Optional<Executor> executor() {
            return Optional.empty();
        }
    }
}
