package dev.bulk2.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.TestSupport;
import dev.bulk2.core.exception.BudgetExceededException;
import dev.bulk2.core.exception.InputValidationException;
import dev.bulk2.testkit.RecordingSleeper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan(...) and the online pre-flight of a run against MockWebServer: exactly the describe and limits GETs. */
class PlanMockTest {
    static final String CONTACT = "{\"name\":\"Contact\",\"createable\":true,\"updateable\":true,\"deletable\":true,"
            + "\"fields\":[{\"name\":\"Id\",\"type\":\"id\",\"idLookup\":true},"
            + "{\"name\":\"Email\",\"type\":\"email\",\"length\":80,\"idLookup\":true,\"createable\":true,"
            + "\"updateable\":true}]}";

    @TempDir
    Path tmp;
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
        assertThat(TestSupport.openBodies(client)).isZero();
        client.close();
        server.shutdown();
    }

    static MockResponse json(String body) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setHeader("Sforce-Limit-Info", "api-usage=18412/100000").setBody(body);
    }

    private List<String> requests() throws InterruptedException {
        List<String> l = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            l.add(r.getMethod() + " " + r.getPath());
        }
        return l;
    }

    private Path file(String text) throws Exception {
        Path p = tmp.resolve("in.csv");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void onlinePlan_readsDescribesAndLimitsOnly_andMapsEveryColumn() throws Exception {
        server.enqueue(json(TestSupport.fixture("describe-account-person-accounts.json")));
        server.enqueue(json(CONTACT));
        server.enqueue(json(TestSupport.fixture("limits.json")));
        StringBuilder csv = new StringBuilder("Client_Id__c,LastName,Primary_Contact__r.Email,Loyalty_Number__c\n");
        for (int i = 1; i <= 25; i++) {
            csv.append("C-").append(i).append(",Doe").append(i).append(",d").append(i).append("@example.com,L")
                    .append(i).append('\n');
        }
        IngestPlan plan = client.ingest("Account").upsert("Client_Id__c").maxRecordsPerJob(10)
                .plan(file(csv.toString()));

        assertThat(requests()).containsExactly(
                "GET /services/data/v" + client.apiVersion() + "/sobjects/Account/describe",
                "GET /services/data/v" + client.apiVersion() + "/sobjects/Contact/describe",
                "GET /services/data/v" + client.apiVersion() + "/limits");
        assertThat(plan.requestsMade()).isEqualTo(3);
        assertThat(plan.jobs()).isEqualTo(3);
        assertThat(plan.records()).isEqualTo(25);
        assertThat(plan.bulkBatches()).isEqualTo(3);
        assertThat(plan.parts()).extracting(IngestPlan.Part::records).containsExactly(10L, 10L, 5L);
        assertThat(plan.parts()).extracting(IngestPlan.Part::firstLine).containsExactly(2L, 12L, 22L);
        assertThat(plan.parts()).extracting(IngestPlan.Part::lastLine).containsExactly(11L, 21L, 26L);
        assertThat(plan.columns()).extracting(IngestPlan.Column::note).containsExactly("key", "ok",
                "relationship via Contact.Email", "UNKNOWN FIELD");
        assertThat(plan.columns().get(2).field()).hasValue("Primary_Contact__c");
        assertThat(plan.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.UNKNOWN_FIELD);
            assertThat(p.column()).hasValue(4);
            assertThat(p.hint()).hasValue("Did you mean Loyalty_Number__pc?");
        });
        assertThat(plan.limits()).isPresent();
        assertThat(plan.apiRequestsExpected()).isGreaterThan(9).isLessThan(plan.apiRequestsWorstCase());
        assertThat(plan.render()).contains("25 records", "3 jobs", "3 Bulk API batches",
                "14,873 of 15,000 daily Bulk API batches left", "Did you mean Loyalty_Number__pc?");
    }

    @Test
    void offlinePlan_sendsNoRequestAtAll() throws Exception {
        IngestPlan plan = client.ingest("Account").update().plan(file("Id,Name\n001000000000001AAA,Acme\n"),
                PlanOptions.offline());
        assertThat(server.getRequestCount()).isZero();
        assertThat(plan.isReady()).isTrue();
        assertThat(plan.isDescribeChecked()).isFalse();
        assertThat(plan.columns()).extracting(IngestPlan.Column::note)
                .containsExactly("key (not checked: no describe)", "not checked: no describe");
        assertThat(plan.render()).contains("no problems found");
    }

    @Test
    void budget_refusesTheRunBeforeAnyJob_withTheFigures() throws Exception {
        server.enqueue(json(TestSupport.fixture("describe-account-person-accounts.json")));
        server.enqueue(json(TestSupport.fixture("limits.json")));
        StringBuilder csv = new StringBuilder("Name\n");
        for (int i = 0; i < 30_001; i++) {
            csv.append("A").append(i).append('\n');
        }
        Path p = file(csv.toString());
        assertThatThrownBy(() -> client.ingest("Account").insert()
                .preflight(Preflight.with(PlanOptions.online().withMaxBulkBatches(3))).upload(p))
                .isInstanceOfSatisfying(BudgetExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo("maxBulkBatches");
                    assertThat(e.needed()).isEqualTo(4);
                    assertThat(e.available()).isEqualTo(3);
                    assertThat(e.getMessage()).startsWith("maxBulkBatches exceeded: the load needs 4 Bulk API"
                            + " batches, 3 are left in the budget set. Nothing was sent.");
                });
        assertThat(requests()).containsExactly(
                "GET /services/data/v" + client.apiVersion() + "/sobjects/Account/describe",
                "GET /services/data/v" + client.apiVersion() + "/limits");
    }

    @Test
    void orgLimit_exceeded_isABudgetProblem_andTheRunIsRefused() throws Exception {
        String limits = "{\"DailyApiRequests\":{\"Max\":100000,\"Remaining\":40000},"
                + "\"DailyBulkApiBatches\":{\"Max\":15000,\"Remaining\":2}}";
        server.enqueue(json(TestSupport.fixture("describe-account-person-accounts.json")));
        server.enqueue(json(limits));
        Path p = file("Name\nA\nB\nC\n");
        assertThatThrownBy(() -> client.ingest("Account").insert().maxRecordsPerJob(1)
                .preflight(Preflight.with(PlanOptions.online())).upload(p))
                .isInstanceOfSatisfying(BudgetExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo("DailyBulkApiBatches");
                    assertThat(e.needed()).isEqualTo(3);
                    assertThat(e.available()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("3 Bulk API batches, 2 are left of its 15,000 per rolling"
                            + " 24 hours");
                });
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void onlinePreflight_headerProblem_refusesTheRun_afterTheDescribeOnly() throws Exception {
        server.enqueue(json(TestSupport.fixture("describe-account-person-accounts.json")));
        server.enqueue(json(TestSupport.fixture("limits.json")));
        Path p = file("Name,Birthdate\nA,1980-01-01\n");
        assertThatThrownBy(() -> client.ingest("Account").insert().preflight(Preflight.with(PlanOptions.online()))
                .upload(p)).isInstanceOfSatisfying(InputValidationException.class, e -> {
                    assertThat(e.line()).hasValue(1);
                    assertThat(e.column()).hasValue(2);
                    assertThat(e.problems()).extracting(PlanProblem::kind).containsExactly(ProblemKind.UNKNOWN_FIELD);
                    assertThat(e.getMessage()).contains("Did you mean PersonBirthdate?", "no job was created");
                });
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void planOfTypedRows_offline_equalsThePlanOfTheSameCsv() throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (int i = 1; i <= 23; i++) {
            rows.add(new String[] {"C-" + i, i == 9 ? "Doe, \"Jr\"\nline two" : "Doe" + i});
        }
        dev.bulk2.csv.CsvMapping<String[]> m = dev.bulk2.csv.CsvMapping.<String[]>builder()
                .column("Client_Id__c", r -> r[0]).column("LastName", r -> r[1]).build();
        Path spool = java.nio.file.Files.createDirectory(tmp.resolve("spool"));
        IngestPlan typed = client.ingest("Account").upsert("Client_Id__c").maxRecordsPerJob(10).spoolDirectory(spool)
                .plan(rows, m, PlanOptions.offline());
        StringBuilder csv = new StringBuilder("Client_Id__c,LastName\n");
        for (String[] r : rows) {
            csv.append(r[0]).append(',').append(r[1].contains(",") ? "\"" + r[1].replace("\"", "\"\"") + "\""
                    : r[1]).append('\n');
        }
        IngestPlan file = client.ingest("Account").upsert("Client_Id__c").maxRecordsPerJob(10)
                .plan(file(csv.toString()), PlanOptions.offline());
        assertThat(typed.parts()).isEqualTo(file.parts());
        assertThat(typed.parts()).extracting(IngestPlan.Part::lastLine).containsExactly(12L, 22L, 25L);
        assertThat(typed.isReady()).isTrue();
        assertThat(spool).isEmptyDirectory();
        assertThat(server.getRequestCount()).isZero();
    }
}
