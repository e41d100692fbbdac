package dev.bulk2.core.ingest;

import dev.bulk2.testkit.RecordingSleeper;
import dev.bulk2.testkit.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.core.Backoff;
import dev.bulk2.core.BulkClient;
import dev.bulk2.core.JobState;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.RetryPolicy;
import dev.bulk2.core.TestSupport;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.csv.UnprocessedRecord;
import dev.bulk2.testkit.Bulk2Emulator;
import dev.bulk2.testkit.FaultPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regressions for the failures the seeded chaos test ({@link ChaosIngestTest}) found, each with a fixed fault. */
class RunResilienceTest {
    private static final PollingPolicy FAST = PollingPolicy.builder().initialDelay(Duration.ofMillis(5))
            .maxDelay(Duration.ofMillis(20)).jitter(0).build();

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private Bulk2Emulator emulator(FaultPlan faults) {
        Bulk2Emulator sf = Bulk2Emulator.builder().port(0).faults(faults).build().start();
        open.add(sf);
        return sf;
    }

    private BulkClient client(Bulk2Emulator sf, int maxAttempts) {
        BulkClient c = BulkClient.builder().instanceUrl(sf.instanceUrl()).auth(AuthProvider.ofToken(sf.issueToken()))
                .retryPolicy(RetryPolicy.builder().maxAttempts(maxAttempts)
                        .backoff(Backoff.fixed(Duration.ofMillis(1))).build()).build();
        open.add(c);
        return c;
    }

    private Path input(String header, int rows) throws Exception {
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (int i = 1; i <= rows; i++) {
            sb.append("R-").append(i).append(",Last").append(i).append('\n');
        }
        Path p = tmp.resolve("in.csv");
        Files.writeString(p, sb.toString());
        return p;
    }

    private static RecordRetryPolicy quickRetries() {
        return RecordRetryPolicy.lockErrors().toBuilder().backoff(Backoff.fixed(Duration.ZERO)).build();
    }

    /** Bug: a result download dropped mid-body ended the stream (and so a record-retry round) with an error. */
    @Test
    void resultDownloadDroppedMidBody_isDownloadedAgainAndResumedWhereItBroke() throws Exception {
        String csv = "\"sf__Id\",\"sf__Created\",External_ID__c\n" + "\"001000000000001AAA\",\"true\",A-1\n".repeat(400);
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setBody(csv).setHeader("Content-Type", "text/csv")
                    .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
            server.enqueue(new MockResponse().setBody(csv).setHeader("Content-Type", "text/csv"));
            server.start();
            FakeClock clock = TestSupport.clockAt2025();
            RecordingSleeper sleeper = RecordingSleeper.advancing(clock);
            try (BulkClient client = TestSupport.clientFor(server, sleeper, clock).build()) {
                String read;
                try (ResultStream s = client.ingestJobs().successfulResults(TestSupport.JOB_ID)) {
                    read = new String(s.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
                assertThat(read).isEqualTo(csv);
                assertThat(server.getRequestCount()).isEqualTo(2);
                assertThat(server.takeRequest().getPath()).isEqualTo("/services/data/v64.0/jobs/ingest/"
                        + TestSupport.JOB_ID + "/successfulResults/");
                assertThat(server.takeRequest().getPath()).isEqualTo("/services/data/v64.0/jobs/ingest/"
                        + TestSupport.JOB_ID + "/successfulResults/");
                assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(1));
                assertThat(TestSupport.openBodies(client)).isZero();
            }
        }
    }

    /** Bug: a job that failed half-way (transiently) left its unprocessed rows unloaded under lockErrors(). */
    @Test
    void jobFailedTransientlyHalfWay_itsUnprocessedRowsGoToTheNextRound_everyRowLoadedOnce() throws Exception {
        Bulk2Emulator sf = emulator(FaultPlan.builder().failJobAfterRecords(3).build());
        IngestResult r = client(sf, 4).ingest("Account").upsert("External_ID__c").pollingPolicy(FAST)
                .recordRetryPolicy(quickRetries()).upload(input("External_ID__c,LastName", 5)).awaitCompletion();

        assertThat(r.jobs()).extracting(j -> j.state()).containsExactly(JobState.FAILED, JobState.JOB_COMPLETE);
        assertThat(r.reconciliation()).extracting(JobReconciliation::toString).containsExactly(
                "job " + r.jobIds().get(0) + " (FAILED, round 0): submitted 5, succeeded 3, failed 0, unprocessed 2, "
                        + "resubmitted 2 - reconciled",
                "job " + r.jobIds().get(1) + " (JOB_COMPLETE, round 1): submitted 2, succeeded 2, failed 0, "
                        + "unprocessed 0 - reconciled");
        assertThat(r.recordsSucceeded()).isEqualTo(5);
        assertThat(r.recordsUnprocessed()).isZero();
        assertThat(r.isReconciled()).isTrue();
        assertThat(sf.records("Account")).extracting(m -> m.get("External_ID__c"))
                .containsExactlyInAnyOrder("R-1", "R-2", "R-3", "R-4", "R-5");
    }

    /** A job that failed because of its data (InvalidBatch) would fail again: its rows are reported, not resent. */
    @Test
    void jobFailedForGood_isNotResubmitted_itsRowsAreReportedUnprocessed() throws Exception {
        Bulk2Emulator sf = emulator(FaultPlan.none());
        IngestResult r = client(sf, 4).ingest("Account").upsert("External_ID__c").pollingPolicy(FAST)
                .recordRetryPolicy(quickRetries()).upload(input("External_ID__c,NoSuchField__c", 5))
                .awaitCompletion();

        assertThat(r.jobs()).hasSize(1);
        assertThat(r.jobs().get(0).state()).isEqualTo(JobState.FAILED);
        assertThat(r.jobs().get(0).errorMessage()).contains("InvalidBatch : Field name not found : NoSuchField__c");
        assertThat(r.recordsUnprocessed()).isEqualTo(5);
        assertThat(r.stats().retryRounds()).isZero();
        assertThat(RetryRounds.failedTransiently(r.jobs().get(0))).isFalse();
    }

    /**
     * Bug: the rows of a part that could not be sent could not be streamed after the run ("Part 0 was released"),
     * and were never sent again although nothing of them was applied.
     */
    @Test
    void partNotSentOnAnyAttempt_goesToTheNextRound_andIsReportedWithItsReason() throws Exception {
        // the seed's first upload draw drops (then 2 more drops of the same data), its second draw does not
        long seed = seedWithDrops(true, false);
        Bulk2Emulator sf = emulator(FaultPlan.builder().seed(seed).dropUploadRate(0.5).dropUploadRepeats(2).build());
        List<FailedPart> reported = new ArrayList<>();
        IngestResult r = client(sf, 3).ingest("Account").upsert("External_ID__c").pollingPolicy(FAST)
                .recordRetryPolicy(quickRetries()).listener(new IngestListener() {
                    @Override
                    public void onPartFailed(FailedPart part) {
                        reported.add(part);
                    }
                }).upload(input("External_ID__c,LastName", 4)).awaitCompletion();

        assertThat(reported).hasSize(1);
        FailedPart p = r.failedParts().get(0);
        assertThat(p).isSameAs(reported.get(0));
        assertThat(p.round()).isZero();
        assertThat(p.records()).isEqualTo(4);
        assertThat(p.abortedJobIds()).hasSize(3);
        assertThat(p.reason()).startsWith("Part 0 could not be sent to Salesforce: its upload to job "
                + p.abortedJobIds().get(2) + " had an unknown outcome on each of 3 attempt(s)");
        assertThat(p.isResubmitted()).isTrue();
        assertThat(r.jobs()).hasSize(1);
        assertThat(r.reconciliation().get(0).toString()).isEqualTo("job " + r.jobIds().get(0)
                + " (JOB_COMPLETE, round 1): submitted 4, succeeded 4, failed 0, unprocessed 0 - reconciled");
        assertThat(r.recordsSubmitted()).isEqualTo(4);
        assertThat(r.recordsSucceeded()).isEqualTo(4);
        assertThat(r.recordsUnprocessed()).isZero();
        assertThat(r.isReconciled()).isTrue();
        assertThat(sf.records("Account")).hasSize(4);
        for (String id : p.abortedJobIds()) {
            assertThat(sf.job(id).orElseThrow().state()).isEqualTo("Aborted");
        }
    }

    /** Without record retries the part's rows stay unprocessed, and can be streamed after the run. */
    @Test
    void partNotSent_withoutRetries_itsRowsStreamAsUnprocessedAfterTheRun() throws Exception {
        Bulk2Emulator sf = emulator(FaultPlan.builder().dropUploadRate(1.0).build());
        IngestResult r = client(sf, 2).ingest("Account").upsert("External_ID__c").pollingPolicy(FAST)
                .upload(input("External_ID__c,LastName", 3)).awaitCompletion();

        assertThat(r.failedParts()).hasSize(1);
        assertThat(r.failedParts().get(0).isResubmitted()).isFalse();
        assertThat(r.recordsUnprocessed()).isEqualTo(3);
        assertThat(r.isReconciled()).isTrue();
        List<Map<String, String>> rows;
        try (Stream<UnprocessedRecord> s = r.unprocessedRecords()) {
            rows = s.map(UnprocessedRecord::fields).collect(Collectors.toList());
        }
        assertThat(rows).containsExactly(Map.of("External_ID__c", "R-1", "LastName", "Last1"),
                Map.of("External_ID__c", "R-2", "LastName", "Last2"),
                Map.of("External_ID__c", "R-3", "LastName", "Last3"));
        assertThat(sf.records("Account")).isEmpty();
    }

    /** A seed whose upload draws (FaultPlan: {@code Random(seed + 2)}, rate 0.5) start with the given hits. */
    private static long seedWithDrops(boolean... hits) {
        for (long seed = 1; ; seed++) {
            Random r = new Random(seed + 2);
            boolean ok = true;
            for (boolean h : hits) {
                ok &= (r.nextDouble() < 0.5) == h;
            }
            if (ok) {
                return seed;
            }
        }
    }
}
