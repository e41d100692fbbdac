package dev.bulk2.examples.sync;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The optional read-back: a bulk query of every record with an external id, compared field by field with the
 * ERP table. Differences go to {@code differences.csv}; rows the ERP has but Salesforce lacks are reported as
 * field {@code (record)}, each with its explanation: refused by the checks (the row is still one the run would
 * pre-reject, whichever run first rejected it), failed in this run (on the retry list or given up), or
 * unexplained, the ones to look at (for example a row committed with an {@code updated_at} older than the
 * watermark's overlap, or one an earlier run gave up on after {@code retry.maxRuns}: a {@code --full} run sends it
 * again). Holds the queried records in memory (about 1 KB each):
 * meant for tables up to a few hundred thousand rows, or for a weekly check.
 */
final class ReadBack {
    /** The explanation of an unexplained missing record, in {@code differences.csv}. */
    static final String UNEXPLAINED = "unexplained: neither refused by the checks nor failed in this run"
            + " (given up by an earlier run? updated before the watermark's overlap? a --full run sends it again)";

    private final SyncConfig config;
    private final FieldMapping mapping;
    private final Function<ErpRow, RowCheck.Reject> refusal;
    private final Map<String, String> failedThisRun;

    /**
     * @param refusal why the spool would leave a row out (see {@link PreFlight#refusal})
     * @param failedThisRun the ERP keys that failed or stayed unprocessed in this run, with what happened
     */
    ReadBack(SyncConfig config, FieldMapping mapping, Function<ErpRow, RowCheck.Reject> refusal,
            Map<String, String> failedThisRun) {
        this.config = config;
        this.mapping = mapping;
        this.refusal = refusal;
        this.failedThisRun = failedThisRun;
    }

    void compare(ErpSource erp, SalesforceSink sf, ReportWriter reports, RunSummary summary) {
        List<String> fields = mapping.comparedFields(config);
        Map<String, Map<String, String>> stored = new HashMap<>();
        sf.readBack(fields, r -> stored.put(r.get(config.externalIdField), r));
        long compared = 0;
        long differences = 0;
        long refused = 0;
        long failed = 0;
        long unexplained = 0;
        boolean deleteMode = config.deactivationMode == SyncConfig.DeactivationMode.DELETE;
        try (Stream<ErpRow> rows = erp.all()) {
            for (ErpRow row : (Iterable<ErpRow>) rows::iterator) {
                Map<String, String> sfRow = stored.get(row.key);
                boolean expected = row.active || !deleteMode;
                if (sfRow == null) {
                    if (expected) {
                        String why = failedThisRun.get(row.key);
                        if (why != null) {
                            failed++;
                            why = "failed in this run: " + why;
                        } else {
                            RowCheck.Reject r = refusal.apply(row);
                            if (r != null) {
                                refused++;
                                why = "refused by the checks: " + r.code + " " + r.message;
                            } else {
                                unexplained++;
                                why = UNEXPLAINED;
                            }
                        }
                        reports.difference(row.key, "(record)", "present", "missing", why);
                    }
                    continue;
                }
                if (!expected) {
                    differences++;
                    String why = failedThisRun.get(row.key);
                    reports.difference(row.key, "(record)", "deactivated", "still present",
                            why == null ? "" : "failed in this run: " + why);
                    continue;
                }
                compared++;
                String why = null;
                for (String f : fields) {
                    String want = mapping.expected(row, f, config);
                    String got = sfRow.getOrDefault(f, "");
                    if (!want.equals(got == null ? "" : got)) {
                        differences++;
                        if (why == null) {
                            String failure = failedThisRun.get(row.key);
                            why = failure == null ? "" : "failed in this run: " + failure;
                        }
                        reports.difference(row.key, f, want, got, why);
                    }
                }
            }
        }
        summary.readBackCompared = compared;
        summary.readBackDifferences = differences;
        summary.readBackMissing = refused + failed + unexplained;
        summary.readBackMissingRefused = refused;
        summary.readBackMissingFailed = failed;
        summary.readBackMissingUnexplained = unexplained;
    }
}
