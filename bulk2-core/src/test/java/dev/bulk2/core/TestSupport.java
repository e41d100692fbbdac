package dev.bulk2.core;

import dev.bulk2.core.auth.AccessToken;
import dev.bulk2.core.auth.CachingAuthProvider;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.internal.ClientInternals;
import dev.bulk2.testkit.FakeClock;
import dev.bulk2.testkit.RecordingSleeper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/** Shared helpers for bulk2-core tests. */
public final class TestSupport {
    public static final String TOKEN = "00DWs000000abcd!AQ8AQExampleTokenValue";
    public static final String JOB_ID = "750Ws00000Bx1nQIAR";

    private TestSupport() {
    }

    /** Counts fetches; token values are t1, t2, ... */
    public static final class CountingAuth extends CachingAuthProvider {
        public final AtomicInteger fetches = new AtomicInteger();
        private final URI instanceUrl;

        public CountingAuth(URI instanceUrl) {
            this.instanceUrl = instanceUrl;
        }

        @Override
        protected AccessToken fetch() {
            int n = fetches.incrementAndGet();
            return AccessToken.of("t" + n, instanceUrl, Instant.EPOCH);
        }
    }

    public static FakeClock clockAt2025() {
        return FakeClock.of(Instant.parse("2025-06-02T09:14:06Z"));
    }

    /** A client for the server with a recording sleeper, deterministic backoff (no jitter) and a fake clock. */
    public static BulkClient.Builder clientFor(MockWebServer server, RecordingSleeper sleeper, Clock clock) {
        return BulkClient.builder()
                .instanceUrl(URI.create(server.url("/").toString()))
                .auth(AuthProvider.ofToken(TOKEN))
                .sleeper(sleeper::sleep)
                .clock(clock)
                .retryPolicy(RetryPolicy.builder()
                        .backoff(Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 1.0))
                        .build());
    }

    public static int openBodies(BulkClient client) {
        return ClientInternals.context(client).transport().openResponseBodies();
    }

    public static String fixture(String name) {
        try (InputStream in = TestSupport.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String read(InputStream in) {
        try (InputStream i = in) {
            return new String(i.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An insert job's info on Account as Salesforce answers it, in a state with a processed count. */
    public static String ingestJobJson(String id, String state, long processed) {
        return "{\"id\":\"" + id + "\",\"operation\":\"insert\",\"object\":\"Account\",\"state\":\"" + state + "\","
                + "\"numberRecordsProcessed\":" + processed + ",\"numberRecordsFailed\":0,\"lineEnding\":\"LF\","
                + "\"columnDelimiter\":\"COMMA\",\"contentType\":\"CSV\",\"apiVersion\":64.0,"
                + "\"createdDate\":\"2025-06-02T09:14:06.000+0000\"}";
    }

    /** A 200 answer with a JSON body. */
    public static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
    }

    /** A 200 answer with a CSV body. */
    public static MockResponse csv(String body) {
        return new MockResponse().setHeader("Content-Type", "text/csv").setBody(body);
    }

    /** A started MockWebServer that answers every request with {@code answer}. */
    public static MockWebServer serving(java.util.function.Function<RecordedRequest, MockResponse> answer)
            throws IOException {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                return answer.apply(r);
            }
        });
        server.start();
        return server;
    }
}
