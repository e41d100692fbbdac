package dev.bulk2.core.internal.journal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 helpers: whole files (one streamed scan), streams, and a pass-through stream that hashes what is read
 * through it (so a part's hash can be taken while it is uploaded, without a second scan). Internal, stateless.
 */
public final class Sha256 {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int BUFFER = 256 * 1024;

    private Sha256() {
    }

    /** @return a new SHA-256 digest */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /**
     * Lower-case hex of bytes.
     *
     * @param bytes the bytes
     * @return the hex text
     */
    public static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /** The size and SHA-256 of a file, taken in one scan. */
    public static final class FileDigest {
        /** The bytes read. */
        public final long size;
        /** Lower-case hex SHA-256. */
        public final String sha256;

        FileDigest(long size, String sha256) {
            this.size = size;
            this.sha256 = sha256;
        }
    }

    /**
     * Hashes a whole file in one streamed scan (a 256 KiB direct buffer; the heap does not grow with the file).
     *
     * @param file the file
     * @return its size and hash
     * @throws IOException if it cannot be read
     */
    public static FileDigest file(Path file) throws IOException {
        MessageDigest d = newDigest();
        long size = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
            int n;
            while ((n = ch.read(buf)) >= 0) {
                buf.flip();
                d.update(buf);
                buf.clear();
                size += n;
            }
        }
        return new FileDigest(size, hex(d.digest()));
    }

    /**
     * Hashes a stream to its end (does not close it).
     *
     * @param in the stream
     * @return its size and hash
     * @throws IOException if it cannot be read
     */
    public static FileDigest stream(InputStream in) throws IOException {
        MessageDigest d = newDigest();
        byte[] buf = new byte[64 * 1024];
        long size = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            d.update(buf, 0, n);
            size += n;
        }
        return new FileDigest(size, hex(d.digest()));
    }

    /**
     * A stream that hashes every byte read through it. {@link #sha256()} is valid once the stream was read to its
     * end; {@link #isComplete()} says whether it was. Not thread-safe (like any stream).
     */
    public static final class HashingInputStream extends FilterInputStream {
        private final MessageDigest digest = newDigest();
        private long count;
        private boolean eof;
        private String hex;

        /**
         * Wraps a stream.
         *
         * @param in the stream to read (closed with this one)
         */
        public HashingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b < 0) {
                eof = true;
            } else {
                digest.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n < 0) {
                eof = true;
            } else if (n > 0) {
                digest.update(b, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("A hashing stream cannot skip");
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public synchronized void mark(int readlimit) {
            // not supported
        }

        @Override
        public synchronized void reset() throws IOException {
            throw new IOException("A hashing stream cannot reset");
        }

        /** @return whether the stream was read to its end */
        public boolean isComplete() {
            return eof;
        }

        /** @return the bytes read so far */
        public long count() {
            return count;
        }

        /**
         * The hash of everything read.
         *
         * @return lower-case hex SHA-256
         * @throws IllegalStateException if the stream was not read to its end
         */
        public String sha256() {
            if (!eof) {
                throw new IllegalStateException("The stream was not read to its end");
            }
            if (hex == null) {
                hex = hex(digest.digest());
            }
            return hex;
        }
    }
}
