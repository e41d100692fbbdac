package dev.bulk2.core.internal.journal;

import dev.bulk2.core.exception.JournalException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * Appends lines to a journal, each written whole at the end of the file and forced to the device
 * ({@link FileChannel#force(boolean) force(false)}: the data, and the file size it changes) before
 * {@link #append} returns. A failed write is rolled back to the previous end of the file and the writer refuses
 * further appends, so a half-written line can only ever be the last one. Thread-safe (appends are serialised).
 */
final class JournalWriter implements Closeable {
    private final Path path;
    private final FileChannel channel;
    private final Clock clock;
    private long size;
    private long appends;
    private JournalException broken;

    private JournalWriter(Path path, FileChannel channel, Clock clock, long size) {
        this.path = path;
        this.channel = channel;
        this.clock = clock;
        this.size = size;
    }

    /**
     * Opens the journal for appending after {@code keep} bytes: a torn tail beyond them is cut, and a missing
     * final newline added.
     */
    static JournalWriter open(Path path, long keep, boolean addNewline, Clock clock) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            boolean changed = false;
            if (ch.size() > keep) {
                ch.truncate(keep);
                changed = true;
            }
            long size = keep;
            if (addNewline) {
                writeFully(ch, ByteBuffer.wrap(new byte[] {'\n'}), size);
                size++;
                changed = true;
            }
            if (changed) {
                ch.force(false);
            }
            return new JournalWriter(path, ch, clock, size);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw JournalErrors.io(path, "open for writing", e);
        }
    }

    /** Writes raw lines (the header and the run start of a new journal) and forces them, with the directory. */
    synchronized void writeNew(byte[] lines) {
        write(lines);
        syncDirectory(path);
    }

    /**
     * Appends one entry stamped with the clock's time, and forces it to disk.
     *
     * @throws JournalException IO when it cannot be written (the run must stop: its steps would not be recorded)
     */
    synchronized void append(JournalEntry entry) {
        write(JournalCodec.encode(entry, clock.instant()));
    }

    private void write(byte[] line) {
        if (broken != null) {
            throw broken;
        }
        try {
            writeFully(channel, ByteBuffer.wrap(line), size);
            channel.force(false);
            size += line.length;
            appends++;
        } catch (IOException e) {
            broken = JournalErrors.io(path, "write", e);
            try {
                channel.truncate(size); // no half line may stay in front of a later one
            } catch (IOException suppressed) {
                broken.addSuppressed(suppressed);
            }
            throw broken;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long pos = position;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }

    /** Forces the directory entry of a new file (best effort: not every platform can open a directory). */
    static void syncDirectory(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            System.getLogger("dev.bulk2.core.journal").log(System.Logger.Level.DEBUG,
                    "Could not force directory {0}: {1}", dir, e.getMessage());
        }
    }

    /** @return the lines appended by this writer */
    synchronized long appends() {
        return appends;
    }

    /** @return the journal's size in bytes */
    synchronized long size() {
        return size;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            System.getLogger("dev.bulk2.core.journal").log(System.Logger.Level.DEBUG,
                    "Closing journal {0} failed: {1}", path, e.getMessage());
        }
    }
}
