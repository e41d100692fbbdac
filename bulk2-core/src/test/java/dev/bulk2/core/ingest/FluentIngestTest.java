package dev.bulk2.core.ingest;

import dev.bulk2.core.exception.InvalidInputException;
import dev.bulk2.core.exception.WaitTimeoutException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.Backoff;
import dev.bulk2.core.BulkClient;
import dev.bulk2.core.JobInfo;
import dev.bulk2.core.JobState;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.RetryPolicy;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.csv.CsvMapping;
import dev.bulk2.csv.FailedRecord;
import dev.bulk2.csv.SuccessfulRecord;
import dev.bulk2.csv.UnprocessedRecord;
import dev.bulk2.testkit.Bulk2Emulator;
import dev.bulk2.testkit.FakeClock;
import dev.bulk2.testkit.FaultPlan;
import dev.bulk2.testkit.RecordingSleeper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fluent ingest against the bulk2-testkit emulator; sync and async paths are parameterised. */
class FluentIngestTest {
    static final PollingPolicy FAST = PollingPolicy.builder().initialDelay(Duration.ofMillis(5)).multiplier(1.5)
            .maxDelay(Duration.ofMillis(40)).jitter(0).build();
    static final List<String> COLUMNS = List.of("External_ID__c", "FirstName", "LastName", "PersonEmail");

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private Bulk2Emulator emulator(Bulk2Emulator.Builder b) {
        Bulk2Emulator sf = b.port(0).build().start();
        open.add(sf);
        return sf;
    }

    private Bulk2Emulator emulator() {
        return emulator(Bulk2Emulator.builder());
    }

    private BulkClient client(Bulk2Emulator sf) {
        BulkClient c = BulkClient.builder().instanceUrl(sf.instanceUrl()).auth(AuthProvider.ofToken(sf.issueToken()))
                .retryPolicy(RetryPolicy.builder().maxAttempts(6)
                        .backoff(Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(5))).build())
                .build();
        open.add(c);
        return c;
    }

    /**
     * A client on fake time: every wait (polls, deadlines, retry backoff) moves {@code clock} instead of sleeping,
     * so a deadline passes when the test says so, whatever the machine's speed.
     */
    private BulkClient fakeTimeClient(Bulk2Emulator sf, FakeClock clock, RecordingSleeper sleeper) {
        BulkClient c = BulkClient.builder().instanceUrl(sf.instanceUrl()).auth(AuthProvider.ofToken(sf.issueToken()))
                .clock(clock).sleeper(sleeper::sleep)
                .retryPolicy(RetryPolicy.builder().maxAttempts(6)
                        .backoff(Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(5))).build())
                .build();
        open.add(c);
        return c;
    }

    /** Counts down once per uploaded job and keeps the job ids. */
    private static final class Uploads implements IngestListener {
        final List<String> ids = new CopyOnWriteArrayList<>();
        final CountDownLatch latch;

        Uploads(int expected) {
            latch = new CountDownLatch(expected);
        }

        @Override
        public void onJobUploaded(int round, int partIndex, String jobId, long bytes) {
            ids.add(jobId);
            latch.countDown();
        }

        /** Waits for the uploads, then until the emulator holds each job closed (processing is paused). */
        List<String> awaitHeld(Bulk2Emulator sf) throws InterruptedException {
            assertThat(latch.await(30, TimeUnit.SECONDS)).as("jobs uploaded").isTrue();
            for (String id : ids) {
                sf.awaitJobState(id, Duration.ofSeconds(30), "UploadComplete");
            }
            return List.copyOf(ids);
        }
    }

    static List<Map<String, String>> people(int n) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("External_ID__c", "EXT-" + i);
            m.put("FirstName", "First, \"" + i + "\"");
            m.put("LastName", "Last" + i);
            m.put("PersonEmail", "p" + i + "@example.com");
            rows.add(m);
        }
        return rows;
    }

    static String csv(List<Map<String, String>> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (Map<String, String> r : rows) {
            List<String> vals = new ArrayList<>();
            for (String c : COLUMNS) {
                String v = r.get(c);
                vals.add(v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
            }
            sb.append(String.join(",", vals)).append('\n');
        }
        return sb.toString();
    }

    private Path file(List<Map<String, String>> rows) throws Exception {
        Path p = Files.createTempFile(tmp, "in", ".csv");
        Files.writeString(p, csv(rows));
        return p;
    }

    /** The stored Accounts projected on the input columns, as a set (each row once). */
    static Set<Map<String, String>> stored(Bulk2Emulator sf) {
        Set<Map<String, String>> s = new HashSet<>();
        for (Map<String, String> r : sf.records("Account")) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String c : COLUMNS) {
                m.put(c, r.get(c));
            }
            s.add(m);
        }
        return s;
    }

    static IngestResult await(IngestRun run, boolean async) {
        return async ? run.completionAsync().join() : run.awaitCompletion();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void upsert_pathSplitIntoParts_oneJobPerPart_storedEqualsInput(boolean async) throws Exception {
        Bulk2Emulator sf = emulator();
        BulkClient client = client(sf);
        List<Map<String, String>> rows = people(50);
        IngestRun run = client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(7).pollingPolicy(FAST)
                .upload(file(rows));
        IngestResult r = await(run, async);

        assertThat(r.jobs()).hasSize(8).allSatisfy(j -> assertThat(j.state()).isEqualTo(JobState.JOB_COMPLETE));
        assertThat(r.recordsSubmitted()).isEqualTo(50);
        assertThat(r.recordsSucceeded()).isEqualTo(50);
        assertThat(r.recordsFailed()).isZero();
        assertThat(r.recordsUnprocessed()).isZero();
        assertThat(r.isReconciled()).isTrue();
        assertThat(r.stats().partsRead()).isEqualTo(8);
        assertThat(r.stats().jobsCreated()).isEqualTo(8);
        assertThat(r.stats().apiCalls()).isGreaterThanOrEqualTo(8 * 4);
        assertThat(stored(sf)).isEqualTo(new HashSet<>(rows));
        assertThat(sf.records("Account")).hasSize(50);
        // one PUT per job
        long puts = sf.requests().stream().filter(q -> q.method().equals("PUT")).count();
        assertThat(puts).isEqualTo(8);
        try (Stream<SuccessfulRecord> s = r.successfulRecords()) {
            List<SuccessfulRecord> ok = s.collect(Collectors.toList());
            assertThat(ok).hasSize(50).allSatisfy(x -> assertThat(x.created()).isTrue());
            assertThat(ok.stream().map(x -> x.field("External_ID__c").orElseThrow()).collect(Collectors.toSet()))
                    .hasSize(50).contains("EXT-1", "EXT-50");
        }
        // the same upsert again updates, creating nothing
        IngestResult again = await(client.ingest("Account").upsert("External_ID__c").pollingPolicy(FAST)
                .upload(file(rows)), async);
        assertThat(again.recordsSucceeded()).isEqualTo(50);
        assertThat(sf.records("Account")).hasSize(50);
    }

    @ParameterizedTest
    @ValueSource(strings = {"path", "inputStream", "stream", "iterable", "maps"})
    void insert_everySourceType_splitsAndLoadsAllRows(String source) throws Exception {
        Bulk2Emulator sf = emulator();
        BulkClient client = client(sf);
        List<Map<String, String>> rows = people(23);
        Ingest chain = client.ingest("Account").insert().maxRecordsPerJob(5).pollingPolicy(FAST);
        CsvMapping<Map<String, String>> mapping = CsvMapping.<Map<String, String>>builder()
                .column("External_ID__c", m -> m.get("External_ID__c"))
                .column("FirstName", m -> m.get("FirstName"))
                .column("LastName", m -> m.get("LastName"))
                .column("PersonEmail", m -> m.get("PersonEmail")).build();
        IngestRun run;
        switch (source) {
            case "path":
                run = chain.upload(file(rows));
                break;
            case "inputStream":
                run = chain.upload(new ByteArrayInputStream(csv(rows).getBytes(StandardCharsets.UTF_8)));
                break;
            case "stream":
                run = chain.upload(rows.stream(), mapping);
                break;
            case "iterable":
                run = chain.upload(rows, mapping);
                break;
            default:
                run = chain.uploadMaps(rows.stream(), COLUMNS);
        }
        IngestResult r = run.awaitCompletion();
        assertThat(r.jobs()).hasSize(5);
        assertThat(r.stats().partsRead()).isEqualTo(5);
        assertThat(r.recordsSubmitted()).isEqualTo(23);
        assertThat(r.recordsSucceeded()).isEqualTo(23);
        assertThat(r.isReconciled()).isTrue();
        assertThat(stored(sf)).isEqualTo(new HashSet<>(rows));
    }

    @Test
    void updateThenDelete_byIdFromSuccessfulResults() throws Exception {
        Bulk2Emulator sf = emulator();
        BulkClient client = client(sf);
        IngestResult inserted = client.ingest("Account").insert().pollingPolicy(FAST).upload(file(people(6)))
                .awaitCompletion();
        List<Map<String, Object>> updates = new ArrayList<>();
        List<Map<String, Object>> ids = new ArrayList<>();
        try (Stream<SuccessfulRecord> s = inserted.successfulRecords()) {
            s.forEach(x -> {
                updates.add(Map.of("Id", x.id(), "LastName", "Renamed-" + x.field("External_ID__c").orElseThrow()));
                ids.add(Map.of("Id", x.id()));
            });
        }
        IngestResult updated = client.ingest("Account").update().maxRecordsPerJob(4).pollingPolicy(FAST)
                .uploadMaps(updates.stream(), List.of("Id", "LastName")).awaitCompletion();
        assertThat(updated.recordsSucceeded()).isEqualTo(6);
        assertThat(sf.records("Account")).extracting(m -> m.get("LastName"))
                .allSatisfy(n -> assertThat(n).startsWith("Renamed-EXT-"));
        IngestResult deleted = client.ingest("Account").delete().pollingPolicy(FAST)
                .uploadMaps(ids.stream(), List.of("Id")).awaitCompletion();
        assertThat(deleted.recordsSucceeded()).isEqualTo(6);
        assertThat(deleted.isReconciled()).isTrue();
        assertThat(sf.records("Account")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void maxConcurrentJobs_isNeverExceeded(int limit) throws Exception {
        // processing is held until the run has `limit` jobs closed, so jobs overlap whenever the limit allows it
        // (no processing delay raced against the uploads)
        Bulk2Emulator sf = emulator(Bulk2Emulator.builder().batchSize(2).workerThreads(4));
        BulkClient client = client(sf);
        sf.pauseProcessing();
        Uploads uploads = new Uploads(limit);
        IngestRun run = client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(4)
                .maxConcurrentJobs(limit).pollingPolicy(FAST).listener(uploads).upload(file(people(40)));
        uploads.awaitHeld(sf);
        assertThat(sf.inFlightJobs()).isEqualTo(limit);
        sf.resumeProcessing();
        IngestResult r = run.awaitCompletion();
        assertThat(r.jobs()).hasSize(10);
        assertThat(sf.maxObservedInFlightJobs()).isLessThanOrEqualTo(limit);
        if (limit > 1) {
            assertThat(sf.maxObservedInFlightJobs()).isGreaterThan(1);
        }
        assertThat(r.isReconciled()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void listener_onRunCompleted_getsTheFinalResultOnce_beforeTheRunReturns(boolean async) throws Exception {
        Bulk2Emulator sf = emulator(Bulk2Emulator.builder().batchSize(1)
                .faults(FaultPlan.builder().failJobAfterRecords(3).build()));
        BulkClient client = client(sf);
        List<IngestResult> completed = new CopyOnWriteArrayList<>();
        IngestListener listener = new IngestListener() {
            @Override
            public void onRunCompleted(IngestResult result) {
                completed.add(result);
            }
        };
        IngestResult r = await(client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(5)
                .pollingPolicy(FAST).listener(listener).upload(file(people(10))), async);

        assertThat(completed).hasSize(1);
        assertThat(completed.get(0)).isSameAs(r);
        assertThat(r.recordsSubmitted()).isEqualTo(10);
        assertThat(r.recordsSucceeded() + r.recordsFailed() + r.recordsUnprocessed()).isEqualTo(10);
        assertThat(r.recordsUnprocessed()).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void jobFailingPartWay_unprocessedRowsReported_withInputValues(boolean async) throws Exception {
        Bulk2Emulator sf = emulator(Bulk2Emulator.builder().batchSize(1)
                .faults(FaultPlan.builder().failJobAfterRecords(3).build()));
        BulkClient client = client(sf);
        List<Map<String, String>> rows = people(10);
        IngestResult r = await(client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(5)
                .pollingPolicy(FAST).upload(file(rows)), async);
        assertThat(r.failedJobs()).hasSize(2);
        assertThat(r.recordsSubmitted()).isEqualTo(10);
        assertThat(r.recordsSucceeded()).isEqualTo(6);
        assertThat(r.recordsUnprocessed()).isEqualTo(4);
        assertThat(r.isReconciled()).isTrue();
        try (Stream<UnprocessedRecord> s = r.unprocessedRecords()) {
            List<UnprocessedRecord> left = s.collect(Collectors.toList());
            assertThat(left).hasSize(4);
            Set<Map<String, String>> values = left.stream().map(UnprocessedRecord::fields)
                    .collect(Collectors.toSet());
            assertThat(new HashSet<>(rows)).containsAll(values);
            assertThat(stored(sf)).doesNotContainAnyElementsOf(values);
        }
        Path out = tmp.resolve("report");
        Map<String, Long> written = r.writeTo(out);
        assertThat(written).containsExactly(Map.entry("successful.csv", 6L), Map.entry("failed.csv", 0L),
                Map.entry("unprocessed.csv", 4L));
        assertThat(Files.readAllLines(out.resolve("unprocessed.csv"))).hasSize(5)
                .first().isEqualTo(String.join(",", COLUMNS));
    }

    @Test
    void recordErrors_comeBackWithCodeMessageFieldsAndInputValues() throws Exception {
        Bulk2Emulator sf = emulator();
        BulkClient client = client(sf);
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(Map.of("External_ID__c", "OK-1", "LastName", "Fine"));
        rows.add(Map.of("External_ID__c", "BAD-1", "PersonEmail", "not-an-email"));
        rows.add(Map.of("External_ID__c", "OK-2", "LastName", "Fine too"));
        IngestResult r = client.ingest("Account").insert().pollingPolicy(FAST)
                .uploadMaps(rows.stream(), List.of("External_ID__c", "LastName", "PersonEmail")).awaitCompletion();
        assertThat(r.recordsSucceeded()).isEqualTo(2);
        assertThat(r.recordsFailed()).isEqualTo(1);
        assertThat(r.isReconciled()).isTrue();
        try (Stream<FailedRecord> s = r.failedRecords()) {
            List<FailedRecord> bad = s.collect(Collectors.toList());
            assertThat(bad).hasSize(1);
            assertThat(bad.get(0).error().code()).isNotBlank();
            assertThat(bad.get(0).error().message()).isNotBlank();
            assertThat(bad.get(0).field("External_ID__c")).contains("BAD-1");
            assertThat(bad.get(0).field("PersonEmail")).contains("not-an-email");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void lockErrors_retriedInFollowUpRounds_converge_eachRowReportedOnce(boolean async) throws Exception {
        Bulk2Emulator sf = emulator(Bulk2Emulator.builder()
                .faults(FaultPlan.builder().seed(7).lockErrorRate(0.3).build()));
        BulkClient client = client(sf);
        List<Map<String, String>> rows = people(60);
        List<Integer> rounds = new CopyOnWriteArrayList<>();
        IngestResult r = await(client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(20)
                .pollingPolicy(FAST)
                .recordRetryPolicy(RecordRetryPolicy.builder().maxRounds(3).backoff(Backoff.fixed(Duration.ZERO))
                        .build())
                .listener(new IngestListener() {
                    @Override
                    public void onRetryRound(int round, long delayMillis) {
                        rounds.add(round);
                    }
                })
                .upload(file(rows)), async);
        assertThat(rounds).containsExactly(1);
        assertThat(r.stats().retryRounds()).isEqualTo(1);
        assertThat(r.jobs().size()).isGreaterThan(3);
        assertThat(r.recordsSubmitted()).isEqualTo(60);
        assertThat(r.recordsSucceeded()).isEqualTo(60);
        assertThat(r.recordsFailed()).isZero();
        assertThat(r.isReconciled()).as(r.reconciliationReport()).isTrue();
        try (Stream<FailedRecord> s = r.failedRecords()) {
            assertThat(s.count()).isZero();
        }
        try (Stream<SuccessfulRecord> s = r.successfulRecords()) {
            assertThat(s.map(x -> x.field("External_ID__c").orElseThrow()).collect(Collectors.toList()))
                    .hasSize(60).doesNotHaveDuplicates();
        }
        assertThat(stored(sf)).isEqualTo(new HashSet<>(rows));
    }

    @Test
    void retryPolicy_withOnlyNonRetryableFailures_startsNoRoundAndDoesNotWait() throws Exception {
        Bulk2Emulator sf = emulator();
        BulkClient client = client(sf);
        List<Map<String, Object>> rows = List.of(
                Map.of("External_ID__c", "OK-1", "LastName", "Fine"),
                Map.of("External_ID__c", "BAD-1", "LastName", "Bad", "PersonEmail", "not-an-email"));
        List<Integer> rounds = new CopyOnWriteArrayList<>();
        IngestResult r = client.ingest("Account").upsert("External_ID__c").pollingPolicy(FAST)
                .recordRetryPolicy(RecordRetryPolicy.builder().maxRounds(3)
                        .backoff(Backoff.fixed(Duration.ofMillis(1))).build())
                .listener(new IngestListener() {
                    @Override
                    public void onRetryRound(int round, long delayMillis) {
                        rounds.add(round);
                    }
                })
                .uploadMaps(rows.stream(), List.of("External_ID__c", "LastName", "PersonEmail"))
                .awaitCompletion(Duration.ofMinutes(1));
        assertThat(rounds).isEmpty();
        assertThat(r.stats().retryRounds()).isZero();
        assertThat(r.jobs()).hasSize(1);
        assertThat(r.recordsSucceeded()).isEqualTo(1);
        assertThat(r.recordsFailed()).isEqualTo(1);
        assertThat(r.isReconciled()).isTrue();
    }

    @Test
    void lockErrors_withoutRetryPolicy_areReportedAsFailed() throws Exception {
        Bulk2Emulator sf = emulator(Bulk2Emulator.builder()
                .faults(FaultPlan.builder().seed(7).lockErrorRate(0.3).build()));
        BulkClient client = client(sf);
        IngestResult r = client.ingest("Account").upsert("External_ID__c").pollingPolicy(FAST)
                .upload(file(people(30))).awaitCompletion();
        assertThat(r.recordsFailed()).isPositive();
        assertThat(r.recordsSucceeded() + r.recordsFailed()).isEqualTo(30);
        try (Stream<FailedRecord> s = r.failedRecords()) {
            assertThat(s.collect(Collectors.toList())).allSatisfy(f -> {
                assertThat(f.error().code()).isEqualTo("UNABLE_TO_LOCK_ROW");
                assertThat(RecordRetryPolicy.lockErrors().isRetryable(f.error())).isTrue();
            });
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void deadline_jobsKeepRunning_exceptionCarriesIds_reattachCompletes(boolean async) throws Exception {
        // the jobs are held unfinished and the run's deadline passes on a fake clock once both are closed
        Bulk2Emulator sf = emulator();
        FakeClock clock = FakeClock.create();
        BulkClient client = fakeTimeClient(sf, clock, RecordingSleeper.advancing(clock));
        sf.pauseProcessing();
        Duration timeout = Duration.ofHours(1);
        Uploads uploads = new Uploads(2);
        IngestRun run = client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(10).pollingPolicy(FAST)
                .timeout(timeout).listener(uploads).upload(file(people(20)));
        List<String> held = uploads.awaitHeld(sf);
        clock.advance(timeout.plusMinutes(1));
        Throwable thrown = async
                ? org.assertj.core.api.Assertions.catchThrowable(() -> run.completionAsync().join()).getCause()
                : org.assertj.core.api.Assertions.catchThrowable(run::awaitCompletion);
        assertThat(thrown).isInstanceOf(WaitTimeoutException.class);
        WaitTimeoutException e = (WaitTimeoutException) thrown;
        assertThat(e.allJobIds()).isNotEmpty();
        assertThat(e.unfinishedJobIds()).isNotEmpty();
        assertThat(e.allJobIds()).containsExactlyInAnyOrderElementsOf(held);
        assertThat(e.getMessage()).contains("keep running", e.unfinishedJobIds().get(0));
        for (String id : e.unfinishedJobIds()) {
            assertThat(sf.job(id).orElseThrow().state()).isIn("UploadComplete", "InProgress");
        }
        sf.resumeProcessing();
        for (String id : e.allJobIds()) {
            sf.awaitJobState(id, Duration.ofSeconds(30), "JobComplete");
        }
        IngestRun again = client.attachIngestJobs(e.allJobIds());
        IngestResult r = async ? again.completionAsync().join() : again.awaitCompletion(Duration.ofSeconds(30));
        assertThat(r.jobs()).allSatisfy(j -> assertThat(j.state()).isEqualTo(JobState.JOB_COMPLETE));
        assertThat(r.isReconciled()).isTrue();
        IngestResult one = client.ingestJob(e.allJobIds().get(0)).awaitCompletion();
        assertThat(one.jobs()).hasSize(1);
        assertThat(one.recordsSucceeded()).isEqualTo(10);
    }

    @Test
    void awaitCompletionWithTimeout_throwsWaitTimeout_runContinues() throws Exception {
        // the job is held unfinished; the 20 ms wait runs out on a fake clock moved by the client's poll delays
        Bulk2Emulator sf = emulator(Bulk2Emulator.builder().batchSize(1));
        FakeClock clock = FakeClock.create();
        RecordingSleeper sleeper = RecordingSleeper.advancing(clock);
        BulkClient client = fakeTimeClient(sf, clock, sleeper);
        sf.pauseProcessing();
        Uploads uploads = new Uploads(1);
        IngestRun run = client.ingest("Account").upsert("External_ID__c").pollingPolicy(FAST).listener(uploads)
                .upload(file(people(10)));
        String jobId = uploads.awaitHeld(sf).get(0);
        assertThatThrownBy(() -> run.awaitCompletion(Duration.ofMillis(20)))
                .isInstanceOf(dev.bulk2.core.exception.WaitTimeoutException.class)
                .hasMessageContaining("keeps running");
        assertThat(sleeper.total()).isGreaterThanOrEqualTo(Duration.ofMillis(20));
        assertThat(run.isDone()).isFalse();
        sf.resumeProcessing();
        sf.awaitJobState(jobId, Duration.ofSeconds(30), "JobComplete");
        IngestResult r = run.awaitCompletion();
        assertThat(r.recordsSucceeded()).isEqualTo(10);
    }

    @Test
    void listener_seesEventsInOrder() throws Exception {
        Bulk2Emulator sf = emulator();
        BulkClient client = client(sf);
        List<String> events = new CopyOnWriteArrayList<>();
        IngestResult r = client.ingest("Account").insert().pollingPolicy(FAST).maxConcurrentJobs(1)
                .maxRecordsPerJob(3).listener(new IngestListener() {
                    @Override
                    public void onPartRead(int round, int partIndex, long records, long bytes) {
                        events.add("part" + partIndex + ":" + records);
                    }

                    @Override
                    public void onJobCreated(int round, int partIndex, JobInfo job) {
                        events.add("created" + partIndex);
                    }

                    @Override
                    public void onJobUploaded(int round, int partIndex, String jobId, long bytes) {
                        events.add("uploaded" + partIndex);
                    }

                    @Override
                    public void onJobStateChanged(JobInfo job) {
                        events.add("state:" + job.state());
                    }
                }).upload(file(people(4))).awaitCompletion();
        assertThat(r.recordsSucceeded()).isEqualTo(4);
        // the next part is read while the first job uploads; with maxConcurrentJobs(1) job 2 starts after job 1
        assertThat(events).startsWith("part0:3").contains("part1:1", "created1", "uploaded1");
        assertThat(events.indexOf("created0")).isLessThan(events.indexOf("uploaded0"));
        assertThat(events.indexOf("uploaded0")).isLessThan(events.indexOf("state:JOB_COMPLETE"));
        assertThat(events.indexOf("part1:1")).isLessThan(events.indexOf("created1"));
        assertThat(events.indexOf("created1")).isGreaterThan(events.indexOf("state:JOB_COMPLETE"));
        assertThat(events.indexOf("created1")).isLessThan(events.indexOf("uploaded1"));
        assertThat(events.stream().filter(x -> x.equals("state:JOB_COMPLETE")).count()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void faultsInjected_storedRecordsEqualInputExactly(boolean async) throws Exception {
        Bulk2Emulator sf = emulator(Bulk2Emulator.builder().faults(FaultPlan.builder().seed(42)
                .serverErrorRate(0.08).throttleRate(0.04).dropUploadRate(0.25).build()));
        BulkClient client = client(sf);
        List<Map<String, String>> rows = people(120);
        IngestResult r = await(client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(10)
                .pollingPolicy(FAST).upload(file(rows)), async);
        assertThat(r.recordsSubmitted()).isEqualTo(120);
        assertThat(r.recordsSucceeded()).isEqualTo(120);
        assertThat(r.isReconciled()).isTrue();
        assertThat(r.jobs()).hasSize(12);
        assertThat(sf.records("Account")).hasSize(120);
        assertThat(stored(sf)).isEqualTo(new HashSet<>(rows));
    }

    @Test
    void badInputMidway_throwsWithLine_andAccountsForSubmittedParts() throws Exception {
        Bulk2Emulator sf = emulator();
        BulkClient client = client(sf);
        String good = csv(people(12));
        String bad = good + "EXT-13,only-two-fields\n" + "EXT-14,a,b,c@example.com\n";
        Path p = tmp.resolve("bad.csv");
        Files.writeString(p, bad);
        // streaming on purpose (no pre-flight): the bad row is found after the first parts were loaded
        IngestRun run = client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(5).maxConcurrentJobs(1)
                .pollingPolicy(FAST).preflight(dev.bulk2.core.plan.Preflight.none()).upload(p);
        assertThatThrownBy(run::awaitCompletion).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.line()).hasValue(14);
            assertThat(e.partialResult()).isPresent();
            IngestResult partial = e.partialResult().orElseThrow();
            assertThat(partial.recordsSubmitted()).isEqualTo(10);
            assertThat(partial.recordsSucceeded()).isEqualTo(10);
            assertThat(partial.isReconciled()).isTrue();
        });
        assertThat(sf.records("Account")).hasSize(10);
    }

    @Test
    void badInputMidway_withTheDefaultPreflight_stopsBeforeAnyJob() throws Exception {
        Bulk2Emulator sf = emulator();
        BulkClient client = client(sf);
        String bad = csv(people(12)) + "EXT-13,only-two-fields\n" + "EXT-14,a,b,c@example.com\n";
        Path p = tmp.resolve("bad.csv");
        Files.writeString(p, bad);
        assertThatThrownBy(() -> client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(5)
                .maxConcurrentJobs(1).pollingPolicy(FAST).upload(p))
                .isInstanceOfSatisfying(dev.bulk2.core.exception.InputValidationException.class, e -> {
                    assertThat(e.line()).hasValue(14);
                    assertThat(e.partialResult()).isEmpty();
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).kind()).isEqualTo(dev.bulk2.core.plan.ProblemKind.MALFORMED_CSV);
                    assertThat(e.getMessage()).contains("nothing was sent, no job was created");
                });
        assertThat(sf.jobs()).isEmpty();
        assertThat(sf.records("Account")).isEmpty();
    }

    @Test
    void badHeader_failsAtOnce_nothingSent() throws Exception {
        Bulk2Emulator sf = emulator();
        BulkClient client = client(sf);
        Path p = tmp.resolve("dup.csv");
        Files.writeString(p, "LastName,lastname\nA,B\n");
        assertThatThrownBy(() -> client.ingest("Account").insert().upload(p))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 1");
        assertThat(sf.jobs()).isEmpty();
    }

    @Test
    void abort_stopsTheRun_andReportsUnprocessed() throws Exception {
        // processing is held, so the first job is still unfinished when the run is aborted
        Bulk2Emulator sf = emulator(Bulk2Emulator.builder().batchSize(1));
        BulkClient client = client(sf);
        sf.pauseProcessing();
        java.util.concurrent.CountDownLatch uploaded = new java.util.concurrent.CountDownLatch(1);
        IngestRun run = client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(10).maxConcurrentJobs(1)
                .pollingPolicy(FAST).listener(new IngestListener() {
                    @Override
                    public void onJobUploaded(int round, int partIndex, String jobId, long bytes) {
                        uploaded.countDown();
                    }
                }).upload(file(people(30)));
        assertThat(uploaded.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        run.abort();
        IngestResult r = run.awaitCompletion();
        sf.resumeProcessing();
        assertThat(r.isAborted()).isTrue();
        assertThat(r.jobs()).hasSize(1);
        assertThat(r.jobs().get(0).state()).isEqualTo(JobState.ABORTED);
        assertThat(r.recordsSucceeded() + r.recordsUnprocessed()).isEqualTo(10);
        assertThat(r.isReconciled()).isTrue();
    }

    @Test
    void request_valueAndChain_areEquivalent() {
        IngestJobRequest req = IngestJobRequest.builder().object("Account")
                .operation(dev.bulk2.core.Operation.UPSERT).externalIdFieldName("External_ID__c")
                .maxConcurrentJobs(1).gzip(true).build();
        assertThat(req.toBuilder().build()).isEqualTo(req).hasSameHashCodeAs(req);
        assertThat(req.maxBytesPerJob()).isEqualTo(100_000_000L);
        assertThat(req.recordRetryPolicy().isEnabled()).isFalse();
        assertThatThrownBy(() -> IngestJobRequest.builder().object("Account").build())
                .hasMessageContaining("operation");
        assertThatThrownBy(() -> IngestJobRequest.builder().maxBytesPerJob(150_000_000L))
                .hasMessageContaining("maxBytesPerJob");
        assertThatThrownBy(() -> IngestJobRequest.builder().maxConcurrentJobs(0))
                .hasMessageContaining("maxConcurrentJobs");
    }

    @Test
    void gzipCompression_optIn_loadsAllRows() throws Exception {
        Bulk2Emulator sf = emulator();
        BulkClient client = client(sf);
        List<Map<String, String>> rows = people(30);
        IngestResult r = client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(10)
                .gzip(true).pollingPolicy(FAST)
                .upload(new ByteArrayInputStream(csv(rows).getBytes(StandardCharsets.UTF_8))).awaitCompletion();
        assertThat(r.recordsSucceeded()).isEqualTo(30);
        assertThat(sf.requests().stream().filter(q -> q.method().equals("PUT"))
                .map(q -> String.valueOf(q.header("Content-Encoding"))))
                .hasSize(3).allSatisfy(h -> assertThat(h.toLowerCase()).contains("gzip"));
        assertThat(stored(sf)).isEqualTo(new HashSet<>(rows));
    }
}
