package dev.bulk2.core.query;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Holds one downloaded page: in memory up to a threshold, then spooled to a temporary file, so that a few
 * buffered pages never hold more than a few thresholds of heap however large pages are. Package-private; written
 * by one thread, then read (possibly several times) by another after a happens-before hand-over.
 */
final class PageBuffer extends OutputStream {
    private static final int CHUNK = 64 * 1024;

    private final long memoryLimit;
    private final Path spoolDirectory;
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current;
    private int currentLen;
    private long size;
    private Path file;
    private OutputStream fileOut;

    PageBuffer(long memoryLimit, Path spoolDirectory) {
        this.memoryLimit = memoryLimit;
        this.spoolDirectory = spoolDirectory;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (fileOut == null && size + len > memoryLimit) {
            spill();
        }
        size += len;
        if (fileOut != null) {
            fileOut.write(b, off, len);
            return;
        }
        while (len > 0) {
            if (current == null || currentLen == current.length) {
                current = new byte[CHUNK];
                currentLen = 0;
                chunks.add(current);
            }
            int n = Math.min(len, current.length - currentLen);
            System.arraycopy(b, off, current, currentLen, n);
            currentLen += n;
            off += n;
            len -= n;
        }
    }

    private void spill() throws IOException {
        file = spoolDirectory == null ? Files.createTempFile("bulk2-query-", ".csv")
                : Files.createTempFile(spoolDirectory, "bulk2-query-", ".csv");
        fileOut = new BufferedOutputStream(Files.newOutputStream(file), CHUNK);
        for (int i = 0; i < chunks.size(); i++) {
            byte[] c = chunks.get(i);
            fileOut.write(c, 0, i == chunks.size() - 1 ? currentLen : c.length);
        }
        chunks.clear();
        current = null;
        currentLen = 0;
    }

    /** Finishes writing (flushes the spool file). */
    @Override
    public void close() throws IOException {
        if (fileOut != null) {
            fileOut.close();
        }
    }

    /** @return bytes held */
    long size() {
        return size;
    }

    /** @return whether the content went to a temporary file */
    boolean isSpooled() {
        return file != null;
    }

    /**
     * A new stream over the content (after {@link #close()}).
     *
     * @return the stream
     * @throws IOException if the spool file cannot be opened
     */
    InputStream open() throws IOException {
        if (file != null) {
            return Files.newInputStream(file);
        }
        List<InputStream> parts = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            byte[] c = chunks.get(i);
            parts.add(new ByteArrayInputStream(c, 0, i == chunks.size() - 1 ? currentLen : c.length));
        }
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    /** Frees the memory and deletes the spool file. Idempotent. */
    void release() {
        chunks.clear();
        current = null;
        if (fileOut != null) {
            try {
                fileOut.close();
            } catch (IOException ignored) {
                // deleting anyway
            }
        }
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is not worth failing the export for
            }
        }
    }
}
