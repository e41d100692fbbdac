package dev.bulk2.core.internal.journal;

import java.io.IOException;
import dev.bulk2.core.exception.JournalException;
import dev.bulk2.core.internal.http.SdkVersion;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An open run journal: the lock held, the file read and checked, its state replayed, and a writer positioned at
 * its end. Opening a journal that does not exist (or holds only a torn header) creates it: the header and the
 * {@code runStarted} line are written and forced, with the directory. Opening an existing one checks, in this
 * order: that it is a bulk2 journal, its version, its kind and request, its input; then replays every line
 * (anything but a torn last line that is not valid is {@code CORRUPT}), cuts a torn last line and appends a
 * {@code resumed} line. Every later {@link #append} is forced to disk before it returns.
 *
 * <p>Thread-safe: appends are serialised; the state is read before the run starts.
 */
public final class Journal implements Closeable {
    private final Path path;
    private final JournalLock lock;
    private final JournalWriter writer;
    private final JournalHeader header;
    private final IngestResumeState ingest;
    private final QueryResumeState query;
    private final boolean created;
    private final boolean repairedTail;

    private Journal(Path path, JournalLock lock, JournalWriter writer, JournalHeader header,
            IngestResumeState ingest, QueryResumeState query, boolean created, boolean repairedTail) {
        this.path = path;
        this.lock = lock;
        this.writer = writer;
        this.header = header;
        this.ingest = ingest;
        this.query = query;
        this.created = created;
        this.repairedTail = repairedTail;
    }

    /**
     * Opens (or creates) the journal of a run.
     *
     * @param path the journal file
     * @param request the request now (its kind decides between an ingest and a query journal)
     * @param input the input's identity now
     * @param clock stamps the lines
     * @return the open journal, holding its lock until {@link #close()}
     * @throws JournalException LOCKED, NOT_A_JOURNAL, VERSION, REQUEST_MISMATCH, INPUT_MISMATCH, CORRUPT or IO
     */
    public static Journal open(Path path, JournalRequest request, InputIdentity input, Clock clock) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(clock, "clock");
        JournalLock lock = JournalLock.acquire(path, clock);
        try {
            return openLocked(path, request, input, clock, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Replays an ingest journal read-only: no lock is taken, nothing is written or repaired (a torn last line is
     * left out, as a resume would drop it), so a journal a live run is appending to can be looked at.
     *
     * @param path the journal
     * @return the replayed state, or null when the file does not exist or holds nothing usable yet
     * @throws JournalException NOT_A_JOURNAL (also for a query journal), VERSION, CORRUPT or IO
     */
    public static IngestResumeState readIngest(Path path) {
        Objects.requireNonNull(path, "path");
        JournalReader reader = JournalReader.open(path);
        if (reader == null) {
            return null;
        }
        try {
            if (reader.isEmpty()) {
                return null;
            }
            JournalHeader h = reader.header();
            if (h.kind != JournalKind.INGEST) {
                throw JournalErrors.notAJournal(path, "a " + h.kind.wire() + " journal, not an ingest journal");
            }
            IngestResumeState is = new IngestResumeState(path, h);
            JournalCodec.Line line;
            while ((line = reader.next()) != null) {
                is.apply(line);
            }
            return is;
        } finally {
            reader.close();
        }
    }

    private static Journal openLocked(Path path, JournalRequest request, InputIdentity input, Clock clock,
            JournalLock lock) {
        JournalReader reader = JournalReader.open(path);
        if (reader == null || reader.isEmpty()) {
            boolean torn = reader != null;
            if (reader != null) {
                reader.close();
            }
            JournalHeader h = new JournalHeader(JournalFormat.VERSION, request.kind(), clock.instant(),
                    SdkVersion.version(), request.fingerprint(), input);
            JournalWriter w = JournalWriter.open(path, 0, false, clock);
            try {
                ByteArrayOutputStream lines = new ByteArrayOutputStream(512);
                lines.writeBytes(JournalCodec.encodeHeader(h));
                lines.writeBytes(JournalCodec.encode(new JournalEntry.RunStarted(request.fields()), clock.instant()));
                w.writeNew(lines.toByteArray());
            } catch (RuntimeException e) {
                w.close();
                throw e;
            }
            IngestResumeState is = request.kind() == JournalKind.INGEST ? new IngestResumeState(path, h) : null;
            QueryResumeState qs = request.kind() == JournalKind.QUERY ? new QueryResumeState(path, h) : null;
            if (is != null) {
                is.order.request = request.fields();
            } else {
                qs.order.request = request.fields();
            }
            return new Journal(path, lock, w, h, is, qs, true, torn);
        }
        try {
            JournalHeader h = reader.header();
            if (h.kind != request.kind()) {
                throw JournalErrors.requestMismatch(path, "kind", h.kind.wire(), request.kind().wire());
            }
            IngestResumeState is = h.kind == JournalKind.INGEST ? new IngestResumeState(path, h) : null;
            QueryResumeState qs = h.kind == JournalKind.QUERY ? new QueryResumeState(path, h) : null;
            JournalCodec.Line first = reader.next();
            if (first != null && !(first.entry instanceof JournalEntry.RunStarted)) {
                throw JournalErrors.corrupt(path, first.number, "the line after the header is '" + first.entry.type()
                        + "', not runStarted");
            }
            if (!h.requestFingerprint.equals(request.fingerprint())) {
                throw requestDiff(path, first == null ? null : ((JournalEntry.RunStarted) first.entry).request,
                        request, h.requestFingerprint);
            }
            h.input.check(path, input);
            if (first != null) {
                if (is != null) {
                    is.apply(first);
                } else {
                    qs.apply(first);
                }
            }
            JournalCodec.Line line;
            while ((line = reader.next()) != null) {
                if (is != null) {
                    is.apply(line);
                } else {
                    qs.apply(line);
                }
            }
            reader.close();
            boolean repaired = reader.tornTailAt() >= 0 || reader.missingNewline();
            if (repaired) {
                System.getLogger("dev.bulk2.core.journal").log(System.Logger.Level.INFO, "Journal {0}: {1}", path,
                        reader.tornTailAt() >= 0 ? "the last line was torn by a crash during its write; it is cut"
                                : "the last line lacked its newline; it is added");
            }
            JournalWriter w = JournalWriter.open(path, reader.validLength(), reader.missingNewline(), clock);
            try {
                if (first == null) {
                    w.append(new JournalEntry.RunStarted(request.fields())); // crashed between header and run start
                    if (is != null) {
                        is.order.request = request.fields();
                    } else {
                        qs.order.request = request.fields();
                    }
                } else {
                    w.append(new JournalEntry.Resumed(ProcessHandle.current().pid(), JournalLock.Host.NAME));
                }
            } catch (RuntimeException e) {
                w.close();
                throw e;
            }
            return new Journal(path, lock, w, h, is, qs, false, repaired);
        } finally {
            reader.close();
        }
    }

    /** Names the first request field that differs (journal order first, then the new fields). */
    private static JournalException requestDiff(Path path, Map<String, String> journaled, JournalRequest now,
            String journaledFingerprint) {
        if (journaled != null) {
            Set<String> names = new LinkedHashSet<>(journaled.keySet());
            names.addAll(now.fields().keySet());
            for (String name : names) {
                String a = journaled.get(name);
                String b = now.fields().get(name);
                if (!Objects.equals(a, b)) {
                    return JournalErrors.requestMismatch(path, name, a, b);
                }
            }
        }
        return JournalErrors.requestMismatch(path, "request fingerprint", journaledFingerprint, now.fingerprint());
    }

    /**
     * Forces the directory entry of a new or renamed file to disk, so that its name survives a crash (best
     * effort: not every platform can open a directory). A journaled export uses it for its output file.
     *
     * @param file the file
     */
    public static void forceDirectoryOf(Path file) {
        JournalWriter.syncDirectory(file);
    }

    /**
     * Reads up to {@code max} bytes of a file from {@code position}, fewer at its end.
     *
     * @param ch the file
     * @param max the most bytes to read
     * @param position where to start
     * @return the bytes read, from index 0 to the buffer's position
     * @throws IOException if reading fails
     */
    public static java.nio.ByteBuffer readAt(java.nio.channels.FileChannel ch, int max, long position)
            throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(max);
        long pos = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        return b;
    }

    /**
     * Appends a line and forces it to disk.
     *
     * @param entry the step that happened
     * @throws JournalException IO when it cannot be written
     */
    public void append(JournalEntry entry) {
        writer.append(entry);
    }

    /** @return the journal file */
    public Path path() {
        return path;
    }

    /** @return the header */
    public JournalHeader header() {
        return header;
    }

    /** @return whether this open created the journal (nothing to resume) */
    public boolean isNew() {
        return created;
    }

    /** @return whether a torn last line was cut (or a missing newline added) on open */
    public boolean repairedTail() {
        return repairedTail;
    }

    /** @return the held lock (its {@link JournalLock#takenOverFrom()} names a dead holder taken over) */
    public JournalLock lock() {
        return lock;
    }

    /**
     * The replayed state of an ingest journal.
     *
     * @return the state
     * @throws IllegalStateException for a query journal
     */
    public IngestResumeState ingestState() {
        if (ingest == null) {
            throw new IllegalStateException("Not an ingest journal");
        }
        return ingest;
    }

    /**
     * The replayed state of a query journal.
     *
     * @return the state
     * @throws IllegalStateException for an ingest journal
     */
    public QueryResumeState queryState() {
        if (query == null) {
            throw new IllegalStateException("Not a query journal");
        }
        return query;
    }

    /** @return the lines this process appended (the header and run start of a new journal count as one) */
    public long appends() {
        return writer.appends();
    }

    /** Closes the file and releases the lock. Idempotent. */
    @Override
    public void close() {
        try {
            writer.close();
        } finally {
            lock.close();
        }
    }
}
