package dev.bulk2.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateMachineTest {
    @RegisterExtension
    static final Bulk2EmulatorExtension SF = Bulk2EmulatorExtension.builder().resetBeforeEach(true).build();

    static final String INSERT = "{\"object\":\"Contact\",\"operation\":\"insert\"}";
    Raw raw;
    String b = Raw.base();

    @BeforeEach
    void setUp() {
        raw = new Raw(SF.emulator());
    }

    @Test
    void secondPutIsAcceptedButCloseFailsWithTheMultipeMessage() {
        String id = raw.createJob(INSERT);
        assertThat(raw.put(b + "/jobs/ingest/" + id + "/batches", "LastName\nA\n").status()).isEqualTo(201);
        assertThat(raw.put(b + "/jobs/ingest/" + id + "/batches", "LastName\nB\n").status()).isEqualTo(201);
        Raw.Resp close = raw.patch(b + "/jobs/ingest/" + id, "{\"state\":\"UploadComplete\"}");
        assertThat(close.status()).isEqualTo(400);
        assertThat(close.body()).isEqualTo("[{\"errorCode\":\"INVALIDJOB\",\"message\":\"Found multipe contents for job: <"
                + id.substring(0, 15) + ">, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job"
                + " and make sure you only do 'PUT' once on a given Job.\"}]");
        assertThat(SF.emulator().job(id).orElseThrow().state()).isEqualTo("Open");
        assertThat(SF.emulator().job(id).orElseThrow().uploadCount()).isEqualTo(2);
    }

    @Test
    void illegalTransitionsAreInvalidJobState() {
        String id = raw.createJob(INSERT);
        Raw.Resp bad = raw.patch(b + "/jobs/ingest/" + id, "{\"state\":\"JobComplete\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo(
                "[{\"errorCode\":\"INVALIDJOBSTATE\",\"message\":\"Cannot change state from Open to JobComplete\"}]");
        Raw.Resp del = raw.delete(b + "/jobs/ingest/" + id);
        assertThat(del.status()).isEqualTo(400);
        assertThat(del.body()).contains("INVALIDJOBSTATE");
        Raw.Resp early = raw.get(b + "/jobs/ingest/" + id + "/successfulResults/");
        assertThat(early.status()).isEqualTo(400);
        assertThat(early.body()).contains("INVALIDJOBSTATE");

        Raw.Resp abort = raw.patch(b + "/jobs/ingest/" + id, "{\"state\":\"Aborted\"}");
        assertThat(abort.status()).isEqualTo(200);
        assertThat(abort.body()).contains("\"state\":\"Aborted\"");
        Raw.Resp reclose = raw.patch(b + "/jobs/ingest/" + id, "{\"state\":\"UploadComplete\"}");
        assertThat(reclose.body()).isEqualTo("[{\"errorCode\":\"INVALIDJOBSTATE\",\"message\":\"Cannot change state from"
                + " Aborted to UploadComplete\"}]");
        Raw.Resp put = raw.put(b + "/jobs/ingest/" + id + "/batches", "LastName\nA\n");
        assertThat(put.status()).isEqualTo(400);
        assertThat(put.body()).contains("INVALIDJOBSTATE");
        assertThat(raw.get(b + "/jobs/ingest/" + id + "/successfulResults").body())
                .isEqualTo("\"sf__Id\",\"sf__Created\"\n");
        assertThat(raw.delete(b + "/jobs/ingest/" + id).status()).isEqualTo(204);
        Raw.Resp gone = raw.get(b + "/jobs/ingest/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body()).isEqualTo(
                "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]");
    }

    @Test
    void abortAfterUploadLeavesAllRowsUnprocessed() {
        String id = raw.createJob(INSERT);
        raw.put(b + "/jobs/ingest/" + id + "/batches", "LastName\nA\nB\n");
        assertThat(raw.patch(b + "/jobs/ingest/" + id, "{\"state\":\"Aborted\"}").status()).isEqualTo(200);
        assertThat(raw.get(b + "/jobs/ingest/" + id + "/unprocessedrecords/").body()).isEqualTo("LastName\nA\nB\n");
        assertThat(raw.get(b + "/jobs/ingest/" + id + "/successfulResults/").body())
                .isEqualTo("\"sf__Id\",\"sf__Created\",LastName\n");
        assertThat(SF.emulator().records("Contact")).isEmpty();
    }

    @Test
    void closeWithoutUploadFailsTheJob() {
        String id = raw.createJob(INSERT);
        raw.patch(b + "/jobs/ingest/" + id, "{\"state\":\"UploadComplete\"}");
        JobSnapshot s = SF.emulator().awaitJobState(id, Duration.ofSeconds(10), "Failed");
        assertThat(s.errorMessage()).startsWith("InvalidBatch : No data was uploaded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v40.0", "v68.0", "v64"})
    void unsupportedVersionsAre404(String version) {
        Raw.Resp r = raw.post("/services/data/" + version + "/jobs/ingest", INSERT);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).contains("NOT_FOUND");
    }

    @Test
    void versionBoundsForQueryAndResultPages() {
        assertThat(raw.get("/services/data/v41.0/jobs/ingest").status()).isEqualTo(200);
        assertThat(raw.get("/services/data/v67.0/jobs/ingest").status()).isEqualTo(200);
        assertThat(raw.get("/services/data/v46.0/jobs/query").status()).isEqualTo(404);
        assertThat(raw.get("/services/data/v47.0/jobs/query").status()).isEqualTo(200);
    }

    @Test
    void createValidation() {
        Raw.Resp entity = raw.post(b + "/jobs/ingest", "{\"object\":\"Nope__c\",\"operation\":\"insert\"}");
        assertThat(entity.status()).isEqualTo(400);
        assertThat(entity.body()).isEqualTo("[{\"errorCode\":\"INVALIDENTITY\",\"message\":\"Entity 'Nope__c' is not"
                + " supported by the Bulk API.\"}]");
        assertThat(raw.post(b + "/jobs/ingest", "{\"object\":\"Account\",\"operation\":\"Insert\"}").body())
                .contains("JSON_PARSER_ERROR");
        assertThat(raw.post(b + "/jobs/ingest", "{\"object\":\"Account\",\"operation\":\"insert\",\"foo\":\"x\"}")
                .body()).contains("JSON_PARSER_ERROR", "foo");
        assertThat(raw.post(b + "/jobs/ingest", "{\"object\":").body()).contains("JSON_PARSER_ERROR");
        assertThat(raw.post(b + "/jobs/ingest", "{\"object\":\"Account\",\"operation\":\"upsert\"}").status())
                .isEqualTo(400);
        assertThat(raw.post(b + "/jobs/ingest",
                "{\"object\":\"Account\",\"operation\":\"upsert\",\"externalIdFieldName\":\"LastName\"}").body())
                .isEqualTo("[{\"errorCode\":\"INVALIDJOB\",\"message\":\"InvalidJob : Field name provided, LastName"
                        + " does not match an External ID, Salesforce Id, or indexed field for Account\"}]");
        assertThat(raw.post(b + "/jobs/ingest", "{\"object\":\"Account\",\"operation\":\"insert\","
                + "\"columnDelimiter\":\"COLON\"}").body()).contains("JSON_PARSER_ERROR");
        Raw.Resp method = raw.send(raw.req(b + "/jobs/ingest").PUT(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(method.status()).isEqualTo(405);
    }

    @Test
    void multipartCreateJumpsToUploadComplete() {
        String body = "--BOUNDARY\r\nContent-Type: application/json\r\nContent-Disposition: form-data; name=\"job\"\r\n\r\n"
                + "{\"object\":\"Contact\",\"contentType\":\"CSV\",\"operation\":\"insert\",\"lineEnding\":\"LF\"}\r\n"
                + "--BOUNDARY\r\nContent-Type: text/csv\r\nContent-Disposition: form-data; name=\"content\";"
                + " filename=\"content\"\r\n\r\nFirstName,LastName,MailingCity\nAda,Lovelace,London\n\r\n--BOUNDARY--\r\n";
        Raw.Resp r = raw.send(raw.req(b + "/jobs/ingest").header("Content-Type", "multipart/form-data; boundary=BOUNDARY")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("\"state\":\"UploadComplete\"");
        String id = Raw.field(r.body(), "id");
        SF.emulator().awaitJobState(id, Duration.ofSeconds(10), "JobComplete");
        assertThat(SF.emulator().records("Contact")).singleElement().satisfies(m ->
                assertThat(m).containsEntry("MailingCity", "London").containsEntry("LastName", "Lovelace"));
    }

    @Test
    void openJobsFailAfter24HoursAndTerminalJobsVanishAfter7Days() {
        FakeClock clock = FakeClock.of(OAuthTest.START);
        try (Bulk2Emulator sf = Bulk2Emulator.builder().clock(clock).build().start()) {
            Raw r = new Raw(sf);
            String open = r.createJob(INSERT);
            String done = r.ingest(INSERT, "LastName\nA\n").id();
            clock.advance(Duration.ofHours(25));
            r.token = sf.issueToken();
            Raw.Resp info = r.get(b + "/jobs/ingest/" + open);
            assertThat(info.body()).contains("\"state\":\"Failed\"", "Open for more than 24 hours");
            assertThat(r.get(b + "/jobs/ingest/" + done).status()).isEqualTo(200);
            clock.advance(Duration.ofDays(7).plusHours(1));
            r.token = sf.issueToken();
            assertThat(r.get(b + "/jobs/ingest/" + done).status()).isEqualTo(404);
            assertThat(r.get(b + "/jobs/ingest").body()).isEqualTo("{\"done\":true,\"records\":[],\"nextRecordsUrl\":null}");
        }
    }

    @Test
    void listPagesWithNextRecordsUrl() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().listPageSize(2).build().start()) {
            Raw r = new Raw(sf);
            for (int i = 0; i < 3; i++) {
                r.createJob(INSERT);
            }
            Raw.Resp p1 = r.get(b + "/jobs/ingest");
            assertThat(p1.body()).startsWith("{\"done\":false,\"records\":[{\"id\":\"750");
            String next = Raw.field(p1.body(), "nextRecordsUrl");
            assertThat(next).startsWith(b + "/jobs/ingest?queryLocator=01g");
            Raw.Resp p2 = r.get(next);
            assertThat(p2.body()).startsWith("{\"done\":true,").endsWith("\"nextRecordsUrl\":null}");
            assertThat(p2.body().split("\"id\":")).hasSize(2);
            assertThat(r.get(b + "/jobs/ingest?jobType=Classic").body())
                    .isEqualTo("{\"done\":true,\"records\":[],\"nextRecordsUrl\":null}");
        }
    }
}
