package dev.bulk2.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.Operation;
import dev.bulk2.core.TestSupport;
import dev.bulk2.core.ingest.Ingest;
import dev.bulk2.core.org.SObjectDescribe;
import dev.bulk2.csv.internal.CsvTokenizer;
import dev.bulk2.testkit.RecordingSleeper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pre-flight's rules for rows built in memory give the file pre-flight's verdicts: over every file of the bad
 * input corpus, the header problems and the first problem of each row are those of an offline plan with the same
 * describe (kind, row, column, field and message).
 */
class ValueRulesTest {
    private static final Set<ProblemKind> ROW_KINDS = Set.of(ProblemKind.INVALID_VALUE,
            ProblemKind.UNSTORABLE_CHARACTER, ProblemKind.QUOTED_LINE_BREAK_MISMATCH);
    private static final Set<ProblemKind> HEADER_KINDS = Set.of(ProblemKind.UNKNOWN_FIELD,
            ProblemKind.FIELD_NOT_WRITABLE, ProblemKind.KEY_COLUMN_MISSING, ProblemKind.KEY_NOT_EXTERNAL_ID);

    private MockWebServer server;
    private BulkClient client;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        var clock = TestSupport.clockAt2025();
        client = TestSupport.clientFor(server, RecordingSleeper.advancing(clock), clock).build();
    }

    @AfterEach
    void stop() throws Exception {
        assertThat(server.getRequestCount()).isZero();
        client.close();
        server.shutdown();
    }

    static List<Arguments> corpus() {
        List<Arguments> out = new ArrayList<>();
        for (Arguments a : PlanCorpusTest.corpus().toArray(Arguments[]::new)) {
            ProblemKind kind = (ProblemKind) a.get()[2];
            if (ROW_KINDS.contains(kind) || HEADER_KINDS.contains(kind)) {
                out.add(a);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void sameVerdictAsThePlanOfTheFile(String file, Function<Ingest, Ingest> op, ProblemKind kind, long line,
            int column, String words) throws Exception {
        Path csv = PlanCorpusTest.resource(file);
        Ingest ingest = op.apply(client.ingest("Account"));
        IngestPlan plan = ingest.plan(csv, PlanOptions.offline().withDescribe(PlanCorpusTest.account())
                .withDescribe(PlanCorpusTest.contact()));
        PlanProblem expected = plan.problems().get(0);
        assertThat(expected.kind()).isEqualTo(kind);

        List<List<String>> rows = rows(csv);
        String key = plan.externalIdField().orElse(null);
        ValueRules rules = ValueRules.of(PlanCorpusTest.account(), plan.operation(), key, rows.get(0));
        if (HEADER_KINDS.contains(kind)) {
            assertThat(rules.headerProblems()).hasSize(1);
            PlanProblem p = rules.headerProblems().get(0);
            assertThat(p.kind()).isEqualTo(kind);
            assertThat(p.message()).isEqualTo(expected.message());
            assertThat(p.column()).isEqualTo(expected.column());
            return;
        }
        assertThat(rules.headerProblems()).isEmpty();
        List<PlanProblem> found = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            rules.check(r, rows.get(r)).ifPresent(found::add);
        }
        assertThat(found).hasSize(1);
        PlanProblem p = found.get(0);
        assertThat(p.kind()).isEqualTo(kind);
        assertThat(p.record()).isEqualTo(expected.record());
        assertThat(p.column()).hasValue(column);
        assertThat(p.field()).isEqualTo(expected.field());
        assertThat(p.message()).isEqualTo(expected.message());
        assertThat(p.describe()).contains(words);
        assertThat(p.line()).as("a row built in memory has no line").isEmpty();
    }

    @Test
    void goodRowPasses_keyColumnValuesCheckedForUpsert_wrongWidthRefused() throws Exception {
        SObjectDescribe account = PlanCorpusTest.account();
        ValueRules rules = ValueRules.of(account, Operation.UPSERT, "Client_Id__c",
                List.of("Client_Id__c", "LastName", "PersonBirthdate"));
        assertThat(rules.headerProblems()).isEmpty();
        assertThat(rules.check(1, List.of("C-1", "Doe", "1980-02-29"))).isEmpty();
        assertThat(rules.check(2, List.of("C-2", "Doe", "1981-02-29"))).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.INVALID_VALUE);
            assertThat(p.record()).hasValue(2);
            assertThat(p.column()).hasValue(3);
            assertThat(p.field()).hasValue("PersonBirthdate");
        });
        String tooLong = "C".repeat(account.field("Client_Id__c").orElseThrow().length() + 1);
        Optional<PlanProblem> key = rules.check(3, List.of(tooLong, "Doe", ""));
        assertThat(key).hasValueSatisfying(p -> assertThat(p.column()).hasValue(1));
        assertThat(rules.check(4, List.of("C-4", "Doe\u0000", ""))).hasValueSatisfying(p ->
                assertThat(p.kind()).isEqualTo(ProblemKind.UNSTORABLE_CHARACTER));
        assertThatThrownBy(() -> rules.check(5, List.of("C-5", "Doe")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Row 5 has 2 fields but the header has 3 columns");
    }

    private static List<List<String>> rows(Path csv) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(csv); CsvTokenizer t = CsvTokenizer.builder(',').build(in)) {
            String[] v;
            while ((v = t.next()) != null) {
                out.add(List.of(v));
            }
        }
        return out;
    }
}
