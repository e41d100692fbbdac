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
 * and Salesforce's processing overlap the rest of the read. On a full run the key scan for hard deletes runs on
 * its own thread beside the read, and its tombstones are committed as one more segment at the first segment
 * boundary after it ends (or at the end of the read); at the end, the Salesforce ids of the clients to
 * Bulk-delete. Memory stays flat: rows go straight to the files; only the keys to delete are kept at the end
 * (few, except on the first key scan of an ERP that lost many rows). Not thread-safe (one reading thread; the key
 * scan's thread writes only its own file).
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

    /**
     * @param columns the mapping's columns
     * @return how a segment's CSV is written: each column as the text the mapping made of it (for {@link ReadBench})
     */
    static CsvMapping<List<String>> segmentMapping(List<String> columns) {
        return SegmentWriter.texts(columns);
    }

    private RunDir d;
    private CsvMapping<ErpRow> csv;
    private PreFlight check;
    private dev.bulk2.core.plan.ValueRules rules;
    private Map<String, Integer> retry;
    private IntConsumer onSegment;
    private boolean deleteMode;
    private long half;
    private SegmentWriter seg;
    /** The key scan while it runs beside the read (how many records are gone), or null. */
    private java.util.concurrent.FutureTask<Long> keyScan;
    private static final String KEY_SCAN_FILE = "keyscan.tmp";
    private static final long KEY_SCAN_STOP_WAIT_SECONDS = 30;
    private volatile boolean keyScanStopped;

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
        this.rules = check.valueRules(csv.columns());
        this.retry = retry;
        this.onSegment = onSegment;
        this.deleteMode = config.deactivationMode == SyncConfig.DeactivationMode.DELETE;
        this.half = Math.max(1, changed / 2);
        if (d.fullKeyScan && !d.keyScanDone) {
            // started first, beside the read: its Bulk query is created before this run's first job (so it does
            // not wait behind them) and its wait for Salesforce overlaps the read instead of delaying it; what this
            // run upserts is in the ERP anyway, so a key the query sees is gone only if the ERP lost it
            startKeyScan(erp, sf);
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
            if (keyScan != null) {
                commitKeyScan(true);
            }
        } finally {
            if (seg != null) {
                seg.closeQuietly(); // a failed read: the uncommitted segment is discarded on resume
            }
            if (keyScan != null) {
                stopKeyScan(); // a failed read: its result is not committed, the scan is redone on resume
            }
        }
        writeDeletes(sf, d);
        d.spoolComplete = true;
        d.commit(d.deletes(), d.deleteKeys());
    }

    /** One row read: counted, then rejected, kept to delete, or written; commits the segment once it is full. */
    private void handle(ErpRow r) {
        if (seg == null) {
            seg = new SegmentWriter(d.segment(d.segments()), csv, config.preflight);
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
            List<String> values = null;
            if (why == null && rules != null) {
                values = csv.values(r);
                dev.bulk2.core.plan.PlanProblem p = rules.check(d.read, values).orElse(null);
                if (p != null) {
                    why = new RowCheck.Reject(p.kind().name(), p.message(), p.field().orElse(""));
                }
            }
            if (why != null) {
                seg.reject(r.key, why);
                d.rejected++;
            } else {
                if (!r.active) {
                    d.deactivated++;
                }
                seg.write(r.key, values != null ? values : csv.values(r));
                d.upsertRows++;
            }
        }
        if (seg.rows >= config.maxRecordsPerJob) {
            commit(seg);
            seg = null;
            if (keyScan != null && keyScan.isDone()) {
                commitKeyScan(false);
            }
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

    /**
     * Starts the key scan for hard deletes on its own thread: the Salesforce ids and ERP keys of the records whose
     * ERP row is gone go to {@code hard-delete-ids.csv} (delete mode) or {@code keyscan.tmp} (update-field mode,
     * made into a segment of tombstones by {@link #commitKeyScan}). It uses the ERP's second connection; the read
     * has the first.
     */
    private void startKeyScan(ErpSource erp, SalesforceSink sf) {
        Path out = deleteMode ? d.hardDeleteIds() : d.file(KEY_SCAN_FILE);
        keyScan = new java.util.concurrent.FutureTask<>(() -> {
            try (RunSummary.Phase k = summary.phase("key-scan");
                    BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                return new HardDeletes(config, erp, sf).scan(g -> {
                    try {
                        w.write(g.id + "," + RunDir.escapeKey(g.key) + "\n");
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write the hard deletes into " + out, e);
                    }
                }, () -> keyScanStopped);
            }
        });
        Thread t = new Thread(keyScan, "bulk2-sync-key-scan");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Stops the key scan of a failed read: it ends at its next Salesforce record (never interrupted: a JDBC driver
     * may close its files or socket on an interrupt), and is waited for a bounded time so that it does not go on
     * writing its file while a resume in this JVM starts over.
     */
    private void stopKeyScan() {
        keyScanStopped = true;
        try {
            keyScan.get(KEY_SCAN_STOP_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                | java.util.concurrent.CancellationException e) {
            // stopped, failed or still stuck in a call: the failure of the read is what is reported
        }
        keyScan = null;
    }

    /**
     * Commits the key scan's result (from the reading thread, between segments): tombstones (update-field mode) as
     * one more segment, or the ids to delete (delete mode) with an empty one.
     *
     * @param waitForIt whether to wait for the scan (at the end of the read)
     */
    private void commitKeyScan(boolean waitForIt) {
        long gone;
        try {
            gone = keyScan.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the key scan", e);
        } catch (java.util.concurrent.ExecutionException e) {
            keyScan = null;
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            throw new IllegalStateException("the key scan failed: " + c, c);
        }
        keyScan = null;
        SegmentWriter tombstones = new SegmentWriter(d.segment(d.segments()), csv, config.preflight);
        try {
            if (deleteMode) {
                if (!Files.exists(d.hardDeleteIds())) {
                    Files.createFile(d.hardDeleteIds());
                }
            } else {
                Path f = d.file(KEY_SCAN_FILE);
                try (java.io.BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    String l;
                    while ((l = r.readLine()) != null) {
                        tombstones.write(ErpRow.tombstone(RunDir.unescapeKey(l.substring(l.indexOf(',') + 1)),
                                config.keyColumn));
                        d.upsertRows++;
                    }
                }
                Files.deleteIfExists(f);
                Files.write(d.hardDeleteIds(), new byte[0]);
            }
        } catch (IOException e) {
            tombstones.closeQuietly();
            throw new UncheckedIOException("cannot read the key scan's result in " + d.file(""), e);
        }
        d.hardDeleted = gone;
        if (deleteMode) {
            d.deleteRequested += gone; // every delete asked for: deactivated and hard-deleted clients
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
        private final CsvMapping<ErpRow> csv;
        private final CsvRowWriter<List<String>> rowsOut;
        private final BufferedWriter keys;
        private final BufferedWriter rejects;
        private BufferedWriter deletes;
        long rows;

        /**
         * @param withKeys whether to write {@code seg-N.keys}: only the SDK's pre-flight can pre-reject rows,
         *     whose ERP keys are looked up there ({@code preflight.enabled=false} sends with none)
         */
        SegmentWriter(RunDir.Segment segment, CsvMapping<ErpRow> csv, boolean withKeys) {
            this.segment = segment;
            this.csv = csv;
            try {
                os = new BufferedOutputStream(Files.newOutputStream(segment.csv), 1 << 16);
                rowsOut = CsvRowWriter.create(os, texts(csv.columns()), CsvDialect.defaults());
                keys = withKeys ? Files.newBufferedWriter(segment.keys, StandardCharsets.UTF_8) : null;
                rejects = ReportWriter.csvFile(segment.rejects, ReportWriter.REJECTED_HEADER);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the spool " + segment.csv, e);
            }
        }

        void write(ErpRow r) {
            write(r.key, csv.values(r));
        }

        /** A row by its field texts ({@code csv.values(row)}, made once for the checks and the file). */
        void write(String key, List<String> values) {
            rowsOut.write(values);
            if (keys != null) {
                line(keys, key);
            }
            rows++;
        }

        /** The spool's columns, each written as the text the mapping made of it. */
        private static CsvMapping<List<String>> texts(List<String> columns) {
            CsvMapping.Builder<List<String>> b = CsvMapping.builder();
            for (int i = 0; i < columns.size(); i++) {
                int k = i;
                b.column(columns.get(i), row -> row.get(k));
            }
            return b.build();
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
                if (keys != null) {
                    keys.close();
                }
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
