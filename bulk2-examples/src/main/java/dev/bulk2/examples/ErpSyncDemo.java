package dev.bulk2.examples;

import dev.bulk2.auth.ClientCredentialsAuth;
import dev.bulk2.core.BulkClient;
import dev.bulk2.core.JobInfo;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.ingest.IngestListener;
import dev.bulk2.core.ingest.IngestResult;
import dev.bulk2.core.ingest.RecordRetryPolicy;
import dev.bulk2.core.query.QueryRows;
import dev.bulk2.csv.CsvMapping;
import dev.bulk2.csv.FailedRecord;
import dev.bulk2.csv.NullValue;
import dev.bulk2.testkit.Bulk2Emulator;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The main job of the README: a small version of the nightly ERP to Salesforce sync, run end to end against the
 * embedded Bulk API 2.0 emulator and an embedded (H2) ERP database.
 *
 * <p>It seeds the ERP with client demographics, streams the rows changed since the last watermark over JDBC,
 * maps them to Person Account fields, upserts them on {@code External_ID__c} with one fluent call (split into
 * several jobs), prints progress, writes the result files, checks that every record is accounted for, advances
 * the watermark only when the run reconciles, and finally reads the accounts back with a bulk query.
 *
 * <p>Arguments (all optional): {@code --clients N} (default 25,000), {@code --out DIR} (default
 * {@code target/erp-sync}), {@code --records-per-job N} (default 10,000).
 */
public final class ErpSyncDemo {
    static final String SYNC_NAME = "person-accounts";

    /** Person Account columns of the upload, in order. */
    static final CsvMapping<ErpClient> MAPPING = CsvMapping.<ErpClient>builder()
            .column("External_ID__c", c -> c.clientId)
            .column("Salutation", c -> c.salutation)
            .column("FirstName", c -> c.firstName)
            .column("LastName", c -> c.lastName)
            .column("PersonEmail", c -> c.email)
            .dateColumn("PersonBirthdate", c -> c.birthDate, NullValue.SET_NULL)
            .column("PersonMobilePhone", c -> c.mobile, NullValue.SET_NULL)
            .column("PersonMailingStreet", c -> c.street)
            .column("PersonMailingCity", c -> c.city)
            .column("PersonMailingState", c -> c.state, NullValue.SET_NULL)
            .column("PersonMailingPostalCode", c -> c.postalCode)
            .column("PersonMailingCountry", c -> c.country)
            .booleanColumn("PersonHasOptedOutOfEmail", c -> c.optedOutOfEmail)
            .column("Marital_Status__pc", c -> c.maritalStatus, NullValue.SET_NULL)
            .build();

    private ErpSyncDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param args see the class documentation
     * @throws Exception if the demo cannot run
     */
    public static void main(String[] args) throws Exception {
        int clients = 25_000;
        Path out = Path.of("target", "erp-sync");
        long recordsPerJob = 10_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients":
                    clients = Integer.parseInt(args[++i]);
                    break;
                case "--out":
                    out = Path.of(args[++i]);
                    break;
                case "--records-per-job":
                    recordsPerJob = Long.parseLong(args[++i]);
                    break;
                default:
                    System.err.println("Unknown argument " + args[i]
                            + "; usage: ErpSyncDemo [--clients N] [--out DIR] [--records-per-job N]");
                    System.exit(2);
            }
        }
        try (Bulk2Emulator salesforce = Bulk2Emulator.builder().port(0).build().start();
                ErpDatabase erp = ErpDatabase.open("jdbc:h2:mem:erp;DB_CLOSE_DELAY=-1", "sa", "")) {
            erp.seed(clients, 42L, Instant.parse("2026-11-27T22:00:00Z"));
            Summary s = run(salesforce, erp, out, recordsPerJob, System.out);
            System.exit(s.reconciled ? 0 : 1);
        }
    }

    /** What one run did; used by the demo's own test. */
    static final class Summary {
        long submitted;
        long succeeded;
        long failed;
        long unprocessed;
        boolean reconciled;
        int jobs;
        long queriedRows;
        Instant watermark;
    }

    /**
     * One sync run.
     *
     * @param salesforce the emulator standing in for the org
     * @param erp the ERP database
     * @param out where result files go
     * @param recordsPerJob part size in records
     * @param console where progress goes
     * @return the summary
     * @throws Exception on failure
     */
    static Summary run(Bulk2Emulator salesforce, ErpDatabase erp, Path out, long recordsPerJob, PrintStream console)
            throws Exception {
        ClientCredentialsAuth auth = ClientCredentialsAuth.builder()
                .tokenUrl(salesforce.tokenUrl())
                .clientId(salesforce.clientId())
                .clientSecret(salesforce.clientSecret())
                .build();
        Summary summary = new Summary();
        try (BulkClient client = BulkClient.builder().auth(auth).build()) {
            Instant since = erp.watermark(SYNC_NAME);
            console.printf("ERP sync: Salesforce emulator at %s; sending clients changed after %s%n",
                    salesforce.instanceUrl(), since);
            AtomicLong processed = new AtomicLong();
            IngestListener progress = new IngestListener() {
                @Override
                public void onJobCreated(int round, int partIndex, JobInfo job) {
                    console.printf("  part %d -> job %s created%n", partIndex + 1, job.id());
                }

                @Override
                public void onJobStateChanged(JobInfo job) {
                    console.printf("  job %s: %s (%d processed, %d failed)%n", job.id(), job.state().apiName(),
                            job.numberRecordsProcessed(), job.numberRecordsFailed());
                }

                @Override
                public void onRetryRound(int round, long delayMillis) {
                    console.printf("  retry round %d for lock errors in %d ms%n", round, delayMillis);
                }
            };
            Instant maxChanged;
            IngestResult result;
            try (Stream<ErpClient> changed = erp.changedSince(since)) {
                AtomicLong newest = new AtomicLong(since.toEpochMilli());
                Stream<ErpClient> tracked = changed.peek(c -> {
                    processed.incrementAndGet();
                    newest.accumulateAndGet(c.updatedAt.toEpochMilli(), Math::max);
                });
                result = client.ingest("Account")
                        .upsert("External_ID__c")
                        .maxRecordsPerJob(recordsPerJob)
                        .maxConcurrentJobs(2)
                        .recordRetryPolicy(RecordRetryPolicy.lockErrors())
                        .pollingPolicy(PollingPolicy.builder().initialDelay(Duration.ofMillis(200))
                                .maxDelay(Duration.ofSeconds(2)).build())
                        .listener(progress)
                        .upload(tracked, MAPPING)
                        .awaitCompletion(Duration.ofMinutes(10));
                maxChanged = Instant.ofEpochMilli(newest.get());
            }
            Files.createDirectories(out);
            result.writeTo(out);
            summary.submitted = result.recordsSubmitted();
            summary.succeeded = result.recordsSucceeded();
            summary.failed = result.recordsFailed();
            summary.unprocessed = result.recordsUnprocessed();
            summary.reconciled = result.isReconciled();
            summary.jobs = result.jobs().size();

            console.printf("%nRead %d clients from the ERP, %d jobs, %d API calls, %s elapsed%n", processed.get(),
                    summary.jobs, result.stats().apiCalls(), result.stats().elapsed());
            console.printf("Submitted %d: %d succeeded, %d failed, %d unprocessed%n", summary.submitted,
                    summary.succeeded, summary.failed, summary.unprocessed);
            Map<String, Long> byCode = new TreeMap<>();
            try (Stream<FailedRecord> failed = result.failedRecords()) {
                failed.forEach(f -> byCode.merge(f.error().code(), 1L, Long::sum));
            }
            byCode.forEach((code, n) -> console.printf("  %6d x %s%n", n, code));
            console.printf("Result files: %s%n", out.toAbsolutePath());

            if (summary.reconciled) {
                erp.advanceWatermark(SYNC_NAME, maxChanged);
                console.printf("Reconciled: watermark advanced to %s%n", maxChanged);
            } else {
                console.printf("NOT reconciled, watermark left at %s:%n%s%n", since, result.reconciliationReport());
            }
            summary.watermark = erp.watermark(SYNC_NAME);

            AtomicLong rows = new AtomicLong();
            try (QueryRows<Map<String, String>> accounts = client
                    .query("SELECT Id, External_ID__c, LastName FROM Account").stream()) {
                accounts.forEach(r -> rows.incrementAndGet());
            }
            summary.queriedRows = rows.get();
            console.printf("Bulk query read back %d Account rows from Salesforce%n", summary.queriedRows);
        }
        return summary;
    }
}
