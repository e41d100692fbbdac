package dev.bulk2.csv;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A replayable source of bytes, such as the CSV data of one ingest upload: the one byte-source type of bulk2.
 * {@link CsvPart} implements it, so a part of a chunked CSV is uploaded as it is.
 *
 * <p>Each {@link #open()} returns a new stream positioned at the start, so a request can be replayed (after a
 * token refresh, or a connection that failed before sending). Implementations must be thread-safe as far as
 * {@link #open()} is concerned; each returned stream is used by one thread.
 */
public interface ByteSource {

    /**
     * Opens a new stream over all bytes. The caller closes it.
     *
     * @return a fresh stream
     * @throws IOException if the bytes cannot be read
     */
    InputStream open() throws IOException;

    /**
     * The number of bytes {@link #open()} yields.
     *
     * @return the length, or {@code -1} when unknown
     */
    long length();

    /**
     * Whether the bytes are already gzip-compressed (for example a spooled, compressed part).
     *
     * @return {@code true} if the bytes are gzip data; default {@code false}
     */
    default boolean isGzip() {
        return false;
    }

    /**
     * The same bytes, already gzip-compressed, when the source stores them so (for example a part spooled with
     * {@link CsvChunker.Builder#gzipSpool(boolean) gzipSpool} on). An uploader that sends gzip uses this form instead
     * of compressing again.
     *
     * @return the gzip form ({@link #isGzip()} true), or empty; default empty
     */
    default Optional<ByteSource> gzipped() {
        return Optional.empty();
    }

    /**
     * The whole file.
     *
     * @param path the file; it must not change while requests use it
     * @return the source (length read from the file system when created)
     * @throws CsvException if the size cannot be read, for example because the file does not exist (the message
     *     names the path; the cause is the {@link IOException}). bulk2-core reports it as a
     *     {@code LocalIoException}, a {@code BulkException}.
     */
    static ByteSource ofPath(Path path) {
        Objects.requireNonNull(path, "path");
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new CsvException("Cannot read the size of " + path + ": " + e, e);
        }
        return ofPath(path, 0, size);
    }

    /**
     * A byte range of a file, for example one part of a large CSV.
     *
     * @param path the file
     * @param offset the first byte, at least 0
     * @param length the number of bytes, at least 0
     * @return the source
     */
    static ByteSource ofPath(Path path, long offset, long length) {
        Objects.requireNonNull(path, "path");
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative: offset=" + offset
                    + ", length=" + length);
        }
        return new Sources.Simple(() -> {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
            try {
                ch.position(offset);
                return Sources.limit(Channels.newInputStream(ch), length);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }, length, false, "ByteSource.ofPath(" + path + ", " + offset + ", " + length + ")");
    }

    /**
     * An in-memory array (not copied: do not modify it afterwards).
     *
     * @param bytes the bytes
     * @return the source
     */
    static ByteSource ofBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new Sources.Simple(() -> new ByteArrayInputStream(bytes), bytes.length, false,
                "ByteSource.ofBytes(" + bytes.length + " bytes)");
    }

    /**
     * Bytes from an opener that returns a new stream on every call.
     *
     * @param opener opens a fresh stream each time (an {@link IOException} it throws is passed on, other checked
     *     exceptions are wrapped in one)
     * @param length the number of bytes, or {@code -1} when unknown
     * @return the source
     */
    static ByteSource of(Callable<? extends InputStream> opener, long length) {
        Objects.requireNonNull(opener, "opener");
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (unknown) or at least 0: " + length);
        }
        return new Sources.Simple(opener, length, false, "ByteSource.of(length=" + length + ")");
    }

    /**
     * Gzip-compressed bytes from an opener that returns a new stream on every call ({@link #isGzip()} is true).
     *
     * @param opener opens a fresh stream of gzip data each time
     * @param length the number of compressed bytes, or {@code -1} when unknown
     * @return the source
     */
    static ByteSource ofGzip(Callable<? extends InputStream> opener, long length) {
        Objects.requireNonNull(opener, "opener");
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (unknown) or at least 0: " + length);
        }
        return new Sources.Simple(opener, length, true, "ByteSource.ofGzip(length=" + length + ")");
    }
}

/** Implementations behind the {@link ByteSource} factories. */
final class Sources {
    private Sources() {
    }

    static InputStream limit(InputStream in, long limit) {
        return new FilterInputStream(in) {
            private long remaining = limit;

            @Override
            public int read() throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    remaining--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, remaining));
                if (n > 0) {
                    remaining -= n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long s = super.skip(Math.min(n, remaining));
                remaining -= s;
                return s;
            }

            @Override
            public int available() throws IOException {
                return (int) Math.min(super.available(), remaining);
            }

            @Override
            public boolean markSupported() {
                return false;
            }
        };
    }

    static final class Simple implements ByteSource {
        private final Callable<? extends InputStream> opener;
        private final long length;
        private final boolean gzip;
        private final String description;

        Simple(Callable<? extends InputStream> opener, long length, boolean gzip, String description) {
            this.opener = opener;
            this.length = length;
            this.gzip = gzip;
            this.description = description;
        }

        @Override
        public InputStream open() throws IOException {
            InputStream in;
            try {
                in = opener.call();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(description + ": " + e, e);
            }
            if (in == null) {
                throw new IOException(description + ": the opener returned null");
            }
            return in;
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public boolean isGzip() {
            return gzip;
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
