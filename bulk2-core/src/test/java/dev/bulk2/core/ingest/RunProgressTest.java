package dev.bulk2.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.testkit.Bulk2Emulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One listener event stream with the run's overall totals, enough for a progress bar. */
class RunProgressTest {
    private static final PollingPolicy FAST = PollingPolicy.builder().initialDelay(Duration.ofMillis(5))
            .multiplier(1.5).maxDelay(Duration.ofMillis(40)).jitter(0).build();

    @TempDir
    Path tmp;

    /** The distinct values one total takes, in the order the events show them. */
    private static List<Long> steps(List<RunProgress> events, ToLongFunction<RunProgress> total) {
        List<Long> out = new ArrayList<>();
        for (RunProgress p : events) {
            long v = total.applyAsLong(p);
            if (out.isEmpty() || out.get(out.size() - 1) != v) {
                out.add(v);
            }
        }
        return out;
    }

    @Test
    void onProgress_givesOverallTotals_inOrder_endingWithTheResultsTotals() throws Exception {
        StringBuilder csv = new StringBuilder("External_ID__c,LastName\n");
        for (int i = 1; i <= 15; i++) {
            // row 7's LastName is longer than the field allows: one failed record
            csv.append("EXT-").append(i).append(',').append(i == 7 ? "x".repeat(300) : "Last" + i).append('\n');
        }
        Path file = Files.writeString(tmp.resolve("in.csv"), csv);
        List<RunProgress> events = new CopyOnWriteArrayList<>();
        try (Bulk2Emulator sf = Bulk2Emulator.builder().port(0).build().start();
                BulkClient client = BulkClient.builder().instanceUrl(sf.instanceUrl())
                        .auth(AuthProvider.ofToken(sf.issueToken())).build()) {
            IngestResult r = client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(5)
                    .maxConcurrentJobs(1).pollingPolicy(FAST).listener(new IngestListener() {
                        @Override
                        public void onProgress(RunProgress p) {
                            events.add(p);
                        }
                    }).upload(file).awaitCompletion();
            assertThat(r.recordsFailed()).isEqualTo(1);

            long bytes = r.stats().bytesRead();
            assertThat(events.get(events.size() - 1))
                    .isEqualTo(new RunProgress(bytes, 15, 15, 15, 1, 3, 3, true))
                    .hasToString("RunProgress{jobs 3/3, read 15 records (" + bytes + " bytes), sent 15, processed "
                            + "15, failed 1}");
            RunProgress first = events.get(0);
            assertThat(first.jobsPlanned()).isEqualTo(1);
            assertThat(first.recordsRead()).isEqualTo(5);
            assertThat(first.recordsSent()).isZero();
            assertThat(first.jobsDone()).isZero();
            assertThat(first.isInputFullyRead()).isFalse();
            // every event changes a total, and no total ever goes down
            for (int i = 1; i < events.size(); i++) {
                RunProgress a = events.get(i - 1);
                RunProgress b = events.get(i);
                assertThat(b).isNotEqualTo(a);
                assertThat(b.bytesRead()).isGreaterThanOrEqualTo(a.bytesRead());
                assertThat(b.recordsRead()).isGreaterThanOrEqualTo(a.recordsRead());
                assertThat(b.recordsSent()).isGreaterThanOrEqualTo(a.recordsSent());
                assertThat(b.recordsProcessed()).isGreaterThanOrEqualTo(a.recordsProcessed());
                assertThat(b.recordsFailed()).isGreaterThanOrEqualTo(a.recordsFailed());
                assertThat(b.jobsDone()).isGreaterThanOrEqualTo(a.jobsDone());
                assertThat(b.jobsPlanned()).isGreaterThanOrEqualTo(a.jobsPlanned());
                assertThat(!a.isInputFullyRead() || b.isInputFullyRead()).isTrue();
            }
            assertThat(steps(events, RunProgress::jobsPlanned)).containsExactly(1L, 2L, 3L);
            assertThat(steps(events, RunProgress::recordsRead)).containsExactly(5L, 10L, 15L);
            assertThat(steps(events, RunProgress::recordsSent)).containsExactly(0L, 5L, 10L, 15L);
            assertThat(steps(events, RunProgress::jobsDone)).containsExactly(0L, 1L, 2L, 3L);
            assertThat(steps(events, RunProgress::recordsFailed)).containsExactly(0L, 1L);
            // a job is done only once Salesforce processed all of its records
            for (RunProgress p : events) {
                assertThat(p.recordsProcessed()).isGreaterThanOrEqualTo(p.jobsDone() * 5);
                assertThat(p.jobsDone()).isLessThanOrEqualTo(p.jobsPlanned());
                assertThat(p.recordsSent()).isLessThanOrEqualTo(p.recordsRead());
            }
        }
    }
}
