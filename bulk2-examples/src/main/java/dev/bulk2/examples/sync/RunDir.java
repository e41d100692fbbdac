package dev.bulk2.examples.sync;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The run in progress, in {@code <state>/run}: its identity and how far it got ({@code run.properties}), and the
 * spool, cut into <em>segments</em> while the ERP is read, so that the first segments are upserted while later
 * rows are still being read. Segment {@code N} is {@code seg-N.csv} (the mapped rows), {@code seg-N.keys} (the
 * ERP key of each row, one per line, for the rows the SDK's pre-flight leaves out), {@code seg-N.rejected.csv}
 * (rows the local checks rejected), {@code seg-N.deletes} (ERP keys of deactivated clients to Bulk-delete) and
 * {@code seg-N.journal} (the SDK's run journal of its upsert). After the read: {@code deletes.csv} (Salesforce ids
 * to delete), {@code delete-keys.csv} (the ERP key of each) and {@code delete.journal}.
 *
 * <p>A segment exists once {@code run.properties} counts it: its files are forced to disk first, then {@code
 * run.properties} is replaced atomically with the new count, the counters and the read cursor (the last retry-list
 * key and the last {@code (updated_at, key)} of the main scan in the segment), and only then is it uploaded. A run
 * killed while reading leaves a half-written segment, which the next start deletes (nothing of it was sent), then
 * resumes the committed segments through their journals and reads the ERP on from the cursor. The directory
 * itself is created whole ({@code run.tmp} renamed) and deleted once the run's watermark and retry list are
 * committed in the ERP (the commit also stores the run id, so a run killed between the commit and the deletion is
 * recognised as done).
 */
final class RunDir {
    static final String DIR = "run";
    static final String TMP = "run.tmp";
    private static final String FORMAT = "2";
    private static final Pattern SEGMENT_FILE = Pattern.compile("seg-(\\d{4,})\\..*");

    String runId;
    String mode;
    boolean submitOnly;
    boolean fullKeyScan;
    Instant startedAt;
    Instant watermarkBefore;
    Instant lowerBound;
    /** The record type id the rows carry (null: none), so that a resumed read maps rows the same way. */
    String recordTypeId;
    Instant candidateWatermark;
    long read;
    long fromRetryList;
    long rejected;
    long deactivated;
    long upsertRows;
    long deleteRequested;
    long deleteNotFound;
    long hardDeleted;
    long deleteRows;

    /** Committed segments; the rows of each (a segment may hold only rejected or deleted rows). */
    final List<Long> segmentRows = new ArrayList<>();
    /** The retry-list rows are all in committed segments. */
    boolean retryDone;
    /** The last retry-list key in a committed segment ("" none); keys sort as Java strings. */
    String retryCursor = "";
    /** The last {@code (updated_at, key)} of the main scan in a committed segment (null: none yet). */
    Instant cursorAt;
    String cursorKey;
    /** The key scan for hard deletes is done (its segment committed). */
    boolean keyScanDone;
    /** Every row is read and every segment committed, the deletes are spooled. */
    boolean spoolComplete;

    private Path dir;

    static Path dir(Path stateDir) {
        return stateDir.resolve(DIR);
    }

    static Path tmp(Path stateDir) {
        return stateDir.resolve(TMP);
    }

    /** @return how many segments are committed */
    int segments() {
        return segmentRows.size();
    }

    /** The files of one segment. */
    Segment segment(int index) {
        return new Segment(dir, index);
    }

    /** The files of segment {@code index}. */
    static final class Segment {
        final int index;
        final Path csv;
        final Path keys;
        final Path rejects;
        final Path deleteKeys;
        final Path journal;

        Segment(Path dir, int index) {
            this.index = index;
            String base = String.format("seg-%04d", index);
            csv = dir.resolve(base + ".csv");
            keys = dir.resolve(base + ".keys");
            rejects = dir.resolve(base + ".rejected.csv");
            deleteKeys = dir.resolve(base + ".deletes");
            journal = dir.resolve(base + ".journal");
        }
    }

    /** @return the locally rejected rows of every committed segment, in order */
    List<Path> rejects() {
        List<Path> l = new ArrayList<>();
        for (int i = 0; i < segments(); i++) {
            l.add(segment(i).rejects);
        }
        return l;
    }

    /** A key on one line: backslash, CR and LF escaped. */
    static String escapeKey(String key) {
        return key.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** The inverse of {@link #escapeKey}. */
    static String unescapeKey(String line) {
        if (line.indexOf('\\') < 0) {
            return line;
        }
        StringBuilder b = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                char n = line.charAt(++i);
                b.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    Path deletes() {
        return dir.resolve("deletes.csv");
    }

    Path deleteKeys() {
        return dir.resolve("delete-keys.csv");
    }

    Path deleteJournal() {
        return dir.resolve("delete.journal");
    }

    /** Salesforce ids of hard-deleted clients found by the key scan in delete mode ({@code id,key} lines). */
    Path hardDeleteIds() {
        return dir.resolve("hard-deletes.csv");
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /** Deletes a half-created run directory left by a run killed while creating it (nothing of it was sent). */
    static boolean discardTmp(Path stateDir) {
        Path t = tmp(stateDir);
        boolean existed = Files.exists(t);
        SyncDemo.deleteTree(t);
        return existed;
    }

    /**
     * Creates {@code <state>/run} for this run (identity set, nothing read yet): written to {@code run.tmp},
     * forced, and renamed in one atomic move.
     */
    void create(Path stateDir) {
        dir = tmp(stateDir);
        try {
            SyncDemo.deleteTree(dir);
            Files.createDirectories(dir);
            Path f = dir.resolve("run.properties");
            Files.writeString(f, properties(), StandardCharsets.UTF_8);
            force(f);
            forceDirectory(dir);
            Path target = dir(stateDir);
            try {
                Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new ConfigException("the state directory " + stateDir + " does not support atomic renames");
            }
            forceDirectory(stateDir);
            dir = target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory in " + stateDir, e);
        }
    }

    /**
     * Forces the given files (a segment's, or the delete spool) to disk, then replaces {@code run.properties}
     * atomically with the current state: from then on the files belong to the run.
     */
    void commit(Path... files) {
        try {
            for (Path f : files) {
                if (Files.exists(f)) {
                    force(f);
                }
            }
            Path f = dir.resolve("run.properties");
            Path t = dir.resolve("run.properties.tmp");
            Files.writeString(t, properties(), StandardCharsets.UTF_8);
            force(t);
            Files.move(t, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the run state in " + dir, e);
        }
    }

    /**
     * Deletes the files of segments that were never committed (a run killed while writing one).
     *
     * @return whether there were any
     */
    boolean discardUncommitted() {
        boolean any = false;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                Matcher m = SEGMENT_FILE.matcher(name);
                if (m.matches() && Integer.parseInt(m.group(1)) >= segments()) {
                    Files.delete(f);
                    any = true;
                } else if (name.endsWith(".tmp")) {
                    Files.delete(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean the run directory " + dir, e);
        }
        return any;
    }

    private static void force(Path f) throws IOException {
        try (FileChannel c = FileChannel.open(f, StandardOpenOption.WRITE)) {
            c.force(true);
        }
    }

    private static void forceDirectory(Path d) {
        try (FileChannel c = FileChannel.open(d, StandardOpenOption.READ)) {
            c.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can force a directory (Windows); the rename is still atomic
        }
    }

    /** @return the run of {@code <state>/run}, if one is in progress */
    static Optional<RunDir> load(Path stateDir) {
        Path d = dir(stateDir);
        Path f = d.resolve("run.properties");
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(f, StandardCharsets.UTF_8)));
            if (!FORMAT.equals(p.getProperty("format"))) {
                throw new IllegalArgumentException("written by an earlier version of the sync (format "
                        + p.getProperty("format", "1") + ", this version reads " + FORMAT + ")");
            }
            RunDir r = new RunDir();
            r.dir = d;
            r.runId = p.getProperty("runId");
            r.mode = p.getProperty("mode");
            r.submitOnly = Boolean.parseBoolean(p.getProperty("submitOnly"));
            r.fullKeyScan = Boolean.parseBoolean(p.getProperty("fullKeyScan"));
            r.startedAt = Instant.parse(p.getProperty("startedAt"));
            r.watermarkBefore = Instant.parse(p.getProperty("watermarkBefore"));
            r.lowerBound = Instant.parse(p.getProperty("lowerBound"));
            r.candidateWatermark = Instant.parse(p.getProperty("candidateWatermark"));
            r.recordTypeId = p.getProperty("recordTypeId");
            r.read = num(p, "read");
            r.fromRetryList = num(p, "fromRetryList");
            r.rejected = num(p, "rejected");
            r.deactivated = num(p, "deactivated");
            r.upsertRows = num(p, "upsertRows");
            r.deleteRequested = num(p, "deleteRequested");
            r.deleteNotFound = num(p, "deleteNotFound");
            r.hardDeleted = num(p, "hardDeleted");
            r.deleteRows = num(p, "deleteRows");
            String rows = p.getProperty("segmentRows", "");
            for (String s : rows.isEmpty() ? new String[0] : rows.split(",")) {
                r.segmentRows.add(Long.parseLong(s));
            }
            r.retryDone = Boolean.parseBoolean(p.getProperty("retryDone"));
            r.retryCursor = p.getProperty("retryCursor", "");
            String at = p.getProperty("cursorAt");
            r.cursorAt = at == null ? null : Instant.parse(at);
            r.cursorKey = p.getProperty("cursorKey");
            r.keyScanDone = Boolean.parseBoolean(p.getProperty("keyScanDone"));
            r.spoolComplete = Boolean.parseBoolean(p.getProperty("spoolComplete"));
            if (r.runId == null || r.mode == null || (r.cursorAt == null) != (r.cursorKey == null)) {
                throw new IllegalArgumentException("runId, mode or the cursor missing");
            }
            return Optional.of(r);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("the run state " + f + " is unreadable (" + e.getMessage() + "); check the"
                    + " jobs its journals name (plain text, in " + d + ") in Salesforce, then delete " + d);
        }
    }

    private static long num(Properties p, String k) {
        return Long.parseLong(p.getProperty(k, "0"));
    }

    private String properties() {
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("runId", runId);
        p.setProperty("mode", mode);
        p.setProperty("submitOnly", Boolean.toString(submitOnly));
        p.setProperty("fullKeyScan", Boolean.toString(fullKeyScan));
        p.setProperty("startedAt", startedAt.toString());
        p.setProperty("watermarkBefore", watermarkBefore.toString());
        p.setProperty("lowerBound", lowerBound.toString());
        p.setProperty("candidateWatermark", candidateWatermark.toString());
        if (recordTypeId != null) {
            p.setProperty("recordTypeId", recordTypeId);
        }
        long[] v = {read, fromRetryList, rejected, deactivated, upsertRows, deleteRequested, deleteNotFound,
            hardDeleted, deleteRows};
        String[] n = {"read", "fromRetryList", "rejected", "deactivated", "upsertRows", "deleteRequested",
            "deleteNotFound", "hardDeleted", "deleteRows"};
        for (int i = 0; i < n.length; i++) {
            p.setProperty(n[i], Long.toString(v[i]));
        }
        StringBuilder rows = new StringBuilder();
        for (long r : segmentRows) {
            rows.append(rows.length() == 0 ? "" : ",").append(r);
        }
        p.setProperty("segmentRows", rows.toString());
        p.setProperty("retryDone", Boolean.toString(retryDone));
        p.setProperty("retryCursor", retryCursor);
        if (cursorAt != null) {
            p.setProperty("cursorAt", cursorAt.toString());
            p.setProperty("cursorKey", cursorKey);
        }
        p.setProperty("keyScanDone", Boolean.toString(keyScanDone));
        p.setProperty("spoolComplete", Boolean.toString(spoolComplete));
        StringWriter w = new StringWriter();
        try {
            p.store(w, "bulk2 ERP sync: the run in progress (resumed by the next start or by 'status')");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** @return Salesforce id to ERP key of the records to delete (from {@code delete-keys.csv}) */
    Map<String, String> keysOfDeleteIds() {
        Map<String, String> m = new HashMap<>();
        if (!Files.exists(deleteKeys())) {
            return m;
        }
        try {
            List<String> lines = Files.readAllLines(deleteKeys(), StandardCharsets.UTF_8);
            for (String l : lines.subList(Math.min(1, lines.size()), lines.size())) {
                int c = l.indexOf(',');
                if (c > 0) {
                    m.put(l.substring(0, c), l.substring(c + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** Deletes {@code <state>/run} once the run is committed. */
    static void clear(Path stateDir) {
        Path d = dir(stateDir);
        if (!Files.exists(d)) {
            return;
        }
        // Rename first, so that a crash during the deletion never leaves a half-deleted run that looks resumable.
        Path gone = stateDir.resolve("run.done");
        SyncDemo.deleteTree(gone);
        try {
            Files.move(d, gone, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the finished run " + d, e);
        }
        SyncDemo.deleteTree(gone);
    }
}
