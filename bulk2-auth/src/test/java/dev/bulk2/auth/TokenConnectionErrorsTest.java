package dev.bulk2.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulk2.core.exception.AuthenticationException;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/** Token endpoint connection failures name host and port and tell refused, unknown host and TLS apart. */
class TokenConnectionErrorsTest {
    private final RecordingSleeper sleeper = RecordingSleeper.create();

    private AuthenticationException fail(URI tokenUrl) {
        return fail(ClientCredentialsAuth.builder().tokenUrl(tokenUrl));
    }

    private AuthenticationException fail(ClientCredentialsAuth.Builder b) {
        ClientCredentialsAuth auth = b.clientId("id").clientSecret("secret").sleeper(sleeper::sleep).retryAttempts(1)
                .build();
        return catchThrowableOfType(auth::token, AuthenticationException.class);
    }

    /** An HttpClient whose every send fails as the JDK client does (no DNS lookup, no real TLS needed). */
    private static HttpClient failing(IOException failure) {
        return new HttpClient() {
            @Override
            public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
                    throws IOException {
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
        };
    }

    @Test
    void unusedPort_isARefusedConnectionNamingHostAndPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/services/oauth2/token");
        AuthenticationException e = fail(url);
        assertThat(e).hasMessage("Could not get a Salesforce access token (client credentials flow) from " + url
                + ": connection failed: connection to 127.0.0.1:" + port + " refused (nothing listens on that port, "
                + "or a firewall rejects the connection), after 2 attempts. Check the host and port of tokenUrl, and "
                + "whether a proxy or firewall is in the way.");
        assertThat(e.getMessage()).doesNotContain("null");
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void unknownHost_isToldApart() {
        // the JDK client's unknown host: ConnectException(null) <- ConnectException(null) <- UnresolvedAddressException
        ConnectException inner = new ConnectException();
        inner.initCause(new UnresolvedAddressException());
        ConnectException outer = new ConnectException();
        outer.initCause(inner);
        URI url = URI.create("https://acme.my.salesforce.invalid/services/oauth2/token");
        AuthenticationException e = fail(ClientCredentialsAuth.builder().tokenUrl(url).httpClient(failing(outer)));
        assertThat(e).hasMessage("Could not get a Salesforce access token (client credentials flow) from " + url
                + ": connection failed: unknown host acme.my.salesforce.invalid (the name does not resolve in DNS), "
                + "after 2 attempts. Check the host name of tokenUrl for typos, and this machine's DNS and proxy "
                + "settings.");
        assertThat(e.getCause()).isSameAs(outer);
    }

    @Test
    void httpsToAPlainHttpServer_isATlsFailureNamingHostAndPort() {
        SSLException failure = new SSLException("Unrecognized SSL message, plaintext connection?");
        URI url = URI.create("https://127.0.0.1:8443/services/oauth2/token");
        AuthenticationException e = fail(ClientCredentialsAuth.builder().tokenUrl(url).httpClient(failing(failure)));
        assertThat(e).hasMessage("Could not get a Salesforce access token (client credentials flow) from " + url
                + ": connection failed: TLS handshake with 127.0.0.1:8443 failed (Unrecognized SSL message, plaintext "
                + "connection?), after 2 attempts. Check that this host and port speak https (not plain http), and "
                + "that the JVM trusts the server's certificate (a TLS-inspecting proxy needs its CA in the trust "
                + "store).");
    }

    @Test
    void jwtBearer_namesLoginUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        JwtBearerAuth auth = JwtBearerAuth.builder().loginUrl(URI.create("http://127.0.0.1:" + port))
                .clientId("id").username("u@example.com").privateKey(TestKeys.RSA.getPrivate()).sleeper(sleeper::sleep)
                .retryAttempts(0).build();
        AuthenticationException e = catchThrowableOfType(auth::token, AuthenticationException.class);
        assertThat(e.getMessage()).contains("connection failed: connection to 127.0.0.1:" + port + " refused")
                .endsWith("Check the host and port of loginUrl, and whether a proxy or firewall is in the way.");
    }
}
