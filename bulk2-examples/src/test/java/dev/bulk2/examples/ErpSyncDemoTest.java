package dev.bulk2.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.testkit.Bulk2Emulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README's main job end to end (emulator + embedded ERP) and checks that nothing is lost. */
class ErpSyncDemoTest {

    @TempDir
    Path out;

    @Test
    void run_sendsEveryChangedClient_reconcilesAndAdvancesWatermark() throws Exception {
        String url = "jdbc:h2:mem:erp-test-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        try (Bulk2Emulator sf = Bulk2Emulator.builder().port(0).build().start();
                ErpDatabase erp = ErpDatabase.open(url, "sa", "")) {
            Instant changedAt = Instant.parse("2026-11-27T22:00:00Z");
            erp.seed(3_000, 7L, changedAt);
            Set<String> valid = new HashSet<>();
            Set<String> invalid = new HashSet<>();
            try (Connection c = DriverManager.getConnection(url, "sa", "");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT client_id, last_name, email FROM client")) {
                while (rs.next()) {
                    boolean bad = rs.getString(2) == null || rs.getString(3).contains("@@");
                    (bad ? invalid : valid).add(rs.getString(1));
                }
            }
            assertThat(invalid).isNotEmpty();

            ByteArrayOutputStream console = new ByteArrayOutputStream();
            ErpSyncDemo.Summary first = ErpSyncDemo.run(sf, erp, out, 1_000,
                    new PrintStream(console, true, StandardCharsets.UTF_8));

            assertThat(first.submitted).isEqualTo(3_000);
            assertThat(first.succeeded).isEqualTo(valid.size());
            assertThat(first.failed).isEqualTo(invalid.size());
            assertThat(first.unprocessed).isZero();
            assertThat(first.reconciled).isTrue();
            assertThat(first.jobs).isEqualTo(3);
            assertThat(first.watermark).isEqualTo(changedAt);
            Set<String> stored = sf.records("Account").stream().map(r -> r.get("External_ID__c"))
                    .collect(Collectors.toSet());
            assertThat(stored).isEqualTo(valid);
            assertThat(first.queriedRows).isEqualTo(valid.size());
            assertThat(lines(out.resolve("failed.csv"))).isEqualTo(invalid.size() + 1);
            assertThat(lines(out.resolve("successful.csv"))).isEqualTo(valid.size() + 1);
            assertThat(console.toString(StandardCharsets.UTF_8))
                    .contains("Submitted 3000: " + valid.size() + " succeeded, " + invalid.size() + " failed")
                    .contains("REQUIRED_FIELD_MISSING").contains("INVALID_EMAIL_ADDRESS")
                    .contains("Reconciled: watermark advanced");

            String someValid = valid.iterator().next();
            Map<String, String> account = sf.records("Account").stream()
                    .filter(r -> someValid.equals(r.get("External_ID__c"))).findFirst().orElseThrow();
            assertThat(account.get("PersonMailingCity")).isNotBlank();
            assertThat(account.get("PersonEmail")).endsWith("@example.com");
            assertThat(account.get("Id")).startsWith("001").hasSize(18);
        }
    }

    private static long lines(Path file) throws Exception {
        try (Stream<String> s = Files.lines(file)) {
            return s.count();
        }
    }
}
