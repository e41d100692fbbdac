package dev.bulk2.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.exception.JournalException;
import dev.bulk2.testkit.Bulk2Emulator;
import dev.bulk2.testkit.FakeClock;
import dev.bulk2.testkit.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journaled exports in one JVM (issue 11): what the journal holds, resuming after an export stopped at a point
 * (an exception thrown there), and the journals that cannot be used: torn last line (tolerated), garbage,
 * another query, another output file, a job deleted or expired on the server, a journal on another terminal.
 * The real crashes are in {@link QueryJournalCrashTest}.
 */
class QueryJournalTest {
    private static final String SOQL = QueryJournalCrashTest.SOQL;
    private static final int ROWS = QueryJournalCrashTest.ROWS;
    private static final int PAGE = QueryJournalCrashTest.PAGE;

    @TempDir
    Path tmp;

    Bulk2Emulator sf;
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    void start(Bulk2Emulator.Builder b) {
        sf = b.port(0).build().start();
        open.add(sf);
        sf.insertRecords("Account", QueryJournalCrashTest.rows());
    }

    void start() {
        start(Bulk2Emulator.builder());
    }

    BulkClient client() {
        BulkClient c = QueryTestSupport.clientFor(sf).build();
        open.add(c);
        return c;
    }

    Query export(Path journal) {
        return client().query(SOQL).maxRecordsPerPage(PAGE).pollingPolicy(QueryTestSupport.FAST_POLL)
                .journal(journal);
    }

    /** Thrown at a crash point to stop an export in this JVM. */
    static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super("stopped by the test");
        }
    }

    static JournaledExport.CrashPoints stopAt(String point, long page) {
        return (at, p) -> {
            if (at.equals(point) && p == page) {
                throw new Stop();
            }
        };
    }

    /** Stops an export after page {@code page} was journaled; returns the journaled locators. */
    List<String> stopAfterPage(Path journal, Path out, long page) throws IOException {
        assertThatThrownBy(() -> export(journal).crashPoints(stopAt("pageJournaled", page)).toPath(out))
                .isInstanceOf(Stop.class);
        return QueryJournalCrashTest.journaledLocators(journal);
    }

    /**
     * The tokens of the requests so far: each client has a token of its own, so a stopped export's requests still
     * in flight (its read-ahead page) are told apart from the resumed run's by it.
     */
    Set<String> tokens() {
        return sf.requests().stream().map(q -> q.header("Authorization")).collect(Collectors.toSet());
    }

    /** The requests sent with none of these tokens. */
    List<RecordedRequest> notBy(Set<String> tokens) {
        return sf.requests().stream().filter(q -> !tokens.contains(q.header("Authorization")))
                .collect(Collectors.toList());
    }

    byte[] uninterrupted() throws IOException {
        Path f = tmp.resolve("uninterrupted.csv");
        client().query(SOQL).maxRecordsPerPage(PAGE).pollingPolicy(QueryTestSupport.FAST_POLL).toPath(f);
        return Files.readAllBytes(f);
    }

    static String jobOf(Path journal) throws IOException {
        Matcher m = Pattern.compile("\"type\":\"queryJob\".*\"job\":\"([^\"]+)\"").matcher(Files.readString(journal));
        assertThat(m.find()).as("queryJob line").isTrue();
        return m.group(1);
    }

    static List<String> types(Path journal) throws IOException {
        return Files.readAllLines(journal).stream().skip(1)
                .map(l -> l.replaceAll("^\\{\"type\":\"([a-zA-Z]+)\".*$", "$1")).collect(Collectors.toList());
    }

    @Test
    void anUninterruptedJournaledExportJournalsTheJobEachPageAfterItsBytesAndTheCompletion() throws Exception {
        start();
        Path out = tmp.resolve("accounts.csv");
        Path journal = tmp.resolve("accounts.journal");
        QueryResult r = export(journal).toPath(out);

        assertThat(r.rows()).isEqualTo(ROWS);
        assertThat(r.pages()).isEqualTo(QueryJournalCrashTest.PAGES);
        assertThat(types(journal)).containsExactly("runStarted", "queryJob", "page", "page", "page", "page", "page",
                "exportComplete");
        assertThat(Files.readAllLines(journal).get(0)).startsWith("{\"bulk2Journal\":1,\"kind\":\"query\",")
                .contains("\"input\":{\"type\":\"key\",\"key\":\"output:" + out.toAbsolutePath() + "\"}");
        assertThat(Files.readAllLines(journal).get(1)).contains("\"request\":{\"query\":\"" + SOQL
                + "\",\"operation\":\"query\",\"columnDelimiter\":\"COMMA\",\"lineEnding\":\"LF\"}");
        assertThat(jobOf(journal)).isEqualTo(r.jobInfo().id());
        // each page fetched with the previous page's next locator; offsets grow to the file's size
        List<String> lines = Files.readAllLines(journal).stream().filter(l -> l.contains("\"type\":\"page\""))
                .collect(Collectors.toList());
        String next = null;
        long offset = 0;
        long rows = 0;
        Pattern page = Pattern.compile("\"page\":(\\d+),(?:\"locator\":\"([^\"]*)\",)?(?:\"next\":\"([^\"]*)\",)?"
                + "\"rows\":(\\d+),\"offset\":(\\d+)");
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = page.matcher(lines.get(i));
            assertThat(m.find()).as(lines.get(i)).isTrue();
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(i);
            assertThat(m.group(2)).isEqualTo(next);
            next = m.group(3);
            long o = Long.parseLong(m.group(5));
            assertThat(o).isGreaterThan(offset);
            offset = o;
            rows += Long.parseLong(m.group(4));
        }
        assertThat(next).as("no next locator after the last page").isNull();
        assertThat(rows).isEqualTo(ROWS);
        assertThat(offset).isEqualTo(Files.size(out));
        assertThat(Files.exists(tmp.resolve("accounts.csv.part"))).isFalse();
        QueryJournalCrashTest.assertSameBytes(Files.readAllBytes(out), uninterrupted());
    }

    @Test
    void aTornLastLineAndBytesAfterTheLastJournaledPageAreCutOnResume() throws Exception {
        start();
        Path out = tmp.resolve("accounts.csv");
        Path journal = tmp.resolve("accounts.journal");
        List<String> journaled = stopAfterPage(journal, out, 2);
        assertThat(journaled).hasSize(3);
        String torn = "{\"type\":\"page\",\"at\":\"2026-12-0";
        Files.writeString(journal, torn, StandardOpenOption.APPEND);
        Files.writeString(tmp.resolve("accounts.csv.part"), "\"001x\",\"half a row", StandardOpenOption.APPEND);
        Set<String> stoppedRun = tokens();

        QueryResult r = export(journal).toPath(out);

        assertThat(r.rows()).isEqualTo(ROWS);
        List<RecordedRequest> log = sf.requests();
        List<String> fetched = QueryJournalCrashTest.fetchedLocators(notBy(stoppedRun));
        assertThat(fetched).as("the pages after the journaled ones, once each").hasSize(2)
                .doesNotHaveDuplicates().noneMatch(journaled::contains);
        assertThat(QueryJournalCrashTest.creates(log)).isEqualTo(1);
        assertThat(Files.readString(journal)).doesNotContain(torn + "{").contains("\"type\":\"resumed\"");
        assertThat(types(journal)).endsWith("resumed", "page", "page", "exportComplete");
        QueryJournalCrashTest.assertSameBytes(Files.readAllBytes(out), uninterrupted());
    }

    @Test
    void aFileThatIsNotAJournalIsRefusedAndLeftUntouched() throws Exception {
        start();
        Path notAJournal = tmp.resolve("notes.txt");
        Files.writeString(notAJournal, "hello, not a journal\n");
        assertThatThrownBy(() -> export(notAJournal).toPath(tmp.resolve("accounts.csv")))
                .isInstanceOf(JournalException.class)
                .satisfies(e -> assertThat(((JournalException) e).reason())
                        .isEqualTo(JournalException.Reason.NOT_A_JOURNAL))
                .hasMessageStartingWith("The file " + notAJournal + " is not a bulk2 journal: ");
        assertThat(Files.readString(notAJournal)).isEqualTo("hello, not a journal\n");
        assertThat(sf.requests()).isEmpty();
    }

    @Test
    void aGarbageLineInsideAJournalIsCorruptNamingTheLine() throws Exception {
        start();
        Path out = tmp.resolve("accounts.csv");
        Path journal = tmp.resolve("accounts.journal");
        stopAfterPage(journal, out, 1);
        List<String> lines = new ArrayList<>(Files.readAllLines(journal));
        lines.add(3, "#!garbage");
        Files.write(journal, lines);
        Set<String> stoppedRun = tokens();
        assertThatThrownBy(() -> export(journal).toPath(out)).isInstanceOf(JournalException.class)
                .satisfies(e -> {
                    JournalException je = (JournalException) e;
                    assertThat(je.reason()).isEqualTo(JournalException.Reason.CORRUPT);
                    assertThat(je.line()).hasValue(4);
                })
                .hasMessageStartingWith("The journal " + journal + " is damaged at line 4: ");
        assertThat(notBy(stoppedRun)).as("nothing sent").isEmpty();
    }

    @Test
    void aJournalOfAnotherQueryOrAnotherOutputFileIsRefusedSayingWhatDiffers() throws Exception {
        start();
        Path out = tmp.resolve("accounts.csv");
        Path journal = tmp.resolve("accounts.journal");
        export(journal).toPath(out);
        int before = sf.requests().size();
        String other = "SELECT Id, Name FROM Account";
        assertThatThrownBy(() -> client().query(other).journal(journal).toPath(out))
                .isInstanceOf(JournalException.class)
                .satisfies(e -> {
                    JournalException je = (JournalException) e;
                    assertThat(je.reason()).isEqualTo(JournalException.Reason.REQUEST_MISMATCH);
                    assertThat(je.field()).hasValue("query");
                })
                .hasMessage("The journal " + journal + " belongs to another request: query is '" + SOQL
                        + "' in the journal but '" + other + "' now. Resume with the request the journal was "
                        + "written for. To start fresh, delete or move the journal file " + journal
                        + " (a fresh run sends the whole input again).");
        assertThatThrownBy(() -> export(journal).queryAll().toPath(out)).isInstanceOf(JournalException.class)
                .hasMessageContaining("operation is 'query' in the journal but 'queryAll' now");
        Path elsewhere = tmp.resolve("elsewhere.csv");
        assertThatThrownBy(() -> export(journal).toPath(elsewhere)).isInstanceOf(JournalException.class)
                .satisfies(e -> {
                    JournalException je = (JournalException) e;
                    assertThat(je.reason()).isEqualTo(JournalException.Reason.INPUT_MISMATCH);
                    assertThat(je.field()).hasValue("output file");
                    assertThat(je.journaledValue()).hasValue(out.toAbsolutePath().toString());
                })
                .hasMessage("The journal " + journal + " belongs to the export to " + out.toAbsolutePath()
                        + ", not to " + elsewhere.toAbsolutePath() + ": resume it with the output file it was "
                        + "written for, or start over: delete the journal " + journal + " (and the partial output "
                        + out.toAbsolutePath() + ".part) and run the export again.");
        assertThat(sf.requests()).as("nothing sent").hasSize(before);
        assertThat(Files.exists(elsewhere)).isFalse();
    }

    private String goneMessage(String job, Path journal, Path out) {
        return "The query job " + job + " recorded in the journal " + journal + " no longer exists on Salesforce "
                + "(HTTP 404 NOT_FOUND: it was deleted, or it expired, since Salesforce keeps a query job and its "
                + "results 7 days after it completes), so the export to " + out.toAbsolutePath() + " cannot be "
                + "resumed and must start over: delete the journal " + journal + " and the partial output "
                + out.toAbsolutePath() + ".part, then run the export again (it creates a new query job).";
    }

    @Test
    void aQueryJobDeletedOnTheServerIsJobGoneSayingToStartOver() throws Exception {
        start();
        Path out = tmp.resolve("accounts.csv");
        Path journal = tmp.resolve("accounts.journal");
        stopAfterPage(journal, out, 1);
        String job = jobOf(journal);
        client().queryJobs().delete(job);
        long partSize = Files.size(tmp.resolve("accounts.csv.part"));
        assertThatThrownBy(() -> export(journal).toPath(out)).isInstanceOf(JournalException.class)
                .satisfies(e -> {
                    JournalException je = (JournalException) e;
                    assertThat(je.reason()).isEqualTo(JournalException.Reason.JOB_GONE);
                    assertThat(je.isRetryable()).isFalse();
                })
                .hasMessage(goneMessage(job, journal, out));
        assertThat(QueryJournalCrashTest.creates(sf.requests())).as("no second job").isEqualTo(1);
        assertThat(Files.size(tmp.resolve("accounts.csv.part"))).as("the output is left as it was")
                .isEqualTo(partSize);

        // starting over as the message says
        Files.delete(journal);
        Files.delete(tmp.resolve("accounts.csv.part"));
        assertThat(export(journal).toPath(out).rows()).isEqualTo(ROWS);
        QueryJournalCrashTest.assertSameBytes(Files.readAllBytes(out), uninterrupted());
    }

    @Test
    void aQueryJobExpiredSevenDaysAfterItCompletedIsJobGone() throws Exception {
        FakeClock clock = FakeClock.create();
        start(Bulk2Emulator.builder().clock(clock));
        Path out = tmp.resolve("accounts.csv");
        Path journal = tmp.resolve("accounts.journal");
        stopAfterPage(journal, out, 0);
        String job = jobOf(journal);
        clock.advance(Duration.ofDays(6));
        assertThat(sf.job(job)).as("kept 6 days after it completed").isPresent();
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        assertThatThrownBy(() -> export(journal).toPath(out)).isInstanceOf(JournalException.class)
                .satisfies(e -> assertThat(((JournalException) e).reason())
                        .isEqualTo(JournalException.Reason.JOB_GONE))
                .hasMessage(goneMessage(job, journal, out));
    }

    @Test
    void aJournaledJobAbortedMeanwhileFailsTheResumeSayingToStartOver() throws Exception {
        start();
        Path out = tmp.resolve("accounts.csv");
        Path journal = tmp.resolve("accounts.journal");
        sf.pauseProcessing();
        QueryListener stopWhenCreated = new QueryListener() {
            @Override
            public void jobCreated(dev.bulk2.core.JobInfo job) {
                throw new Stop();
            }
        };
        assertThatThrownBy(() -> export(journal).listener(stopWhenCreated).toPath(out)).isInstanceOf(Stop.class);
        String job = jobOf(journal);
        client().queryJobs().abort(job);
        sf.resumeProcessing();
        assertThatThrownBy(() -> export(journal).toPath(out))
                .isInstanceOf(dev.bulk2.core.exception.JobFailedException.class)
                .satisfies(e -> assertThat(((dev.bulk2.core.exception.JobFailedException) e).jobInfo().state())
                        .isEqualTo(dev.bulk2.core.JobState.ABORTED))
                .hasMessageStartingWith("Query job " + job + " ended Aborted")
                .hasMessageEndingWith(" The journal " + journal + " records this job, so the export cannot be "
                        + "resumed: delete the journal and " + out.toAbsolutePath() + ".part to run it again with a "
                        + "new query job.");
        assertThat(QueryJournalCrashTest.creates(sf.requests())).isEqualTo(1);
    }

    @Test
    void aCompletedExportIsAnsweredFromTheJournalAndItsRemovedOutputIsReported() throws Exception {
        start();
        Path out = tmp.resolve("accounts.csv");
        Path journal = tmp.resolve("accounts.journal");
        QueryResult first = export(journal).toPath(out);
        int before = sf.requests().size();
        QueryResult again = export(journal).toPath(out);
        assertThat(sf.requests()).hasSize(before);
        assertThat(again.rows()).isEqualTo(first.rows());
        assertThat(again.pages()).isEqualTo(first.pages());
        assertThat(again.columns()).isEqualTo(first.columns());
        assertThat(again.jobInfo().id()).isEqualTo(first.jobInfo().id());
        assertThat(again.jobInfo().query()).hasValue(SOQL);
        assertThat(again.jobInfo().numberRecordsProcessed()).isEqualTo(ROWS);
        assertThat(again.apiCalls()).isZero();

        long size = Files.size(out);
        Files.delete(out);
        assertThatThrownBy(() -> export(journal).toPath(out)).isInstanceOf(JournalException.class)
                .satisfies(e -> assertThat(((JournalException) e).reason())
                        .isEqualTo(JournalException.Reason.INPUT_MISMATCH))
                .hasMessage("The journal " + journal + " records a completed export of " + size + " bytes to "
                        + out.toAbsolutePath() + ", but the file does not exist now. To export again, delete the "
                        + "journal " + journal + " (and the output " + out.toAbsolutePath() + ") and run the "
                        + "export again.");
        assertThat(sf.requests()).hasSize(before);
    }

    @Test
    void theOtherTerminalsRefuseAJournal() {
        start();
        Path journal = tmp.resolve("accounts.journal");
        String msg = "A journal applies to toPath(...) and toPathAsync(...) only: the other terminals cannot be "
                + "resumed after a crash. Remove journal(...) or write to a file.";
        assertThatThrownBy(() -> export(journal).stream()).isInstanceOf(IllegalStateException.class).hasMessage(msg);
        assertThatThrownBy(() -> export(journal).forEachRow(r -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessage(msg);
        assertThatThrownBy(() -> export(journal).toOutputStream(new java.io.ByteArrayOutputStream()))
                .isInstanceOf(IllegalStateException.class).hasMessage(msg);
        assertThatThrownBy(() -> export(journal).pages()).isInstanceOf(IllegalStateException.class).hasMessage(msg);
        assertThat(sf.requests()).isEmpty();
        assertThat(Files.exists(journal)).isFalse();
    }

    @Test
    void aRequestBuiltWithAJournalResumesAsyncAfterTheLastJournaledPage() throws Exception {
        start();
        Path out = tmp.resolve("accounts.csv");
        Path journal = tmp.resolve("accounts.journal");
        List<String> journaled = stopAfterPage(journal, out, 3);
        Set<String> stoppedRun = tokens();
        QueryJobRequest request = QueryJobRequest.builder().query(SOQL).journal(journal).build();
        assertThat(request.journal()).hasValue(journal);
        assertThat(request.toBuilder().build()).isEqualTo(request);
        QueryResult r = Query.of(client(), request).maxRecordsPerPage(PAGE)
                .pollingPolicy(QueryTestSupport.FAST_POLL).toPathAsync(out).get(1, TimeUnit.MINUTES);
        assertThat(r.rows()).isEqualTo(ROWS);
        assertThat(QueryJournalCrashTest.fetchedLocators(notBy(stoppedRun))).hasSize(1)
                .noneMatch(journaled::contains);
        QueryJournalCrashTest.assertSameBytes(Files.readAllBytes(out), uninterrupted());
        assertThat(new String(Files.readAllBytes(out), StandardCharsets.UTF_8))
                .startsWith("\"Id\",\"Name\",\"Description\"\n");
    }
}
