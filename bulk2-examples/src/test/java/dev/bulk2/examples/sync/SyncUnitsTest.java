package dev.bulk2.examples.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.csv.CsvMapping;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
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
    void config_polling_defaultsAndLimits() {
        Map<String, String> env = Map.of(SyncConfig.ENV_CLIENT_SECRET, "x");
        SyncConfig d = SyncConfig.of(minimal(), env, dir);
        assertThat(d.pollInitialDelay).isEqualTo(Duration.ofMillis(200));
        assertThat(d.pollMultiplier).isEqualTo(1.5);
        assertThat(d.pollMaxDelay).isEqualTo(Duration.ofSeconds(10));
        Properties p = minimal();
        p.setProperty("upload.pollInitialDelay", "PT5S");
        p.setProperty("upload.pollMultiplier", "2");
        p.setProperty("upload.pollMaxDelay", "PT1M");
        SyncConfig c = SyncConfig.of(p, env, dir);
        assertThat(c.pollInitialDelay).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.pollMultiplier).isEqualTo(2.0);
        assertThat(c.pollMaxDelay).isEqualTo(Duration.ofMinutes(1));
        Properties q = minimal();
        q.setProperty("upload.pollMultiplier", "0.5");
        assertThatThrownBy(() -> SyncConfig.of(q, env, dir)).isInstanceOf(ConfigException.class)
                .hasMessage("upload.pollMultiplier must be a number from 1.0 to 10.0, got '0.5'");
        Properties r = minimal();
        r.setProperty("upload.pollInitialDelay", "PT30S");
        assertThatThrownBy(() -> SyncConfig.of(r, env, dir)).hasMessage(
                "upload.pollMaxDelay (PT10S) must not be shorter than upload.pollInitialDelay (PT30S)");
        Properties t = minimal();
        t.setProperty("upload.pollInitialDelay", "PT0S");
        assertThatThrownBy(() -> SyncConfig.of(t, env, dir))
                .hasMessage("upload.pollInitialDelay must be positive, got PT0S");
        Properties u = minimal();
        u.setProperty("threshold.maxFailedPercent", "150");
        assertThatThrownBy(() -> SyncConfig.of(u, env, dir))
                .hasMessage("threshold.maxFailedPercent must be a percentage between 0 and 100, got '150'");
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

    @Test
    void erpRow_valuesByPosition_anyCase_columnFollowsEachQuery() {
        ErpRow.Columns first = new ErpRow.Columns(new String[] {"client_id", "last_name", "birth_date"});
        ErpRow.Columns second = new ErpRow.Columns(new String[] {"last_name", "client_id"});
        ErpRow a = new ErpRow("C-1", Instant.EPOCH, true, first, new Object[] {"C-1", "Lovelace",
            LocalDate.of(1815, 12, 10)});
        ErpRow b = new ErpRow("C-2", Instant.EPOCH, true, second, new Object[] {"Turing", "C-2"});
        assertThat(a.get("LAST_NAME")).isEqualTo("Lovelace");
        assertThat(a.get("last_name")).isEqualTo("Lovelace");
        assertThat(a.get("Birth_Date")).isEqualTo(LocalDate.of(1815, 12, 10));
        assertThat(a.get("nope")).isNull();
        assertThat(a.get("NOPE")).isNull();
        assertThat(first.names()).containsExactly("client_id", "last_name", "birth_date");
        ErpRow.Column last = new ErpRow.Column("Last_Name");
        ErpRow.Column birth = new ErpRow.Column("birth_date");
        assertThat(last.get(a)).isEqualTo("Lovelace");
        assertThat(last.get(b)).isEqualTo("Turing");
        assertThat(b.get(last)).isEqualTo("Turing");
        assertThat(last.get(a)).isEqualTo("Lovelace");
        assertThat(birth.get(b)).isNull();
        assertThat(birth.get(a)).isEqualTo(LocalDate.of(1815, 12, 10));
        ErpRow gone = ErpRow.tombstone("C-3", "CLIENT_ID");
        assertThat(gone.tombstone).isTrue();
        assertThat(gone.active).isFalse();
        assertThat(gone.get("client_id")).isEqualTo("C-3");
        assertThat(new ErpRow.Column("client_id").get(gone)).isEqualTo("C-3");
        assertThat(last.get(gone)).isNull();
    }

    @Test
    void csvMapping_writesDatesNullsAndTombstonesAsTheSdkFormatsThem() {
        CsvMapping<Object> sdk = CsvMapping.builder().column("d", x -> x).build();
        List<LocalDate> dates = new ArrayList<>(List.of(LocalDate.of(1815, 12, 10), LocalDate.of(0, 6, 15),
                LocalDate.of(1, 1, 1), LocalDate.of(999, 2, 3), LocalDate.of(9999, 12, 31),
                LocalDate.of(10000, 1, 1), LocalDate.of(-1, 1, 1), LocalDate.MIN, LocalDate.MAX));
        Random random = new Random(42);
        for (int i = 0; i < 20000; i++) {
            dates.add(LocalDate.ofEpochDay(random.nextInt(5_000_000) - 2_500_000));
        }
        for (LocalDate d : dates) {
            assertThat(FieldMapping.text(d)).as("%s", d).isEqualTo(sdk.values(d).get(0));
        }
        assertThat(FieldMapping.text(LocalDate.of(1815, 12, 10))).isEqualTo("1815-12-10");
        assertThat(FieldMapping.text(null)).isNull();
        assertThat(FieldMapping.text(42)).isEqualTo(42);

        SyncConfig c = SyncConfig.of(minimal(), Map.of(SyncConfig.ENV_CLIENT_SECRET, "x"), dir);
        FieldMapping mapping = FieldMapping.load(null);
        CsvMapping<ErpRow> csv = mapping.csvMapping(c, "012000000000001");
        ErpRow.Columns cols = new ErpRow.Columns(new String[] {"client_id", "first_name", "last_name", "email",
            "gender", "phone", "street", "city", "state", "postal_code", "country", "birth_date", "status",
            "updated_at"});
        ErpRow row = new ErpRow("C-1", Instant.EPOCH, true, cols, new Object[] {"C-1", "Ada", "Lovelace",
            "ada@example.com", "Female", null, "1 High Street", "London", null, "01234", "United Kingdom",
            LocalDate.of(1815, 12, 10), "ACTIVE", Instant.EPOCH});
        assertThat(csv.columns()).containsExactly("External_ID__c", "FirstName", "LastName", "PersonEmail",
                "PersonGender", "Phone", "PersonMailingStreet", "PersonMailingCity", "PersonMailingState",
                "PersonMailingPostalCode", "PersonMailingCountry", "PersonBirthdate", "RecordTypeId", "Inactive__c");
        assertThat(csv.values(row)).containsExactly("C-1", "Ada", "Lovelace", "ada@example.com", "Female", "#N/A",
                "1 High Street", "London", "#N/A", "01234", "United Kingdom", "1815-12-10", "012000000000001",
                "false");
        assertThat(csv.values(ErpRow.tombstone("C-2", c.keyColumn))).containsExactly("C-2", "", "", "", "", "", "",
                "", "", "", "", "", "", "true");
    }

    @Test
    void rowCheck_emailTestIsTheRegex() {
        char[] alphabet = {'a', 'Z', '0', '-', '.', '@', '"', ' ', '\t', '\u000B', '\n', '\r', '\u2028', '\u00e9'};
        List<String> texts = new ArrayList<>(List.of("client1@example.com", "client491@@example.com", "a@b.cd",
                "a@b.c", "@b.cd", "a@.cd", "a@b..cd", "a.b@c.d-e", "a@b.cd\n", " a@b.cd", "a@b.c_d", "a@b.😀d",
                "😀@b.cd", "a@b😀.cd", "a\"b@c.de", "a@b.cd.", "a@b.cd.e", "a.b.c@d", "", "@", "a@b.C0"));
        exhaustive(alphabet, 5, texts);
        exhaustive(new char[] {'a', '0', '-', '.', '@', '"', ' '}, 7, texts);
        Random random = new Random(7);
        String usual = "abcxyzABC0189-..";
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < 50000; n++) {
            sb.setLength(0);
            int len = 6 + random.nextInt(20);
            for (int i = 0; i < len; i++) {
                int r = random.nextInt(40);
                sb.append(r == 0 ? alphabet[random.nextInt(alphabet.length)] : r < 3 ? '@'
                        : usual.charAt(random.nextInt(usual.length())));
            }
            texts.add(sb.toString());
        }
        int valid = 0;
        for (String t : texts) {
            boolean regex = RowCheck.EMAIL.matcher(t).matches();
            assertThat(RowCheck.isEmail(t)).as("'%s'", t).isEqualTo(regex);
            valid += regex ? 1 : 0;
        }
        assertThat(valid).isGreaterThan(1000);
    }

    /** Adds every text of up to {@code maxLength} characters of the alphabet. */
    private static void exhaustive(char[] alphabet, int maxLength, List<String> texts) {
        StringBuilder sb = new StringBuilder();
        for (int len = 0; len <= maxLength; len++) {
            int[] digits = new int[len];
            while (true) {
                sb.setLength(0);
                for (int d : digits) {
                    sb.append(alphabet[d]);
                }
                texts.add(sb.toString());
                int i = len - 1;
                while (i >= 0 && ++digits[i] == alphabet.length) {
                    digits[i--] = 0;
                }
                if (i < 0) {
                    break;
                }
            }
        }
    }
}
