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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * The read phase of a run: reads the changed clients from the ERP (streamed, retry-list rows first, then in {@code
 * (updated_at, key)} order from the run's cursor), rejects the rows the local checks refuse ({@link PreFlight}),
 * and writes the mapped rows into segments of {@code upload.maxRecordsPerJob} rows ({@link RunDir}); each segment
 * is committed and handed to {@code onSegment} (which starts its upsert) as soon as it is full, so that uploading
 * and Salesforce's processing overlap the rest of the read. On a full run the key scan for hard deletes comes
 * first (its tombstones are the first segment); at the end, the Salesforce ids of the clients to Bulk-delete. Memory stays flat:
 * rows go straight to the files; only the keys to delete are kept at the end (few, except on the first key scan of
 * an ERP that lost many rows). Not thread-safe.
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

    private RunDir d;
    private CsvMapping<ErpRow> csv;
    private PreFlight check;
    private Map<String, Integer> retry;
    private IntConsumer onSegment;
    private boolean deleteMode;
    private long half;
    private SegmentWriter seg;

    /**
     * Reads on from the run's cursor to the end and completes the spool.
     *
     * @param changed the rows the ERP reports changed (for the crash point at half of them)
     * @param onSegment called with each newly committed segment's index
     */
    void spool(ErpSource erp, SalesforceSink sf, CsvMapping<ErpRow> csv, PreFlight check, Map<String, Integer> retry,
            long changed, RunDir d, IntConsumer onSegment) {
        this.d = d;
        this.csv = csv;
        this.check = check;
        this.retry = retry;
        this.onSegment = onSegment;
        this.deleteMode = config.deactivationMode == SyncConfig.DeactivationMode.DELETE;
        this.half = Math.max(1, changed / 2);
        if (d.fullKeyScan && !d.keyScanDone) {
            // first: it reads Salesforce as it was before this run (what this run upserts is in the ERP anyway), so
            // it neither waits behind this run's jobs nor competes with them
            keyScan(erp, sf);
        }
        try (RunSummary.Phase p = summary.phase("read+spool")) {
            if (!d.retryDone) {
                List<String> keys = new ArrayList<>();
                for (String k : retry.keySet()) {
                    if (k.compareTo(d.retryCursor) > 0) {
                        keys.add(k);
                    }
                }
                for (ErpRow r : erp.retryRows(summary.lowerBound, keys)) { // sorted by key
                    d.retryCursor = r.key;
                    handle(r);
                }
                d.retryDone = true;
            }
            try (Stream<ErpRow> rows = erp.changedAfter(summary.lowerBound, d.cursorAt, d.cursorKey)) {
                for (ErpRow r : (Iterable<ErpRow>) rows::iterator) {
                    d.cursorAt = r.updatedAt;
                    d.cursorKey = r.key;
                    handle(r);
                }
            }
            if (seg != null) {
                commit(seg);
                seg = null;
            }
        } finally {
            if (seg != null) {
                seg.closeQuietly(); // a failed read: the uncommitted segment is discarded on resume
            }
        }
        writeDeletes(sf, d);
        d.spoolComplete = true;
        d.commit(d.deletes(), d.deleteKeys());
    }

    /** One row read: counted, then rejected, kept to delete, or written; commits the segment once it is full. */
    private void handle(ErpRow r) {
        if (seg == null) {
            seg = new SegmentWriter(d.segment(d.segments()), csv);
        }
        d.read++;
        progress.step();
        if (d.read == half) {
            seg.flush();
            CrashPoints.reached("spooling");
        }
        if (retry.containsKey(r.key)) {
            d.fromRetryList++;
        }
        if (r.updatedAt.isAfter(d.candidateWatermark)) {
            d.candidateWatermark = r.updatedAt;
        }
        if (!r.active && deleteMode) {
            seg.deleteKey(r.key);
            d.deleteRequested++;
        } else {
            RowCheck.Reject why = r.active ? check.check(r) : null;
            if (why != null) {
                seg.reject(r.key, why);
                d.rejected++;
            } else {
                if (!r.active) {
                    d.deactivated++;
                }
                seg.write(r);
                d.upsertRows++;
            }
        }
        if (seg.rows >= config.maxRecordsPerJob) {
            commit(seg);
            seg = null;
        }
    }

    /**
     * Closes the segment, forces its files (and {@code more}) and counts it in {@code run.properties}, then hands
     * it to {@code onSegment}.
     */
    private void commit(SegmentWriter s, Path... more) {
        s.close();
        d.segmentRows.add(s.rows);
        List<Path> files = new ArrayList<>(List.of(s.files()));
        files.addAll(List.of(more));
        d.commit(files.toArray(new Path[0]));
        onSegment.accept(s.segment.index);
    }

    /** The hard deletes: tombstones (update-field mode) as one more segment, ids to delete in delete mode. */
    private void keyScan(ErpSource erp, SalesforceSink sf) {
        SegmentWriter tombstones = new SegmentWriter(d.segment(d.segments()), csv);
        try (RunSummary.Phase k = summary.phase("key-scan");
                BufferedWriter ids = Files.newBufferedWriter(d.hardDeleteIds(), StandardCharsets.UTF_8)) {
            long gone = new HardDeletes(config, erp, sf).scan(g -> {
                if (deleteMode) {
                    try {
                        ids.write(g.id + "," + RunDir.escapeKey(g.key) + "\n");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                } else {
                    tombstones.write(ErpRow.tombstone(g.key, config.keyColumn));
                    d.upsertRows++;
                }
            });
            d.hardDeleted = gone;
            if (deleteMode) {
                d.deleteRequested += gone; // every delete asked for: deactivated and hard-deleted clients
            }
        } catch (IOException e) {
            tombstones.closeQuietly();
            throw new UncheckedIOException("cannot write the hard deletes into " + d.hardDeleteIds(), e);
        }
        d.keyScanDone = true;
        commit(tombstones, d.hardDeleteIds());
    }

    /**
     * Writes {@code deletes.csv} (Id) and {@code delete-keys.csv} (Id, ERP key): the deactivated clients of every
     * segment, looked up by external id, and the hard-deleted ones found by the key scan.
     */
    private void writeDeletes(SalesforceSink sf, RunDir d) {
        List<String[]> ids = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        try {
            for (int i = 0; i < d.segments(); i++) {
                Path f = d.segment(i).deleteKeys;
                if (Files.exists(f)) {
                    for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                        keys.add(RunDir.unescapeKey(l));
                    }
                }
            }
            if (Files.exists(d.hardDeleteIds())) {
                for (String l : Files.readAllLines(d.hardDeleteIds(), StandardCharsets.UTF_8)) {
                    int c = l.indexOf(',');
                    ids.add(new String[] {l.substring(0, c), RunDir.unescapeKey(l.substring(c + 1))});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the delete keys in " + d.file(""), e);
        }
        d.deleteNotFound = 0;
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
        try (BufferedWriter del = Files.newBufferedWriter(d.deletes(), StandardCharsets.UTF_8);
                BufferedWriter keyOf = Files.newBufferedWriter(d.deleteKeys(), StandardCharsets.UTF_8)) {
            del.write("Id\n");
            keyOf.write("Id,erp_key\n");
            for (String[] e : ids) {
                del.write(e[0] + "\n");
                keyOf.write(e[0] + "," + e[1] + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the delete spool in " + d.file(""), e);
        }
    }

    /** One segment being written: its rows, their keys, its rejected rows and its keys to delete. */
    private static final class SegmentWriter {
        final RunDir.Segment segment;
        private final OutputStream os;
        private final CsvRowWriter<ErpRow> rowsOut;
        private final BufferedWriter keys;
        private final BufferedWriter rejects;
        private BufferedWriter deletes;
        long rows;

        SegmentWriter(RunDir.Segment segment, CsvMapping<ErpRow> csv) {
            this.segment = segment;
            try {
                os = new BufferedOutputStream(Files.newOutputStream(segment.csv), 1 << 16);
                rowsOut = CsvRowWriter.create(os, csv, CsvDialect.defaults());
                keys = Files.newBufferedWriter(segment.keys, StandardCharsets.UTF_8);
                rejects = ReportWriter.csvFile(segment.rejects, ReportWriter.REJECTED_HEADER);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the spool " + segment.csv, e);
            }
        }

        void write(ErpRow r) {
            rowsOut.write(r);
            line(keys, r.key);
            rows++;
        }

        void reject(String key, RowCheck.Reject why) {
            ReportWriter.row(rejects, key, why.code, why.message, why.field);
        }

        void deleteKey(String key) {
            try {
                if (deletes == null) {
                    deletes = Files.newBufferedWriter(segment.deleteKeys, StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            line(deletes, key);
        }

        private static void line(BufferedWriter w, String key) {
            try {
                w.write(RunDir.escapeKey(key));
                w.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void flush() {
            rowsOut.flush();
        }

        Path[] files() {
            return new Path[] {segment.csv, segment.keys, segment.rejects, segment.deleteKeys};
        }

        void close() {
            try {
                rowsOut.close();
                keys.close();
                rejects.close();
                if (deletes != null) {
                    deletes.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the spool " + segment.csv, e);
            }
        }

        void closeQuietly() {
            try {
                close();
            } catch (RuntimeException ignored) {
                // the segment is discarded anyway
            }
        }
    }
}
