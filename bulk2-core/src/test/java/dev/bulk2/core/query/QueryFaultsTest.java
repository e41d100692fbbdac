package dev.bulk2.core.query;

import static dev.bulk2.core.query.QueryTestSupport.FAST_POLL;
import static dev.bulk2.core.query.QueryTestSupport.join;
import static dev.bulk2.core.query.QueryTestSupport.parse;
import static dev.bulk2.core.query.QueryTestSupport.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.JobState;
import dev.bulk2.core.TestSupport;
import dev.bulk2.core.exception.WaitTimeoutException;
import dev.bulk2.testkit.Bulk2Emulator;
import dev.bulk2.testkit.FakeClock;
import dev.bulk2.testkit.FaultPlan;
import dev.bulk2.testkit.RecordingSleeper;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Long exports under injected faults (seeded), and the deadline, against the emulator. */
class QueryFaultsTest {
    static final List<String> COLUMNS = List.of("Id", "Name", "Description");

    private static Bulk2Emulator seeded(FaultPlan faults, int rows) {
        Bulk2Emulator e = Bulk2Emulator.builder().faults(faults).batchSize(1_000).build().start();
        List<Map<String, String>> seed = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            seed.add(Map.of("Name", "Row " + i, "Description", i % 4 == 0 ? "multi\nline, \"quoted\" " + i
                    : "d" + i));
        }
        e.insertRecords("Account", seed);
        return e;
    }

    static Stream<Arguments> modes() {
        return Stream.of(Arguments.of(false, 1), Arguments.of(false, 3), Arguments.of(true, 1),
                Arguments.of(true, 3));
    }

    @ParameterizedTest(name = "async={0} parallelism={1}")
    @MethodSource("modes")
    void droppedDownloadsServerErrorsAndTokenExpiry_midExport_loseNothing(boolean async, int parallelism) {
        FaultPlan faults = FaultPlan.builder().seed(7).dropDownloadRate(0.3).serverErrorRate(0.05)
                .expireTokenEveryNRequests(6).build();
        try (Bulk2Emulator sf = seeded(faults, 6_000)) {
            List<Map<String, String>> expected = project(sf.records("Account"), COLUMNS);
            QueryTestSupport.EmulatorAuth auth = new QueryTestSupport.EmulatorAuth(sf);
            try (BulkClient client = QueryTestSupport.clientFor(sf).auth(auth).build()) {
                Query q = client.query("SELECT Id, Name, Description FROM Account").pollingPolicy(FAST_POLL)
                        .maxRecordsPerPage(400).parallelism(parallelism).maxPageAttempts(8);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                QueryResult r = async ? join(q.toOutputStreamAsync(out)) : q.toOutputStream(out);
                assertThat(parse(out.toByteArray(), ',')).isEqualTo(expected);
                assertThat(r.rows()).isEqualTo(6_000);
                assertThat(r.pages()).isEqualTo(15);
                assertThat(r.pageRetries()).as("dropped downloads were re-fetched").isPositive();
                assertThat(auth.fetches.get()).as("tokens were refreshed").isGreaterThan(1);
                assertThat(TestSupport.openBodies(client)).isZero();
            }
        }
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void deadline_passesWhileTheJobRuns_waitTimeoutNamesTheJob(boolean async) {
        // the job is held unfinished and the 1.5 s deadline passes on a fake clock moved by the poll delays
        FakeClock clock = FakeClock.create();
        RecordingSleeper sleeper = RecordingSleeper.advancing(clock);
        try (Bulk2Emulator sf = seeded(FaultPlan.none(), 5_000);
                BulkClient client = QueryTestSupport.clientFor(sf).clock(clock).sleeper(sleeper::sleep).build()) {
            sf.pauseProcessing();
            Query q = client.query("SELECT Id FROM Account").pollingPolicy(FAST_POLL).timeout(Duration.ofMillis(1_500));
            assertThatThrownBy(() -> {
                if (async) {
                    join(q.streamAsync());
                } else {
                    q.stream();
                }
            }).isInstanceOf(WaitTimeoutException.class)
                    .satisfies(e -> {
                        WaitTimeoutException w = (WaitTimeoutException) e;
                        assertThat(w.unfinishedJobIds()).hasSize(1);
                        String id = w.unfinishedJobIds().get(0);
                        assertThat(w.getMessage()).contains(id);
                        assertThat(w.elapsed()).isLessThan(Duration.ofSeconds(5));
                        assertThat(sf.job(id).get().state()).isIn("UploadComplete", "InProgress");
                        assertThat(client.queryJobs().abort(id).state()).isEqualTo(JobState.ABORTED);
                    });
            assertThat(sleeper.total()).isGreaterThanOrEqualTo(Duration.ofMillis(1_500));
        }
    }
}
