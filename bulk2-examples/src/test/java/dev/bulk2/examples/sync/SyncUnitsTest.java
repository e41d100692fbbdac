package dev.bulk2.examples.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.testkit.FakeClock;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration, mapping file, plain progress lines, CSV quoting and report retention. */
class SyncUnitsTest {
    @TempDir
    Path dir;

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static Properties minimal() {
        return props("jdbc.url", "jdbc:h2:mem:x;PASSWORD=hunter2", "sf.url", "https://acme.my.salesforce.com",
                "sf.clientId", "client-1");
    }

    @Test
    void config_environmentOverridesFile_secretsFromEnv_redactedInToString() {
        SyncConfig c = SyncConfig.of(minimal(), Map.of("BULK2_SYNC_SF_CLIENTID", "from-env",
                SyncConfig.ENV_CLIENT_SECRET, "s3cr3t", SyncConfig.ENV_JDBC_PASSWORD, "pw-123",
                "BULK2_SYNC_SYNC_OVERLAP", "PT30M"), dir);
        assertThat(c.clientId).isEqualTo("from-env");
        assertThat(c.clientSecret).isEqualTo("s3cr3t");
        assertThat(c.overlap).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.stateDir).isEqualTo(dir.resolve("sync-state"));
        assertThat(c.toString()).doesNotContain("s3cr3t").doesNotContain("pw-123").doesNotContain("hunter2")
                .contains("clientSecret=***").contains("PASSWORD=***");
    }

    @Test
    void config_secretFromFile() throws Exception {
        Files.writeString(dir.resolve("secret.txt"), "file-secret\n");
        Properties p = minimal();
        p.setProperty("sf.clientSecretFile", "secret.txt");
        assertThat(SyncConfig.of(p, Map.of(), dir).clientSecret).isEqualTo("file-secret");
    }

    @Test
    void config_badValues_oneLineNamingTheKey() {
        Map<String, String> env = Map.of(SyncConfig.ENV_CLIENT_SECRET, "x");
        Properties p = minimal();
        p.setProperty("sync.overlap", "10 minutes");
        assertThatThrownBy(() -> SyncConfig.of(p, env, dir)).isInstanceOf(ConfigException.class)
                .hasMessage("sync.overlap must be an ISO-8601 duration such as PT10M, got '10 minutes'");
        Properties q = minimal();
        q.setProperty("deactivation.mode", "shred");
        assertThatThrownBy(() -> SyncConfig.of(q, env, dir))
                .hasMessage("deactivation.mode must be one of [update-field, delete], got 'shred'");
        Properties r = minimal();
        r.setProperty("jdbc.ur", "typo");
        assertThatThrownBy(() -> SyncConfig.of(r, env, dir)).hasMessage("unknown setting 'jdbc.ur' in the configuration file");
        assertThatThrownBy(() -> SyncConfig.of(minimal(), Map.of(), dir)).hasMessage(
                "missing secret: set the environment variable BULK2_SYNC_SF_CLIENT_SECRET or name a file in"
                        + " sf.clientSecretFile");
        Properties s = minimal();
        s.setProperty("jdbc.url", "jdbc:mysql://x");
        assertThatThrownBy(() -> SyncConfig.of(s, env, dir)).hasMessageStartingWith("jdbc.url must be an H2");
    }

    @Test
    void mapping_syntaxErrorsNameTheLine() {
        assertThatThrownBy(() -> FieldMapping.parse(new BufferedReader(new StringReader(
                "# c\nExternal_ID__c = client_id\nLastName last_name\n")), "m.properties"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("m.properties line 3: expected 'SalesforceField = erp_column', got 'LastName last_name'");
        assertThatThrownBy(() -> FieldMapping.parse(new BufferedReader(new StringReader(
                "LastName = a\nLastName = b\n")), "m")).hasMessage("m line 2: field LastName is mapped twice");
    }

    @Test
    void mapping_mustMapExternalIdToKey_andNotReservedFields() throws Exception {
        SyncConfig c = SyncConfig.of(minimal(), Map.of(SyncConfig.ENV_CLIENT_SECRET, "x"), dir);
        FieldMapping m = FieldMapping.parse(new BufferedReader(new StringReader("LastName = last_name\n")), "m");
        assertThatThrownBy(() -> m.validate(List.of("client_id", "last_name"), c))
                .hasMessage("m: External_ID__c must be mapped to the key column client_id");
        FieldMapping r = FieldMapping.parse(new BufferedReader(new StringReader(
                "External_ID__c = client_id\nInactive__c = status\n")), "m");
        assertThatThrownBy(() -> r.validate(List.of("client_id", "status"), c))
                .hasMessageStartingWith("m: do not map Inactive__c");
    }

    @Test
    void plainProgress_printsAtMostEveryInterval() {
        FakeClock clock = FakeClock.of(Instant.EPOCH);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress p = new Progress.Lines(new PrintStream(bytes, true, StandardCharsets.UTF_8), clock,
                Duration.ofSeconds(5))) {
            p.start("sync", 10);
            for (int i = 1; i <= 10; i++) {
                clock.advance(Duration.ofSeconds(1));
                p.step();
            }
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("sync: 0/10", "sync: 5/10", "sync: 10/10", "sync: 10/10 done");
    }

    @Test
    void csvQuoting_andRetentionKeepsNewest() throws Exception {
        assertThat(ReportWriter.quote("a,b")).isEqualTo("\"a,b\"");
        assertThat(ReportWriter.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ReportWriter.quote(null)).isEmpty();
        for (String id : List.of("20260101T000000000Z-full-a", "20260102T000000000Z-full-b",
                "20260103T000000000Z-full-c")) {
            Files.createDirectories(dir.resolve(id));
            Files.writeString(dir.resolve(id).resolve("summary.json"), "{}");
        }
        ReportWriter.applyRetention(dir, 2);
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "20260102T000000000Z-full-b", "20260103T000000000Z-full-c");
        }
    }
}
