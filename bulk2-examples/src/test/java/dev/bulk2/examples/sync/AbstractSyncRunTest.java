package dev.bulk2.examples.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of the sync CLI against the emulator, on the ERP database each subclass provides. */
abstract class AbstractSyncRunTest extends SyncTestSupport {
    @TempDir
    Path dir;

    abstract Erp newErp(Path dir) throws Exception;

    void start(String extraConfig) throws Exception {
        setUp(dir, newErp(dir), extraConfig);
    }

    @AfterEach
    void stop() {
        tearDown();
    }

    @Test
    void fullThenIncremental_salesforceEqualsErpFieldByField_rejectsReportedWithKey() throws Exception {
        start("");
        List<String> bad = badKeys();
        assertThat(bad).hasSize(12);

        Run first = sync();
        assertThat(first.code).as(first.toString()).isZero();
        assertThat(first.out).contains("(full): exit 0").contains("read 3000 (0 from the retry list), rejected 12,"
                + " sent 2988: 2988 succeeded (2988 created), 0 failed, 0 unprocessed")
                .contains("Z (advanced)");
        assertSalesforceEqualsErp();
        assertThat(erp.watermark()).isEqualTo(erp.maxUpdatedAt());
        Path report = reportDir(first);
        assertThat(csvKeys(report.resolve("rejected.csv"))).containsExactlyInAnyOrderElementsOf(bad);
        assertThat(Files.readString(report.resolve("rejected.csv"))).contains("REQUIRED_FIELD_MISSING")
                .contains("INVALID_EMAIL_ADDRESS");
        String summary = Files.readString(report.resolve("summary.json"));
        assertThat(summary).contains("\"exitCode\" : 0").contains("\"read\" : 3000").contains("\"rejected\" : 12")
                .contains("\"advanced\" : true").contains("\"note\" : \"advanced\"")
                .doesNotContain(org.clientSecret());

        Instant before = erp.watermark();
        int changed;
        try (java.sql.Connection c = erp.connect()) {
            changed = SyncDemo.changeSomeRows(c);
        }
        Run second = sync();
        assertThat(second.code).as(second.toString()).isZero();
        assertThat(second.out).contains("(incremental): exit 0").contains("deactivated 10");
        RunSummary s2 = lastSummary(second);
        assertThat(s2.read).isGreaterThanOrEqualTo(changed).isLessThan(changed + 200); // + rows inside the overlap
        assertSalesforceEqualsErp();
        assertThat(erp.watermark()).isAfter(before).isEqualTo(erp.maxUpdatedAt());
        assertThat(org.records("Account")).hasSize(3000 + 25 - 6); // 6 bad e-mails stay rejected
    }

    @Test
    void failuresOverThreshold_exit1_watermarkStays_retryListResendsUntilSuccess() throws Exception {
        // The SDK's pre-flight would pre-reject the values below (preflight_sdkPreRejects...): with it off,
        // Salesforce itself fails them, as it fails what no describe foresees (validation rules, triggers).
        start("threshold.maxFailedPercent=1\npreflight.enabled=false\n");
        assertThat(sync().code).isZero();
        Instant watermark = erp.watermark();
        // 40 clients get a gender the org's restricted picklist refuses: Salesforce fails them.
        erp.update("UPDATE client SET gender = 'Robot', updated_at = CURRENT_TIMESTAMP"
                + " WHERE client_id BETWEEN 'C-0001001' AND 'C-0001040'");
        Run failed = sync();
        assertThat(failed.code).as(failed.toString()).isEqualTo(SyncJob.FAILURES);
        assertThat(failed.out).contains("40 failed").contains("over the threshold").contains("not moved")
                .contains("(not moved: record failures over the threshold)");
        assertThat(erp.watermark()).isEqualTo(watermark);
        Path report = reportDir(failed);
        List<String> failedKeys = csvKeys(report.resolve("failed.csv"));
        assertThat(failedKeys).hasSize(40).contains("C-0001001", "C-0001040");
        assertThat(Files.readString(report.resolve("failed.csv"))).contains("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
        assertThat(erp.query("SELECT client_id, attempts FROM sync_retry")).hasSize(40)
                .allSatisfy(r -> assertThat(((Number) r.get("attempts")).intValue()).isEqualTo(1));

        // Fixed in the ERP without a new updated_at (as a bulk repair might): only the retry list brings them.
        erp.update("UPDATE client SET gender = 'Female' WHERE gender = 'Robot'");
        erp.update("UPDATE sync_watermark SET watermark = (SELECT MAX(updated_at) FROM client)");
        Run retried = sync();
        assertThat(retried.code).as(retried.toString()).isZero();
        assertThat(lastSummary(retried).fromRetryList).isEqualTo(40);
        assertThat(erp.query("SELECT * FROM sync_retry")).isEmpty();
        assertSalesforceEqualsErp();
    }

    @Test
    void retryList_givesUpAfterMaxRuns() throws Exception {
        start("threshold.maxFailedPercent=100\nretry.maxRuns=2\npreflight.enabled=false\n"); // Salesforce fails them
        erp.update("UPDATE client SET gender = 'Robot' WHERE client_id IN ('C-0000002', 'C-0000003')");
        Run one = sync();
        assertThat(one.code).as(one.toString()).isZero();
        assertThat(erp.query("SELECT * FROM sync_retry")).hasSize(2);
        Run two = sync();
        assertThat(two.code).isZero();
        assertThat(two.out).contains("giving up on C-0000002 after 2 runs");
        assertThat(lastSummary(two).givenUp).isEqualTo(2);
        assertThat(Files.readString(reportDir(two).resolve("failed.csv"))).contains("C-0000003,").contains(",2,true");
        assertThat(erp.query("SELECT * FROM sync_retry")).isEmpty();
    }

    @Test
    void faultsInjected_fullThenIncremental_salesforceEqualsErp_nothingOpen() throws Exception {
        // 5xx answers, 429s, uploads lost mid-body, result downloads cut, expiring tokens and lock errors on rows
        setUp(dir, newErp(dir), "", dev.bulk2.testkit.FaultPlan.parse("seed=7,serverErrorRate=0.05,"
                + "throttleRate=0.05,dropUploadRate=0.2,dropDownloadRate=0.1,expireTokenEveryNRequests=25,"
                + "lockErrorRate=0.02"));
        Run full = sync();
        assertThat(full.code).as(full.toString()).isZero();
        assertThat(full.out).contains("sent 2988: 2988 succeeded").contains("reconciled true");
        erp.update("UPDATE client SET city = 'Faulty', updated_at = CURRENT_TIMESTAMP"
                + " WHERE client_id BETWEEN 'C-0000100' AND 'C-0000399'");
        Run incremental = sync();
        assertThat(incremental.code).as(incremental.toString()).isZero();
        assertThat(incremental.out).contains("reconciled true").contains(" 0 failed, 0 unprocessed");
        assertSalesforceEqualsErp();
        assertThat(org.records("Account").stream().filter(r -> "Faulty".equals(r.get("PersonMailingCity"))))
                .hasSize(300 - (int) badKeys().stream().filter(k -> k.compareTo("C-0000100") >= 0
                        && k.compareTo("C-0000399") <= 0).count());
        assertThat(org.jobs()).allSatisfy(j -> assertThat(j.state()).as(j.id()).isNotEqualTo("Open"));
        assertThat(erp.watermark()).isEqualTo(erp.maxUpdatedAt());
    }

    @Test
    void budgetExceeded_isOneLineExit2_beforeAnyUpsertJob_watermarkStays() throws Exception {
        // the org has no Bulk API batch left today: the SDK's pre-flight of the first segment stops the run
        setUp(dir, newErp(dir), "", dev.bulk2.testkit.Bulk2Emulator.builder().dailyBulkApiBatches(0));
        Run run = sync();
        assertThat(run.code).as(run.toString()).isEqualTo(SyncJob.CONFIG);
        assertThat(run.err.lines()).hasSize(1);
        assertThat(run.err).startsWith("bulk2-sync: upsert of segment ").contains("DailyBulkApiBatches");
        assertThat(org.jobs()).noneMatch(j -> "upsert".equals(j.operation()));
        assertThat(erp.watermark()).isNull();
        assertThat(state.resolve("run/run.properties")).exists(); // the next start resumes, once batches are left
    }

    @Test
    void statusNoWait_printsJobsWhileProcessing_changesNothing_collectsOnceFinished() throws Exception {
        // a segment holds its slot until its job is finished: three slots, so all three are uploaded while paused;
        // no Bulk query either while paused: the record type is configured by id and the key scan is off
        start("upload.maxConcurrentJobs=3\nhardDeletes.detect=false\nupload.timeout=PT60S\n");
        Files.writeString(config, "sf.recordTypeId=" + personAccountRecordTypeId() + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        org.pauseProcessing(); // closed jobs stay UploadComplete until resumed
        Run submitted = sync("--submit-only");
        assertThat(submitted.code).as(submitted.toString()).isZero();
        assertThat(submitted.out).contains("submitted 3 job(s)")
                .contains("(not moved yet: 'status' moves it when it collects the jobs)");
        Run peek = cli("status", "--no-wait", "--config", config.toString());
        assertThat(peek.code).as(peek.toString()).isZero();
        assertThat(peek.out).contains("3 segment(s)").contains("seg-0000.journal 750")
                .contains(": UploadComplete, 0 processed, 0 failed")
                .contains("0 of 3 job(s) finished; run 'status' again later (nothing was changed)")
                .doesNotContain("Collecting");
        assertThat(peek.out.lines().filter(l -> l.contains(": UploadComplete,"))).hasSize(3);
        assertThat(erp.watermark()).isNull();
        assertThat(state.resolve("run/run.properties")).exists();
        assertThat(org.jobs().stream().filter(j -> "upsert".equals(j.operation()))).hasSize(3);

        org.resumeProcessing();
        for (dev.bulk2.testkit.JobSnapshot j : org.jobs()) {
            if ("upsert".equals(j.operation())) {
                org.awaitJobState(j.id(), Duration.ofSeconds(60), "JobComplete");
            }
        }
        Run done = cli("status", "--no-wait", "--config", config.toString());
        assertThat(done.code).as(done.toString()).isZero();
        assertThat(done.out).contains("every job is finished: collecting the run").contains("Collecting run")
                .contains("sent 2988: 2988 succeeded");
        assertThat(erp.watermark()).isEqualTo(erp.maxUpdatedAt());
        assertThat(state.resolve("run")).doesNotExist();
        assertThat(org.jobs().stream().filter(j -> "upsert".equals(j.operation()))).hasSize(3); // nothing sent again
        assertSalesforceEqualsErp();
    }

    @Test
    void lateCommittedRowInsideOverlap_isSent_olderThanOverlapIsNot() throws Exception {
        start("sync.overlap=PT10M\n");
        assertThat(sync().code).isZero();
        Instant wm = erp.watermark();
        String inside = java.time.OffsetDateTime.ofInstant(wm.minus(Duration.ofMinutes(5)), java.time.ZoneOffset.UTC)
                .toString();
        String outside = java.time.OffsetDateTime.ofInstant(wm.minus(Duration.ofMinutes(20)),
                java.time.ZoneOffset.UTC).toString();
        erp.update("INSERT INTO client (client_id, first_name, last_name, email, status, updated_at) VALUES"
                + " ('C-LATE-1', 'Late', 'Committer', 'late@example.com', 'ACTIVE', TIMESTAMP WITH TIME ZONE '"
                + inside.replace('T', ' ') + "')");
        erp.update("INSERT INTO client (client_id, first_name, last_name, email, status, updated_at) VALUES"
                + " ('C-LATE-2', 'Very', 'Late', 'verylate@example.com', 'ACTIVE', TIMESTAMP WITH TIME ZONE '"
                + outside.replace('T', ' ') + "')");
        Run second = sync();
        assertThat(second.code).as(second.toString()).isZero();
        List<String> stored = org.records("Account").stream().map(r -> r.get("External_ID__c"))
                .collect(Collectors.toList());
        assertThat(stored).contains("C-LATE-1").doesNotContain("C-LATE-2");
        assertThat(erp.watermark()).isEqualTo(wm); // nothing newer than the watermark arrived
    }

    @Test
    void deactivationModeDelete_deletesBySalesforceId_andCountsMissingOnes() throws Exception {
        start("deactivation.mode=delete\n");
        assertThat(sync().code).isZero();
        erp.update("UPDATE client SET status = 'INACTIVE', updated_at = CURRENT_TIMESTAMP"
                + " WHERE client_id IN ('C-0000010', 'C-0000011', 'C-0000487')"); // 487 was never sent (no name)
        Run second = sync();
        assertThat(second.code).as(second.toString()).isZero();
        assertThat(second.out).contains("deletes 2/3 (1 not found, 0 failed)");
        assertThat(org.deletedRecords("Account").stream().map(r -> r.get("External_ID__c")))
                .containsExactlyInAnyOrder("C-0000010", "C-0000011");
        assertThat(org.records("Account").stream().map(r -> r.get("External_ID__c")))
                .doesNotContain("C-0000010", "C-0000011");
    }

    @Test
    void submitOnly_thenStatus_collectsAndMovesWatermark() throws Exception {
        start("");
        Run submitted = sync("--submit-only");
        assertThat(submitted.code).as(submitted.toString()).isZero();
        assertThat(submitted.out).contains("submitted 3 job(s)");
        assertThat(erp.watermark()).isNull();
        assertThat(state.resolve("run/run.properties")).exists();
        Run blocked = sync();
        assertThat(blocked.code).isEqualTo(SyncJob.CONFIG);
        assertThat(blocked.err).contains("run the 'status' command first");

        Run status = cli("status", "--config", config.toString());
        assertThat(status.code).as(status.toString()).isZero();
        assertThat(status.out).contains("sent 2988: 2988 succeeded");
        assertThat(erp.watermark()).isEqualTo(erp.maxUpdatedAt());
        assertThat(state.resolve("run/run.properties")).doesNotExist();
        assertSalesforceEqualsErp();
        assertThat(cli("status", "--config", config.toString()).out).contains("No pending --submit-only run");
    }

    @Test
    void preflightOff_spoolsNoKeyLists_keepsThemWithPreflightOn() throws Exception {
        start("preflight.enabled=false\n");
        Run submitted = sync("--submit-only");
        assertThat(submitted.code).as(submitted.toString()).isZero();
        assertThat(runFiles()).anyMatch(n -> n.matches("seg-\\d+\\.csv")).as("no pre-flight, no pre-rejects to name")
                .noneMatch(n -> n.endsWith(".keys"));
        Run status = cli("status", "--config", config.toString());
        assertThat(status.code).as(status.toString()).isZero();
        assertThat(state.resolve("run/run.properties")).doesNotExist();

        java.nio.file.Files.writeString(config, java.nio.file.Files.readString(config)
                .replace("preflight.enabled=false", "preflight.enabled=true"));
        Run again = sync("--full", "--submit-only"); // every row again, now with the pre-flight
        assertThat(again.code).as(again.toString()).isZero();
        assertThat(runFiles()).anyMatch(n -> n.matches("seg-\\d+\\.keys"));
        assertThat(cli("status", "--config", config.toString()).code).isZero();
    }

    private List<String> runFiles() throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(state.resolve("run"))) {
            return files.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toList());
        }
    }

    private java.util.Map<String, String> stored(String key) {
        return org.records("Account").stream().filter(r -> key.equals(r.get("External_ID__c"))).findFirst()
                .orElseThrow(() -> new AssertionError(key + " not in Salesforce"));
    }

    @Test
    void hardDeletes_fullRunKeyScan_flagsGoneClientsInactive_neverSilently() throws Exception {
        start("");
        assertThat(sync().code).isZero();
        String lastName = stored("C-0000020").get("LastName");
        erp.update("DELETE FROM client WHERE client_id IN ('C-0000020', 'C-0000021')");
        Run incremental = sync();
        assertThat(incremental.code).as(incremental.toString()).isZero();
        assertThat(number(Files.readString(reportDir(incremental).resolve("summary.json")), "hardDeleted")).isZero();
        assertThat(stored("C-0000020").get("Inactive__c")).isEqualTo("false"); // no key scan on incremental runs

        Run full = sync("--full");
        assertThat(full.code).as(full.toString()).isZero();
        assertThat(full.out).contains("full key scan: 2 client(s) gone from the ERP");
        String json = Files.readString(reportDir(full).resolve("summary.json"));
        assertThat(json).contains("\"fullKeyScan\" : true").contains("\"hardDeleted\" : 2")
                .contains("\"reconciled\" : true");
        assertThat(number(json, "read")).isEqualTo(2998); // read + hardDeleted = sent + rejected
        assertThat(number(json, "sent")).isEqualTo(2998 - 12 + 2);
        for (String k : List.of("C-0000020", "C-0000021")) {
            assertThat(stored(k).get("Inactive__c")).as(k).isEqualTo("true");
        }
        assertThat(stored("C-0000020").get("LastName")).isEqualTo(lastName); // only the flag changed
        Run again = sync("--full");
        assertThat(number(Files.readString(reportDir(again).resolve("summary.json")), "hardDeleted")).isZero();
    }

    @Test
    void hardDeletes_deleteMode_bulkDeletesBySalesforceId() throws Exception {
        start("deactivation.mode=delete\n");
        assertThat(sync().code).isZero();
        erp.update("DELETE FROM client WHERE client_id IN ('C-0000030', 'C-0000031', 'C-0000032')");
        Run full = sync("--full");
        assertThat(full.code).as(full.toString()).isZero();
        assertThat(full.out).contains("deletes 3/3 (0 not found, 0 failed)").contains("3 client(s) gone");
        assertThat(org.deletedRecords("Account").stream().map(r -> r.get("External_ID__c")))
                .containsExactlyInAnyOrder("C-0000030", "C-0000031", "C-0000032");
        assertThat(org.records("Account")).hasSize(2988 - 3);
    }

    @Test
    void fullRunInterval_incrementalUntilDue_thenFullWithKeyScan() throws Exception {
        start("fullRun.interval=P7D\n");
        assertThat(sync().out).contains("(full): exit 0");
        Run second = sync();
        assertThat(second.out).contains("(incremental): exit 0").doesNotContain("full key scan");
        erp.update("UPDATE sync_run SET last_full_at = last_full_at - INTERVAL '8' DAY");
        Run due = sync();
        assertThat(due.code).as(due.toString()).isZero();
        assertThat(due.out).contains("(full): exit 0").contains("full key scan: 0 client(s)");
    }

    @Test
    void preflight_tooLongValuePreRejected_unknownSalesforceFieldIsConfigError() throws Exception {
        start("");
        erp.update(erp.postgres ? "ALTER TABLE client ALTER COLUMN city TYPE VARCHAR(100)"
                : "ALTER TABLE client ALTER COLUMN city VARCHAR(100)");
        erp.update("UPDATE client SET city = '" + "Llanfairpwllgwyngyllgogerychwyrndrobwllll" + "antysiliogogogoch'"
                + " WHERE client_id = 'C-0000042'");
        Run run = sync();
        assertThat(run.code).as(run.toString()).isZero();
        String rejected = Files.readString(reportDir(run).resolve("rejected.csv"));
        assertThat(rejected).contains("C-0000042,STRING_TOO_LONG,")
                .contains("PersonMailingCity: data value too large: 58 characters, max 40");
        assertThat(org.records("Account")).noneMatch(r -> "C-0000042".equals(r.get("External_ID__c")));

        Files.writeString(state.resolve("mapping.properties"), "Nickname__c = city\n",
                java.nio.file.StandardOpenOption.APPEND);
        Run bad = sync();
        assertThat(bad.code).isEqualTo(SyncJob.CONFIG);
        assertThat(bad.err.trim()).isEqualTo("bulk2-sync: the org's Account has no field Nickname__c (mapping or"
                + " deactivation.field); fields are checked with the object's describe");
    }

    @Test
    void preflight_sdkPreRejectsWhatTheDescribeRefuses_keyAndReasonInRejectedCsv_nothingSentForThem() throws Exception {
        start("");
        assertThat(sync().code).isZero();
        Map<String, String> before = org.records("Account").stream()
                .filter(r -> "C-0001002".equals(r.get("External_ID__c"))).findFirst().orElseThrow();
        // a gender the org's restricted picklist does not have: the describe says so, so nothing is sent for them
        erp.update("UPDATE client SET gender = 'Robot', updated_at = CURRENT_TIMESTAMP"
                + " WHERE client_id IN ('C-0001001', 'C-0001002', 'C-0001003')");
        erp.update("UPDATE client SET city = 'Leeds', updated_at = CURRENT_TIMESTAMP WHERE client_id = 'C-0001004'");
        int jobsBefore = org.jobs().size();
        Run run = sync();
        assertThat(run.code).as(run.toString()).isZero();
        String json = Files.readString(reportDir(run).resolve("summary.json"));
        assertThat(number(json, "read")).isGreaterThanOrEqualTo(4);
        long rejected = number(json, "rejected"); // the 3, and any locally rejected row inside the overlap window
        assertThat(number(json, "read")).isEqualTo(number(json, "sent") + rejected);
        List<String> lines = Files.readAllLines(reportDir(run).resolve("rejected.csv"));
        assertThat(lines).hasSize((int) rejected + 1);
        assertThat(lines.stream().filter(l -> l.contains(",INVALID_VALUE,")).map(l -> l.split(",", -1)[0]))
                .containsExactly("C-0001001", "C-0001002", "C-0001003");
        assertThat(lines).contains("C-0001002,INVALID_VALUE,A value not in the restricted picklist PersonGender"
                + " (" + SyncDemo.GENDERS.size() + " active values).,PersonGender");
        assertThat(run.out).contains("rejected " + rejected + ", sent " + number(json, "sent"));
        Map<String, String> after = org.records("Account").stream()
                .filter(r -> "C-0001002".equals(r.get("External_ID__c"))).findFirst().orElseThrow();
        assertThat(after.get("PersonGender")).isEqualTo(before.get("PersonGender")).isNotEqualTo("Robot");
        assertThat(org.records("Account")).anySatisfy(r -> assertThat(r).containsEntry("External_ID__c",
                "C-0001004").containsEntry("PersonMailingCity", "Leeds"));
        assertThat(org.jobs().size()).isGreaterThan(jobsBefore); // the good rows went
        assertThat(erp.watermark()).isEqualTo(erp.maxUpdatedAt());
    }

    /** Reads the counters back from the run's summary.json. */
    static RunSummary lastSummary(Run run) throws Exception {
        String json = Files.readString(reportDir(run).resolve("summary.json"));
        RunSummary s = new RunSummary();
        s.read = number(json, "read");
        s.fromRetryList = number(json, "fromRetryList");
        s.givenUp = number(json, "givenUp");
        return s;
    }

    static long number(String json, String field) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + field + "\" : (\\d+)").matcher(json);
        assertThat(m.find()).as(field + " in " + json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
