package dev.bulk2.core.internal.journal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.bulk2.core.exception.JournalException;
import dev.bulk2.core.internal.json.Json;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The lock of a journal: while a process uses {@code <journal>} it holds an operating-system lock
 * ({@link FileChannel#tryLock()}) on {@code <journal>.lock}, whose body names it:
 * {@code {"pid":..,"host":..,"processStarted":..,"acquired":..}}.
 *
 * <p>A second process finds the OS lock taken and gets {@code LOCKED} naming the holder. When the OS lock is
 * free but the body still names a holder, that holder died without releasing (the OS drops the lock with the
 * process): on the same host this is confirmed with {@link ProcessHandle#of(long)} (no such process, or one that
 * started at another time: the pid was reused) and the lock is taken over; if that process is alive, it is still
 * treated as the holder ({@code LOCKED}). A holder on another host cannot be checked; the free OS lock is trusted
 * (shared file systems must support locks, see docs/journal.md). Taking over is atomic: only the process that
 * holds the OS lock rewrites the body. The lock file is never deleted (emptied on release), so two processes never
 * lock two different files. Thread-safe.
 */
public final class JournalLock implements Closeable {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.core.journal");
    /** Start times read by two JVMs may be rounded differently. */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final JournalException.Holder previous;

    private JournalLock(Path file, FileChannel channel, FileLock lock, JournalException.Holder previous) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.previous = previous;
    }

    /**
     * The lock file of a journal.
     *
     * @param journal the journal
     * @return {@code <journal>.lock}
     */
    public static Path lockFileOf(Path journal) {
        return journal.resolveSibling(journal.getFileName() + ".lock");
    }

    /**
     * Takes the lock of a journal (creating its directory and lock file when needed).
     *
     * @param journal the journal file
     * @param clock stamps the acquisition time
     * @return the held lock
     * @throws JournalException LOCKED when another live process holds it; IO when it cannot be written
     */
    public static JournalLock acquire(Path journal, Clock clock) {
        Path file = lockFileOf(journal);
        FileChannel ch = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // held by this JVM
            }
            String body = read(ch);
            JournalException.Holder holder = parse(body);
            if (l == null) {
                ch.close();
                throw locked(journal, file, holder, "holds it");
            }
            if (holder != null && isAlive(holder)) {
                l.release();
                ch.close();
                throw locked(journal, file, holder, "is alive and named in it (its operating-system lock was "
                        + "released without the lock being given up)");
            }
            if (holder != null && holder.host().equals(Host.NAME)) {
                LOG.log(System.Logger.Level.WARNING, "Journal {0}: taking over the lock left by {1}, which is no "
                        + "longer running", journal, holder);
            } else if (holder != null) {
                LOG.log(System.Logger.Level.WARNING, "Journal {0}: taking over the lock left by {1}: that host "
                        + "cannot be checked from here, and its operating-system lock is free", journal, holder);
            } else if (!body.isBlank()) {
                LOG.log(System.Logger.Level.WARNING, "Journal {0}: the lock file {1} held an unreadable body (a "
                        + "crash while it was written); taking it over", journal, file);
            }
            byte[] me = body(clock.instant());
            ch.truncate(0);
            ByteBuffer b = ByteBuffer.wrap(me);
            long pos = 0;
            while (b.hasRemaining()) {
                pos += ch.write(b, pos);
            }
            ch.force(true);
            return new JournalLock(file, ch, l, holder);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw JournalErrors.io(journal, "lock (" + file + ")", e);
        }
    }

    private static JournalException locked(Path journal, Path file, JournalException.Holder holder, String how) {
        String who = holder == null ? "another process (its lock file " + file + " does not say which)"
                : "process " + holder.pid() + " on host " + holder.host()
                + holder.started().map(s -> ", started " + s).orElse("");
        return new JournalException(journal, "The journal " + journal + " is in use: " + who + " " + how + ". "
                + "Wait for that run to finish or stop it, then run again; only one process may use a journal at "
                + "a time. If that process is gone for certain (for example on another host that cannot be "
                + "checked), delete the lock file " + file + ".", holder);
    }

    /** Whether the holder is a live process of this host that started when the lock file says it did. */
    private static boolean isAlive(JournalException.Holder holder) {
        if (!holder.host().equals(Host.NAME)) {
            return false; // cannot be checked; the free operating-system lock is trusted
        }
        Optional<ProcessHandle> p = ProcessHandle.of(holder.pid());
        if (p.isEmpty() || !p.get().isAlive()) {
            return false;
        }
        Optional<Instant> started = p.get().info().startInstant();
        if (started.isEmpty() || holder.started().isEmpty()) {
            return true; // alive and nothing tells it apart: it is the holder
        }
        Duration diff = Duration.between(started.get(), holder.started().get()).abs();
        return diff.compareTo(START_TOLERANCE) <= 0;
    }

    private static String read(FileChannel ch) throws IOException {
        ByteBuffer b = Journal.readAt(ch, (int) Math.min(ch.size(), 4096), 0);
        return new String(b.array(), 0, b.position(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The holder named in a lock body, or {@code null} when the body is empty or unreadable. */
    static JournalException.Holder parse(String body) {
        if (body.isBlank()) {
            return null;
        }
        byte[] bytes = body.trim().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            Map<String, Object> m = JournalCodec.parseObject(bytes, bytes.length);
            JournalCodec.Fields f = new JournalCodec.Fields(m, "lock");
            return new JournalException.Holder(f.lng("pid"), f.str("host"),
                    f.has("processStarted") ? f.instant("processStarted") : null);
        } catch (JournalCodec.BadLine e) {
            return null;
        }
    }

    private static byte[] body(Instant acquired) {
        ProcessHandle me = ProcessHandle.current();
        return Json.write((JsonGenerator g) -> {
            g.writeStartObject();
            g.writeNumberField("pid", me.pid());
            g.writeStringField("host", Host.NAME);
            Optional<Instant> started = me.info().startInstant();
            if (started.isPresent()) {
                g.writeStringField("processStarted", started.get().toString());
            }
            g.writeStringField("acquired", acquired.toString());
            g.writeEndObject();
        });
    }

    /** @return the lock file */
    public Path file() {
        return file;
    }

    /** @return the dead holder whose lock was taken over, if there was one */
    public Optional<JournalException.Holder> takenOverFrom() {
        return Optional.ofNullable(previous);
    }

    /** Releases the lock: empties the body, then releases the operating-system lock. Idempotent. */
    @Override
    public synchronized void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            channel.truncate(0);
            channel.force(true);
            lock.release();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Releasing the journal lock {0} failed: {1} (the operating system "
                    + "releases it with the process)", file, e.getMessage());
        } finally {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock goes with the channel
            }
        }
    }

    /** This host's name, looked up once (it may need DNS). */
    static final class Host {
        static final String NAME = lookUp();

        private Host() {
        }

        private static String lookUp() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "unknown-host";
            }
        }
    }
}
