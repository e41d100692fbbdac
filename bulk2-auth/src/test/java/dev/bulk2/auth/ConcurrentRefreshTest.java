package dev.bulk2.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.core.auth.AccessToken;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.exception.AuthenticationException;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many threads that see the same rejected token cause exactly one token request. The token endpoint holds its
 * answer until every thread has called {@code token()}, so an implementation without single-flight would send
 * one request per thread.
 */
class ConcurrentRefreshTest {
    static final int THREADS = 16;

    MockWebServer server;
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    AtomicInteger requests = new AtomicInteger();
    CountDownLatch allCalling = new CountDownLatch(THREADS);

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        server.shutdown();
    }

    /** Request 1 answers at once; later ones wait until all threads are calling, then answer with {@code later}. */
    void dispatch(String later, int laterStatus) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                int n = requests.incrementAndGet();
                if (n > 1 && !allCalling.await(10, TimeUnit.SECONDS)) {
                    return new MockResponse().setResponseCode(500);
                }
                String body = n == 1 ? "{\"access_token\":\"token-1\"}" : later.replace("#", String.valueOf(n));
                return new MockResponse().setResponseCode(n == 1 ? 200 : laterStatus)
                        .setHeader("Content-Type", "application/json").setBody(body);
            }
        });
    }

    ClientCredentialsAuth clientCredentials() {
        return ClientCredentialsAuth.builder().tokenUrl(URI.create("http://127.0.0.1:" + server.getPort())).clientId("id").clientSecret("secret")
                .retryAttempts(0).build();
    }

    List<Future<AccessToken>> runAll(Callable<AccessToken> task) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<AccessToken>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            futures.add(pool.submit(() -> {
                assertThat(go.await(10, TimeUnit.SECONDS)).isTrue();
                return task.call();
            }));
        }
        go.countDown();
        return futures;
    }

    @Test
    void invalidatedToken_manyThreads_exactlyOneNewTokenRequest() throws Exception {
        dispatch("{\"access_token\":\"token-#\"}", 200);
        AuthProvider auth = clientCredentials();
        AccessToken first = auth.token();

        List<Future<AccessToken>> results = runAll(() -> {
            auth.invalidate(first);           // every thread saw the same 401
            allCalling.countDown();
            return auth.token();
        });

        for (Future<AccessToken> f : results) {
            assertThat(f.get(20, TimeUnit.SECONDS).value()).isEqualTo("token-2");
        }
        assertThat(requests.get()).isEqualTo(2);
        auth.invalidate(first);               // a late report of the old token changes nothing
        assertThat(auth.token().value()).isEqualTo("token-2");
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void jwtBearer_coldStart_manyThreads_exactlyOneTokenRequest() throws Exception {
        // first request is held too: count it as "later" by pre-incrementing
        requests.set(1);
        dispatch("{\"access_token\":\"token-#\"}", 200);
        JwtBearerAuth auth = JwtBearerAuth.builder().loginUrl(URI.create("http://127.0.0.1:" + server.getPort())).clientId("id").username("u")
                .privateKey(TestKeys.RSA.getPrivate()).retryAttempts(0).build();

        List<Future<AccessToken>> results = runAll(() -> {
            allCalling.countDown();
            return auth.token();
        });

        for (Future<AccessToken> f : results) {
            assertThat(f.get(20, TimeUnit.SECONDS).value()).isEqualTo("token-2");
        }
        assertThat(requests.get()).isEqualTo(2);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void failedRefresh_isSharedByAllWaiters_oneRequest() throws Exception {
        dispatch("{\"error\":\"invalid_client\",\"error_description\":\"invalid client credentials\"}", 400);
        AuthProvider auth = clientCredentials();
        AccessToken first = auth.token();

        List<Future<AccessToken>> results = runAll(() -> {
            auth.invalidate(first);
            allCalling.countDown();
            return auth.token();
        });

        for (Future<AccessToken> f : results) {
            try {
                f.get(20, TimeUnit.SECONDS);
                throw new AssertionError("expected an AuthenticationException");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOfSatisfying(AuthenticationException.class,
                        a -> assertThat(a.error()).contains("invalid_client"));
            }
        }
        assertThat(requests.get()).isEqualTo(2);
    }
}
