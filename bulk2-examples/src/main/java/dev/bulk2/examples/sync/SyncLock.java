package dev.bulk2.examples.sync;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One run at a time per state directory: an operating-system lock on {@code sync.lock}, whose content names the
 * holder ({@code pid=... host=... started=...}). The OS releases the lock when the holder dies, so a lock file
 * left by a killed run is taken over (and said so) by the next start. The file itself is kept (emptied on
 * release) so that two starts never lock two different files.
 */
final class SyncLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;
    private final String previousHolder;

    private SyncLock(FileChannel channel, FileLock lock, String previousHolder) {
        this.channel = channel;
        this.lock = lock;
        this.previousHolder = previousHolder;
    }

    /**
     * Takes the lock.
     *
     * @throws Held if another live run holds it
     * @throws ConfigException if the state directory cannot be written
     */
    static SyncLock acquire(Path stateDir) {
        Path file = stateDir.resolve("sync.lock");
        FileChannel ch = null;
        try {
            Files.createDirectories(stateDir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            String holder = read(ch);
            if (l == null) {
                ch.close();
                throw new Held("another sync run holds the lock " + file + " ("
                        + (holder.isEmpty() ? "holder unknown" : holder) + ")");
            }
            String me = "pid=" + ProcessHandle.current().pid() + " host=" + host() + " started=" + Instant.now();
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
            return new SyncLock(ch, l, holder.isEmpty() ? null : holder);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // reported below
                }
            }
            throw new ConfigException("cannot lock the state directory " + stateDir + ": " + e.getMessage());
        }
    }

    private static String read(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(ch.size(), 4096));
        ch.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).trim();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    /** @return the holder named in a lock file left by a run that died, or null when the file was free */
    String takenOverFrom() {
        return previousHolder;
    }

    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the OS drops the lock with the process anyway
        }
    }

    /** Another live run holds the lock (exit code 3). */
    static final class Held extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Held(String message) {
            super(message, null, false, false);
        }
    }
}
