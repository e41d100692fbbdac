package dev.bulk2.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MainAndExtensionTest {
    @RegisterExtension
    final Bulk2EmulatorExtension perTest = Bulk2EmulatorExtension.create();

    @Test
    void perTestExtensionGivesARunningEmulator() {
        Raw raw = new Raw(perTest.emulator());
        assertThat(raw.get(Raw.base() + "/jobs/ingest").status()).isEqualTo(200);
    }

    @Test
    void mainPrintsWhereItListensAndAnswers(@TempDir Path dir) throws Exception {
        Path schema = dir.resolve("schema.json");
        Files.writeString(schema, """
                {"objects": [{"name": "Invoice__c", "keyPrefix": "a0X", "fields": [
                  {"name": "Code__c", "type": "STRING", "length": 20, "externalId": true, "unique": true,
                   "required": true},
                  {"name": "Status__c", "type": "PICKLIST", "values": ["Open", "Paid"], "restricted": true}]}]}
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Bulk2Emulator sf = Bulk2EmulatorMain.start(new String[] {"--port", "0", "--schema", schema.toString(),
                "--faults", "seed=3", "--client-id", "cid", "--client-secret", "csecret"},
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(text).contains("listening on " + sf.instanceUrl(), "client id    : cid",
                    "client secret: csecret", "token URL    : " + sf.instanceUrl() + "/services/oauth2/token");
            Raw raw = new Raw(sf);
            JobSnapshot j = raw.ingest("{\"object\":\"Invoice__c\",\"operation\":\"upsert\","
                    + "\"externalIdFieldName\":\"Code__c\"}", "Code__c,Status__c\nI-1,Open\nI-2,Late\n");
            assertThat(j.numberRecordsFailed()).isEqualTo(1);
            assertThat(sf.records("Invoice__c")).singleElement().satisfies(m ->
                    assertThat(m.get("Id")).startsWith("a0XWs"));
            assertThat(sf.awaitJobState(j.id(), Duration.ofSeconds(1), "JobComplete").state()).isEqualTo("JobComplete");
        }
        assertThatThrownBy(() -> Bulk2EmulatorMain.start(new String[] {"--bogus", "1"}, System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --bogus");
    }
}
