package dev.bulk2.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.TestSupport;
import dev.bulk2.core.ingest.Ingest;
import dev.bulk2.core.internal.json.Json;
import dev.bulk2.core.internal.org.OrgJson;
import dev.bulk2.core.org.FieldDescribe;
import dev.bulk2.core.org.SObjectDescribe;
import dev.bulk2.testkit.RecordingSleeper;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Function;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of bad input files under {@code src/test/resources/preflight}: each file's plan has exactly one
 * problem, of the expected kind, at the expected line and column, with the expected words in its message or hint.
 * Offline with a given describe (the person-accounts Account fixture): the server must see no request at all.
 */
class PlanCorpusTest {
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
        assertThat(server.getRequestCount()).as("offline plans send no request").isZero();
        client.close();
        server.shutdown();
    }

    static SObjectDescribe account() throws Exception {
        return Json.read(TestSupport.fixture("describe-account-person-accounts.json")
                .getBytes(StandardCharsets.UTF_8), OrgJson::readDescribe);
    }

    static SObjectDescribe contact() {
        return SObjectDescribe.builder().name("Contact").createable(true).updateable(true).deletable(true)
                .addField(FieldDescribe.builder().name("Id").type("id").idLookup(true).build())
                .addField(FieldDescribe.builder().name("Email").type("email").length(80).idLookup(true)
                        .createable(true).updateable(true).build())
                .addField(FieldDescribe.builder().name("LastName").type("string").length(80).createable(true)
                        .updateable(true).build())
                .build();
    }

    static Stream<Arguments> corpus() {
        Function<Ingest, Ingest> insert = Ingest::insert;
        return Stream.of(
                Arguments.of("unknown-field-pc.csv", insert, ProblemKind.UNKNOWN_FIELD, 1, 2,
                        "Did you mean Loyalty_Number__pc?"),
                Arguments.of("unknown-field-missing-suffix.csv", insert, ProblemKind.UNKNOWN_FIELD, 1, 2,
                        "Did you mean Client_Id__c?"),
                Arguments.of("unknown-field-person-prefix.csv", insert, ProblemKind.UNKNOWN_FIELD, 1, 2,
                        "Did you mean PersonBirthdate?"),
                Arguments.of("field-not-createable.csv", insert, ProblemKind.FIELD_NOT_WRITABLE, 1, 2,
                        "Account_Score__c is not createable"),
                Arguments.of("update-without-id.csv", (Function<Ingest, Ingest>) Ingest::update,
                        ProblemKind.KEY_COLUMN_MISSING, 1, 0, "no Id column"),
                Arguments.of("upsert-key-not-external-id.csv", (Function<Ingest, Ingest>) i -> i.upsert("Name"),
                        ProblemKind.KEY_NOT_EXTERNAL_ID, 1, 1,
                        "idLookup fields: PersonEmail, Client_Id__c, Loyalty_Number__pc."),
                Arguments.of("relationship-not-external-id.csv", insert, ProblemKind.RELATIONSHIP_UNRESOLVED, 1, 2,
                        "Use Parent.Client_Id__c or Parent.Loyalty_Number__pc."),
                Arguments.of("relationship-c-instead-of-r.csv", insert, ProblemKind.RELATIONSHIP_UNRESOLVED, 1, 2,
                        "Did you mean Primary_Contact__r?"),
                Arguments.of("semicolon-header.csv", insert, ProblemKind.WRONG_DELIMITER, 1, 0,
                        "columnDelimiter(ColumnDelimiter.SEMICOLON)"),
                Arguments.of("nul-character.csv", insert, ProblemKind.UNSTORABLE_CHARACTER, 3, 1, "U+0000"),
                Arguments.of("nonchar.csv", insert, ProblemKind.UNSTORABLE_CHARACTER, 3, 1, "U+FFFF"),
                Arguments.of("quoted-crlf-in-lf-job.csv", insert, ProblemKind.QUOTED_LINE_BREAK_MISMATCH, 2, 2,
                        "CRLF line break"),
                Arguments.of("malformed-last-row.csv", insert, ProblemKind.MALFORMED_CSV, 5, 1, "line 5"),
                Arguments.of("bad-date.csv", insert, ProblemKind.INVALID_VALUE, 3, 2,
                        "Not a date for PersonBirthdate"),
                Arguments.of("text-too-long.csv", insert, ProblemKind.INVALID_VALUE, 2, 2,
                        "The value has 21 characters; BillingPostalCode (string) takes at most 20."),
                Arguments.of("email-without-at.csv", insert, ProblemKind.INVALID_VALUE, 2, 2,
                        "Not an email address for PersonEmail"),
                Arguments.of("restricted-picklist.csv", insert, ProblemKind.INVALID_VALUE, 3, 2,
                        "not in the restricted picklist Customer_Tier__c"),
                Arguments.of("number-too-long.csv", insert, ProblemKind.INVALID_VALUE, 2, 2,
                        "19 digits before the decimal point; AnnualRevenue (precision 18, scale 0)"),
                Arguments.of("reference-not-an-id.csv", insert, ProblemKind.INVALID_VALUE, 2, 2,
                        "Not a record id for ParentId"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachBadFile_hasItsTypedProblem_lineAndColumn(String file, Function<Ingest, Ingest> op, ProblemKind kind,
            long line, int column, String words) throws Exception {
        IngestPlan plan = op.apply(client.ingest("Account")).plan(resource(file),
                PlanOptions.offline().withDescribe(account()).withDescribe(contact()));
        assertThat(plan.problems()).as(plan.render()).hasSize(1);
        PlanProblem p = plan.problems().get(0);
        assertThat(p.kind()).isEqualTo(kind);
        assertThat(p.line()).hasValue(line);
        if (column > 0) {
            assertThat(p.column()).hasValue(column);
        } else {
            assertThat(p.column()).isEmpty();
        }
        assertThat(p.describe()).contains(words);
        assertThat(plan.requestsMade()).isZero();
        assertThat(plan.isReady()).isFalse();
        assertThat(plan.render()).contains(kind.name());
    }

    static Path resource(String name) throws URISyntaxException {
        return Paths.get(PlanCorpusTest.class.getResource("/preflight/" + name).toURI());
    }
}
