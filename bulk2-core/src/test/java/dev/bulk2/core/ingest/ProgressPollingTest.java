package dev.bulk2.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.TestSupport;
import dev.bulk2.core.plan.Preflight;
import dev.bulk2.testkit.FakeClock;
import dev.bulk2.testkit.RecordingSleeper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An ingest run's wait polls about when its job should be done: the run knows the records it uploaded, and the
 * rate at which {@code numberRecordsProcessed} grows between polls tells when the rest will be.
 */
class ProgressPollingTest {
    private static final String JOB = "750Ws00000Bx1nQIAR";
    private static final PollingPolicy POLICY = PollingPolicy.builder().initialDelay(Duration.ofSeconds(1))
            .multiplier(2).maxDelay(Duration.ofSeconds(5)).jitter(0).build();

    private MockWebServer server;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger polls = new AtomicInteger();
    /** What the job's GETs answer, one after another: processed counts of InProgress, then -1 for JobComplete. */
    private volatile int[] progress;

    @BeforeEach
    void setUp() throws Exception {
        server = TestSupport.serving(this::answer);
    }

    private MockResponse answer(RecordedRequest r) {
        String path = r.getPath();
        calls.add(r.getMethod() + " " + path.substring(path.indexOf("/jobs/")));
        if (r.getMethod().equals("POST") && path.endsWith("/jobs/ingest")) {
            return TestSupport.json(TestSupport.ingestJobJson(JOB, "Open", 0));
        }
        if (r.getMethod().equals("PUT") && path.endsWith("/jobs/ingest/" + JOB + "/batches")) {
            return new MockResponse().setResponseCode(201);
        }
        if (r.getMethod().equals("PATCH") && path.endsWith("/jobs/ingest/" + JOB)) {
            return TestSupport.json(TestSupport.ingestJobJson(JOB, "UploadComplete", 0));
        }
        if (r.getMethod().equals("GET") && path.endsWith("/jobs/ingest/" + JOB)) {
            int[] p = progress;
            int n = p[Math.min(polls.getAndIncrement(), p.length - 1)];
            return TestSupport.json(n < 0 ? TestSupport.ingestJobJson(JOB, "JobComplete", 10)
                    : TestSupport.ingestJobJson(JOB, "InProgress", n));
        }
        if (path.endsWith("/successfulResults/")) {
            StringBuilder b = new StringBuilder("\"sf__Id\",\"sf__Created\",Name\n");
            for (int i = 1; i <= 10; i++) {
                b.append("\"001000000000").append(100 + i).append("AAA\",\"true\",N").append(i).append('\n');
            }
            return TestSupport.csv(b.toString());
        }
        if (path.endsWith("/failedResults/")) {
            return TestSupport.csv("\"sf__Id\",\"sf__Error\",Name\n");
        }
        if (path.endsWith("/unprocessedrecords/")) {
            return TestSupport.csv("Name\n");
        }
        return new MockResponse().setResponseCode(404).setBody("[]");
    }

    @AfterEach
    void tearDown() throws Exception {
        server.shutdown();
    }

    private List<Duration> run(int... answers) {
        progress = answers;
        FakeClock clock = TestSupport.clockAt2025();
        RecordingSleeper sleeper = RecordingSleeper.advancing(clock);
        StringBuilder in = new StringBuilder("Name\n");
        for (int i = 1; i <= 10; i++) {
            in.append('N').append(i).append('\n');
        }
        try (BulkClient client = TestSupport.clientFor(server, sleeper, clock).build()) {
            IngestResult r = client.ingest("Account").insert().preflight(Preflight.none()).pollingPolicy(POLICY)
                    .upload(new ByteArrayInputStream(in.toString().getBytes(StandardCharsets.UTF_8)))
                    .awaitCompletion();
            assertThat(r.recordsSubmitted()).isEqualTo(10);
            assertThat(r.recordsSucceeded()).isEqualTo(10);
            assertThat(r.isReconciled()).isTrue();
        }
        return sleeper.delays();
    }

    @Test
    void progressingJob_isPolledWhenTheRestShouldBeDone_notAWholeBackoffLater() {
        // queued (0, 0), then 2 of the 10 records, 4 a second later (2/s), done
        List<Duration> delays = run(0, 0, 2, 4, -1);

        // the policy's 1 s before the first poll, then 1 s and 2 s while queued; 1 s (the first delay) after the
        // first progress, to measure the rate; then the 6 records left at 2/s: 3 s (the policy's delay is 4 s)
        assertThat(delays).extracting(Duration::toMillis).containsExactly(1000L, 1000L, 2000L, 1000L, 3000L);
        assertThat(calls.stream().filter(c -> c.equals("GET /jobs/ingest/" + JOB))).hasSize(5);
        assertThat(calls).containsSubsequence("POST /jobs/ingest", "PUT /jobs/ingest/" + JOB + "/batches",
                "PATCH /jobs/ingest/" + JOB, "GET /jobs/ingest/" + JOB);
    }

    @Test
    void jobThatStopsProgressing_fallsBackToThePolicysDelays() {
        // 2 of 10, then 9 a second later (7/s: the last one would take 143 ms), then no change twice, then done
        List<Duration> delays = run(0, 0, 2, 9, 9, 9, -1);

        // 1 s after the first progress; the first delay (1 s) as the floor when the estimate is shorter; then the
        // policy's own 5 s (its cap) for each poll that saw no growth: no faster polling of a stalled job
        assertThat(delays).extracting(Duration::toMillis).containsExactly(1000L, 1000L, 2000L, 1000L, 1000L,
                5000L, 5000L);
    }
}
