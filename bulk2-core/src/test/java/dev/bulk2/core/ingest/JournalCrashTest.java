package dev.bulk2.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.exception.JournalException;
import dev.bulk2.csv.SuccessfulRecord;
import dev.bulk2.testkit.Bulk2Emulator;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real crashes (issue 11): a child JVM ({@link JournalCrashMain}) runs a journaled three-part upsert against the
 * emulator in this JVM and is killed with SIGKILL at a crash point it announces (no sleeps); then a fresh client
 * here resumes from the journal. Afterwards the store holds the input exactly (every row once, field by field),
 * no job is left open, each JobComplete job holds a distinct part (their processed counts add up to the input),
 * no job got two uploads, each row's outcome is reported once, and the journal says the run is complete: a third
 * run sends nothing.
 */
class JournalCrashTest extends JournalCrashRig {
    static final PollingPolicy FAST = PollingPolicy.builder().initialDelay(Duration.ofMillis(5)).multiplier(1.5)
            .maxDelay(Duration.ofMillis(40)).jitter(0).build();
    static final List<String> COLUMNS = List.of("External_ID__c", "FirstName", "LastName", "PersonEmail");
    static final int ROWS = 30;

    @BeforeEach
    void start() {
        startEmulator(Bulk2Emulator.builder());
    }

    static List<Map<String, String>> rows() {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            Map<String, String> r = new LinkedHashMap<>();
            r.put("External_ID__c", "EXT-" + i);
            r.put("FirstName", "First" + i);
            r.put("LastName", "Last, \"" + i + "\"");
            r.put("PersonEmail", "p" + i + "@example.com");
            rows.add(r);
        }
        return rows;
    }

    /** Runs the child until it announces the point, then kills it with SIGKILL. */
    private void crashAt(String point, Path csv, Path journal) throws Exception {
        runChildTo(point, csv, journal);
        child.destroyForcibly();
        child.waitFor();
    }

    /** Runs the child until it announces the point; it then blocks there. */
    private void runChildTo(String point, Path csv, Path journal) throws Exception {
        child = runChild(sf, point, csv, journal);
    }

    /**
     * Starts {@link JournalCrashMain} against the emulator and reads its first line, which must announce the
     * point; the child then blocks there until killed.
     */
    static Process runChild(Bulk2Emulator sf, String point, Path csv, Path journal, String... extra)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                JournalCrashMain.class.getName(), sf.instanceUrl().toString(), sf.issueToken(), csv.toString(),
                journal.toString(), point));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!("AT " + point).equals(line)) {
            p.destroyForcibly();
        }
        assertThat(line).as("the child's announcement").isEqualTo("AT " + point);
        return p;
    }

    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(strings = {"planned", "createAnswered", "created", "midPut", "putAnswered", "beforeClose",
            "closeAnswered", "closed", "polling", "lastPolled"})
    void aRunKilledAtEachPointResumesSendingNothingTwice(String point) throws Exception {
        Path csv = input();
        Path journal = tmp.resolve("accounts.journal");
        crashAt(point, csv, journal);

        IngestResult r = client().ingest("Account").upsert("External_ID__c").maxRecordsPerJob(10)
                .maxConcurrentJobs(1).pollingPolicy(FAST).journal(journal).upload(csv)
                .awaitCompletion(Duration.ofMinutes(1));

        assertThat(r.isReconciled()).as(r.reconciliationReport()).isTrue();
        assertThat(r.recordsSubmitted()).isEqualTo(ROWS);
        assertThat(r.recordsSucceeded()).isEqualTo(ROWS);
        assertThat(r.recordsFailed()).isZero();
        assertThat(r.jobs()).hasSize(3);
        List<String> reported;
        try (java.util.stream.Stream<SuccessfulRecord> s = r.successfulRecords()) {
            reported = s.map(x -> x.fields().get("External_ID__c")).sorted().collect(Collectors.toList());
        }
        assertThat(reported).as("each row's outcome reported once").hasSize(ROWS).doesNotHaveDuplicates();
        assertStoreHoldsTheInputOnce(false);
        assertThat(Files.readAllLines(journal)).last().asString().contains("\"type\":\"runComplete\"");

        // a third run reads the journal and sends nothing
        long writesBefore = writes();
        IngestResult again = client().ingest("Account").upsert("External_ID__c").maxRecordsPerJob(10)
                .maxConcurrentJobs(1).pollingPolicy(FAST).journal(journal).upload(csv)
                .awaitCompletion(Duration.ofMinutes(1));
        assertThat(writes()).as("POST/PUT/PATCH after the run completed").isEqualTo(writesBefore);
        assertThat(again.jobIds()).isEqualTo(r.jobIds());
        assertThat(again.recordsSucceeded()).isEqualTo(ROWS);
    }

    @Test
    void anUninterruptedJournaledRunWritesEveryStepAndCompletes() throws Exception {
        Path csv = input();
        Path journal = tmp.resolve("accounts.journal");
        IngestResult r = client().ingest("Account").upsert("External_ID__c").maxRecordsPerJob(10)
                .pollingPolicy(FAST).journal(journal).upload(csv).awaitCompletion(Duration.ofMinutes(1));
        assertThat(r.recordsSucceeded()).isEqualTo(ROWS);
        List<String> types = Files.readAllLines(journal).stream().skip(1)
                .map(l -> l.replaceAll("^\\{\"type\":\"([a-zA-Z]+)\".*$", "$1")).collect(Collectors.toList());
        assertThat(types).startsWith("runStarted").endsWith("runComplete").containsOnlyOnce("roundPlanned");
        assertThat(types.stream().filter(t -> t.equals("partPlanned")).count()).isEqualTo(3);
        for (String t : List.of("createSent", "jobCreated", "uploaded", "closed", "terminal")) {
            assertThat(types.stream().filter(t::equals).count()).as(t).isEqualTo(3);
        }
        assertStoreHoldsTheInputOnce(false);
    }

    @Test
    void journalStatus_readsTheJournalOfALiveAndOfAKilledRun_withoutTakingItOver() throws Exception {
        Path csv = input();
        Path journal = tmp.resolve("accounts.journal");
        assertThat(JournalStatus.read(journal)).as("no file yet").isEmpty();

        runChildTo("created", csv, journal); // alive, its journal locked: part 1's job created, not uploaded
        JournalStatus live = JournalStatus.read(journal).orElseThrow();
        assertThat(live.jobIds()).containsExactlyInAnyOrderElementsOf(emulatorJobIds()).isNotEmpty();
        assertThat(live.allUploaded()).isFalse();
        assertThat(live.isComplete()).isFalse();
        child.destroyForcibly();
        child.waitFor();

        Path journal2 = tmp.resolve("accounts-2.journal");
        sf.reset();
        crashAt("lastPolled", csv, journal2); // every part uploaded and closed, the last job ended: killed
        JournalStatus killed = JournalStatus.read(journal2).orElseThrow();
        assertThat(killed.jobIds()).containsExactlyInAnyOrderElementsOf(emulatorJobIds()).hasSize(3);
        assertThat(killed.partsPlanned()).hasValue(3);
        assertThat(killed.partsClosed()).isEqualTo(3);
        assertThat(killed.allUploaded()).isTrue();
        assertThat(killed.isComplete()).isFalse();

        IngestResult r = client().ingest("Account").upsert("External_ID__c").maxRecordsPerJob(10)
                .pollingPolicy(FAST).journal(journal2).upload(csv).awaitCompletion(Duration.ofMinutes(1));
        JournalStatus done = JournalStatus.read(journal2).orElseThrow();
        assertThat(done.isComplete()).isTrue();
        assertThat(done.jobIds()).containsExactlyElementsOf(killed.jobIds()).containsExactlyInAnyOrderElementsOf(
                r.jobIds());

        Path notJournal = Files.writeString(tmp.resolve("notes.txt"), "hello\n");
        assertThatThrownBy(() -> JournalStatus.read(notJournal)).isInstanceOf(JournalException.class)
                .satisfies(e -> assertThat(((JournalException) e).reason())
                        .isEqualTo(JournalException.Reason.NOT_A_JOURNAL));
    }

    private List<String> emulatorJobIds() {
        return sf.jobs().stream().map(dev.bulk2.testkit.JobSnapshot::id).collect(Collectors.toList());
    }

    @Test
    void aStreamInputNeedsAJournalKeyAndIsVerifiedPartByPart() throws Exception {
        Path journal = tmp.resolve("stream.journal");
        byte[] data = FluentIngestTest.csv(rows()).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> client().ingest("Account").upsert("External_ID__c").journal(journal)
                .upload(new ByteArrayInputStream(data))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("journalKey");
        IngestResult r = client().ingest("Account").upsert("External_ID__c").maxRecordsPerJob(10)
                .pollingPolicy(FAST).journal(journal).journalKey("accounts-1").upload(new ByteArrayInputStream(data))
                .awaitCompletion(Duration.ofMinutes(1));
        assertThat(r.recordsSucceeded()).isEqualTo(ROWS);
        // other rows under the same key: the first part differs from the journaled one
        byte[] other = FluentIngestTest.csv(rows()).replace("First0", "Other0").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> client().ingest("Account").upsert("External_ID__c").maxRecordsPerJob(10)
                .pollingPolicy(FAST).journal(journal).journalKey("accounts-1")
                .upload(new ByteArrayInputStream(other)).awaitCompletion(Duration.ofMinutes(1)))
                .isInstanceOf(JournalException.class)
                .satisfies(e -> assertThat(((JournalException) e).reason())
                        .isEqualTo(JournalException.Reason.INPUT_MISMATCH))
                .hasMessageContaining("sha256");
    }

    @Test
    void aJournalOfAnotherRequestIsRefusedBeforeAnythingIsSent() throws Exception {
        Path csv = input();
        Path journal = tmp.resolve("accounts.journal");
        client().ingest("Account").upsert("External_ID__c").maxRecordsPerJob(10).pollingPolicy(FAST)
                .journal(journal).upload(csv).awaitCompletion(Duration.ofMinutes(1));
        long before = sf.requests().size();
        assertThatThrownBy(() -> client().ingest("Account").upsert("External_ID__c").maxRecordsPerJob(20)
                .journal(journal).upload(csv)).isInstanceOf(JournalException.class)
                .satisfies(e -> assertThat(((JournalException) e).reason())
                        .isEqualTo(JournalException.Reason.REQUEST_MISMATCH))
                .hasMessageContaining("maxRecordsPerJob");
        assertThat(sf.requests()).hasSize((int) before);
    }

    @Test
    void aJournalInUseByALiveRunIsRefusedNamingItsProcessThenTakenOverOnceItDied() throws Exception {
        Path csv = input();
        Path journal = tmp.resolve("accounts.journal");
        runChildTo("polling", csv, journal);
        long writes = writes();
        assertThatThrownBy(() -> client().ingest("Account").upsert("External_ID__c").maxRecordsPerJob(10)
                .maxConcurrentJobs(1).journal(journal).upload(csv)).isInstanceOf(JournalException.class)
                .satisfies(e -> {
                    JournalException je = (JournalException) e;
                    assertThat(je.reason()).isEqualTo(JournalException.Reason.LOCKED);
                    assertThat(je.holder()).hasValueSatisfying(h -> assertThat(h.pid()).isEqualTo(child.pid()));
                });
        assertThat(writes()).as("nothing sent").isEqualTo(writes);
        child.destroyForcibly();
        child.waitFor();
        IngestResult r = client().ingest("Account").upsert("External_ID__c").maxRecordsPerJob(10)
                .maxConcurrentJobs(1).pollingPolicy(FAST).journal(journal).upload(csv)
                .awaitCompletion(Duration.ofMinutes(1));
        assertThat(r.recordsSucceeded()).isEqualTo(ROWS);
        assertStoreHoldsTheInputOnce(false);
    }

    @Test
    void aFileThatIsNotAJournalIsRefusedAndLeftUntouched() throws Exception {
        Path csv = input();
        Path notAJournal = tmp.resolve("other.csv");
        Files.writeString(notAJournal, "Id,Name\n001,Acme\n");
        assertThatThrownBy(() -> client().ingest("Account").upsert("External_ID__c").journal(notAJournal)
                .upload(csv)).isInstanceOf(JournalException.class)
                .satisfies(e -> assertThat(((JournalException) e).reason())
                        .isEqualTo(JournalException.Reason.NOT_A_JOURNAL));
        assertThat(Files.readString(notAJournal)).isEqualTo("Id,Name\n001,Acme\n");
        assertThat(sf.requests()).isEmpty();
    }
}
