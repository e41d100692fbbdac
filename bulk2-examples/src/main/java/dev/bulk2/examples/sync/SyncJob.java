package dev.bulk2.examples.sync;

import dev.bulk2.csv.CsvMapping;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * One run of the nightly ERP to Salesforce sync: lock, read the changed clients, pre-reject, upsert, collect,
 * reconcile, move the watermark, report, alert. Returns an exit code: {@value #OK} ok, {@value #FAILURES} record
 * failures over the threshold or not reconciled, {@value #CONFIG} configuration/authentication/connection
 * problem, {@value #LOCKED} another run holds the lock. Not thread-safe; one instance per run.
 */
public final class SyncJob {
    /** Exit code: the run reconciled with failures under the threshold. */
    public static final int OK = 0;
    /** Exit code: record failures over the threshold, or the run did not reconcile. */
    public static final int FAILURES = 1;
    /** Exit code: configuration, authentication or connection problem. */
    public static final int CONFIG = 2;
    /** Exit code: another run holds the lock. */
    public static final int LOCKED = 3;

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final SyncConfig config;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;
    private final Clock clock;
    private final RunSummary summary = new RunSummary();

    /**
     * @param config the configuration
     * @param out where the summary and progress go
     * @param err where the one-line error goes
     * @param interactive whether {@code out} is a terminal (progress bar) or a log (plain lines)
     */
    public SyncJob(SyncConfig config, PrintStream out, PrintStream err, boolean interactive) {
        this.config = config;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
        this.clock = Clock.systemUTC();
    }

    /** @return what the last run did (for tests and the demo) */
    RunSummary summary() {
        return summary;
    }

    /**
     * A full or incremental run (or its dry run, or its submit-only half).
     *
     * @param full ignore the watermark and send every row
     * @param dryRun read and check, print the plan, send nothing
     * @param submitOnly exit once the jobs are uploaded; {@link #status()} collects them
     * @return the exit code
     */
    public int run(boolean full, boolean dryRun, boolean submitOnly) {
        String mode = dryRun ? "dry-run" : submitOnly ? "submit-only" : full ? "full" : "incremental";
        return guarded(mode, () -> {
            FieldMapping mapping = FieldMapping.load(config.mappingFile);
            if (submitOnly && config.deactivationMode == SyncConfig.DeactivationMode.DELETE) {
                throw new ConfigException("--submit-only with deactivation.mode=delete is not supported yet"
                        + " (it comes with the SDK run journal); use update-field or a normal run");
            }
            if (!dryRun && RunState.load(config.stateDir).isPresent()) {
                throw new ConfigException("a --submit-only run is pending in " + config.stateDir
                        + ": run the 'status' command first");
            }
            try (ErpSource erp = ErpSource.open(config)) {
                mapping.validate(erp.columns(), config);
                summary.watermarkBefore = erp.watermark();
                Instant lower = full || summary.watermarkBefore.equals(Instant.EPOCH) ? Instant.EPOCH
                        : summary.watermarkBefore.minus(config.overlap);
                summary.lowerBound = lower;
                if (lower.equals(Instant.EPOCH) && "incremental".equals(summary.mode)) {
                    summary.mode = "full";
                }
                Map<String, Integer> retry = erp.retryList();
                long total = erp.countChanged(lower);
                try (SalesforceSink sf = SalesforceSink.connect(config)) {
                    String recordType = !config.recordTypeId.isEmpty() ? config.recordTypeId
                            : config.recordTypeDeveloperName.isEmpty() ? null
                            : sf.recordTypeId(config.recordTypeDeveloperName);
                    if (dryRun) {
                        return plan(mapping, recordType, total, retry.size());
                    }
                    return send(erp, sf, mapping, recordType, total, retry, submitOnly);
                }
            }
        });
    }

    private int plan(FieldMapping mapping, String recordType, long total, int retries) {
        CsvMapping<ErpRow> csv = mapping.csvMapping(config, recordType);
        long jobs = (total + retries + config.maxRecordsPerJob - 1) / config.maxRecordsPerJob;
        out.printf("Dry run of sync '%s' (nothing sent):%n", config.syncName);
        out.printf("  ERP %s, table %s: %d rows changed after %s, %d on the retry list%n",
                SyncConfig.redactUrl(config.jdbcUrl), config.table, total, summary.lowerBound, retries);
        out.printf("  Salesforce %s: upsert %s on %s, %d job(s) of at most %d records, %d at a time%n", config.sfUrl,
                config.sfObject, config.externalIdField, jobs, config.maxRecordsPerJob, config.maxConcurrentJobs);
        out.printf("  columns: %s%n", csv.columns());
        out.printf("  record type: %s; deactivated clients: %s%n", recordType == null ? "(none)" : recordType,
                config.deactivationMode == SyncConfig.DeactivationMode.DELETE ? "Bulk delete"
                        : "update " + config.deactivationField + " = true");
        summary.exitReason = "dry run";
        return OK;
    }

    private int send(ErpSource erp, SalesforceSink sf, FieldMapping mapping, String recordType, long total,
            Map<String, Integer> retry, boolean submitOnly) {
        RowCheck check = new RowCheck(mapping);
        List<String> toDelete = new ArrayList<>();
        AtomicLong read = new AtomicLong();
        AtomicLong fromRetry = new AtomicLong();
        AtomicLong deactivated = new AtomicLong();
        AtomicReference<Instant> newest = new AtomicReference<>(summary.watermarkBefore);
        boolean deleteMode = config.deactivationMode == SyncConfig.DeactivationMode.DELETE;
        SalesforceSink.Outcome outcome;
        try (ReportWriter reports = new ReportWriter(config.reportsDir(), summary.runId);
                Progress progress = Progress.choose(out, interactive, clock)) {
            summary.reportDir = reports.dir().toString();
            progress.start("ERP -> Salesforce", total + retry.size());
            try (Stream<ErpRow> rows = erp.changed(summary.lowerBound, retry.keySet())) {
                Stream<ErpRow> sendable = rows.filter(r -> {
                    read.incrementAndGet();
                    if (retry.containsKey(r.key)) {
                        fromRetry.incrementAndGet();
                    }
                    if (r.updatedAt.isAfter(newest.get())) {
                        newest.set(r.updatedAt);
                    }
                    if (!r.active && deleteMode) {
                        toDelete.add(r.key);
                        return false;
                    }
                    RowCheck.Reject why = r.active ? check.check(r) : null;
                    if (why != null) {
                        reports.rejected(r.key, why.code, why.message, why.field);
                        summary.rejected++;
                        return false;
                    }
                    if (!r.active) {
                        deactivated.incrementAndGet();
                    }
                    return true;
                });
                SalesforceSink.Submission s;
                try (RunSummary.Phase p = summary.phase("read+upload")) {
                    s = sf.upsert(sendable, mapping.csvMapping(config, recordType), progress);
                    if (submitOnly) {
                        List<String> jobs = s.awaitUploaded();
                        RunState st = new RunState();
                        st.runId = summary.runId;
                        st.jobIds = new ArrayList<>(jobs);
                        st.watermarkBefore = summary.watermarkBefore;
                        st.lowerBound = summary.lowerBound;
                        st.candidateWatermark = newest.get();
                        st.read = read.get();
                        st.fromRetryList = fromRetry.get();
                        st.rejected = summary.rejected;
                        st.deactivated = deactivated.get();
                        st.save(config.stateDir);
                        summary.read = read.get();
                        summary.fromRetryList = fromRetry.get();
                        summary.deactivated = deactivated.get();
                        summary.jobIds.addAll(jobs);
                        summary.apiCalls = sf.apiCalls();
                        summary.exitReason = "submitted " + jobs.size() + " job(s); run 'status' to collect them";
                        summary.watermarkAfter = summary.watermarkBefore;
                        return OK;
                    }
                }
                try (RunSummary.Phase p = summary.phase("processing")) {
                    outcome = s.await();
                }
            }
            summary.read = read.get();
            summary.fromRetryList = fromRetry.get();
            summary.deactivated = deactivated.get();
            summary.deleteRequested = toDelete.size();
            return new RunFinisher(config, summary, out).finish(erp, sf, mapping, reports, outcome, retry, toDelete,
                    newest.get());
        }
    }

    /**
     * Collects the jobs of a pending {@code --submit-only} run (waiting for them), then reports, moves the
     * watermark and alerts like a normal run.
     *
     * @return the exit code
     */
    public int status() {
        return guarded("status", () -> {
            java.util.Optional<RunState> pending = RunState.load(config.stateDir);
            if (pending.isEmpty()) {
                out.println("No pending --submit-only run in " + config.stateDir + ".");
                summary.exitReason = "nothing pending";
                return -OK - 1;
            }
            RunState st = pending.get();
            FieldMapping mapping = FieldMapping.load(config.mappingFile);
            try (ErpSource erp = ErpSource.open(config); SalesforceSink sf = SalesforceSink.connect(config);
                    ReportWriter reports = new ReportWriter(config.reportsDir(), summary.runId)) {
                summary.reportDir = reports.dir().toString();
                summary.watermarkBefore = st.watermarkBefore;
                summary.lowerBound = st.lowerBound;
                summary.read = st.read;
                summary.fromRetryList = st.fromRetryList;
                summary.rejected = st.rejected;
                summary.deactivated = st.deactivated;
                out.printf("Collecting run %s: jobs %s (rejected rows are in that run's report)%n", st.runId,
                        st.jobIds);
                SalesforceSink.Outcome outcome;
                try (RunSummary.Phase p = summary.phase("processing")) {
                    outcome = sf.attach(st.jobIds);
                }
                int code = new RunFinisher(config, summary, out).finish(erp, sf, mapping, reports, outcome,
                        erp.retryList(), List.of(), st.candidateWatermark);
                RunState.clear(config.stateDir);
                return code;
            }
        });
    }

    /** Runs a body under the lock; maps problems to exit codes; writes the summary and alerts. */
    private int guarded(String mode, java.util.function.IntSupplier body) {
        summary.mode = mode;
        summary.startedAt = clock.instant();
        summary.runId = RUN_ID.format(summary.startedAt) + "-" + mode + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        int code;
        try (SyncLock lock = SyncLock.acquire(config.stateDir)) {
            summary.lockTakenOverFrom = lock.takenOverFrom();
            if (lock.takenOverFrom() != null) {
                out.println("Took over a stale lock left by a run that died (" + lock.takenOverFrom() + ")");
            }
            code = body.getAsInt();
        } catch (SyncLock.Held e) {
            code = LOCKED;
            summary.exitReason = e.getMessage();
            err.println("bulk2-sync: " + e.getMessage());
        } catch (ConfigException | ErpSource.ErpException e) {
            code = CONFIG;
            summary.exitReason = e.getMessage();
            err.println("bulk2-sync: " + e.getMessage());
        } catch (RuntimeException e) {
            ErpSource.ErpException erp = causeOf(e, ErpSource.ErpException.class);
            code = erp != null ? CONFIG : FAILURES;
            summary.exitReason = erp != null ? erp.getMessage() : "unexpected error: " + e;
            err.println("bulk2-sync: " + summary.exitReason);
        }
        if (code == -OK - 1) { // status with nothing to collect: no report
            return OK;
        }
        summary.exitCode = code;
        summary.finishedAt = clock.instant();
        if (!"dry-run".equals(mode) || code != OK) {
            report(code);
        }
        return code;
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private void report(int code) {
        try {
            Path dir = config.reportsDir().resolve(summary.runId);
            summary.reportDir = dir.toString();
            java.nio.file.Files.createDirectories(dir);
            Path file = dir.resolve("summary.json");
            ReportWriter.writeAtomically(file, summary.toJson());
            if (code != OK) {
                summary.alerts.addAll(new Alerter(config.alertUrl, config.alertCommand, config.alertTimeout)
                        .alert(summary.toJson(), file));
                ReportWriter.writeAtomically(file, summary.toJson());
                for (String a : summary.alerts) {
                    out.println("Alert: " + a);
                }
            }
            ReportWriter.applyRetention(config.reportsDir(), config.reportRetention);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            err.println("bulk2-sync: cannot write the report: " + e.getMessage());
        }
        out.print(summary.toText());
    }
}
