package dev.bulk2.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.TestSupport;
import dev.bulk2.core.plan.Preflight;
import dev.bulk2.testkit.FakeClock;
import dev.bulk2.testkit.RecordingSleeper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job discarded because its upload had an unknown outcome, whose abort failed at the time, is aborted at the end
 * of the run (it was never closed, so nothing of it is applied), instead of being left {@code Open}.
 */
class DiscardedAbortRetryTest {
    private static final String J1 = "750Ws00000Bx1nQIAR";
    private static final String J2 = "750Ws00000Bx1oRIAR";

    private MockWebServer server;
    private BulkClient client;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger creates = new AtomicInteger();
    private final AtomicBoolean secondClosed = new AtomicBoolean();
    private volatile String j1State = "Open";

    @BeforeEach
    void setUp() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                String path = r.getPath();
                String body = r.getBody().readUtf8();
                String call = r.getMethod() + " " + path.substring(path.indexOf("/jobs/"))
                        + (body.contains("\"state\"") ? " " + body.replaceAll("\\s", "") : "");
                calls.add(call);
                if (r.getMethod().equals("POST") && path.endsWith("/jobs/ingest")) {
                    return TestSupport.json(TestSupport.ingestJobJson(creates.incrementAndGet() == 1 ? J1 : J2, "Open", 0));
                }
                if (r.getMethod().equals("PUT") && path.endsWith("/jobs/ingest/" + J1 + "/batches")) {
                    // the whole body arrived, the answer is lost: the upload's outcome is unknown
                    return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
                }
                if (r.getMethod().equals("PUT") && path.endsWith("/jobs/ingest/" + J2 + "/batches")) {
                    return new MockResponse().setResponseCode(201);
                }
                if (r.getMethod().equals("PATCH") && path.endsWith("/jobs/ingest/" + J1)) {
                    if (!secondClosed.get()) { // Salesforce has a bad moment while the part goes to a new job
                        return new MockResponse().setResponseCode(400).setHeader("Content-Type", "application/json")
                                .setBody("[{\"errorCode\":\"API_ERROR\",\"message\":\"try again later\"}]");
                    }
                    j1State = "Aborted";
                    return TestSupport.json(TestSupport.ingestJobJson(J1, "Aborted", 0));
                }
                if (r.getMethod().equals("PATCH") && path.endsWith("/jobs/ingest/" + J2)) {
                    secondClosed.set(true);
                    return TestSupport.json(TestSupport.ingestJobJson(J2, "UploadComplete", 0));
                }
                if (r.getMethod().equals("GET") && path.endsWith("/jobs/ingest/" + J1)) {
                    return TestSupport.json(TestSupport.ingestJobJson(J1, j1State, 0));
                }
                if (r.getMethod().equals("GET") && path.endsWith("/jobs/ingest/" + J2)) {
                    return TestSupport.json(TestSupport.ingestJobJson(J2, "JobComplete", 2));
                }
                return new MockResponse().setResponseCode(404).setBody("[]");
            }
        });
        server.start();
        FakeClock clock = TestSupport.clockAt2025();
        client = TestSupport.clientFor(server, RecordingSleeper.advancing(clock), clock).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        server.shutdown();
    }

    @Test
    void abortThatFailed_isTriedAgainAtTheEnd_jobNotLeftOpen() {
        IngestResult r = client.ingest("Account").insert().preflight(Preflight.none())
                .upload(new ByteArrayInputStream("Name\nAcme\nGlobex\n".getBytes(StandardCharsets.UTF_8)))
                .awaitCompletion();

        assertThat(r.recordsSubmitted()).isEqualTo(2);
        assertThat(r.recordsSucceeded()).isEqualTo(2);
        assertThat(r.jobIds()).containsExactly(J2);
        assertThat(r.isReconciled()).isTrue();
        String abort = "PATCH /jobs/ingest/" + J1 + " {\"state\":\"Aborted\"}";
        int firstAbort = calls.indexOf(abort);
        int close = calls.indexOf("PATCH /jobs/ingest/" + J2 + " {\"state\":\"UploadComplete\"}");
        assertThat(firstAbort).as(calls.toString()).isPositive().isLessThan(close);
        // at the end: J1 read back (still Open), then aborted once more, and that abort succeeds
        List<String> tail = calls.subList(close, calls.size());
        assertThat(tail).as(calls.toString()).containsSubsequence("GET /jobs/ingest/" + J2,
                "GET /jobs/ingest/" + J1, abort);
        assertThat(tail.stream().filter(abort::equals)).hasSize(1);
        assertThat(j1State).isEqualTo("Aborted");
    }
}
