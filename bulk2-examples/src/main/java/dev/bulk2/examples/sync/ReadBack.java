package dev.bulk2.examples.sync;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The optional read-back: a bulk query of every record with an external id, compared field by field with the
 * ERP table. Differences go to {@code differences.csv}; rows the ERP has but Salesforce lacks are reported as
 * field {@code (record)}. Holds the queried records in memory (about 1 KB each): meant for tables up to a few
 * hundred thousand rows, or for a weekly check.
 */
final class ReadBack {
    private final SyncConfig config;
    private final FieldMapping mapping;

    ReadBack(SyncConfig config, FieldMapping mapping) {
        this.config = config;
        this.mapping = mapping;
    }

    void compare(ErpSource erp, SalesforceSink sf, ReportWriter reports, RunSummary summary) {
        List<String> fields = mapping.comparedFields(config);
        Map<String, Map<String, String>> stored = new HashMap<>();
        sf.readBack(fields, r -> stored.put(r.get(config.externalIdField), r));
        long compared = 0;
        long differences = 0;
        long missing = 0;
        boolean deleteMode = config.deactivationMode == SyncConfig.DeactivationMode.DELETE;
        try (Stream<ErpRow> rows = erp.all()) {
            for (ErpRow row : (Iterable<ErpRow>) rows::iterator) {
                Map<String, String> sfRow = stored.get(row.key);
                boolean expected = row.active || !deleteMode;
                if (sfRow == null) {
                    if (expected) {
                        missing++;
                        reports.difference(row.key, "(record)", "present", "missing");
                    }
                    continue;
                }
                if (!expected) {
                    differences++;
                    reports.difference(row.key, "(record)", "deactivated", "still present");
                    continue;
                }
                compared++;
                for (String f : fields) {
                    String want = mapping.expected(row, f, config);
                    String got = sfRow.getOrDefault(f, "");
                    if (!want.equals(got == null ? "" : got)) {
                        differences++;
                        reports.difference(row.key, f, want, got);
                    }
                }
            }
        }
        summary.readBackCompared = compared;
        summary.readBackDifferences = differences;
        summary.readBackMissing = missing;
    }
}
