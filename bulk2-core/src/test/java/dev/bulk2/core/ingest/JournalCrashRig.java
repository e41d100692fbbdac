package dev.bulk2.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.testkit.Bulk2Emulator;
import dev.bulk2.testkit.JobSnapshot;
import dev.bulk2.testkit.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the journal crash tests share: the emulator in this JVM (whose store outlives the killed child), the child
 * JVM ({@link JournalCrashMain}), clients closed after each test, and the check that the store holds the input of
 * {@link JournalCrashTest#rows()} exactly once.
 */
abstract class JournalCrashRig {
    @TempDir
    Path tmp;

    Bulk2Emulator sf;
    Process child;
    final List<AutoCloseable> open = new ArrayList<>();

    /** Starts the emulator (each test class decides its faults). */
    void startEmulator(Bulk2Emulator.Builder b) {
        sf = b.port(0).build().start();
        open.add(sf);
    }

    @AfterEach
    void stop() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
            child.waitFor();
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    BulkClient client() {
        BulkClient c = BulkClient.builder().instanceUrl(sf.instanceUrl()).auth(AuthProvider.ofToken(sf.issueToken()))
                .build();
        open.add(c);
        return c;
    }

    Path input() throws IOException {
        Path csv = tmp.resolve("accounts.csv");
        Files.writeString(csv, FluentIngestTest.csv(JournalCrashTest.rows()));
        return csv;
    }

    long writes() {
        return sf.requests().stream().filter(q -> !q.method().equals("GET")).count();
    }

    /**
     * The store holds every input row once, field by field; no job is left open or got two uploads; the rows
     * applied by the completed jobs add up to the input.
     *
     * @param failedRowsRetried whether rows failed in a job and were resubmitted (their processed count includes
     *     the failed rows, which another job applied)
     */
    void assertStoreHoldsTheInputOnce(boolean failedRowsRetried) {
        Map<String, Map<String, String>> stored = new HashMap<>();
        for (Map<String, String> rec : sf.records("Account")) {
            assertThat(stored.put(rec.get("External_ID__c"), rec)).as("a second record " + rec).isNull();
        }
        assertThat(stored).hasSize(JournalCrashTest.ROWS);
        for (Map<String, String> row : JournalCrashTest.rows()) {
            Map<String, String> rec = stored.get(row.get("External_ID__c"));
            for (String c : JournalCrashTest.COLUMNS) {
                assertThat(rec.get(c)).as(c + " of " + row.get("External_ID__c")).isEqualTo(row.get(c));
            }
        }
        long applied = 0;
        for (JobSnapshot j : sf.jobs()) {
            assertThat(j.state()).as("job " + j.id()).isIn("JobComplete", "Aborted");
            assertThat(j.uploadCount()).as("uploads to job " + j.id()).isLessThanOrEqualTo(1);
            if (j.state().equals("JobComplete")) {
                applied += j.numberRecordsProcessed() - (failedRowsRetried ? j.numberRecordsFailed() : 0);
            }
        }
        assertThat(applied).as("rows applied by all completed jobs: each part applied once")
                .isEqualTo(JournalCrashTest.ROWS);
        Map<String, Long> putsPerJob = sf.requests().stream().filter(q -> q.method().equals("PUT"))
                .collect(Collectors.groupingBy(RecordedRequest::path, Collectors.counting()));
        assertThat(putsPerJob.values()).as("PUTs per job").allMatch(n -> n == 1);
    }
}
