package dev.bulk2.csv;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;

/** The two ways a part's bytes are stored. */
final class PartContents {

    private static final System.Logger LOG = System.getLogger(PartContents.class.getName());

    private PartContents() {
    }

    /** A header held in memory followed by a byte range of the source file; nothing is copied. */
    static final class FileRange implements CsvPart.Content {
        private final Path file;
        private final byte[] header;
        private final long start;
        private final long end;
        private final byte[] rewriteTerminator;

        FileRange(Path file, byte[] header, long start, long end, byte[] rewriteTerminator) {
            this.file = file;
            this.header = header;
            this.start = start;
            this.end = end;
            this.rewriteTerminator = rewriteTerminator;
        }

        @Override
        public InputStream open() {
            InputStream range;
            try {
                range = new RangeInputStream(FileChannel.open(file, StandardOpenOption.READ), start, end);
            } catch (IOException e) {
                throw new CsvException("Cannot open " + file + " to read a part: " + e.getMessage()
                        + ". The source file must stay in place until every part is uploaded.", e);
            }
            if (rewriteTerminator != null) {
                range = new TerminatorRewritingInputStream(range, rewriteTerminator);
            }
            return new SequenceInputStream(new ByteArrayInputStream(header), range);
        }

        @Override
        public Optional<InputStream> openGzipped() {
            return Optional.empty();
        }

        @Override
        public OptionalLong gzippedSize() {
            return OptionalLong.empty();
        }

        @Override
        public void delete() {
            // nothing to delete: the source file belongs to the caller
        }

        @Override
        public String describe() {
            return "file range [" + start + ", " + end + ") of " + file.getFileName()
                    + (rewriteTerminator != null ? ", line endings rewritten" : "");
        }
    }

    /** A temporary spool file holding the whole part, optionally gzip-compressed. */
    static final class Spool implements CsvPart.Content {
        private final Path file;
        private final boolean gzip;
        private final long fileSize;

        Spool(Path file, boolean gzip, long fileSize) {
            this.file = file;
            this.gzip = gzip;
            this.fileSize = fileSize;
        }

        @Override
        public InputStream open() {
            try {
                InputStream in = Files.newInputStream(file);
                return gzip ? new GZIPInputStream(in, 1 << 16) : new BufferedInputStream(in, 1 << 16);
            } catch (IOException e) {
                throw new CsvException("Cannot open the spool file " + file + " of a part: " + e.getMessage(), e);
            }
        }

        @Override
        public Optional<InputStream> openGzipped() {
            if (!gzip) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.newInputStream(file));
            } catch (IOException e) {
                throw new CsvException("Cannot open the spool file " + file + " of a part: " + e.getMessage(), e);
            }
        }

        @Override
        public OptionalLong gzippedSize() {
            return gzip ? OptionalLong.of(fileSize) : OptionalLong.empty();
        }

        @Override
        public void delete() {
            deleteQuietly(file);
        }

        @Override
        public String describe() {
            return (gzip ? "gzip spool " : "spool ") + file.getFileName();
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not delete spool file {0}: {1}", file, e.getMessage());
        }
    }

    /** Reads [start, end) of a channel with positional reads. */
    static final class RangeInputStream extends InputStream {
        private final FileChannel channel;
        private long position;
        private final long end;

        RangeInputStream(FileChannel channel, long start, long end) {
            this.channel = channel;
            this.position = start;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            long remaining = end - position;
            if (remaining <= 0) {
                return -1;
            }
            int want = (int) Math.min(len, remaining);
            int n = channel.read(ByteBuffer.wrap(b, off, want), position);
            if (n < 0) {
                throw new IOException("The source file shrank while a part was read (expected data up to offset "
                        + end + ", got " + position + ")");
            }
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long k = Math.max(0, Math.min(n, end - position));
            position += k;
            return k;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - position);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Rewrites record terminators (LF, CRLF, lone CR outside quotes) to the given bytes. Valid only for input
     * that starts at a record boundary and was already validated by the scanner.
     */
    static final class TerminatorRewritingInputStream extends InputStream {
        private final InputStream in;
        private final byte[] terminator;
        private final byte[] inBuf = new byte[1 << 16];
        private final byte[] outBuf = new byte[2 << 16];
        private int outPos;
        private int outLim;
        private boolean inQuotes;
        private boolean skipLf;
        private boolean eof;

        TerminatorRewritingInputStream(InputStream in, byte[] terminator) {
            this.in = in;
            this.terminator = terminator;
        }

        @Override
        public int read() throws IOException {
            if (outPos >= outLim && !refill()) {
                return -1;
            }
            return outBuf[outPos++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (outPos >= outLim && !refill()) {
                return -1;
            }
            int n = Math.min(len, outLim - outPos);
            System.arraycopy(outBuf, outPos, b, off, n);
            outPos += n;
            return n;
        }

        private boolean refill() throws IOException {
            while (!eof) {
                int n = in.read(inBuf, 0, inBuf.length);
                if (n < 0) {
                    eof = true;
                    return false;
                }
                int o = 0;
                for (int i = 0; i < n; i++) {
                    byte c = inBuf[i];
                    if (inQuotes) {
                        if (c == '"') {
                            inQuotes = false;
                        }
                        outBuf[o++] = c;
                        continue;
                    }
                    if (c == '\n') {
                        if (skipLf) {
                            skipLf = false;
                            continue;
                        }
                        o = putTerminator(o);
                        continue;
                    }
                    skipLf = false;
                    if (c == '\r') {
                        skipLf = true;
                        o = putTerminator(o);
                    } else {
                        if (c == '"') {
                            inQuotes = true;
                        }
                        outBuf[o++] = c;
                    }
                }
                outPos = 0;
                outLim = o;
                if (o > 0) {
                    return true;
                }
            }
            return false;
        }

        private int putTerminator(int o) {
            for (byte t : terminator) {
                outBuf[o++] = t;
            }
            return o;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
