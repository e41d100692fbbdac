package dev.bulk2.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pauseProcessing()/resumeProcessing() test control. */
class ProcessingPauseTest {
    private static final String INSERT = "{\"object\":\"Account\",\"operation\":\"insert\",\"contentType\":\"CSV\","
            + "\"lineEnding\":\"LF\"}";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Bulk2Emulator sf;

    private Bulk2Emulator start(Bulk2Emulator.Builder b) {
        sf = b.build().start();
        return sf;
    }

    @AfterEach
    void stop() {
        if (sf != null) {
            sf.close();
        }
    }

    private static String rows(int n) {
        StringBuilder sb = new StringBuilder("LastName\n");
        for (int i = 1; i <= n; i++) {
            sb.append("Row").append(i).append('\n');
        }
        return sb.toString();
    }

    /** create + PUT + close; returns the id without waiting. */
    private static String closeJob(Raw raw, String csv) {
        String id = raw.createJob(INSERT);
        assertThat(raw.put(Raw.base() + "/jobs/ingest/" + id + "/batches", csv).status()).isEqualTo(201);
        Raw.Resp close = raw.patch(Raw.base() + "/jobs/ingest/" + id, "{\"state\":\"UploadComplete\"}");
        assertThat(close.status()).isEqualTo(200);
        return id;
    }

    private static String state(Raw raw, String id) {
        return Raw.field(raw.get(Raw.base() + "/jobs/ingest/" + id).body(), "state");
    }

    @Test
    void closedJob_staysUploadCompleteWhilePaused_thenCompletesOnResume() {
        Bulk2Emulator sf = start(Bulk2Emulator.builder());
        Raw raw = new Raw(sf);
        assertThat(sf.isProcessingPaused()).isFalse();
        sf.pauseProcessing();
        sf.pauseProcessing(); // idempotent
        assertThat(sf.isProcessingPaused()).isTrue();
        String id = closeJob(raw, rows(3));
        // three rows take a few milliseconds when processing is not held; twenty polls all see the job held
        for (int i = 0; i < 20; i++) {
            assertThat(state(raw, id)).isEqualTo("UploadComplete");
        }
        assertThat(raw.get(Raw.base() + "/jobs/ingest/" + id + "/successfulResults/").status()).isEqualTo(400);
        assertThatThrownBy(() -> sf.awaitJobState(id, Duration.ofMillis(100), "InProgress", "JobComplete"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("UploadComplete");
        assertThat(sf.records("Account")).isEmpty();
        assertThat(sf.inFlightJobs()).isEqualTo(1);

        sf.resumeProcessing();
        assertThat(sf.isProcessingPaused()).isFalse();
        JobSnapshot done = sf.awaitJobState(id, WAIT, "JobComplete", "Failed");
        assertThat(done.state()).isEqualTo("JobComplete");
        assertThat(done.numberRecordsProcessed()).isEqualTo(3);
        assertThat(sf.records("Account")).extracting(m -> m.get("LastName")).containsExactly("Row1", "Row2", "Row3");
        sf.resumeProcessing(); // idempotent
    }

    @Test
    void heldJobs_startInTheOrderTheyWereClosed() {
        Bulk2Emulator sf = start(Bulk2Emulator.builder().workerThreads(1));
        Raw raw = new Raw(sf);
        sf.pauseProcessing();
        String first = closeJob(raw, "LastName\nA\n");
        String second = closeJob(raw, "LastName\nB\n");
        sf.resumeProcessing();
        sf.awaitJobState(first, WAIT, "JobComplete");
        sf.awaitJobState(second, WAIT, "JobComplete");
        assertThat(sf.records("Account")).extracting(m -> m.get("LastName")).containsExactly("A", "B");
    }

    @Test
    void abortWhileHeld_jobNeverProcessed_allRowsUnprocessed() {
        Bulk2Emulator sf = start(Bulk2Emulator.builder());
        Raw raw = new Raw(sf);
        sf.pauseProcessing();
        String id = closeJob(raw, rows(4));
        assertThat(raw.patch(Raw.base() + "/jobs/ingest/" + id, "{\"state\":\"Aborted\"}").status()).isEqualTo(200);
        sf.resumeProcessing();
        assertThat(state(raw, id)).isEqualTo("Aborted");
        assertThat(sf.job(id).orElseThrow().numberRecordsProcessed()).isZero();
        assertThat(sf.records("Account")).isEmpty();
    }

    @Test
    void deleteWhileHeld_jobNeverStarted() {
        Bulk2Emulator sf = start(Bulk2Emulator.builder());
        Raw raw = new Raw(sf);
        sf.pauseProcessing();
        String id = closeJob(raw, rows(2));
        assertThat(raw.delete(Raw.base() + "/jobs/ingest/" + id).status()).isEqualTo(204);
        sf.resumeProcessing();
        String next = closeJob(raw, "LastName\nAfter\n");
        sf.awaitJobState(next, WAIT, "JobComplete");
        assertThat(sf.job(id)).isEmpty();
        assertThat(sf.records("Account")).extracting(m -> m.get("LastName")).containsExactly("After");
        assertThat(sf.inFlightJobs()).isZero();
    }

    @Test
    void pauseMidJob_stopsAtABatchBoundaryInProgress_abortEndsItAtOnce_withTheRestUnprocessed() {
        // 200 one-row batches of 20 ms: 4 s of processing, so the pause lands long before the end
        Bulk2Emulator sf = start(Bulk2Emulator.builder().batchSize(1)
                .processingDelayPerBatch(Duration.ofMillis(20)));
        Raw raw = new Raw(sf);
        String id = closeJob(raw, rows(200));
        sf.awaitJob(id, WAIT, s -> s.numberRecordsProcessed() >= 1);
        sf.pauseProcessing();
        assertThat(state(raw, id)).isEqualTo("InProgress");
        assertThat(raw.patch(Raw.base() + "/jobs/ingest/" + id, "{\"state\":\"Aborted\"}").status()).isEqualTo(200);
        // the paused worker lets an aborted job go: its results are complete without a resume
        JobSnapshot aborted = sf.awaitJob(id, WAIT, s -> s.state().equals("Aborted"));
        String ok = raw.results(id, "successfulResults");
        String unprocessed = raw.results(id, "unprocessedrecords");
        long done = ok.lines().count() - 1;
        long left = unprocessed.lines().count() - 1;
        assertThat(done).isPositive().isLessThan(200);
        assertThat(done + left).isEqualTo(200);
        assertThat(sf.records("Account")).hasSize((int) done);
        assertThat(aborted.numberRecordsProcessed()).isLessThan(200);
        sf.resumeProcessing();
    }

    @Test
    void queryJob_staysUploadCompleteWhilePaused_thenCompletes() {
        Bulk2Emulator sf = start(Bulk2Emulator.builder());
        sf.insertRecords("Account", List.of(Map.of("LastName", "Q1"), Map.of("LastName", "Q2")));
        Raw raw = new Raw(sf);
        sf.pauseProcessing();
        Raw.Resp created = raw.post(Raw.base() + "/jobs/query",
                "{\"operation\":\"query\",\"query\":\"SELECT LastName FROM Account\"}");
        assertThat(created.status()).isEqualTo(200);
        String id = Raw.field(created.body(), "id");
        for (int i = 0; i < 20; i++) {
            assertThat(Raw.field(raw.get(Raw.base() + "/jobs/query/" + id).body(), "state"))
                    .isEqualTo("UploadComplete");
        }
        sf.resumeProcessing();
        assertThat(sf.awaitJobState(id, WAIT, "JobComplete").numberRecordsProcessed()).isEqualTo(2);
    }

    @Test
    void reset_endsThePause_andDropsHeldJobs() {
        Bulk2Emulator sf = start(Bulk2Emulator.builder());
        Raw raw = new Raw(sf);
        sf.pauseProcessing();
        closeJob(raw, rows(2));
        sf.reset();
        assertThat(sf.isProcessingPaused()).isFalse();
        assertThat(sf.jobs()).isEmpty();
        Raw fresh = new Raw(sf);
        String id = closeJob(fresh, "LastName\nAfterReset\n");
        sf.awaitJobState(id, WAIT, "JobComplete");
        assertThat(sf.records("Account")).extracting(m -> m.get("LastName")).containsExactly("AfterReset");
    }
}
