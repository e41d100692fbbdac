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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The run in progress, in {@code <state>/run}: what the spool phase counted ({@code run.properties}), the mapped
 * rows to upsert ({@code rows.csv}) and their ERP keys ({@code rows.keys}), the rows it rejected locally ({@code rejected.csv}), the Salesforce ids to delete ({@code deletes.csv}, with {@code
 * delete-keys.csv} naming the ERP key of each), and the SDK's run journals of the upsert ({@code upsert.journal})
 * and of the delete ({@code delete.journal}).
 *
 * <p>The spool is written to {@code <state>/run.tmp}, forced to disk, and renamed to {@code run} in one atomic
 * move, so a half-written spool is never journaled: a run killed while spooling leaves {@code run.tmp}, which the
 * next start deletes. A run killed after the move is resumed by the next start (or by {@code status}) from the
 * spool and the journals, which send nothing twice. The directory is deleted once the run's watermark and retry
 * list are committed in the ERP (the commit also stores the run id, so a run killed between the commit and the
 * deletion is recognised as done).
 */
final class RunDir {
    static final String DIR = "run";
    static final String TMP = "run.tmp";

    String runId;
    String mode;
    boolean submitOnly;
    boolean fullKeyScan;
    Instant startedAt;
    Instant watermarkBefore;
    Instant lowerBound;
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

    private Path dir;

    static Path dir(Path stateDir) {
        return stateDir.resolve(DIR);
    }

    static Path tmp(Path stateDir) {
        return stateDir.resolve(TMP);
    }

    Path rows() {
        return dir.resolve("rows.csv");
    }

    /** @return the ERP key of each spooled row, one per line in spool order ({@link #escapeKey}) */
    Path rowKeys() {
        return dir.resolve("rows.keys");
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

    /** @return the rows the spool phase rejected locally (copied into the report's {@code rejected.csv}) */
    Path rejects() {
        return dir.resolve("rejected.csv");
    }

    Path upsertJournal() {
        return dir.resolve("upsert.journal");
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

    /** Deletes a half-written spool left by a run killed while spooling (it was never journaled). */
    static boolean discardTmp(Path stateDir) {
        Path t = tmp(stateDir);
        boolean existed = Files.exists(t);
        SyncDemo.deleteTree(t);
        return existed;
    }

    /** Creates an empty {@code run.tmp} for a fresh spool. */
    static RunDir startSpool(Path stateDir) {
        RunDir d = new RunDir();
        d.dir = tmp(stateDir);
        try {
            Files.createDirectories(d.dir);
        } catch (IOException e) {
            throw new ConfigException("cannot create " + d.dir + ": " + e.getMessage());
        }
        return d;
    }

    /**
     * Writes {@code run.properties}, forces every spooled file and the directory, and moves {@code run.tmp} to
     * {@code run} atomically.
     */
    void commitSpool(Path stateDir) {
        try {
            Files.writeString(dir.resolve("run.properties"), properties(), StandardCharsets.UTF_8);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    force(f);
                }
            }
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
            throw new UncheckedIOException("cannot store the run spool in " + stateDir, e);
        }
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
            r.read = num(p, "read");
            r.fromRetryList = num(p, "fromRetryList");
            r.rejected = num(p, "rejected");
            r.deactivated = num(p, "deactivated");
            r.upsertRows = num(p, "upsertRows");
            r.deleteRequested = num(p, "deleteRequested");
            r.deleteNotFound = num(p, "deleteNotFound");
            r.hardDeleted = num(p, "hardDeleted");
            r.deleteRows = num(p, "deleteRows");
            if (r.runId == null || r.mode == null) {
                throw new IllegalArgumentException("runId or mode missing");
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
        p.setProperty("runId", runId);
        p.setProperty("mode", mode);
        p.setProperty("submitOnly", Boolean.toString(submitOnly));
        p.setProperty("fullKeyScan", Boolean.toString(fullKeyScan));
        p.setProperty("startedAt", startedAt.toString());
        p.setProperty("watermarkBefore", watermarkBefore.toString());
        p.setProperty("lowerBound", lowerBound.toString());
        p.setProperty("candidateWatermark", candidateWatermark.toString());
        long[] v = {read, fromRetryList, rejected, deactivated, upsertRows, deleteRequested, deleteNotFound,
            hardDeleted, deleteRows};
        String[] n = {"read", "fromRetryList", "rejected", "deactivated", "upsertRows", "deleteRequested",
            "deleteNotFound", "hardDeleted", "deleteRows"};
        for (int i = 0; i < n.length; i++) {
            p.setProperty(n[i], Long.toString(v[i]));
        }
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
