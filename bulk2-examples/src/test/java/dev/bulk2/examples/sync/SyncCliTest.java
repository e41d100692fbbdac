package dev.bulk2.examples.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit codes 0/1/2/3, one-line errors, the lock, alerts, help and secrets (on H2). */
class SyncCliTest extends SyncTestSupport {
    @TempDir
    Path dir;

    void start(String extra) throws Exception {
        setUp(dir, new Erp("jdbc:h2:file:" + dir.resolve("erp").toAbsolutePath(), "sa", "", false), extra);
    }

    @AfterEach
    void stop() {
        tearDown();
    }

    private static void assertOneLine(Run run, String expected) {
        assertThat(run.code).as(run.toString()).isEqualTo(SyncJob.CONFIG);
        assertThat(run.err.lines()).as(run.err).hasSize(1);
        assertThat(run.err).contains(expected).doesNotContain("\tat ").doesNotContain("Exception:");
    }

    @Test
    void missingJdbcUrl_exit2_oneLine() throws Exception {
        Path f = dir.resolve("bad.properties");
        Files.writeString(f, "sf.url=https://acme.my.salesforce.com\nsf.clientId=abc\n");
        Run run = cli("--config", f.toString());
        assertOneLine(run, "bulk2-sync: missing setting jdbc.url (or environment variable BULK2_SYNC_JDBC_URL)");
    }

    @Test
    void unknownMappingColumn_exit2_namesColumn() throws Exception {
        start("");
        Files.writeString(state.resolve("mapping.properties"), "External_ID__c = client_id\nLastName = surname\n");
        Run run = sync();
        assertOneLine(run, "unknown ERP column 'surname' (mapped to LastName); table client has [");
        assertThat(org.jobs()).isEmpty();
    }

    @Test
    void unknownRecordType_exit2_fromTheDescribe_noQueryJob() throws Exception {
        start("sf.recordTypeDeveloperName=Household\n");
        Run run = sync();
        assertOneLine(run, "no Account record type with developer name 'Household' (sf.recordTypeDeveloperName)");
        assertThat(org.jobs()).as("looked up in the describe: no query job, no ingest job").isEmpty();
    }

    @Test
    void keyScanFailingBesideTheRead_exit2_oneLine_watermarkKept_runLeftToResume() throws Exception {
        // the org refuses every query job: the key scan (on its own thread, beside the read) fails
        setUp(dir, new Erp("jdbc:h2:file:" + dir.resolve("erp").toAbsolutePath(), "sa", "", false), "",
                dev.bulk2.testkit.Bulk2Emulator.builder().dailyBulkV2QueryJobs(0));
        Run run = sync();
        assertOneLine(run, "key scan query failed: request failed: ");
        assertThat(erp.watermark()).as("a failed run does not move the watermark").isNull();
        assertThat(state.resolve("run").resolve("run.properties")).as("left for the next start to resume").exists();
        assertThat(org.jobs()).noneMatch(j -> j.state().equals("Open"));
    }

    @Test
    void wrongSecret_exit2_authenticationFailed_secretNotPrinted() throws Exception {
        start("");
        env.put(SyncConfig.ENV_CLIENT_SECRET, "not-the-secret-123");
        Run run = sync();
        assertOneLine(run, "cannot log in to Salesforce at " + org.instanceUrl() + ": authentication failed");
        assertThat(run.err + run.out).doesNotContain("not-the-secret-123");
        assertThat(Files.readString(reportDir(run).resolve("summary.json"))).contains("\"exitCode\" : 2")
                .doesNotContain("not-the-secret-123");
    }

    @Test
    void secretInPropertiesFile_exit2() throws Exception {
        start("sf.clientSecret=oops\n");
        Run run = sync();
        assertOneLine(run, "sf.clientSecret must not be in the properties file: set the environment variable"
                + " BULK2_SYNC_SF_CLIENT_SECRET");
    }

    @Test
    void unreachableDatabase_exit2() throws Exception {
        start("");
        env.put("BULK2_SYNC_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/nothing");
        Run run = sync();
        assertOneLine(run, "cannot connect to the ERP database jdbc:postgresql://127.0.0.1:1/nothing");
    }

    @Test
    void concurrentStart_exit3_namesHolder() throws Exception {
        start("");
        try (SyncLock held = SyncLock.acquire(state)) {
            Run run = sync();
            assertThat(run.code).isEqualTo(SyncJob.LOCKED);
            assertThat(run.err).contains("another sync run holds the lock").contains("pid="
                    + ProcessHandle.current().pid()).contains(" host=").contains(" started=");
        }
        assertThat(org.jobs()).isEmpty();
        assertThat(sync().code).isZero(); // released
    }

    @Test
    void staleLockOfDeadProcess_isTakenOver() throws Exception {
        start("");
        Files.writeString(state.resolve("sync.lock"), "pid=999999 host=old-host started=2026-01-01T00:00:00Z");
        Run run = sync();
        assertThat(run.code).as(run.toString()).isZero();
        assertThat(run.out).contains("Took over a stale lock left by a run that died (pid=999999 host=old-host");
        assertThat(Files.readString(reportDir(run).resolve("summary.json")))
                .contains("\"lockTakenOverFrom\" : \"pid=999999 host=old-host");
    }

    @Test
    void failedRun_alertsWebhookAndCommandWithSummary() throws Exception {
        BlockingQueue<String> posted = new ArrayBlockingQueue<>(4);
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/alert", x -> {
            posted.add(x.getRequestMethod() + " " + x.getRequestHeaders().getFirst("Content-Type") + "\n"
                    + new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        hook.start();
        try {
            Path received = dir.resolve("received.json");
            Path script = dir.resolve("alert.sh");
            Files.writeString(script, "#!/bin/sh\ncp \"$1\" '" + received + "'\n");
            start("threshold.maxFailedPercent=0\npreflight.enabled=false\nalert.url=http://127.0.0.1:" // Salesforce fails
                    + hook.getAddress().getPort() + "/alert\nalert.command=sh " + script + "\n");
            erp.update("UPDATE client SET gender = 'Robot' WHERE client_id = 'C-0000005'");
            Run run = sync();
            assertThat(run.code).as(run.toString()).isEqualTo(SyncJob.FAILURES);
            String post = posted.poll(30, TimeUnit.SECONDS);
            assertThat(post).startsWith("POST application/json; charset=UTF-8\n").contains("\"exitCode\" : 1")
                    .contains("\"failed\" : 1").doesNotContain(org.clientSecret());
            assertThat(Files.readString(received)).contains("\"exitCode\" : 1").contains("\"failed\" : 1");
            assertThat(run.out).contains("Alert: webhook http://127.0.0.1:" + hook.getAddress().getPort()
                    + " answered HTTP 204").contains("Alert: command sh exited 0");
            assertThat(Files.readString(reportDir(run).resolve("summary.json")))
                    .contains("answered HTTP 204").contains("command sh exited 0");
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void successfulRun_sendsNoAlert() throws Exception {
        Path script = dir.resolve("alert.sh");
        Path marker = dir.resolve("alerted");
        Files.writeString(script, "#!/bin/sh\ntouch '" + marker + "'\n");
        start("alert.command=sh " + script + "\n");
        Run run = sync();
        assertThat(run.code).isZero();
        assertThat(marker).doesNotExist();
        assertThat(run.out).doesNotContain("Alert:");
    }

    @Test
    void dryRun_printsPlan_sendsNothing() throws Exception {
        start("");
        Run run = sync("--dry-run");
        assertThat(run.code).as(run.toString()).isZero();
        assertThat(run.out).contains("Dry run of sync 'person-accounts' (nothing sent)")
                .contains("3000 rows changed after 1970-01-01T00:00:00Z")
                .contains("upsert Account on External_ID__c, 3 job(s) of at most 1000 records")
                .contains("[External_ID__c, FirstName, LastName, PersonEmail, PersonGender, Phone,"
                        + " PersonMailingStreet, PersonMailingCity, PersonMailingState, PersonMailingPostalCode,"
                        + " PersonMailingCountry, PersonBirthdate, RecordTypeId, Inactive__c]")
                .contains("record type: " + personAccountRecordTypeId())
                .contains("local checks reject " + badKeys().size() + " row(s); the SDK's plan of the rest:")
                .contains("Plan: upsert Account on External_ID__c (COMMA, LF)")
                .contains(String.format(java.util.Locale.ROOT, "%,d records", 3000 - badKeys().size()))
                .contains("checked against the describe")
                .contains("no problems found");
        // the record type comes from the describe: a dry run creates no job at all (it was one query job before)
        assertThat(org.jobs()).isEmpty();
        assertThat(erp.watermark()).isNull();
    }

    @Test
    void help_listsEveryOption() {
        Run run = cli("--help");
        assertThat(run.code).isZero();
        assertThat(run.out).contains("-c, --config=FILE").contains("--dry-run").contains("--submit-only")
                .contains("--full").contains("-h, --help").contains("-V, --version").contains("status")
                .contains("Exit codes: 0 ok, 1 record failures over the threshold, 2");
        Run unknown = cli("--frobnicate");
        assertThat(unknown.code).isEqualTo(SyncJob.CONFIG);
        assertThat(unknown.err.lines()).hasSize(1);
    }

    @Test
    void writeBack_storesSalesforceIdInErp() throws Exception {
        start("writeBack.enabled=true\nreadBack.enabled=true\n");
        Run run = sync();
        assertThat(run.code).isZero();
        assertThat(run.out).contains("read-back differences 0, missing 12 (12 refused by the checks, 0 failed in"
                + " this run, 0 unexplained)");
        assertThat(run.out.lines().filter(l -> l.startsWith("  time ")))
                .as("the run's time and each phase's, in seconds, in the order the phases started")
                .singleElement().asString()
                .matches("  time \\d+\\.\\d\\d s \\(erp-connect \\d+\\.\\d\\d s, salesforce-connect \\d+\\.\\d\\d s, "
                        + "key-scan \\d+\\.\\d\\d s beside the read, read\\+spool \\d+\\.\\d\\d s, .*"
                        + "read-back \\d+\\.\\d\\d s, write-back \\d+\\.\\d\\d s, commit \\d+\\.\\d\\d s\\)");
        String id = org.records("Account").stream().filter(r -> "C-0000001".equals(r.get("External_ID__c")))
                .findFirst().orElseThrow().get("Id");
        assertThat(erp.query("SELECT salesforce_id, synced_at FROM client WHERE client_id = 'C-0000001'").get(0))
                .containsEntry("salesforce_id", id).extractingByKey("synced_at").isNotNull();
    }

    @Test
    void readBack_explainsEachMissingRecord_refusedFailedOrUnexplained() throws Exception {
        // preflight off: Salesforce itself fails the gender its restricted picklist refuses
        start("readBack.enabled=true\npreflight.enabled=false\nthreshold.maxFailedPercent=100\n");
        erp.update("UPDATE client SET gender = 'Robot' WHERE client_id = 'C-0000002'");
        Run first = sync();
        assertThat(first.code).as(first.toString()).isZero();
        assertThat(first.out).contains("rejected 12, sent 2988: 2987 succeeded").contains(", 1 failed,")
                .contains("read-back differences 0, missing 13 (12 refused by the checks, 1 failed in this run,"
                        + " 0 unexplained)");
        String summary = Files.readString(reportDir(first).resolve("summary.json"));
        assertThat(AbstractSyncRunTest.number(summary, "readBackMissing")).isEqualTo(13);
        assertThat(AbstractSyncRunTest.number(summary, "readBackMissingRefused")).isEqualTo(12);
        assertThat(AbstractSyncRunTest.number(summary, "readBackMissingFailed")).isEqualTo(1);
        assertThat(AbstractSyncRunTest.number(summary, "readBackMissingUnexplained")).isZero();
        assertThat(Files.readAllLines(reportDir(first).resolve("differences.csv")))
                .startsWith("erp_key,field,erp_value,salesforce_value,explanation")
                .contains("C-0000002,(record),present,missing,failed in this run: INVALID_OR_NULL_FOR_RESTRICTED_"
                        + "PICKLIST: Gender: bad value for restricted picklist field: Robot (on the retry list after"
                        + " attempt 1)")
                .contains("C-0000487,(record),present,missing,refused by the checks: REQUIRED_FIELD_MISSING Required"
                        + " fields are missing: [LastName] (ERP column last_name is empty)")
                .hasSize(1 + 13);

        // committed late with an updated_at long before the watermark's overlap: no incremental run reads it
        erp.update("INSERT INTO client (client_id, first_name, last_name, email, status, updated_at) VALUES"
                + " ('C-LATE-9', 'Very', 'Late', 'verylate@example.com', 'ACTIVE', TIMESTAMP WITH TIME ZONE"
                + " '2001-01-01 00:00:00+00')");
        Run second = sync();
        assertThat(second.code).as(second.toString()).isZero();
        assertThat(second.out).as("the incremental run re-reads the overlap and the retry list's C-0000002")
                .contains(" (1 from the retry list), rejected 0,")
                .contains("missing 14 (12 refused by the checks, 1 failed in this run, 1 unexplained)")
                .as("committed, but nothing read was newer than the watermark")
                .contains("(unchanged: committed, no row read was newer than it)");
        assertThat(Files.readAllLines(reportDir(second).resolve("differences.csv")))
                .contains("C-LATE-9,(record),present,missing," + ReportWriter.quote(ReadBack.UNEXPLAINED))
                .contains("C-0000002,(record),present,missing,failed in this run: INVALID_OR_NULL_FOR_RESTRICTED_"
                        + "PICKLIST: Gender: bad value for restricted picklist field: Robot (on the retry list after"
                        + " attempt 2)");

        Run full = sync("--full");
        assertThat(full.code).as(full.toString()).isZero();
        assertThat(full.out).contains("missing 13 (12 refused by the checks, 1 failed in this run, 0 unexplained)");
    }
}
