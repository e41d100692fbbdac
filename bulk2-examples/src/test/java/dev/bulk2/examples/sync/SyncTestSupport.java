package dev.bulk2.examples.sync;

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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A test ERP database (H2 file or a fresh PostgreSQL schema) plus helpers to run the CLI and compare stores. */
abstract class SyncTestSupport {
    /** One ERP database for one test. */
    static final class Erp {
        final String url;
        final String user;
        final String password;
        final boolean postgres;

        Erp(String url, String user, String password, boolean postgres) {
            this.url = url;
            this.user = user;
            this.password = password;
            this.postgres = postgres;
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        int update(String sql) throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                return s.executeUpdate(sql);
            }
        }

        List<Map<String, Object>> query(String sql) throws SQLException {
            List<Map<String, Object>> out = new ArrayList<>();
            try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        String name = rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT);
                        Object v = rs.getObject(i);
                        if (name.equals("birth_date") && v != null) {
                            v = rs.getObject(i, LocalDate.class);
                        } else if ((name.equals("updated_at") || name.equals("watermark")) && v != null) {
                            v = rs.getObject(i, OffsetDateTime.class).toInstant();
                        }
                        m.put(name, v);
                    }
                    out.add(m);
                }
            }
            return out;
        }

        Instant watermark() throws SQLException {
            List<Map<String, Object>> r = query("SELECT watermark FROM sync_watermark");
            return r.isEmpty() ? null : (Instant) r.get(0).get("watermark");
        }

        Instant maxUpdatedAt() throws SQLException {
            return (Instant) query("SELECT MAX(updated_at) AS updated_at FROM client").get(0).get("updated_at");
        }
    }

    /** The outcome of one CLI run. */
    static final class Run {
        final int code;
        final String out;
        final String err;

        Run(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    Path state;
    Erp erp;
    Bulk2Emulator org;
    Path config;
    Map<String, String> env = new HashMap<>();

    /** Creates the schema, seeds 3,000 clients, starts the org and writes a configuration. */
    void setUp(Path dir, Erp erp, String extraConfig) throws Exception {
        setUp(dir, erp, extraConfig, dev.bulk2.testkit.FaultPlan.none());
    }

    /** Like {@link #setUp(Path, Erp, String)}, with the emulated org injecting these faults. */
    void setUp(Path dir, Erp erp, String extraConfig, dev.bulk2.testkit.FaultPlan faults) throws Exception {
        setUp(dir, erp, extraConfig, Bulk2Emulator.builder().faults(faults));
    }

    /** Like {@link #setUp(Path, Erp, String)}, with the emulated org built from this builder. */
    void setUp(Path dir, Erp erp, String extraConfig, Bulk2Emulator.Builder orgBuilder) throws Exception {
        this.state = dir;
        this.erp = erp;
        try (Connection c = erp.connect()) {
            SyncDemo.createAndSeed(c, erp.postgres);
        }
        org = SyncDemo.startOrg(orgBuilder);
        config = SyncDemo.writeConfig(state, erp.url, org, "jdbc.user=" + erp.user + "\n" + extraConfig);
        env = new HashMap<>();
        env.put(SyncConfig.ENV_CLIENT_SECRET, org.clientSecret());
        env.put(SyncConfig.ENV_JDBC_PASSWORD, erp.password);
    }

    void tearDown() {
        if (org != null) {
            org.close();
        }
    }

    Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SyncCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Run sync(String... extraArgs) {
        List<String> a = new ArrayList<>(List.of("--config", config.toString()));
        a.addAll(List.of(extraArgs));
        return cli(a.toArray(new String[0]));
    }

    /** @return the report directory named in the run's summary */
    static Path reportDir(Run run) {
        String line = run.out.lines().filter(l -> l.trim().startsWith("report: ")).reduce((a, b) -> b).orElseThrow();
        return Path.of(line.trim().substring("report: ".length()));
    }

    static List<String> csvKeys(Path file) throws Exception {
        return Files.readAllLines(file).stream().skip(1).map(l -> l.split(",", -1)[0]).collect(Collectors.toList());
    }

    /** Keys the local checks reject (no last name, bad e-mail). */
    List<String> badKeys() throws SQLException {
        return erp.query("SELECT client_id FROM client WHERE last_name IS NULL OR email LIKE '%@@%' ORDER BY client_id")
                .stream().map(r -> (String) r.get("client_id")).collect(Collectors.toList());
    }

    String personAccountRecordTypeId() {
        return org.records("RecordType").stream().filter(r -> SyncDemo.RECORD_TYPE.equals(r.get("DeveloperName")))
                .findFirst().orElseThrow().get("Id");
    }

    /**
     * Asserts that Salesforce holds exactly the ERP rows that pass the local checks, field by field (mapped fields,
     * the inactive flag and the record type), independently of the sync's own read-back.
     */
    void assertSalesforceEqualsErp() throws SQLException {
        Map<String, Map<String, String>> stored = new HashMap<>();
        for (Map<String, String> r : org.records("Account")) {
            stored.put(r.get("External_ID__c"), r);
        }
        List<Map<String, Object>> rows = erp.query("SELECT * FROM client WHERE last_name IS NOT NULL"
                + " AND email NOT LIKE '%@@%' ORDER BY client_id");
        assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(
                rows.stream().map(r -> (String) r.get("client_id")).collect(Collectors.toList()));
        String rt = personAccountRecordTypeId();
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("FirstName", "first_name");
        columns.put("LastName", "last_name");
        columns.put("PersonEmail", "email");
        columns.put("PersonGender", "gender");
        columns.put("Phone", "phone");
        columns.put("PersonMailingStreet", "street");
        columns.put("PersonMailingCity", "city");
        columns.put("PersonMailingState", "state");
        columns.put("PersonMailingPostalCode", "postal_code");
        columns.put("PersonMailingCountry", "country");
        columns.put("PersonBirthdate", "birth_date");
        for (Map<String, Object> row : rows) {
            Map<String, String> sf = stored.get((String) row.get("client_id"));
            for (Map.Entry<String, String> e : columns.entrySet()) {
                Object want = row.get(e.getValue());
                assertThat(norm(sf.get(e.getKey()))).as(row.get("client_id") + " " + e.getKey())
                        .isEqualTo(want == null ? "" : want.toString());
            }
            assertThat(sf.get("Inactive__c")).as(row.get("client_id") + " Inactive__c")
                    .isEqualTo(String.valueOf(!"ACTIVE".equals(row.get("status"))));
            assertThat(sf.get("RecordTypeId")).isEqualTo(rt);
        }
    }

    static String norm(String v) {
        return v == null ? "" : v;
    }
}
