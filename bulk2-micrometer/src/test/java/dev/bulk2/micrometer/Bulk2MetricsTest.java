package dev.bulk2.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.core.ApiCall;
import dev.bulk2.core.BulkClient;
import dev.bulk2.core.ClientObserver;
import dev.bulk2.core.JobState;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.auth.AccessToken;
import dev.bulk2.core.auth.CachingAuthProvider;
import dev.bulk2.core.ingest.IngestResult;
import dev.bulk2.testkit.Bulk2Emulator;
import dev.bulk2.testkit.FaultPlan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meters of a real upsert against the emulator, and the mapping of each event to its meter. */
class Bulk2MetricsTest {
    private static final PollingPolicy FAST = PollingPolicy.builder().initialDelay(Duration.ofMillis(5))
            .multiplier(1.5).maxDelay(Duration.ofMillis(40)).jitter(0).build();

    @TempDir
    Path tmp;

    private static double counter(MeterRegistry r, String name, String... tags) {
        return r.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static long timerCount(MeterRegistry r, String name, String... tags) {
        return r.find(name).tags(tags).timers().stream().mapToLong(Timer::count).sum();
    }

    @Test
    void upsertAgainstTheEmulator_recordsCallsRecordsJobsBytesTokensAndDailyUsage() throws Exception {
        StringBuilder csv = new StringBuilder("External_ID__c,LastName\n");
        for (int i = 1; i <= 12; i++) {
            csv.append("EXT-").append(i).append(",Last").append(i).append('\n');
        }
        csv.append("EXT-13,\n");   // LastName is required: one failed record
        Path file = Files.writeString(tmp.resolve("in.csv"), csv);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Bulk2Metrics metrics = Bulk2Metrics.create(Tags.of("org", "test"));
        metrics.bindTo(registry);

        try (Bulk2Emulator sf = Bulk2Emulator.builder().port(0)
                .faults(FaultPlan.builder().expireTokenEveryNRequests(5).build()).build().start()) {
            CachingAuthProvider auth = new CachingAuthProvider() {
                @Override
                protected AccessToken fetch() {
                    return AccessToken.of(sf.issueToken(), sf.instanceUrl(), Instant.now());
                }
            };
            IngestResult r;
            try (BulkClient client = BulkClient.builder().instanceUrl(sf.instanceUrl()).auth(auth)
                    .observer(metrics.observer()).build()) {
                r = client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(5).maxConcurrentJobs(1)
                        .pollingPolicy(FAST).listener(metrics.ingestListener()).upload(file).awaitCompletion();

                assertThat(registry.get(Bulk2Metrics.DAILY_API_USED).tag("org", "test").gauge().value())
                        .isEqualTo(client.lastLimitInfo().orElseThrow().apiUsed());
                assertThat(registry.get(Bulk2Metrics.DAILY_API_MAX).gauge().value())
                        .isEqualTo(client.lastLimitInfo().orElseThrow().apiMax()).isPositive();
                assertThat(timerCount(registry, Bulk2Metrics.API_CALLS)).isEqualTo(client.apiCallCount());
            }

            assertThat(r.recordsSubmitted()).isEqualTo(13);
            assertThat(r.recordsFailed()).isEqualTo(1);
            assertThat(r.jobs()).hasSize(3);
            String[] account = {"object", "Account", "operation", "upsert", "org", "test"};
            assertThat(counter(registry, Bulk2Metrics.RECORDS_SUBMITTED, account)).isEqualTo(13);
            assertThat(counter(registry, Bulk2Metrics.RECORDS, plus(account, "result", "succeeded"))).isEqualTo(12);
            assertThat(counter(registry, Bulk2Metrics.RECORDS, plus(account, "result", "failed"))).isEqualTo(1);
            assertThat(counter(registry, Bulk2Metrics.RECORDS, plus(account, "result", "unprocessed"))).isZero();
            assertThat(timerCount(registry, Bulk2Metrics.JOB_DURATION, plus(account, "state", "JobComplete")))
                    .isEqualTo(3);

            assertThat(timerCount(registry, Bulk2Metrics.API_CALLS, "method", "POST", "resource", "/jobs/ingest",
                    "status", "200", "outcome", "SUCCESS")).isEqualTo(3);
            assertThat(timerCount(registry, Bulk2Metrics.API_CALLS, "method", "PUT",
                    "resource", "/jobs/ingest/{jobId}/batches", "outcome", "SUCCESS")).isEqualTo(3);
            long rejected = timerCount(registry, Bulk2Metrics.API_CALLS, "status", "401", "outcome", "CLIENT_ERROR");
            assertThat(rejected).isPositive();
            assertThat(counter(registry, Bulk2Metrics.TOKEN_REFRESHES, "cause", "rejected")).isEqualTo(rejected);

            long csvBytes = Files.size(file);
            long header = "External_ID__c,LastName\n".length();
            assertThat(counter(registry, Bulk2Metrics.BYTES_SENT, "resource", "/jobs/ingest/{jobId}/batches"))
                    .as("each part repeats the header").isEqualTo(csvBytes + 2 * header);
            assertThat(counter(registry, Bulk2Metrics.BYTES_RECEIVED, "resource", "/jobs/ingest/{jobId}"))
                    .isPositive();
            assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag("org")).isEqualTo("test"));
            assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).allMatch(n -> n.startsWith("bulk2."));
            assertThat(sf.records("Account")).hasSize(12);
        }
    }

    private static String[] plus(String[] tags, String key, String value) {
        String[] t = java.util.Arrays.copyOf(tags, tags.length + 2);
        t[tags.length] = key;
        t[tags.length + 1] = value;
        return t;
    }

    @Test
    void observerEvents_mapToTheDocumentedNamesTagsAndUnits() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Bulk2Metrics metrics = Bulk2Metrics.create();
        ClientObserver o = metrics.observer();
        o.onApiCall(ApiCall.of("GET", "/limits", 200, Duration.ofMillis(7), 1));   // before binding: dropped
        metrics.bindTo(registry);
        metrics.bindTo(registry);   // twice: still once

        o.onApiCall(ApiCall.of("GET", "/limits", 0, Duration.ofMillis(30), 1));
        o.onApiCall(ApiCall.of("GET", "/limits", 200, Duration.ofMillis(7), 2));
        o.onRetry("/limits", ClientObserver.RetryCause.CONNECTION, 1, Duration.ofSeconds(1));
        o.onRetry("/jobs/ingest/{jobId}", ClientObserver.RetryCause.THROTTLED, 2, Duration.ofSeconds(4));
        o.onTokenRefresh(ClientObserver.TokenRefreshCause.RENEWED);
        o.onBytesSent("/jobs/ingest/{jobId}/batches", 1000);
        o.onBytesSent("/jobs/ingest/{jobId}/batches", 24);
        o.onBytesReceived("/limits", 52);

        Timer calls = registry.get(Bulk2Metrics.API_CALLS).tags("status", "NONE", "outcome", "UNKNOWN").timer();
        assertThat(calls.count()).isEqualTo(1);
        assertThat(calls.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(30);
        assertThat(timerCount(registry, Bulk2Metrics.API_CALLS)).isEqualTo(2);
        assertThat(counter(registry, Bulk2Metrics.API_RETRIES, "resource", "/limits", "cause", "connection"))
                .isEqualTo(1);
        assertThat(counter(registry, Bulk2Metrics.API_RETRIES, "cause", "throttled")).isEqualTo(1);
        assertThat(counter(registry, Bulk2Metrics.TOKEN_REFRESHES, "cause", "renewed")).isEqualTo(1);
        Meter sent = registry.get(Bulk2Metrics.BYTES_SENT).counter();
        assertThat(sent.getId().getBaseUnit()).isEqualTo("bytes");
        assertThat(counter(registry, Bulk2Metrics.BYTES_SENT)).isEqualTo(1024);
        assertThat(counter(registry, Bulk2Metrics.BYTES_RECEIVED, "resource", "/limits")).isEqualTo(52);
        assertThat(registry.get(Bulk2Metrics.DAILY_API_USED).gauge().value()).isNaN();
        o.onLimitInfo(dev.bulk2.core.LimitInfo.parse("api-usage=18412/100000", Instant.EPOCH).orElseThrow());
        assertThat(registry.get(Bulk2Metrics.DAILY_API_USED).gauge().value()).isEqualTo(18412);
        assertThat(registry.get(Bulk2Metrics.DAILY_API_MAX).gauge().value()).isEqualTo(100000);
        assertThat(JobState.JOB_COMPLETE.apiName()).isEqualTo("JobComplete");
    }
}
