package dev.bulk2.core.ingest;

import static dev.bulk2.core.ingest.JournalCrashTest.FAST;
import static dev.bulk2.core.ingest.JournalCrashTest.ROWS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.Backoff;
import dev.bulk2.core.exception.IngestStoppedException;
import dev.bulk2.core.exception.JournalException;
import dev.bulk2.csv.SuccessfulRecord;
import dev.bulk2.testkit.Bulk2Emulator;
import dev.bulk2.testkit.FaultPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real crashes during record-retry rounds (issue 11): the emulator fails about 30% of the rows once with
 * {@code UNABLE_TO_LOCK_ROW}, so the journaled run of {@link JournalCrashMain} (with {@code retry}) needs a retry
 * round; the child is killed with SIGKILL while it reads the failed results for the round, after the round's
 * first part is planned, after its job is created, after it is closed, once it is terminal (just before run
 * complete), and while the caller reads the successful results. A fresh client resumes; afterwards every row is
 * stored once, field by field, succeeded once, nothing is Open, no job got two uploads, and the round's rows came
 * from the spool journaled before the crash.
 */
class JournalRetryCrashTest extends JournalCrashRig {
    static final RecordRetryPolicy RETRY = RecordRetryPolicy.builder().maxRounds(2)
            .backoff(Backoff.fixed(Duration.ZERO)).build();

    @BeforeEach
    void start() {
        startEmulator(Bulk2Emulator.builder().faults(FaultPlan.builder().seed(7).lockErrorRate(0.3).build()));
    }

    private IngestResult run(Path csv, Path journal) {
        return client().ingest("Account").upsert("External_ID__c").maxRecordsPerJob(10).maxConcurrentJobs(1)
                .pollingPolicy(FAST).recordRetryPolicy(RETRY).journal(journal).upload(csv)
                .awaitCompletion(Duration.ofMinutes(1));
    }

    private void crashAt(String point, Path csv, Path journal) throws Exception {
        child = JournalCrashTest.runChild(sf, point, csv, journal, "retry");
        child.destroyForcibly();
        child.waitFor();
    }

    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(strings = {"retryReading", "retryPlanned", "retryCreated", "retryClosed", "retryTerminal",
            "results"})
    void aRunKilledDuringItsRetryRoundResumesSendingNothingTwice(String point) throws Exception {
        Path csv = input();
        Path journal = tmp.resolve("accounts.journal");
        crashAt(point, csv, journal);

        IngestResult r = run(csv, journal);

        assertThat(r.isReconciled()).as(r.reconciliationReport()).isTrue();
        assertThat(r.outcome()).isEqualTo(IngestOutcome.ALL_SUCCEEDED);
        assertThat(r.recordsSubmitted()).isEqualTo(ROWS);
        assertThat(r.recordsSucceeded()).isEqualTo(ROWS);
        assertThat(r.recordsFailed()).isZero();
        assertThat(r.recordsUnprocessed()).isZero();
        assertThat(r.stats().retryRounds()).isEqualTo(1);
        List<String> reported;
        try (Stream<SuccessfulRecord> s = r.successfulRecords()) {
            reported = s.map(x -> x.fields().get("External_ID__c")).collect(Collectors.toList());
        }
        assertThat(reported).as("each row's success reported once").hasSize(ROWS).doesNotHaveDuplicates();
        assertStoreHoldsTheInputOnce(true);
        List<String> lines = Files.readAllLines(journal);
        assertThat(lines.stream().filter(l -> l.contains("\"type\":\"runComplete\""))).hasSize(1);
        assertThat(lines.stream().filter(l -> l.contains("\"type\":\"retryRound\""))).hasSize(1);
        assertThat(RoundSpoolFiles.of(journal)).containsExactly(journal.getFileName() + ".round1.csv");

        long writes = writes();
        IngestResult again = run(csv, journal);
        assertThat(writes()).as("POST/PUT/PATCH after the run completed").isEqualTo(writes);
        assertThat(again.jobIds()).isEqualTo(r.jobIds());
        assertThat(again.recordsSucceeded()).isEqualTo(ROWS);
        assertThat(again.isReconciled()).as(again.reconciliationReport()).isTrue();
    }

    @Test
    void theRoundIsJournaledWithItsSourceJobsCountsAndSpoolBeforeItsFirstPart() throws Exception {
        Path csv = input();
        Path journal = tmp.resolve("accounts.journal");
        IngestResult r = run(csv, journal);
        assertThat(r.recordsSucceeded()).isEqualTo(ROWS);
        List<String> lines = Files.readAllLines(journal);
        int retry = indexOf(lines, "\"type\":\"retryRound\"");
        int firstRetryPart = indexOf(lines, "\"type\":\"partPlanned\",\"at\":\"[^\"]*\",\"round\":1,");
        assertThat(retry).isPositive().isLessThan(firstRetryPart);
        String line = lines.get(retry);
        long failedInRound0 = r.jobs().stream().filter(j -> r.jobIds().indexOf(j.id()) < 3)
                .mapToLong(j -> j.numberRecordsFailed()).sum();
        assertThat(failedInRound0).isPositive();
        assertThat(line).contains("\"round\":1").contains("\"rows\":" + failedInRound0)
                .contains("\"rowsFile\":\"accounts.journal.round1.csv\"").containsPattern("\"rowsSha256\":\"[0-9a-f]{64}\"");
        Path spool = journal.resolveSibling("accounts.journal.round1.csv");
        List<String> spooled = Files.readAllLines(spool);
        assertThat(spooled.get(0)).isEqualTo(String.join(",", JournalCrashTest.COLUMNS));
        assertThat(spooled).hasSize((int) failedInRound0 + 1);
        assertThat(lines.stream().filter(l -> l.contains("\"type\":\"roundPlanned\""))).hasSize(2);
    }

    @Test
    void aSpoolChangedAfterTheCrashIsRefusedNamingTheFileAndHowToStartOver() throws Exception {
        Path csv = input();
        Path journal = tmp.resolve("accounts.journal");
        crashAt("retryPlanned", csv, journal);
        Path spool = journal.resolveSibling("accounts.journal.round1.csv");
        Files.writeString(spool, Files.readString(spool).replace("EXT-", "XXX-"));
        long writes = writes();
        assertThatThrownBy(() -> run(csv, journal)).isInstanceOf(IngestStoppedException.class)
                .hasMessageContaining("The rows of record-retry round 1 (" + spool + ") changed since they were "
                        + "journaled")
                .hasMessageContaining("start over by deleting the journal and its .round*.csv files")
                .hasMessageEndingWith("The journal " + journal + " keeps what was done; its error above says how "
                        + "to go on.")
                .cause().isInstanceOf(JournalException.class)
                .satisfies(e -> assertThat(((JournalException) e).reason())
                        .isEqualTo(JournalException.Reason.INPUT_MISMATCH));
        assertThat(writes()).as("the retry round sent nothing").isEqualTo(writes);
    }

    private static int indexOf(List<String> lines, String regex) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
        for (int i = 0; i < lines.size(); i++) {
            if (p.matcher(lines.get(i)).find()) {
                return i;
            }
        }
        return -1;
    }

    /** The round spools next to a journal. */
    static final class RoundSpoolFiles {
        static List<String> of(Path journal) throws IOException {
            try (Stream<Path> s = Files.list(journal.getParent())) {
                return s.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith(journal.getFileName() + ".round")).sorted()
                        .collect(Collectors.toList());
            }
        }
    }
}
