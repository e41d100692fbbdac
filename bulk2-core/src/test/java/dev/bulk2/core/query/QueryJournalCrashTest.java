package dev.bulk2.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.exception.JournalException;
import dev.bulk2.testkit.Bulk2Emulator;
import dev.bulk2.testkit.RecordedRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real crashes of a journaled export (issue 11): a child JVM ({@link QueryJournalCrashMain}) exports a five-page
 * query from the emulator in this JVM to a file and is killed with SIGKILL at a point it announces (no sleeps);
 * then a fresh client here resumes from the journal. Afterwards the file equals byte for byte what an
 * uninterrupted export writes, no second query job was created, no page journaled before the kill was fetched
 * again, the resumed run fetched each page at most once, and a third run answers from the journal without a
 * single request.
 */
class QueryJournalCrashTest {
    static final String SOQL = "SELECT Id, Name, Description FROM Account";
    static final int PAGE = 10;
    static final int ROWS = 45;
    static final int PAGES = 5;
    private static final Pattern LOCATOR = Pattern.compile("\"type\":\"page\".*?(\"locator\":\"([^\"]*)\")?,"
            + "(\"next\"|\"rows\")");

    @TempDir
    Path tmp;

    Bulk2Emulator sf;
    Process child;
    /** The child's token: its requests are told apart from the resumed run's by it. */
    String childToken;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() {
        sf = Bulk2Emulator.builder().port(0).build().start();
        open.add(sf);
        sf.insertRecords("Account", rows());
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

    /** Rows with quotes, commas and line breaks inside values, so that page bytes are not trivially cut. */
    static List<Map<String, String>> rows() {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            Map<String, String> r = new HashMap<>();
            r.put("Name", "Account " + i);
            r.put("Description", i % 4 == 0 ? "He said \"hi\", then\nleft " + i : "plain " + i);
            rows.add(r);
        }
        return rows;
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

    /** Starts the child and reads its first line, which must announce the point; it then blocks there. */
    Process runChild(String point, Path out, Path journal) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        childToken = sf.issueToken();
        List<String> cmd = List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                QueryJournalCrashMain.class.getName(), sf.instanceUrl().toString(), childToken, out.toString(),
                journal.toString(), point);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = lines.readLine();
        if (!("AT " + point).equals(line)) {
            p.destroyForcibly();
        }
        assertThat(line).as("the child's announcement").isEqualTo("AT " + point);
        return p;
    }

    /** The locators of the journal's page lines ("" for the first page, fetched without one). */
    static List<String> journaledLocators(Path journal) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(journal)) {
            Matcher m = LOCATOR.matcher(l);
            if (m.find()) {
                out.add(m.group(2) == null ? "" : m.group(2));
            }
        }
        return out;
    }

    /** The locators of the result-page requests, oldest first ("" for the first page). */
    static List<String> fetchedLocators(List<RecordedRequest> requests) {
        List<String> out = new ArrayList<>();
        for (RecordedRequest r : requests) {
            if (r.method().equals("GET") && r.path().endsWith("/results")) {
                String locator = "";
                for (String kv : (r.query() == null ? "" : r.query()).split("&")) {
                    if (kv.startsWith("locator=")) {
                        locator = URLDecoder.decode(kv.substring(8), StandardCharsets.UTF_8);
                    }
                }
                out.add(locator);
            }
        }
        return out;
    }

    static long creates(List<RecordedRequest> requests) {
        return requests.stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/jobs/query")).count();
    }

    /** What an uninterrupted export writes, to a file of its own (a second query job, created last). */
    byte[] uninterrupted() throws IOException {
        Path f = tmp.resolve("uninterrupted.csv");
        client().query(SOQL).maxRecordsPerPage(PAGE).pollingPolicy(QueryTestSupport.FAST_POLL).toPath(f);
        return Files.readAllBytes(f);
    }

    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(strings = {"jobJournaled", "polling", "midPage", "pageWritten", "pageJournaled",
            "beforeComplete"})
    void anExportKilledAtEachPointResumesToTheSameBytesFetchingNoJournaledPageAgain(String point)
            throws Exception {
        Path out = tmp.resolve("accounts.csv");
        Path part = tmp.resolve("accounts.csv.part");
        Path journal = tmp.resolve("accounts.journal");
        if (point.equals("polling")) {
            sf.pauseProcessing(); // the job stays UploadComplete: the child is polling it when killed
        }
        child = runChild(point, out, journal);
        child.destroyForcibly();
        child.waitFor();
        List<String> journaledBefore = journaledLocators(journal);
        long offsetBefore = lastOffset(journal);
        if (point.equals("midPage") || point.equals("pageWritten")) {
            assertThat(Files.size(part)).as("bytes of page 2 after the last journaled page")
                    .isGreaterThan(offsetBefore);
        }
        if (point.equals("polling")) {
            sf.resumeProcessing();
        }
        assertThat(Files.exists(out)).as("no output in place before it is complete").isFalse();

        QueryResult r = export(journal).toPath(out);

        assertThat(r.rows()).isEqualTo(ROWS);
        assertThat(r.pages()).isEqualTo(PAGES);
        assertThat(r.columns()).containsExactly("Id", "Name", "Description");
        List<RecordedRequest> log = sf.requests();
        assertThat(creates(log)).as("query jobs created").isEqualTo(1);
        assertThat(sf.queryJobCount()).isEqualTo(1);
        List<RecordedRequest> byResumedRun = log.stream()
                .filter(q -> !("Bearer " + childToken).equals(q.header("Authorization"))).collect(Collectors.toList());
        assertThat(byResumedRun).as("requests of the resumed run").isNotEmpty().hasSizeLessThan(log.size());
        List<String> resumed = fetchedLocators(byResumedRun);
        assertThat(resumed).as("pages fetched by the resumed run").doesNotHaveDuplicates()
                .noneMatch(journaledBefore::contains);
        assertThat(journaledBefore.size() + resumed.size()).as("every page written once").isEqualTo(PAGES);
        Map<String, Long> fetches = fetchedLocators(log).stream()
                .collect(Collectors.groupingBy(l -> l, Collectors.counting()));
        for (String l : journaledBefore) {
            assertThat(fetches.get(l)).as("fetches of journaled page " + l).isEqualTo(1);
        }
        assertThat(Files.exists(part)).isFalse();
        List<String> lines = Files.readAllLines(journal);
        assertThat(lines.get(lines.size() - 1)).contains("\"type\":\"exportComplete\"")
                .contains("\"pages\":" + PAGES + ",\"rows\":" + ROWS + ",\"bytes\":" + Files.size(out));
        assertThat(journaledLocators(journal)).as("each page journaled once").hasSize(PAGES)
                .doesNotHaveDuplicates();

        // a third run answers from the journal, without a single request
        int before = sf.requests().size();
        QueryResult again = export(journal).toPath(out);
        assertThat(sf.requests()).hasSize(before);
        assertThat(again.rows()).isEqualTo(ROWS);
        assertThat(again.pages()).isEqualTo(PAGES);
        assertThat(again.columns()).isEqualTo(r.columns());
        assertThat(again.jobInfo().id()).isEqualTo(r.jobInfo().id());
        assertThat(again.apiCalls()).isZero();

        byte[] expected = uninterrupted();
        assertSameBytes(Files.readAllBytes(out), expected);
        List<Map<String, String>> parsed = QueryTestSupport.parse(expected, ',');
        assertThat(parsed).hasSize(ROWS);
    }

    /** Byte-for-byte equality, shown as text (ISO-8859-1 maps each byte to one char) when it fails. */
    static void assertSameBytes(byte[] actual, byte[] expected) {
        assertThat(new String(actual, StandardCharsets.ISO_8859_1)).as("the output, byte for byte")
                .isEqualTo(new String(expected, StandardCharsets.ISO_8859_1));
    }

    static long lastOffset(Path journal) throws IOException {
        long offset = 0;
        Matcher m = Pattern.compile("\"type\":\"page\".*\"offset\":(\\d+)").matcher("");
        for (String l : Files.readAllLines(journal)) {
            if (m.reset(l).find()) {
                offset = Long.parseLong(m.group(1));
            }
        }
        return offset;
    }

    @Test
    void aJournalInUseByALiveExportIsRefusedNamingItsProcessThenResumedOnceItDied() throws Exception {
        Path out = tmp.resolve("accounts.csv");
        Path journal = tmp.resolve("accounts.journal");
        child = runChild("pageJournaled", out, journal);
        assertThatThrownBy(() -> export(journal).toPath(out)).isInstanceOf(JournalException.class)
                .satisfies(e -> {
                    JournalException je = (JournalException) e;
                    assertThat(je.reason()).isEqualTo(JournalException.Reason.LOCKED);
                    assertThat(je.isRetryable()).isTrue();
                    assertThat(je.holder()).hasValueSatisfying(h -> assertThat(h.pid()).isEqualTo(child.pid()));
                    assertThat(je.getMessage()).startsWith("The journal " + journal + " is in use: process "
                            + child.pid() + " on host ");
                });
        assertThat(sf.requests()).as("nothing sent but by the child")
                .allMatch(q -> ("Bearer " + childToken).equals(q.header("Authorization")));
        child.destroyForcibly();
        child.waitFor();
        QueryResult r = export(journal).toPath(out);
        assertThat(r.rows()).isEqualTo(ROWS);
        assertThat(creates(sf.requests())).isEqualTo(1);
        assertSameBytes(Files.readAllBytes(out), uninterrupted());
    }
}
