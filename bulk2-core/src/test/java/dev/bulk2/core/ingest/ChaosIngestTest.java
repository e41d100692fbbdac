package dev.bulk2.core.ingest;

import dev.bulk2.testkit.RecordingSleeper;
import dev.bulk2.testkit.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.core.Backoff;
import dev.bulk2.core.BulkClient;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.RetryPolicy;
import dev.bulk2.core.TestSupport;
import dev.bulk2.core.auth.AccessToken;
import dev.bulk2.core.auth.CachingAuthProvider;
import dev.bulk2.csv.SuccessfulRecord;
import dev.bulk2.testkit.Bulk2Emulator;
import dev.bulk2.testkit.FaultPlan;
import dev.bulk2.testkit.JobSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded chaos: a ~10-part upsert with record retries on, against the emulator with every fault kind at once
 * (5xx, throttling, dropped uploads, also on consecutive attempts of one part, dropped result downloads, token
 * expiry, also right after a refresh, lock errors, jobs failing half-way, slow responses). Every seed must store
 * every input row exactly once with its values, leave no job unfinished, and return a result that reconciles.
 *
 * <p>Backoffs and polls run on a fake clock and a recording sleeper, so waiting costs no wall time. With
 * concurrent parts the order in which requests draw faults varies between runs; the assertions hold for any order.
 */
class ChaosIngestTest {
    static final int ROWS = 3_000;
    static final int ROWS_PER_PART = 300;
    static final List<String> COLUMNS = List.of("External_ID__c", "FirstName", "LastName", "PersonEmail");

    @TempDir
    Path tmp;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 24);
    }

    /** Every fault kind of the emulator at once. */
    static FaultPlan chaos(long seed) {
        return FaultPlan.builder().seed(seed)
                .serverErrorRate(0.03)
                .throttleRate(0.02)
                .dropUploadRate(0.1).dropUploadRepeats(2) // a dropped part is dropped 3 times in a row
                .dropDownloadRate(0.05)
                .expireTokenEveryNRequests(40).rejectTokensAfterExpiry(2) // 3 tokens in a row are rejected
                .failJobsRate(0.15)
                .lockErrorRate(0.03)
                .slowResponse(Duration.ofMillis(5), 0.02)
                .build();
    }

    /** Takes fresh tokens from the emulator (as a client credentials flow would), caching them. */
    static final class EmulatorAuth extends CachingAuthProvider {
        private final Bulk2Emulator emulator;

        EmulatorAuth(Bulk2Emulator emulator) {
            this.emulator = emulator;
        }

        @Override
        protected AccessToken fetch() {
            return AccessToken.of(emulator.issueToken(), emulator.instanceUrl(), Instant.EPOCH);
        }
    }

    static List<Map<String, String>> input() {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i <= ROWS; i++) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("External_ID__c", "CHAOS-" + i);
            m.put("FirstName", "Fírst, \"" + i + "\"");
            m.put("LastName", "Last " + (i * 7919 % 10007));
            m.put("PersonEmail", "c" + i + "@example.com");
            rows.add(m);
        }
        return rows;
    }

    private Path file(List<Map<String, String>> rows) throws Exception {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (Map<String, String> r : rows) {
            List<String> vals = new ArrayList<>();
            for (String c : COLUMNS) {
                String v = r.get(c);
                vals.add(v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
            }
            sb.append(String.join(",", vals)).append('\n');
        }
        Path p = tmp.resolve("clients.csv");
        Files.write(p, sb.toString().getBytes(StandardCharsets.UTF_8));
        return p;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyFaultAtOnce_everyRowStoredExactlyOnce_nothingLeftOpen_resultReconciles(long seed) throws Exception {
        List<Map<String, String>> rows = input();
        FakeClock clock = TestSupport.clockAt2025();
        RecordingSleeper sleeper = RecordingSleeper.advancing(clock);
        try (Bulk2Emulator sf = Bulk2Emulator.builder().port(0).faults(chaos(seed)).build().start();
                BulkClient client = BulkClient.builder().instanceUrl(sf.instanceUrl()).auth(new EmulatorAuth(sf))
                        .clock(clock).sleeper(sleeper::sleep).ioThreads(6)
                        .retryPolicy(RetryPolicy.builder().maxAttempts(8).maxElapsed(Duration.ofMinutes(30))
                                .backoff(Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30)))
                                .build())
                        .build()) {
            IngestResult r = client.ingest("Account").upsert("External_ID__c")
                    .maxRecordsPerJob(ROWS_PER_PART)
                    .maxConcurrentJobs(4)
                    .pollingPolicy(PollingPolicy.builder().initialDelay(Duration.ofMillis(200))
                            .maxDelay(Duration.ofSeconds(2)).build())
                    .timeout(Duration.ofHours(4))
                    .recordRetryPolicy(RecordRetryPolicy.lockErrors().toBuilder().maxRounds(6)
                            .backoff(Backoff.fixed(Duration.ofSeconds(10))).build())
                    .upload(file(rows))
                    .awaitCompletion();

            // every input row is stored exactly once, with its values
            Map<String, Map<String, String>> stored = new HashMap<>();
            for (Map<String, String> rec : sf.records("Account")) {
                Map<String, String> m = new LinkedHashMap<>();
                for (String c : COLUMNS) {
                    m.put(c, rec.get(c));
                }
                assertThat(stored.put(m.get("External_ID__c"), m)).as("stored twice: %s", m).isNull();
            }
            String report = "seed " + seed + ": " + r.reconciliationReport() + r.failedParts() + ", "
                    + sf.apiCallCount() + " API calls";
            assertThat(stored.size()).as(report).isEqualTo(ROWS);
            for (Map<String, String> in : rows) {
                assertThat(stored.get(in.get("External_ID__c"))).as("row %s", in.get("External_ID__c"))
                        .isEqualTo(in);
            }

            // no job is left unfinished on the server
            for (JobSnapshot j : sf.jobs()) {
                assertThat(j.state()).as("job %s", j.id()).isIn("JobComplete", "Failed", "Aborted");
            }

            // the result reconciles and accounts for every row
            assertThat(r.isReconciled()).as(report).isTrue();
            assertThat(r.recordsSubmitted()).isEqualTo(ROWS);
            assertThat(r.recordsSucceeded() + r.recordsFailed() + r.recordsUnprocessed()).isEqualTo(ROWS);
            assertThat(r.recordsSucceeded()).as(report).isEqualTo(ROWS);
            for (FailedPart p : r.failedParts()) {
                assertThat(p.reason()).isNotBlank();
                assertThat(p.abortedJobIds()).isNotEmpty();
            }

            // every row the result says succeeded is stored, with its values
            List<Map<String, String>> succeeded;
            try (Stream<SuccessfulRecord> s = r.successfulRecords()) {
                succeeded = s.map(SuccessfulRecord::fields).collect(Collectors.toList());
            }
            assertThat(succeeded.size()).as(report).isEqualTo(ROWS);
            for (Map<String, String> f : succeeded) {
                Map<String, String> m = new LinkedHashMap<>();
                for (String c : COLUMNS) {
                    m.put(c, f.get(c));
                }
                assertThat(stored.get(m.get("External_ID__c"))).isEqualTo(m);
            }
        }
    }
}
