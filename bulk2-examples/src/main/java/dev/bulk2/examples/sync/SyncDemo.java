package dev.bulk2.examples.sync;

import dev.bulk2.testkit.Bulk2Emulator;
import dev.bulk2.testkit.FieldSchema;
import dev.bulk2.testkit.FieldType;
import dev.bulk2.testkit.ObjectSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The main job of the README: the production sync ({@link SyncCli}) run twice, end to end, against an embedded
 * H2 ERP (a file database in the state directory, seeded with 3,000 client demographics, a few of them bad) and
 * the in-process Bulk API 2.0 emulator standing in for the org. The first run is a full sync; the demo then
 * changes ERP rows (inserts, updates, deactivations, fixed bad rows) and runs again, incrementally.
 *
 * <p>Argument (optional): the state directory, default {@code target/erp-sync-demo} (emptied first).
 */
public final class SyncDemo {
    /** The record type the demo org has for Person Accounts. */
    static final String RECORD_TYPE = "PersonAccount";
    /** Picklist values of the demo org's PersonGender field. */
    static final List<String> GENDERS = Arrays.asList("Female", "Male", "Non-binary", "Not declared");

    private SyncDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param args optional state directory
     * @throws Exception if the demo cannot run
     */
    public static void main(String[] args) throws Exception {
        SyncCli.oneLineLogs();
        Path state = Path.of(args.length > 0 ? args[0] : "target/erp-sync-demo").toAbsolutePath();
        deleteTree(state);
        Files.createDirectories(state);
        PrintStream out = System.out;
        try (Bulk2Emulator org = startOrg(Bulk2Emulator.builder())) {
            String jdbc = "jdbc:h2:file:" + state.resolve("erp") + ";DB_CLOSE_ON_EXIT=FALSE";
            try (Connection c = DriverManager.getConnection(jdbc, "sa", "")) {
                createAndSeed(c, false);
            }
            Path config = writeConfig(state, jdbc, org, "readBack.enabled=true\nwriteBack.enabled=true\n");
            Map<String, String> env = Map.of(SyncConfig.ENV_CLIENT_SECRET, org.clientSecret());
            out.println("== ERP sync demo: full run (ERP " + jdbc + ", Salesforce emulator " + org.instanceUrl() + ")");
            int first = SyncCli.run(new String[] {"--config", config.toString()}, env, out, System.err, false);
            int changed;
            try (Connection c = DriverManager.getConnection(jdbc, "sa", "")) {
                changed = changeSomeRows(c);
            }
            out.println();
            out.println("== ERP sync demo: " + changed + " ERP rows changed (inserts, updates, deactivations, fixed"
                    + " bad rows); incremental run");
            int second = SyncCli.run(new String[] {"--config", config.toString()}, env, out, System.err, false);
            out.println();
            out.println("Exit codes: " + first + ", " + second + ". Salesforce (emulator) now holds "
                    + org.records("Account").size() + " Accounts. Reports: " + state.resolve("reports"));
            out.println("Configuration used: " + config + " (secret from the environment, not the file)");
            if (first != 0 || second != 0) {
                System.exit(Math.max(first, second));
            }
        }
    }

    /** Starts an emulated org with the fields the sync needs: PersonGender, Inactive__c and a RecordType. */
    static Bulk2Emulator startOrg(Bulk2Emulator.Builder builder) {
        ObjectSchema account = ObjectSchema.account().toBuilder()
                .field(FieldSchema.builder("PersonGender", FieldType.PICKLIST).label("Gender").picklistValues(GENDERS)
                        .restricted(true).build())
                .field(FieldSchema.builder("Inactive__c", FieldType.BOOLEAN).label("Inactive").build())
                .build();
        ObjectSchema recordType = ObjectSchema.builder("RecordType", "012")
                .field(FieldSchema.string("Name", 80))
                .field(FieldSchema.string("DeveloperName", 80))
                .field(FieldSchema.string("SobjectType", 40))
                .field(FieldSchema.of("IsPersonType", FieldType.BOOLEAN))
                .build();
        Bulk2Emulator org = builder.port(0).schema(account, recordType).build().start();
        org.insertRecords("RecordType", List.of(Map.of("Name", "Business Account", "DeveloperName", "Business_Account",
                "SobjectType", "Account", "IsPersonType", "false"), Map.of("Name", "Person Account", "DeveloperName",
                RECORD_TYPE, "SobjectType", "Account", "IsPersonType", "true")));
        return org;
    }

    /** Creates the ERP schema and seeds 3,000 clients (scripts in {@code src/main/resources/erp-sync}). */
    static void createAndSeed(Connection c, boolean postgres) throws SQLException {
        String db = postgres ? "postgresql" : "h2";
        ErpSource.runScript(c, "/erp-sync/schema-" + db + ".sql");
        ErpSource.runScript(c, "/erp-sync/seed-" + db + ".sql");
    }

    /** Writes the demo's properties file (no secret in it) and copies the built-in mapping next to it. */
    static Path writeConfig(Path state, String jdbc, Bulk2Emulator org, String extra) throws IOException {
        Path mapping = state.resolve("mapping.properties");
        try (java.io.InputStream in = SyncDemo.class.getResourceAsStream(FieldMapping.BUILT_IN)) {
            Files.copy(in, mapping, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String props = "# bulk2 ERP sync demo configuration (the client secret comes from BULK2_SYNC_SF_CLIENT_SECRET)\n"
                + "state.dir=" + state.toString().replace("\\", "/") + "\n"
                + "jdbc.url=" + jdbc + "\n"
                + "jdbc.user=sa\n"
                + "sf.url=" + org.instanceUrl() + "\n"
                + "sf.clientId=" + org.clientId() + "\n"
                + "sf.recordTypeDeveloperName=" + RECORD_TYPE + "\n"
                + "mapping.file=mapping.properties\n"
                + "upload.maxRecordsPerJob=1000\n"
                + "report.countCreated=true\n"
                + extra;
        Path file = state.resolve("sync.properties");
        Files.writeString(file, props, StandardCharsets.UTF_8);
        return file;
    }

    /** Inserts 25 clients, updates 100, deactivates 10 and fixes the rows without a last name. */
    static int changeSomeRows(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            int n = 0;
            for (int i = 1; i <= 25; i++) {
                n += s.executeUpdate("INSERT INTO client (client_id, first_name, last_name, email, gender, city,"
                        + " country, birth_date, status, updated_at) VALUES ('C-9" + String.format("%06d", i)
                        + "', 'New', 'Client" + i + "', 'new" + i + "@example.com', 'Female', 'Lyon', 'France',"
                        + " DATE '1990-05-0" + (1 + i % 9) + "', 'ACTIVE', CURRENT_TIMESTAMP)");
            }
            n += s.executeUpdate("UPDATE client SET city = 'Edinburgh', updated_at = CURRENT_TIMESTAMP"
                    + " WHERE client_id BETWEEN 'C-0000101' AND 'C-0000200'");
            n += s.executeUpdate("UPDATE client SET status = 'INACTIVE', updated_at = CURRENT_TIMESTAMP"
                    + " WHERE client_id BETWEEN 'C-0000301' AND 'C-0000310'");
            n += s.executeUpdate("UPDATE client SET last_name = 'Fixed', updated_at = CURRENT_TIMESTAMP"
                    + " WHERE last_name IS NULL");
            return n;
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
