package dev.bulk2.examples.sync;

import java.io.PrintStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of a run, shared by a normal run and {@code status}: results into the reports and the retry list,
 * Bulk deletes of deactivated clients, reconciliation, the optional read-back and write-back, the threshold, and
 * the watermark (moved in the same ERP transaction that stores the retry list, and only when the run reconciled
 * with failures under the threshold).
 */
final class RunFinisher {
    private final SyncConfig config;
    private final RunSummary summary;
    private final PrintStream out;
    /** The keys that failed or stayed unprocessed in this run, with what happened (for the read-back). */
    private final Map<String, String> failedThisRun = new HashMap<>();

    RunFinisher(SyncConfig config, RunSummary summary, PrintStream out) {
        this.config = config;
        this.summary = summary;
        this.out = out;
    }

    int finish(ErpSource erp, SalesforceSink sf, FieldMapping mapping, ReportWriter reports,
            SalesforceSink.Outcome outcome, SalesforceSink.Outcome deletes, Map<String, String> keyOfDeleteId,
            Map<String, Integer> oldRetry, Instant newest, long upsertRows,
            java.util.function.IntFunction<java.nio.file.Path> keysOfSegment,
            java.util.function.Supplier<java.util.function.Function<ErpRow, RowCheck.Reject>> refusal) {
        preRejected(outcome, keysOfSegment, reports);
        summary.sent = outcome.submitted() + summary.deleteRequested;
        summary.succeeded = outcome.succeeded();
        summary.failed = outcome.failed();
        summary.unprocessed = outcome.unprocessed();
        summary.jobIds.addAll(outcome.jobIds());
        summary.bulkBatches = outcome.bulkBatches();
        Map<String, Integer> retry = new HashMap<>();
        Map<String, String> lastErrors = new HashMap<>();
        Map<String, String> ids = new HashMap<>();
        try (RunSummary.Phase p = summary.phase("results")) {
            if (config.writeBack || config.countCreated) { // the successful results are only read when needed
                summary.created = 0;
                outcome.successes((key, id, created) -> {
                    if (created) {
                        summary.created++;
                    }
                    if (config.writeBack) {
                        ids.put(key, id);
                    }
                });
            }
            outcome.failures((key, code, message, fields) -> {
                int attempts = oldRetry.getOrDefault(key, 0) + 1;
                boolean givenUp = attempts >= config.retryMaxRuns;
                reports.failed(key, code, message, fields, attempts, givenUp);
                remember(key, attempts, givenUp, code + ": " + message, retry, lastErrors);
            });
            outcome.unprocessedKeys(key -> {
                reports.unprocessed(key);
                int attempts = oldRetry.getOrDefault(key, 0) + 1;
                remember(key, attempts, attempts >= config.retryMaxRuns, "unprocessed", retry, lastErrors);
            });
        }
        if (deletes != null) {
            delete(deletes, reports, keyOfDeleteId, oldRetry, retry, lastErrors);
        }
        if (outcome.submitted() + outcome.preRejectedCount() != upsertRows) {
            summary.reconciliationErrors.add("spooled " + upsertRows + " rows but the SDK submitted "
                    + outcome.submitted() + " and pre-rejected " + outcome.preRejectedCount());
        }
        reconcile(outcome);
        if (config.readBack) {
            try (RunSummary.Phase p = summary.phase("read-back")) {
                new ReadBack(config, mapping, refusal.get(), failedThisRun).compare(erp, sf, reports, summary);
            }
        }
        if (config.writeBack && !ids.isEmpty()) {
            try (RunSummary.Phase p = summary.phase("write-back")) {
                erp.tables().writeBack(ids, Instant.now());
            }
        }
        long failures = summary.failures();
        double percent = summary.sent == 0 ? 0 : failures * 100.0 / summary.sent;
        boolean over = percent > config.maxFailedPercent
                || (config.maxFailedRecords >= 0 && failures > config.maxFailedRecords);
        boolean advance = summary.reconciled && !over;
        Instant after = newest.isAfter(summary.watermarkBefore) ? newest : summary.watermarkBefore;
        try (RunSummary.Phase p = summary.phase("commit")) {
            erp.tables().commitRun(advance ? after : null, retry, lastErrors, summary.runId,
                    advance && summary.fullKeyScan ? summary.startedAt : null);
        }
        summary.watermarkAdvanced = advance && after.isAfter(summary.watermarkBefore);
        summary.watermarkAfter = advance ? after : summary.watermarkBefore;
        summary.watermarkNote = summary.watermarkAdvanced ? "advanced"
                : advance ? "unchanged: committed, no row read was newer than it"
                : !summary.reconciled ? "not moved: the run did not reconcile"
                : "not moved: record failures over the threshold";
        summary.retryListSize = retry.size();
        summary.apiCalls = sf.apiCalls();
        if (!summary.reconciled) {
            summary.exitReason = "the run did not reconcile: " + String.join("; ", summary.reconciliationErrors);
            return SyncJob.FAILURES;
        }
        if (over) {
            summary.exitReason = String.format("%d record failure(s) (%.2f%% of %d sent) over the threshold"
                    + " (threshold.maxFailedPercent=%s, threshold.maxFailedRecords=%d); watermark not moved",
                    failures, percent, summary.sent, config.maxFailedPercent, config.maxFailedRecords);
            return SyncJob.FAILURES;
        }
        summary.exitReason = failures == 0 ? "" : failures + " record failure(s) under the threshold, on the retry"
                + " list";
        return SyncJob.OK;
    }

    /**
     * The rows the SDK's pre-flight left out of the uploads go to {@code rejected.csv} with its reason, named by
     * their ERP key: each segment's key list ({@code seg-N.keys}, one per row of its spool) is read once, up to its
     * last such row.
     */
    private void preRejected(SalesforceSink.Outcome outcome, java.util.function.IntFunction<java.nio.file.Path> keys,
            ReportWriter reports) {
        if (outcome.preRejectedCount() == 0) {
            return;
        }
        Map<Integer, java.util.TreeMap<Long, String[]>> bySegment = new java.util.TreeMap<>();
        outcome.preRejected((segment, row, kind, message, field) -> bySegment.computeIfAbsent(segment,
                k -> new java.util.TreeMap<>()).put(row, new String[] {kind, message, field}));
        try (RunSummary.Phase p = summary.phase("pre-rejected")) {
            for (Map.Entry<Integer, java.util.TreeMap<Long, String[]>> e : bySegment.entrySet()) {
                java.nio.file.Path file = keys.apply(e.getKey());
                if (!java.nio.file.Files.exists(file)) {
                    // spooled with preflight.enabled=false (no key list), resumed with it on: named by position
                    for (Map.Entry<Long, String[]> r : e.getValue().entrySet()) {
                        String[] why = r.getValue();
                        reports.rejected("(segment " + (e.getKey() + 1) + ", row " + r.getKey() + ")", why[0],
                                why[1], why[2]);
                        summary.rejected++;
                    }
                    continue;
                }
                try (java.io.BufferedReader in = java.nio.file.Files.newBufferedReader(file,
                        java.nio.charset.StandardCharsets.UTF_8)) {
                    long last = e.getValue().lastKey();
                    long row = 0;
                    for (String line = in.readLine(); line != null && row < last; line = in.readLine()) {
                        String[] why = e.getValue().get(++row);
                        if (why != null) {
                            reports.rejected(RunDir.unescapeKey(line), why[0], why[1], why[2]);
                            summary.rejected++;
                        }
                    }
                } catch (java.io.IOException x) {
                    throw new java.io.UncheckedIOException("cannot read the spool's keys " + file, x);
                }
            }
        }
    }

    private void remember(String key, int attempts, boolean givenUp, String error, Map<String, Integer> retry,
            Map<String, String> lastErrors) {
        if (config.readBack) {
            failedThisRun.put(key, error + (givenUp ? " (given up after " + attempts + " runs)"
                    : " (on the retry list after attempt " + attempts + ")"));
        }
        if (givenUp) {
            summary.givenUp++;
            out.printf("  giving up on %s after %d runs: %s%n", key, attempts, error);
        } else {
            retry.put(key, attempts);
            lastErrors.put(key, error);
        }
    }

    private void delete(SalesforceSink.Outcome d, ReportWriter reports, Map<String, String> keyOfId,
            Map<String, Integer> oldRetry, Map<String, Integer> retry, Map<String, String> lastErrors) {
        summary.deleted = d.succeeded();
        summary.deleteFailed = d.failed() + d.unprocessed();
        summary.jobIds.addAll(d.jobIds());
        summary.bulkBatches += d.bulkBatches();
        d.failures((id, code, message, fields) -> {
            String key = keyOfId.getOrDefault(id, id);
            int attempts = oldRetry.getOrDefault(key, 0) + 1;
            reports.failed(key, code, "delete: " + message, fields, attempts, attempts >= config.retryMaxRuns);
            remember(key, attempts, attempts >= config.retryMaxRuns, code + ": " + message, retry, lastErrors);
        });
        d.unprocessedKeys(id -> {
            String key = keyOfId.getOrDefault(id, id);
            reports.unprocessed(key);
            if (config.readBack) {
                failedThisRun.put(key, "delete unprocessed");
            }
        });
    }

    private void reconcile(SalesforceSink.Outcome outcome) {
        if (summary.read + summary.hardDeleted != summary.sent + summary.rejected) {
            summary.reconciliationErrors.add("read " + summary.read + " + hard-deleted " + summary.hardDeleted
                    + " != sent " + summary.sent + " + rejected " + summary.rejected);
        }
        long upserts = summary.sent - summary.deleteRequested;
        if (upserts != summary.succeeded + summary.failed + summary.unprocessed) {
            summary.reconciliationErrors.add("upserted " + upserts + " != succeeded " + summary.succeeded
                    + " + failed " + summary.failed + " + unprocessed " + summary.unprocessed);
        }
        if (summary.deleteRequested != summary.deleted + summary.deleteFailed + summary.deleteNotFound) {
            summary.reconciliationErrors.add("deletes requested " + summary.deleteRequested + " != deleted "
                    + summary.deleted + " + failed " + summary.deleteFailed + " + not found " + summary.deleteNotFound);
        }
        if (!outcome.reconciled()) {
            summary.reconciliationErrors.add("SDK: " + outcome.reconciliationReport().replace('\n', ' '));
        }
        summary.reconciled = summary.reconciliationErrors.isEmpty();
    }
}
