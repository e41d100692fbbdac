package dev.bulk2.core.query;

import static dev.bulk2.core.query.QueryTestSupport.FAST_POLL;
import static dev.bulk2.core.query.QueryTestSupport.join;
import static dev.bulk2.core.query.QueryTestSupport.parse;
import static dev.bulk2.core.query.QueryTestSupport.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.BulkClient;
import dev.bulk2.csv.ByteSource;
import dev.bulk2.core.JobInfo;
import dev.bulk2.core.JobState;
import dev.bulk2.core.Operation;
import dev.bulk2.core.TestSupport;
import dev.bulk2.core.exception.ApiVersionMismatchException;
import dev.bulk2.core.exception.BulkApiException;
import dev.bulk2.core.ingest.CreateIngestJobRequest;
import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.LineEnding;
import dev.bulk2.testkit.Bulk2Emulator;
import dev.bulk2.testkit.Bulk2EmulatorExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The fluent query and the low-level query jobs against the in-process emulator. */
class QueryEmulatorTest {
    static final int ROWS = 20_000;
    static final List<String> COLUMNS = List.of("Id", "Name", "Description", "Phone");
    static final String SOQL = "SELECT Id, Name, Description, Phone FROM Account";

    @RegisterExtension
    static final Bulk2EmulatorExtension SF = Bulk2EmulatorExtension.create();

    static List<Map<String, String>> expected;

    BulkClient client;

    @BeforeAll
    static void seed() {
        List<Map<String, String>> rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            Map<String, String> r = new HashMap<>();
            r.put("Name", "Account " + i);
            if (i % 7 == 0) {
                r.put("Description", "He said \"hi\", then left;\nline two|pipe^caret`tick\ttab é ✓ " + i);
            } else if (i % 5 != 0) {
                r.put("Description", "plain " + i);
            }
            if (i % 3 == 0) {
                r.put("Phone", "+1 555 " + i);
            }
            rows.add(r);
        }
        SF.emulator().insertRecords("Account", rows);
        expected = project(SF.emulator().records("Account"), COLUMNS);
    }

    @BeforeEach
    void client() {
        client = QueryTestSupport.clientFor(SF.emulator()).build();
    }

    @AfterEach
    void close() {
        assertThat(TestSupport.openBodies(client)).as("response bodies left open").isZero();
        client.close();
    }

    private Query query() {
        return client.query(SOQL).pollingPolicy(FAST_POLL);
    }

    static Stream<Arguments> modes() {
        return Stream.of(Arguments.of(false, 1), Arguments.of(false, 4), Arguments.of(true, 1),
                Arguments.of(true, 4));
    }

    @ParameterizedTest(name = "async={0} parallelism={1}")
    @MethodSource("modes")
    void stream_largeResultOverManyPages_equalsStoreRowForRow(boolean async, int parallelism) {
        List<Integer> pagesSeen = new CopyOnWriteArrayList<>();
        Query q = query().maxRecordsPerPage(1_500).parallelism(parallelism).listener(new QueryListener() {
            @Override
            public void pageDownloaded(String jobId, int pageIndex, long rows, long bytes) {
                pagesSeen.add(pageIndex);
            }
        });
        String jobId;
        try (QueryRows<Map<String, String>> rows = async ? join(q.streamAsync()) : q.stream()) {
            jobId = rows.jobInfo().id();
            assertThat(rows.columns()).containsExactlyElementsOf(COLUMNS);
            List<Map<String, String>> got = rows.stream().collect(Collectors.toList());
            assertThat(got).hasSize(ROWS);
            assertThat(got).isEqualTo(expected);
            assertThat(new ArrayList<>(got.get(0).keySet())).containsExactlyElementsOf(COLUMNS);
            QueryResult r = rows.result();
            assertThat(r.rows()).isEqualTo(ROWS);
            assertThat(r.pages()).isEqualTo(14);
            assertThat(r.jobInfo().state()).isEqualTo(JobState.JOB_COMPLETE);
            assertThat(r.pageRetries()).isZero();
            // create + at least one poll + 14 pages (+ 3 resultPages calls of 5 links when parallel)
            assertThat(r.apiCalls()).isGreaterThanOrEqualTo(parallelism > 1 ? 19 : 16);
        }
        assertThat(pagesSeen).hasSize(14).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.range(0, 14).boxed().collect(Collectors.toList()));
        long resultCalls = SF.emulator().requests().stream()
                .filter(x -> x.path().endsWith(jobId + "/results")).count();
        assertThat(resultCalls).isEqualTo(14);
        assertThat(SF.emulator().requests().stream().anyMatch(x -> x.path().endsWith(jobId + "/resultPages")))
                .isEqualTo(parallelism > 1);
    }

    static Stream<Arguments> dialects() {
        List<Arguments> out = new ArrayList<>();
        for (ColumnDelimiter d : ColumnDelimiter.values()) {
            for (LineEnding le : LineEnding.values()) {
                out.add(Arguments.of(d, le));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dialects")
    void eachDelimiterAndLineEnding_rowsAndSingleCsvMatchTheStore(ColumnDelimiter d, LineEnding le) {
        List<Map<String, String>> rows = new ArrayList<>();
        QueryResult streamed = query().columnDelimiter(d).lineEnding(le).maxRecordsPerPage(4_000).parallelism(2)
                .forEachRow(rows::add);
        assertThat(rows).isEqualTo(expected);
        assertThat(streamed.jobInfo().columnDelimiter()).contains(d);
        assertThat(streamed.jobInfo().lineEnding()).contains(le);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        QueryResult written = query().columnDelimiter(d).lineEnding(le).maxRecordsPerPage(7_000).toOutputStream(out);
        byte[] csv = out.toByteArray();
        String text = new String(csv, StandardCharsets.UTF_8);
        String header = COLUMNS.stream().map(c -> "\"" + c + "\"")
                .collect(Collectors.joining(String.valueOf(d.character()))) + le.separator();
        assertThat(text).startsWith(header);
        assertThat(text.indexOf(header, 1)).as("header written once").isEqualTo(-1);
        assertThat(text).endsWith(le.separator());
        assertThat(parse(csv, d.character())).isEqualTo(expected);
        assertThat(written.rows()).isEqualTo(ROWS);
        assertThat(written.pages()).isEqualTo(3);
        assertThat(written.columns()).containsExactlyElementsOf(COLUMNS);
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void toPath_writesOneCsvWithTheHeaderOnce(boolean async, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("accounts.csv");
        Files.writeString(file, "old content");
        Query q = query().maxRecordsPerPage(3_000).parallelism(3);
        QueryResult r = async ? join(q.toPathAsync(file)) : q.toPath(file);
        byte[] csv = Files.readAllBytes(file);
        assertThat(parse(csv, ',')).isEqualTo(expected);
        assertThat(r.bytes()).isGreaterThan(csv.length); // every page carried its header
        assertThat(r.rows()).isEqualTo(ROWS);
        assertThat(r.pages()).isEqualTo(7);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("accounts.csv");
        }
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void typedStream_mapsEveryRow(boolean async) {
        Query q = query().maxRecordsPerPage(9_000);
        try (QueryRows<String> names = async ? join(q.streamAsync(r -> r.value("Name"))) : q.stream(r -> r.value("Name"))) {
            assertThat(names.stream().collect(Collectors.toList()))
                    .isEqualTo(expected.stream().map(m -> m.get("Name")).collect(Collectors.toList()));
        }
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void pages_areCompleteCsvsWithLocators(boolean async) throws Exception {
        Query q = query().maxRecordsPerPage(8_000);
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> locators = new ArrayList<>();
        try (QueryPages pages = async ? join(q.pagesAsync()) : q.pages()) {
            for (ResultPage p : pages) {
                try (p) {
                    locators.add(p.locator().orElse("-") + ">" + p.nextLocator().orElse("null"));
                    List<Map<String, String>> pr = parse(p.body().readAllBytes(), ',');
                    assertThat((long) pr.size()).isEqualTo(p.numberOfRecords().getAsLong());
                    rows.addAll(pr);
                }
            }
            assertThat(pages.result().rows()).isEqualTo(ROWS);
        }
        assertThat(rows).isEqualTo(expected);
        assertThat(locators).hasSize(3);
        assertThat(locators.get(0)).startsWith("->");
        assertThat(locators.get(2)).endsWith(">null");
    }

    @ParameterizedTest(name = "parallelism={0}")
    @ValueSource(ints = {1, 3})
    void largePages_areSpooledToDiskAndDeletedAfterUse(int parallelism, @TempDir Path spool) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        QueryResult r = query().maxRecordsPerPage(5_000).parallelism(parallelism).memoryPerPage(64 * 1024)
                .spoolDirectory(spool).forEachRow(rows::add);
        assertThat(rows).isEqualTo(expected);
        assertThat(r.bytes() / r.pages()).as("pages larger than the memory limit").isGreaterThan(64 * 1024);
        try (Stream<Path> left = Files.list(spool)) {
            assertThat(left).as("spool files deleted").isEmpty();
        }
    }

    @ParameterizedTest(name = "parallelism={0}")
    @ValueSource(ints = {1, 2})
    void emptyResult_givesTheHeaderOnlyAndNoRows(int parallelism) {
        String soql = "SELECT Id, Name FROM Account WHERE Name = 'no such account'";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        QueryResult r = client.query(soql).pollingPolicy(FAST_POLL).parallelism(parallelism).toOutputStream(out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("\"Id\",\"Name\"\n");
        assertThat(r.rows()).isZero();
        assertThat(r.pages()).isEqualTo(1);
        try (QueryRows<Map<String, String>> rows = client.query(soql).pollingPolicy(FAST_POLL).stream()) {
            assertThat(rows.iterator().hasNext()).isFalse();
            assertThat(rows.columns()).containsExactly("Id", "Name");
        }
    }

    @Test
    void closingEarly_stopsDownloadsAndReleasesEverything() {
        String jobId;
        try (QueryRows<Map<String, String>> rows = query().maxRecordsPerPage(500).parallelism(4).stream()) {
            jobId = rows.jobInfo().id();
            assertThat(rows.iterator().next()).isEqualTo(expected.get(0));
        }
        long pages = SF.emulator().requests().stream().filter(x -> x.path().endsWith(jobId + "/results")).count();
        assertThat(pages).as("downloads stopped well before the 40 pages").isLessThan(40);
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void invalidSoql_isABulkApiExceptionWithTheServerMessage(boolean async) {
        Query q = client.query("SELECT Id, NoSuchField__c FROM Account").pollingPolicy(FAST_POLL);
        assertThatThrownBy(() -> {
            if (async) {
                join(q.toOutputStreamAsync(new ByteArrayOutputStream()));
            } else {
                q.toOutputStream(new ByteArrayOutputStream());
            }
        }).isInstanceOf(BulkApiException.class)
                .satisfies(e -> {
                    BulkApiException b = (BulkApiException) e;
                    assertThat(b.statusCode()).isEqualTo(400);
                    assertThat(b.errorCode()).isPresent();
                    assertThat(b.getMessage()).contains("NoSuchField__c");
                });
    }

    @Test
    void unsupportedQueryFeature_isRejectedWithTheServerMessage() {
        assertThatThrownBy(() -> client.query("SELECT COUNT() FROM Account").pollingPolicy(FAST_POLL)
                .forEachRow(r -> { }))
                .isInstanceOf(BulkApiException.class)
                .satisfies(e -> assertThat(((BulkApiException) e).statusCode()).isEqualTo(400));
    }

    @Test
    void resultsReadWithAnotherApiVersion_areAnApiVersionMismatch() {
        JobInfo job = client.queryJobs().create(QueryJobRequest.of(SOQL));
        SF.emulator().awaitJobState(job.id(), Duration.ofSeconds(20), "JobComplete");
        try (BulkClient v62 = client.toBuilder().apiVersion("62.0").build()) {
            assertThatThrownBy(() -> v62.queryJobs().resultPage(job.id(), null, 10))
                    .isInstanceOf(ApiVersionMismatchException.class)
                    .hasMessageContaining(job.id())
                    .satisfies(e -> assertThat(((ApiVersionMismatchException) e).statusCode()).isEqualTo(409));
            assertThat(TestSupport.openBodies(v62)).isZero();
        }
        client.queryJobs().delete(job.id());
    }

    @Test
    void lowLevel_createInfoPageByLocatorListAndDelete() throws Exception {
        QueryJobs q = client.queryJobs();
        JobInfo created = q.create(QueryJobRequest.builder().query(SOQL).columnDelimiter(ColumnDelimiter.PIPE)
                .lineEnding(LineEnding.CRLF).build());
        assertThat(created.operation()).isEqualTo(Operation.QUERY);
        assertThat(created.object()).contains("Account");
        SF.emulator().awaitJobState(created.id(), Duration.ofSeconds(20), "JobComplete");
        JobInfo done = q.info(created.id());
        assertThat(done.state()).isEqualTo(JobState.JOB_COMPLETE);
        assertThat(done.numberRecordsProcessed()).isEqualTo(ROWS);

        List<Map<String, String>> rows = new ArrayList<>();
        String locator = null;
        int pages = 0;
        do {
            try (ResultPage p = q.resultPage(done, locator, 6_000)) {
                pages++;
                assertThat(p.columnDelimiter()).contains(ColumnDelimiter.PIPE);
                rows.addAll(parse(p.body().readAllBytes(), '|'));
                locator = p.nextLocator().orElse(null);
                assertThat(p.isLast()).isEqualTo(locator == null);
            }
        } while (locator != null);
        assertThat(pages).isEqualTo(4);
        assertThat(rows).isEqualTo(expected);

        List<ResultPageLink> links = new ArrayList<>();
        q.resultPages(done.id(), 2_000).forEach(links::add);
        assertThat(links).hasSize(10);
        assertThat(links.get(0).locator()).isEmpty();
        assertThat(links.get(1).maxRecords()).hasValue(2_000);
        try (ResultPage p = q.resultPage(links.get(9))) {
            assertThat(p.numberOfRecords()).hasValue(2_000);
            assertThat(p.isLast()).isTrue();
            p.body().readAllBytes();
        }

        assertThat(q.list().map(JobInfo::id)).contains(done.id());
        q.delete(done.id());
        assertThat(SF.emulator().job(done.id())).isEmpty();
    }

    @Test
    void lowLevel_abortWhileRunningThenAbortAgainIsIdempotent() {
        // processing is held, so the job is still running (UploadComplete) when it is aborted
        try (Bulk2Emulator slow = Bulk2Emulator.builder().batchSize(100).build().start();
                BulkClient c = QueryTestSupport.clientFor(slow).build()) {
            List<Map<String, String>> seed = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                seed.add(Map.of("Name", "S" + i));
            }
            slow.insertRecords("Account", seed);
            slow.pauseProcessing();
            JobInfo job = c.queryJobs().create(QueryJobRequest.of("SELECT Id FROM Account"));
            assertThat(c.queryJobs().abort(job.id()).state()).isEqualTo(JobState.ABORTED);
            assertThat(c.queryJobs().abort(job.id()).state()).isEqualTo(JobState.ABORTED);
        }
    }

    @Test
    void queryAll_includesDeletedRows() {
        List<String> ids = SF.emulator().insertRecords("Contact", List.of(Map.of("LastName", "Keep 1"),
                Map.of("LastName", "Gone 1"), Map.of("LastName", "Keep 2"), Map.of("LastName", "Gone 2")));
        JobInfo del = client.ingestJobs().create(CreateIngestJobRequest.builder().object("Contact")
                .operation(Operation.DELETE).build());
        client.ingestJobs().upload(del.id(), ByteSource.ofBytes(("Id\n" + ids.get(1) + "\n" + ids.get(3) + "\n")
                .getBytes(StandardCharsets.UTF_8)));
        client.ingestJobs().close(del.id());
        SF.emulator().awaitJobState(del.id(), Duration.ofSeconds(20), "JobComplete");

        List<String> live = new ArrayList<>();
        client.query("SELECT Id, LastName FROM Contact").pollingPolicy(FAST_POLL)
                .forEachRow(r -> live.add(r.get("LastName")));
        List<String> all = new ArrayList<>();
        QueryResult r = client.query("SELECT Id, LastName FROM Contact").queryAll().pollingPolicy(FAST_POLL)
                .forEachRow(row -> all.add(row.get("LastName")));
        assertThat(live).containsExactlyInAnyOrder("Keep 1", "Keep 2");
        assertThat(all).containsExactlyInAnyOrder("Keep 1", "Gone 1", "Keep 2", "Gone 2");
        assertThat(r.jobInfo().operation()).isEqualTo(Operation.QUERY_ALL);
    }
}
