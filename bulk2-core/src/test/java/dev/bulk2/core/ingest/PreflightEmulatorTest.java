package dev.bulk2.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.exception.InputValidationException;
import dev.bulk2.core.plan.IngestPlan;
import dev.bulk2.core.plan.PlanOptions;
import dev.bulk2.core.plan.PlanProblem;
import dev.bulk2.core.plan.Preflight;
import dev.bulk2.core.plan.ProblemKind;
import dev.bulk2.testkit.Bulk2Emulator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pre-flight of real runs against the emulator: nothing sent on bad input, pre-rejected rows, usage warnings. */
class PreflightEmulatorTest {
    static final PollingPolicy FAST = PollingPolicy.builder().initialDelay(Duration.ofMillis(5))
            .maxDelay(Duration.ofMillis(20)).build();

    @TempDir
    Path tmp;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Bulk2Emulator emulator(Bulk2Emulator.Builder b) {
        Bulk2Emulator sf = b.port(0).build().start();
        open.add(sf);
        return sf;
    }

    private BulkClient client(Bulk2Emulator sf) {
        BulkClient c = BulkClient.builder().instanceUrl(sf.instanceUrl()).auth(AuthProvider.ofToken(sf.issueToken()))
                .build();
        open.add(c);
        return c;
    }

    /** 20 people; row 7 has an email without @, row 15 a NUL in its last name. */
    static String peopleWithTwoBadRows() {
        StringBuilder sb = new StringBuilder("External_ID__c,LastName,PersonEmail\n");
        for (int i = 1; i <= 20; i++) {
            String email = i == 7 ? "p7.example.com" : "p" + i + "@example.com";
            String last = i == 15 ? "Last\u000015" : "Last" + i;
            sb.append("EXT-").append(i).append(',').append(last).append(',').append(email).append('\n');
        }
        return sb.toString();
    }

    private Path file(String text) throws Exception {
        Path p = Files.createTempFile(tmp, "in", ".csv");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void preRejectedRows_areLeftOut_reportedAndReconciled() throws Exception {
        Bulk2Emulator sf = emulator(Bulk2Emulator.builder());
        BulkClient client = client(sf);
        IngestResult r = client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(10).pollingPolicy(FAST)
                .preflight(Preflight.with(PlanOptions.online()).preRejectInvalidRows(true))
                .upload(file(peopleWithTwoBadRows())).awaitCompletion();

        assertThat(r.recordsRead()).isEqualTo(20);
        assertThat(r.recordsSubmitted()).isEqualTo(18);
        assertThat(r.recordsSucceeded()).isEqualTo(18);
        assertThat(r.recordsPreRejected()).isEqualTo(2);
        assertThat(r.isReconciled()).isTrue();
        assertThat(r.outcome()).isEqualTo(IngestOutcome.SOME_RECORDS_FAILED);
        List<PlanProblem> bad = r.preRejectedRows();
        assertThat(bad).extracting(p -> p.record().getAsLong()).containsExactly(7L, 15L);
        assertThat(bad).extracting(p -> p.line().getAsLong()).containsExactly(8L, 16L);
        assertThat(bad).extracting(PlanProblem::kind).containsExactly(ProblemKind.INVALID_VALUE,
                ProblemKind.UNSTORABLE_CHARACTER);
        assertThat(bad.get(0).field()).hasValue("PersonEmail");
        assertThat(bad.get(0).column()).hasValue(3);
        assertThat(bad.get(1).columnName()).hasValue("LastName");
        assertThat(r.reconciliationReport()).contains("read 20 = submitted 18 + pre-rejected 2");
        assertThat(sf.records("Account")).hasSize(18);
        assertThat(sf.records("Account")).noneMatch(m -> "EXT-7".equals(m.get("External_ID__c"))
                || "EXT-15".equals(m.get("External_ID__c")));
        assertThat(sf.jobs()).hasSize(2);
    }

    @Test
    void preRejectedRows_withAJournal_needAJournalKey() throws Exception {
        Bulk2Emulator sf = emulator(Bulk2Emulator.builder());
        BulkClient client = client(sf);
        Path p = file(peopleWithTwoBadRows());
        Preflight pre = Preflight.with(PlanOptions.online()).preRejectInvalidRows(true);
        assertThatThrownBy(() -> client.ingest("Account").upsert("External_ID__c").pollingPolicy(FAST).preflight(pre)
                .journal(tmp.resolve("a.journal")).upload(p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("left 2 rows out of").hasMessageContaining("journalKey(...)");
        assertThat(sf.jobs()).isEmpty();
        IngestResult r = client.ingest("Account").upsert("External_ID__c").pollingPolicy(FAST).preflight(pre)
                .journal(tmp.resolve("b.journal")).journalKey("clients-2026-12-03").upload(p).awaitCompletion();
        assertThat(r.recordsSucceeded()).isEqualTo(18);
        assertThat(r.recordsPreRejected()).isEqualTo(2);
    }

    @Test
    void rowProblems_withoutPreReject_stopTheRunBeforeAnyJob() throws Exception {
        Bulk2Emulator sf = emulator(Bulk2Emulator.builder());
        BulkClient client = client(sf);
        Path p = file(peopleWithTwoBadRows());
        assertThatThrownBy(() -> client.ingest("Account").upsert("External_ID__c").pollingPolicy(FAST)
                .preflight(Preflight.with(PlanOptions.online())).upload(p))
                .isInstanceOfSatisfying(InputValidationException.class, e -> {
                    assertThat(e.line()).hasValue(8);
                    assertThat(e.column()).hasValue(3);
                    assertThat(e.problems()).hasSize(2);
                    assertThat(e.plan().rowsWithProblems()).isEqualTo(2);
                });
        assertThat(sf.jobs()).isEmpty();
        assertThat(sf.records("Account")).isEmpty();
    }

    @Test
    void defaultPreflight_controlCharacterAtTheEnd_stopsBeforeAnyJob_offline() throws Exception {
        Bulk2Emulator sf = emulator(Bulk2Emulator.builder());
        BulkClient client = client(sf);
        Path p = file(peopleWithTwoBadRows().replace("p7.example.com", "p7@example.com"));
        long callsBefore = sf.apiCallCount();
        assertThatThrownBy(() -> client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(5).upload(p))
                .isInstanceOfSatisfying(InputValidationException.class, e -> {
                    assertThat(e.line()).hasValue(16);
                    assertThat(e.problems()).extracting(PlanProblem::kind)
                            .containsExactly(ProblemKind.UNSTORABLE_CHARACTER);
                });
        assertThat(sf.apiCallCount()).as("the default pre-flight is offline").isEqualTo(callsBefore);
        assertThat(sf.jobs()).isEmpty();
    }

    @Test
    void spooledStream_isValidatedWhole_beforeAnyJob() throws Exception {
        Bulk2Emulator sf = emulator(Bulk2Emulator.builder());
        BulkClient client = client(sf);
        String bad = peopleWithTwoBadRows().replace("p7.example.com", "p7@example.com")
                .replace("Last\u000015", "Last15") + "EXT-21,only-two\n";
        Path spool = Files.createDirectory(tmp.resolve("spool"));
        assertThatThrownBy(() -> client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(5)
                .spoolDirectory(spool).preflight(Preflight.defaults().spoolStreams(true))
                .upload(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(InputValidationException.class, e -> {
                    assertThat(e.line()).hasValue(22);
                    assertThat(e.problems().get(0).kind()).isEqualTo(ProblemKind.MALFORMED_CSV);
                });
        assertThat(sf.jobs()).isEmpty();
        assertThat(spool).isEmptyDirectory();

        String good = bad.substring(0, bad.indexOf("EXT-21"));
        IngestResult r = client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(5).pollingPolicy(FAST)
                .spoolDirectory(spool).preflight(Preflight.defaults().spoolStreams(true))
                .upload(new ByteArrayInputStream(good.getBytes(StandardCharsets.UTF_8))).awaitCompletion();
        assertThat(r.recordsSucceeded()).isEqualTo(20);
        assertThat(r.jobs()).hasSize(4);
        assertThat(spool).as("the spool is deleted when the run ends").isEmptyDirectory();
    }

    @Test
    void planAgainstTheEmulator_partsEqualTheRunsJobs() throws Exception {
        Bulk2Emulator sf = emulator(Bulk2Emulator.builder());
        BulkClient client = client(sf);
        Path p = file(peopleWithTwoBadRows().replace("p7.example.com", "p7@example.com")
                .replace("Last\u000015", "Last15"));
        IngestPlan plan = client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(7).plan(p);
        assertThat(plan.isReady()).as(plan.render()).isTrue();
        assertThat(sf.jobs()).isEmpty();
        IngestResult r = client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(7).pollingPolicy(FAST)
                .upload(p).awaitCompletion();
        assertThat(r.jobs()).hasSize(plan.jobs());
        List<Long> planned = new ArrayList<>();
        plan.parts().forEach(x -> planned.add(x.records()));
        List<Long> ran = new ArrayList<>();
        r.jobs().forEach(j -> ran.add(j.numberRecordsProcessed()));
        assertThat(ran).isEqualTo(planned).containsExactly(7L, 7L, 6L);
        assertThat(plan.bulkBatches()).isEqualTo(3);
    }

    @Test
    void apiUsageWarnings_at80And95Percent_oncePerThreshold() throws Exception {
        Bulk2Emulator sf = emulator(Bulk2Emulator.builder().apiCallLimit(1_000));
        BulkClient client = client(sf);
        while (sf.apiCallCount() < 790) {
            client.limits();
        }
        List<Double> seen = new CopyOnWriteArrayList<>();
        IngestListener listener = new IngestListener() {
            @Override
            public void onApiUsageThreshold(double threshold, long used, long max, String message) {
                assertThat(max).isEqualTo(1_000);
                assertThat(message).contains("of its daily API requests");
                seen.add(threshold);
            }
        };
        Path p = file(peopleWithTwoBadRows().replace("p7.example.com", "p7@example.com")
                .replace("Last\u000015", "Last15"));
        client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(5).pollingPolicy(FAST).listener(listener)
                .upload(p).awaitCompletion();
        assertThat(seen).containsExactly(0.8);
        while (sf.apiCallCount() < 955) {
            client.limits();
        }
        seen.clear();
        IngestResult r = client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(10).pollingPolicy(FAST)
                .listener(listener).upload(p).awaitCompletion();
        assertThat(r.isSuccessful()).isTrue();
        assertThat(seen).as("a new run reports both thresholds it starts above, lowest first, once")
                .containsExactly(0.8, 0.95);
    }

    @Test
    void onlinePlan_ofContacts_resolvesTheAccountRelationship_throughTheEmulatorsDescribes() throws Exception {
        Bulk2Emulator sf = emulator(Bulk2Emulator.builder());
        BulkClient client = client(sf);
        Path p = file("External_ID__c,LastName,Account.External_ID__c,Account.PersonMobilePhone,Emial\n"
                + "C-1,Doe,EXT-1,123,d@example.com\n");
        long before = sf.apiCallCount();
        IngestPlan plan = client.ingest("Contact").upsert("External_ID__c").plan(p);
        assertThat(sf.apiCallCount() - before).as("describe Contact, describe Account, limits").isEqualTo(3);
        assertThat(plan.requestsMade()).isEqualTo(3);
        assertThat(sf.jobs()).isEmpty();
        assertThat(plan.columns()).extracting(IngestPlan.Column::note).containsExactly("key", "ok",
                "relationship via Account.External_ID__c", "UNRESOLVED", "UNKNOWN FIELD");
        assertThat(plan.problems()).extracting(PlanProblem::kind).containsExactly(
                ProblemKind.RELATIONSHIP_UNRESOLVED, ProblemKind.UNKNOWN_FIELD);
        assertThat(plan.problems().get(0).message()).isEqualTo("Relationship column Account.PersonMobilePhone cannot"
                + " resolve: Account.PersonMobilePhone is neither an External ID nor an idLookup field.");
        assertThat(plan.problems().get(1).hint()).hasValue("Did you mean Email?");
        assertThat(plan.limits()).isPresent();
    }
}
