package dev.bulk2.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class QueryTest {
    @RegisterExtension
    static final Bulk2EmulatorExtension SF = Bulk2EmulatorExtension.builder().resetBeforeEach(true).build();

    Raw raw;
    List<String> ids;

    @BeforeEach
    void seed() {
        raw = new Raw(SF.emulator());
        ids = SF.emulator().insertRecords("Account", List.of(
                Map.of("Client_Id__c", "C-1001", "FirstName", "Ada", "LastName", "Lovelace", "PersonEmail",
                        "ada.lovelace@example.com", "PersonMailingCity", "London"),
                Map.of("Client_Id__c", "C-1002", "FirstName", "Alan", "LastName", "Turing", "PersonEmail",
                        "alan.turing@example.com", "PersonMailingCity", "Wilmslow"),
                Map.of("Client_Id__c", "C-1003", "FirstName", "Grace", "LastName", "Hopper", "PersonEmail",
                        "grace.hopper@example.com", "PersonMailingCity", "Arlington"),
                Map.of("Client_Id__c", "C-1004", "FirstName", "Katherine", "LastName", "Johnson", "PersonEmail",
                        "katherine.johnson@example.com", "PersonMailingCity", "Hampton"),
                Map.of("Client_Id__c", "C-0999", "FirstName", "Dorothy", "LastName", "Vaughan",
                        "PersonMailingCity", "Hampton"),
                Map.of("Name", "Acme Corp")));
    }

    private String create(String op, String soql) {
        Raw.Resp r = raw.post(Raw.base() + "/jobs/query", "{\"operation\":\"" + op + "\",\"query\":\"" + soql
                + "\",\"contentType\":\"CSV\",\"columnDelimiter\":\"COMMA\",\"lineEnding\":\"LF\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"operation\":\"" + op + "\"", "\"object\":\"Account\"",
                "\"state\":\"UploadComplete\"", "\"apiVersion\":64.0").doesNotContain("jobType");
        return Raw.field(r.body(), "id");
    }

    @Test
    void pagesThroughResultsWithLocators() {
        String id = create("query", "SELECT Id, Client_Id__c, FirstName, LastName, PersonEmail, PersonMailingCity"
                + " FROM Account WHERE IsPersonAccount = true");
        SF.emulator().awaitJobState(id, Duration.ofSeconds(10), "JobComplete");
        String info = raw.get(Raw.base() + "/jobs/query/" + id).body();
        assertThat(info).contains("\"jobType\":\"V2Query\"", "\"numberRecordsProcessed\":5",
                "\"isPkChunkingSupported\":true");

        Raw.Resp p1 = raw.get(Raw.base() + "/jobs/query/" + id + "/results?maxRecords=3");
        assertThat(p1.status()).isEqualTo(200);
        assertThat(p1.header("Sforce-Locator")).isEqualTo("Mw");
        assertThat(p1.header("Sforce-NumberOfRecords")).isEqualTo("3");
        assertThat(p1.header("Content-Type")).isEqualTo("text/csv; charset=UTF-8");
        assertThat(p1.body()).isEqualTo(
                "\"Id\",\"Client_Id__c\",\"FirstName\",\"LastName\",\"PersonEmail\",\"PersonMailingCity\"\n"
                        + "\"" + ids.get(0) + "\",\"C-1001\",\"Ada\",\"Lovelace\",\"ada.lovelace@example.com\",\"London\"\n"
                        + "\"" + ids.get(1) + "\",\"C-1002\",\"Alan\",\"Turing\",\"alan.turing@example.com\",\"Wilmslow\"\n"
                        + "\"" + ids.get(2) + "\",\"C-1003\",\"Grace\",\"Hopper\",\"grace.hopper@example.com\",\"Arlington\"\n");
        Raw.Resp p2 = raw.get(Raw.base() + "/jobs/query/" + id + "/results?locator=Mw&maxRecords=3");
        assertThat(p2.header("Sforce-Locator")).isEqualTo("null");
        assertThat(p2.header("Sforce-NumberOfRecords")).isEqualTo("2");
        assertThat(p2.body()).endsWith("\"" + ids.get(4) + "\",\"C-0999\",\"Dorothy\",\"Vaughan\",\"\",\"Hampton\"\n");
        assertThat(raw.get(Raw.base() + "/jobs/query/" + id + "/results?locator=Mw&maxRecords=3").body())
                .isEqualTo(p2.body());

        Raw.Resp wrongVersion = raw.get("/services/data/v63.0/jobs/query/" + id + "/results");
        assertThat(wrongVersion.status()).isEqualTo(409);

        String six = create("query", "SELECT Id FROM Account");
        SF.emulator().awaitJobState(six, Duration.ofSeconds(10), "JobComplete");
        Raw.Resp exact = raw.get(Raw.base() + "/jobs/query/" + id + "/resultPages?maxRecords=1");
        assertThat(exact.body()).endsWith("locator=NA&maxRecords=1\"}],\"nextRecordsUrl\":null,\"done\":true}");
        id = six;
        Raw.Resp pages = raw.get(Raw.base() + "/jobs/query/" + id + "/resultPages?maxRecords=1");
        assertThat(pages.body()).startsWith("{\"resultPages\":[{\"resultUrl\":\"/services/data/v64.0/jobs/query/" + id
                + "/results?maxRecords=1\"},{\"resultUrl\":\"/services/data/v64.0/jobs/query/" + id
                + "/results?locator=MQ&maxRecords=1\"}").contains("\"done\":false");
        assertThat(pages.body().split("resultUrl")).hasSize(6);
        String next = Raw.field(pages.body(), "nextRecordsUrl");
        Raw.Resp last = raw.get(next);
        assertThat(last.body()).isEqualTo("{\"resultPages\":[{\"resultUrl\":\"/services/data/v64.0/jobs/query/" + id
                + "/results?locator=NQ&maxRecords=1\"}],\"nextRecordsUrl\":null,\"done\":true}");
        assertThat(raw.get("/services/data/v57.0/jobs/query/" + id + "/resultPages").status()).isEqualTo(404);
        assertThat(raw.delete(Raw.base() + "/jobs/query/" + id).status()).isEqualTo(204);
    }

    @Test
    void queryAllIncludesDeletedRecordsAndOrderLimitWork() {
        JobSnapshot del = raw.ingest("{\"object\":\"Account\",\"operation\":\"delete\"}", "Id\n" + ids.get(0) + "\n");
        assertThat(del.numberRecordsFailed()).isZero();
        String q = create("query", "SELECT Client_Id__c FROM Account WHERE Client_Id__c != null ORDER BY Client_Id__c");
        String all = create("queryAll", "SELECT Client_Id__c, IsDeleted FROM Account WHERE Client_Id__c LIKE 'C-100%'"
                + " ORDER BY Client_Id__c DESC LIMIT 2");
        SF.emulator().awaitJobState(q, Duration.ofSeconds(10), "JobComplete");
        SF.emulator().awaitJobState(all, Duration.ofSeconds(10), "JobComplete");
        assertThat(raw.get(Raw.base() + "/jobs/query/" + q + "/results").body()).isEqualTo(
                "\"Client_Id__c\"\n\"C-0999\"\n\"C-1002\"\n\"C-1003\"\n\"C-1004\"\n");
        assertThat(raw.get(Raw.base() + "/jobs/query/" + all + "/results").body()).isEqualTo(
                "\"Client_Id__c\",\"IsDeleted\"\n\"C-1004\",\"false\"\n\"C-1003\",\"false\"\n");
        String deleted = create("queryAll", "SELECT Id FROM Account WHERE IsDeleted = true");
        SF.emulator().awaitJobState(deleted, Duration.ofSeconds(10), "JobComplete");
        assertThat(raw.get(Raw.base() + "/jobs/query/" + deleted + "/results").body())
                .isEqualTo("\"Id\"\n\"" + ids.get(0) + "\"\n");
    }

    @Test
    void rejectsBadQueriesAndEarlyResults() {
        Raw.Resp bad = raw.post(Raw.base() + "/jobs/query", "{\"operation\":\"query\",\"query\":\"SELECT Nope__c FROM"
                + " Account\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("INVALID_FIELD", "Nope__c");
        Raw.Resp type = raw.post(Raw.base() + "/jobs/query", "{\"operation\":\"query\",\"query\":\"SELECT Id FROM"
                + " Foo__c\"}");
        assertThat(type.body()).startsWith("[{\"errorCode\":\"INVALID_TYPE\",\"message\":\"sObject type 'Foo__c' is"
                + " not supported.");
        assertThat(raw.post(Raw.base() + "/jobs/query", "{\"operation\":\"query\",\"query\":\"SELECT COUNT() FROM"
                + " Account\"}").status()).isEqualTo(400);

        try (Bulk2Emulator slow = Bulk2Emulator.builder().batchSize(1).processingDelayPerBatch(Duration.ofMillis(300))
                .build().start()) {
            slow.insertRecords("Contact", List.of(Map.of("LastName", "A"), Map.of("LastName", "B")));
            Raw r = new Raw(slow);
            String id = Raw.field(r.post(Raw.base() + "/jobs/query",
                    "{\"operation\":\"query\",\"query\":\"SELECT Id FROM Contact\"}").body(), "id");
            Raw.Resp early = r.get(Raw.base() + "/jobs/query/" + id + "/results");
            assertThat(early.status()).isEqualTo(412);
            assertThat(early.body()).contains("JOB_NOT_COMPLETE");
            Raw.Resp abort = r.patch(Raw.base() + "/jobs/query/" + id, "{\"state\":\"Aborted\"}");
            assertThat(abort.status()).isEqualTo(200);
            assertThat(slow.awaitJobState(id, Duration.ofSeconds(5), "Aborted").state()).isEqualTo("Aborted");
            List<String> states = new ArrayList<>();
            slow.jobs().forEach(j -> states.add(j.jobType() + ":" + j.state()));
            assertThat(states).containsExactly("V2Query:Aborted");
        }
    }
}
