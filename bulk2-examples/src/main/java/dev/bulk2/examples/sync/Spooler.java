package dev.bulk2.examples.sync;

import dev.bulk2.csv.CsvDialect;
import dev.bulk2.csv.CsvMapping;
import dev.bulk2.csv.CsvRowWriter;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The first phase of a run: reads the changed clients from the ERP (streamed), rejects the rows the local checks
 * refuse ({@link PreFlight}) into {@code <state>/run.tmp/rejected.csv}, writes the mapped rows to {@code <state>/run.tmp/rows.csv}, finds the
 * hard-deleted clients on a full run (a key scan of Salesforce against the ERP), resolves the Salesforce ids to
 * delete, and moves the spool into place ({@link RunDir#commitSpool}). Memory stays flat: rows go straight to
 * the file; only the keys to delete are kept (few, except on the first key scan of an ERP that lost many rows).
 */
final class Spooler {
    private final SyncConfig config;
    private final RunSummary summary;
    private final Progress progress;

    Spooler(SyncConfig config, RunSummary summary, Progress progress) {
        this.config = config;
        this.summary = summary;
        this.progress = progress;
    }

    RunDir spool(ErpSource erp, SalesforceSink sf, CsvMapping<ErpRow> csv, PreFlight check,
            Map<String, Integer> retry, boolean fullKeyScan, boolean submitOnly, long changed) {
        boolean deleteMode = config.deactivationMode == SyncConfig.DeactivationMode.DELETE;
        RunDir d = RunDir.startSpool(config.stateDir);
        d.runId = summary.runId;
        d.mode = summary.mode;
        d.submitOnly = submitOnly;
        d.fullKeyScan = fullKeyScan;
        d.startedAt = summary.startedAt;
        d.watermarkBefore = summary.watermarkBefore;
        d.lowerBound = summary.lowerBound;
        Instant newest = summary.watermarkBefore;
        List<String> toDelete = new ArrayList<>();
        long half = Math.max(1, changed / 2);
        Path rowsFile = RunDir.tmp(config.stateDir).resolve("rows.csv");
        try (RunSummary.Phase p = summary.phase("read+spool");
                BufferedWriter rejects = ReportWriter.csvFile(d.rejects(), ReportWriter.REJECTED_HEADER);
                BufferedWriter keys = Files.newBufferedWriter(d.rowKeys(), StandardCharsets.UTF_8);
                OutputStream os = new BufferedOutputStream(Files.newOutputStream(rowsFile), 1 << 16);
                CsvRowWriter<ErpRow> w = CsvRowWriter.create(os, csv, CsvDialect.defaults());
                Stream<ErpRow> rows = erp.changed(summary.lowerBound, retry.keySet())) {
            for (ErpRow r : (Iterable<ErpRow>) rows::iterator) {
                d.read++;
                progress.step();
                if (d.read == half) {
                    w.flush();
                    CrashPoints.reached("spooling");
                }
                if (retry.containsKey(r.key)) {
                    d.fromRetryList++;
                }
                if (r.updatedAt.isAfter(newest)) {
                    newest = r.updatedAt;
                }
                if (!r.active && deleteMode) {
                    toDelete.add(r.key);
                    continue;
                }
                RowCheck.Reject why = r.active ? check.check(r) : null;
                if (why != null) {
                    ReportWriter.row(rejects, r.key, why.code, why.message, why.field);
                    d.rejected++;
                    continue;
                }
                if (!r.active) {
                    d.deactivated++;
                }
                w.write(r);
                writeKey(keys, r.key);
                d.upsertRows++;
            }
            d.deleteRequested = toDelete.size();
            if (fullKeyScan) {
                try (RunSummary.Phase k = summary.phase("key-scan")) {
                    d.hardDeleted = new HardDeletes(config, erp, sf).scan(gone -> {
                        if (deleteMode) {
                            toDeleteIds(gone.id, gone.key);
                        } else {
                            w.write(ErpRow.tombstone(gone.key, config.keyColumn));
                            writeKey(keys, gone.key);
                            d.upsertRows++;
                        }
                    });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the spool " + rowsFile, e);
        }
        d.deleteRequested += hardDeleteIds.size(); // every delete asked for: deactivated and hard-deleted clients
        d.candidateWatermark = newest;
        writeDeletes(sf, d, toDelete);
        d.commitSpool(config.stateDir);
        return d;
    }

    private static void writeKey(BufferedWriter keys, String key) {
        try {
            keys.write(RunDir.escapeKey(key));
            keys.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final List<String[]> hardDeleteIds = new ArrayList<>();

    private void toDeleteIds(String id, String key) {
        hardDeleteIds.add(new String[] {id, key});
    }

    /** Writes {@code deletes.csv} (Id) and {@code delete-keys.csv} (Id, ERP key) into the spool. */
    private void writeDeletes(SalesforceSink sf, RunDir d, List<String> keys) {
        List<String[]> ids = new ArrayList<>(hardDeleteIds);
        if (!keys.isEmpty()) {
            try (RunSummary.Phase p = summary.phase("delete-lookup")) {
                Map<String, String> found = sf.idsByExternalId(keys);
                for (String k : keys) {
                    String id = found.get(k);
                    if (id == null) {
                        d.deleteNotFound++; // already absent in Salesforce: counted, never silently skipped
                    } else {
                        ids.add(new String[] {id, k});
                    }
                }
            }
        }
        d.deleteRows = ids.size();
        if (ids.isEmpty()) {
            return;
        }
        Path tmp = RunDir.tmp(config.stateDir);
        try (BufferedWriter del = Files.newBufferedWriter(tmp.resolve("deletes.csv"), StandardCharsets.UTF_8);
                BufferedWriter keyOf = Files.newBufferedWriter(tmp.resolve("delete-keys.csv"),
                        StandardCharsets.UTF_8)) {
            del.write("Id\n");
            keyOf.write("Id,erp_key\n");
            for (String[] e : ids) {
                del.write(e[0] + "\n");
                keyOf.write(e[0] + "," + e[1] + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the delete spool in " + tmp, e);
        }
    }
}
