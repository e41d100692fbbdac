package dev.bulk2.examples.sync;

import dev.bulk2.core.ingest.JournalStatus;
import dev.bulk2.csv.CsvMapping;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

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
            if (!dryRun) {
                java.util.Optional<RunDir> pending = RunDir.load(config.stateDir);
                if (pending.isPresent() && pending.get().submitOnly) {
                    throw new ConfigException("a --submit-only run is pending in " + RunDir.dir(config.stateDir)
                            + ": run the 'status' command first");
                }
                if (pending.isPresent()) {
                    int code = resume(pending.get(), mapping);
                    if (code != RESUMED_DONE) {
                        return code;
                    }
                }
                if (RunDir.discardTmp(config.stateDir)) {
                    out.println("Deleted the half-written spool of a run killed while creating its run directory"
                            + " (nothing of it was sent)");
                }
            }
            RunSummary.Phase erpPhase = summary.phase("erp-connect");
            try (ErpSource erp = ErpSource.open(config)) {
                mapping.validate(erp.columns(), config);
                summary.watermarkBefore = erp.tables().watermark();
                Instant lastFull = erp.tables().lastFullRun();
                boolean dueFull = config.fullRunInterval != null && (lastFull == null
                        || !lastFull.plus(config.fullRunInterval).isAfter(clock.instant()));
                boolean fullRun = full || dueFull || summary.watermarkBefore.equals(Instant.EPOCH);
                if (fullRun && "incremental".equals(summary.mode)) {
                    summary.mode = "full";
                    summary.runId = summary.runId.replace("-incremental-", "-full-");
                }
                summary.lowerBound = fullRun ? Instant.EPOCH : summary.watermarkBefore.minus(config.overlap);
                Map<String, Integer> retry = erp.tables().retryList();
                long total = erp.countChanged(summary.lowerBound);
                erpPhase.close();
                RunSummary.Phase sfPhase = summary.phase("salesforce-connect");
                try (SalesforceSink sf = SalesforceSink.connect(config)) {
                    String recordType = !config.recordTypeId.isEmpty() ? config.recordTypeId
                            : config.recordTypeDeveloperName.isEmpty() ? null
                            : sf.recordTypeId(config.recordTypeDeveloperName);
                    PreFlight check = PreFlight.of(config, mapping, config.preflight ? sf.describe() : null);
                    sfPhase.close();
                    if (dryRun) {
                        return plan(erp, sf, mapping, check, recordType, total, retry, fullRun);
                    }
                    RunDir d = new RunDir();
                    d.runId = summary.runId;
                    d.mode = summary.mode;
                    d.submitOnly = submitOnly;
                    d.fullKeyScan = fullRun && config.detectHardDeletes;
                    d.startedAt = summary.startedAt;
                    d.watermarkBefore = summary.watermarkBefore;
                    d.lowerBound = summary.lowerBound;
                    d.candidateWatermark = summary.watermarkBefore;
                    d.recordTypeId = recordType;
                    d.create(config.stateDir);
                    return pipeline(d, erp, sf, mapping, check, retry, total, submitOnly);
                }
            }
        });
    }

    /** {@link #resume} found the run already committed: go on with a fresh run. */
    private static final int RESUMED_DONE = -100;

    /** Resumes a run killed after its spool was stored (or collects a --submit-only run). */
    private int resume(RunDir d, FieldMapping mapping) {
        try (ErpSource erp = ErpSource.open(config)) {
            if (d.runId.equals(erp.tables().committedRunId())) {
                out.println("Run " + d.runId + " was committed before the process stopped; removing its state");
                RunDir.clear(config.stateDir);
                if ("status".equals(summary.mode)) {
                    return -OK - 1;
                }
                return RESUMED_DONE;
            }
            out.println((d.submitOnly ? "Collecting" : "Resuming") + " run " + d.runId + " (" + d.mode + ", started "
                    + d.startedAt + ") from " + RunDir.dir(config.stateDir));
            summary.runId = d.runId;
            summary.resumed = !d.submitOnly;
            summary.mode = "status".equals(summary.mode) ? "status" : d.mode;
            summary.startedAt = d.startedAt;
            summary.watermarkBefore = d.watermarkBefore;
            summary.lowerBound = d.lowerBound;
            summary.reportDir = config.reportsDir().resolve(d.runId).toString();
            try (SalesforceSink sf = SalesforceSink.connect(config)) {
                if (d.discardUncommitted()) {
                    out.println("Deleted the half-written spool of segment " + (d.segments() + 1) + " (nothing of"
                            + " it was sent); reading the ERP on from where the run stopped");
                }
                PreFlight check = d.spoolComplete ? null
                        : PreFlight.of(config, mapping, config.preflight ? sf.describe() : null);
                long total = d.spoolComplete ? 0 : erp.countChanged(d.lowerBound);
                return pipeline(d, erp, sf, mapping, check, erp.tables().retryList(), total, false);
            }
        }
    }

    private int plan(ErpSource erp, SalesforceSink sf, FieldMapping mapping, PreFlight check, String recordType,
            long total, Map<String, Integer> retry, boolean fullRun) {
        CsvMapping<ErpRow> csv = mapping.csvMapping(config, recordType);
        long jobs = (total + retry.size() + config.maxRecordsPerJob - 1) / config.maxRecordsPerJob;
        out.printf("Dry run of sync '%s' (nothing sent):%n", config.syncName);
        out.printf("  ERP %s, table %s: %d rows changed after %s, %d on the retry list%s%n",
                SyncConfig.redactUrl(config.jdbcUrl), config.table, total, summary.lowerBound, retry.size(),
                fullRun ? "; a full run" + (config.detectHardDeletes ? " with a key scan for hard deletes" : "") : "");
        out.printf("  Salesforce %s: upsert %s on %s, %d job(s) of at most %d records, %d at a time%n", config.sfUrl,
                config.sfObject, config.externalIdField, jobs, config.maxRecordsPerJob, config.maxConcurrentJobs);
        out.printf("  columns: %s%n", csv.columns());
        out.printf("  record type: %s; deactivated clients: %s%n", recordType == null ? "(none)" : recordType,
                config.deactivationMode == SyncConfig.DeactivationMode.DELETE ? "Bulk delete"
                        : "update " + config.deactivationField + " = true");
        if (config.preflight) {
            // the SDK's plan of the rows a run would upsert: what the local checks pass, deactivated rows as flags
            boolean deleteMode = config.deactivationMode == SyncConfig.DeactivationMode.DELETE;
            long[] local = new long[1];
            dev.bulk2.core.plan.IngestPlan plan;
            try (java.util.stream.Stream<ErpRow> rows = erp.changed(summary.lowerBound, retry.keySet())) {
                Iterable<ErpRow> upserts = rows.filter(r -> {
                    if (!r.active) {
                        return !deleteMode; // a deactivation flag, or a Bulk delete (not an upsert)
                    }
                    if (check.check(r) != null) {
                        local[0]++;
                        return false;
                    }
                    return true;
                })::iterator;
                plan = sf.plan(upserts, csv);
            }
            out.printf("  local checks reject %d row(s); the SDK's plan of the rest:%n", local[0]);
            out.print(plan.render().replaceAll("(?m)^", "    "));
            if (!plan.isReady()) {
                out.println("  a run would stop on the load problems above, or pre-reject the rows listed");
            }
        }
        summary.exitReason = "dry run";
        return OK;
    }

    /**
     * Reads the ERP on from the run's cursor into committed segments (unless the spool is complete), upserting
     * each segment as soon as it is committed (and the committed segments of a resumed run through their
     * journals), then waits for the upserts (or, for {@code --submit-only}, for their uploads), Bulk-deletes, and
     * finishes the run.
     */
    private int pipeline(RunDir d, ErpSource erp, SalesforceSink sf, FieldMapping mapping, PreFlight check,
            Map<String, Integer> retry, long total, boolean submitOnly) {
        SalesforceSink.Outcome outcome;
        try (Progress progress = Progress.choose(out, interactive, clock);
                SalesforceSink.Uploads uploads = sf.uploads(d, progress)) {
            if (d.segments() > 0) {
                uploads.abortOpenJournaledJobs(); // a resumed run
            }
            for (int i = 0; i < d.segments(); i++) {
                uploads.submit(i);
            }
            if (!d.spoolComplete) {
                progress.start("ERP -> Salesforce", Math.max(0, total + retry.size() - d.read));
                try {
                    new Spooler(config, summary, progress).spool(erp, sf, mapping.csvMapping(config,
                            d.recordTypeId), check, retry, total, d, uploads::submit);
                } catch (RuntimeException | Error e) {
                    uploads.settleAfterFailure(); // no job left Open mid-upload by a failed read
                    throw e;
                }
            }
            CrashPoints.reached("spooled");
            copyCounts(d);
            if (submitOnly) {
                List<String> jobs;
                try (RunSummary.Phase p = summary.phase("upload")) {
                    jobs = uploads.awaitUploaded();
                }
                CrashPoints.reached("submitted");
                summary.jobIds.addAll(jobs);
                summary.apiCalls = sf.apiCalls();
                summary.exitReason = "submitted " + jobs.size() + " job(s); run 'status' to collect them";
                summary.watermarkAfter = summary.watermarkBefore;
                summary.watermarkNote = "not moved yet: 'status' moves it when it collects the jobs";
                return OK;
            }
            try (RunSummary.Phase p = summary.phase("processing")) {
                outcome = uploads.await();
            }
        }
        CrashPoints.reached("processed");
        SalesforceSink.Outcome deletes = null;
        if (d.deleteRows > 0) {
            try (RunSummary.Phase p = summary.phase("deletes")) {
                deletes = sf.delete(d.deletes(), d.deleteJournal());
            }
        }
        int code;
        try (ReportWriter reports = new ReportWriter(config.reportsDir(), summary.runId, d.rejects())) {
            summary.reportDir = reports.dir().toString();
            code = new RunFinisher(config, summary, out).finish(erp, sf, mapping, reports, outcome, deletes,
                    d.keysOfDeleteIds(), retry, d.candidateWatermark, d.upsertRows, i -> d.segment(i).keys,
                    () -> (check != null ? check : PreFlight.of(config, mapping, config.preflight ? sf.describe()
                            : null)).refusal(mapping.csvMapping(config, d.recordTypeId)));
        }
        CrashPoints.reached("committed");
        RunDir.clear(config.stateDir);
        return code;
    }

    private void copyCounts(RunDir d) {
        summary.read = d.read;
        summary.fromRetryList = d.fromRetryList;
        summary.rejected = d.rejected;
        summary.deactivated = d.deactivated;
        summary.deleteRequested = d.deleteRequested;
        summary.deleteNotFound = d.deleteNotFound;
        summary.hardDeleted = d.hardDeleted;
        summary.fullKeyScan = d.fullKeyScan;
    }

    /**
     * Collects the run in the state directory (a pending {@code --submit-only} run, or one killed midway): resumes
     * it through its journal, waiting for the jobs, then reports, moves the watermark and alerts like a normal run.
     *
     * @return the exit code
     */
    public int status() {
        return status(true);
    }

    /**
     * {@link #status()}, or with {@code wait == false} a look that never waits: prints each job of the pending
     * run with its state and counts (one GET per job not known to be finished) and exits 0 while any is still
     * going, leaving everything as it is; once every job is finished it collects the run as {@link #status()}
     * does (nothing is left to wait for).
     *
     * @param wait whether to wait for the jobs
     * @return the exit code
     */
    public int status(boolean wait) {
        return guarded("status", () -> {
            java.util.Optional<RunDir> pending = RunDir.load(config.stateDir);
            if (pending.isEmpty()) {
                out.println("No pending --submit-only run in " + config.stateDir + ".");
                summary.exitReason = "nothing pending";
                return -OK - 1;
            }
            if (!wait && !finished(pending.get())) {
                return -OK - 1;
            }
            return resume(pending.get(), FieldMapping.load(config.mappingFile));
        });
    }

    /** Prints the pending run's jobs and whether they are all finished (for {@code status --no-wait}). */
    private boolean finished(RunDir d) {
        out.println("Run " + d.runId + " (" + d.mode + (d.submitOnly ? ", submitted" : ", stopped before its end")
                + ", started " + d.startedAt + "): " + d.segments() + " segment(s)" + (d.spoolComplete ? ""
                : ", the ERP read not finished"));
        if (!d.spoolComplete) {
            out.println("  run 'status' without --no-wait, or the next run, to resume it");
            summary.exitReason = "pending, the ERP read not finished";
            return false;
        }
        int jobs = 0;
        int done = 0;
        try (SalesforceSink sf = SalesforceSink.connect(config)) {
            List<java.nio.file.Path> journals = new java.util.ArrayList<>();
            for (int i = 0; i < d.segments(); i++) {
                journals.add(d.segment(i).journal);
            }
            journals.add(d.deleteJournal());
            for (java.nio.file.Path journal : journals) {
                if (!java.nio.file.Files.exists(journal)) {
                    continue; // a segment with nothing to upsert, or the delete not started (collecting runs it)
                }
                JournalStatus view = SalesforceSink.journalStatus(journal);
                for (String id : view == null ? List.<String>of() : view.jobIds()) {
                    dev.bulk2.core.JobInfo job = sf.jobInfo(id);
                    jobs++;
                    if (job.state().isTerminal()) {
                        done++;
                    }
                    out.printf("  %s %s: %s, %d processed, %d failed%n", journal.getFileName(), id,
                            job.state().apiName(), job.numberRecordsProcessed(), job.numberRecordsFailed());
                }
                if (view == null || !view.allUploaded()) {
                    jobs++; // a part not yet uploaded: the run is not finished
                }
            }
        }
        if (done < jobs) {
            out.printf("  %d of %d job(s) finished; run 'status' again later (nothing was changed)%n", done, jobs);
            summary.exitReason = "pending, " + done + " of " + jobs + " job(s) finished";
            return false;
        }
        out.println("  every job is finished: collecting the run");
        return true;
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
