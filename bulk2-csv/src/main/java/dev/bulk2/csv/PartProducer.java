package dev.bulk2.csv;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Cuts a sequence of records into parts under the byte and record limits. */
final class PartProducer implements CsvParts.Producer {

    /** A source of records, positioned on one record after {@link #advance()} returned true. */
    interface RecordSource {
        boolean advance() throws IOException;

        /** Bytes the current record takes in a part (terminator included, after any rewriting). */
        long length();

        long line();

        void writeTo(OutputStream out) throws IOException;

        /** Absolute offset of the current record in the source file (file sources only). */
        long start();

        /** Absolute end offset of the current record in the source file (file sources only). */
        long end();

        /** Whether the current record's terminator must be rewritten (file sources only). */
        boolean needsRewrite();

        void close();
    }

    private final RecordSource source;
    private final List<String> header;
    private final byte[] headerBytes;
    private final long maxBytes;
    private final long maxRecords;
    private final long alignment;
    private final Path file;
    private final byte[] terminator;
    private final Path spoolDirectory;
    private final boolean gzip;

    private Carry carry;
    private boolean pending;
    private boolean finished;
    private boolean closed;
    private int index;

    PartProducer(RecordSource source, List<String> header, byte[] headerBytes, long maxBytes, long maxRecords,
            long alignment, Path file, byte[] terminator, Path spoolDirectory, boolean gzip) {
        this.source = source;
        this.header = header;
        this.headerBytes = headerBytes;
        this.maxBytes = maxBytes;
        this.maxRecords = maxRecords;
        this.alignment = alignment;
        this.file = file;
        this.terminator = terminator;
        this.spoolDirectory = spoolDirectory;
        this.gzip = gzip;
    }

    @Override
    public CsvPart produce() {
        if (finished || closed) {
            return null;
        }
        try {
            if (!pending && !source.advance()) {
                finished = true;
                return null;
            }
            pending = false;
            return file != null ? produceRange() : produceSpool();
        } catch (IOException e) {
            throw new CsvException("Reading the CSV input failed: " + e.getMessage(), e);
        }
    }

    private void checkFits(long len) {
        if (headerBytes.length + len > maxBytes) {
            throw new CsvFormatException(CsvFormatException.Kind.RECORD_TOO_LARGE, source.line(), -1,
                    "The record starting at line " + source.line() + " takes " + len + " bytes; with the "
                    + headerBytes.length + "-byte header it exceeds maxBytes (" + maxBytes + "). Raise maxBytes"
                    + " or shorten the record.");
        }
    }

    /** Whether a part of {@code records} records may end here: a multiple of the alignment, and big enough. */
    private boolean aligned(long records) {
        return alignment > 1 && records % alignment == 0 && records >= 10 * alignment;
    }

    /**
     * Whether a spooled part at an aligned boundary is likely to fill within the next two alignments at its average
     * record size, so that the records after the boundary are kept aside (in a tail file) until the next one.
     */
    private boolean nearlyFull(long records, long bytes) {
        double average = (double) (bytes - headerBytes.length) / records;
        return maxBytes - bytes < 2 * average * alignment;
    }

    private CsvPart produceRange() throws IOException {
        long firstLine;
        long start;
        long end;
        long bytes = headerBytes.length;
        long records = 0;
        boolean rewrite = false;
        if (carry != null) {
            firstLine = carry.line;
            start = carry.start;
            end = carry.end;
            bytes += carry.bytes;
            records = carry.records;
            rewrite = carry.rewrite;
            carry = null;
        } else {
            firstLine = source.line();
            start = source.start();
            end = start;
        }
        // the last aligned boundary of this part, and what follows it
        long cutRecords = 0;
        long cutEnd = 0;
        long cutBytes = 0;
        boolean cutRewrite = false;
        long tailLine = 0;
        boolean tailRewrite = false;
        for (;;) {
            long len = source.length();
            checkFits(len);
            if (records > 0 && bytes + len > maxBytes) {
                pending = true;
                if (cutRecords > 0 && cutRecords < records) {
                    carry = new Carry(cutEnd, end, records - cutRecords, bytes - cutBytes, tailLine, tailRewrite,
                            null);
                    end = cutEnd;
                    records = cutRecords;
                    bytes = cutBytes;
                    rewrite = cutRewrite;
                }
                break;
            }
            if (cutRecords > 0 && records == cutRecords) {
                tailLine = source.line();
            }
            end = source.end();
            boolean rw = source.needsRewrite();
            rewrite |= rw;
            tailRewrite |= rw;
            bytes += len;
            records++;
            if (records >= maxRecords) {
                break;
            }
            if (aligned(records)) {
                cutRecords = records;
                cutEnd = end;
                cutBytes = bytes;
                cutRewrite = rewrite;
                tailRewrite = false;
            }
            if (!source.advance()) {
                finished = true;
                break;
            }
        }
        CsvPart.Content content = new PartContents.FileRange(file, headerBytes, start, end,
                rewrite ? terminator : null);
        return new CsvPart(index++, header, records, bytes, firstLine, content);
    }

    private CsvPart produceSpool() throws IOException {
        Path spool = createSpool(gzip ? ".csv.gz" : ".csv");
        Tail tail = null;
        boolean ok = false;
        try {
            long firstLine;
            long bytes = headerBytes.length;
            long records = 0;
            try (OutputStream out = openSpool(spool)) {
                out.write(headerBytes);
                if (carry != null) {
                    firstLine = carry.line;
                    Files.copy(carry.tail, out);
                    bytes += carry.bytes;
                    records = carry.records;
                    PartContents.deleteQuietly(carry.tail);
                    carry = null;
                } else {
                    firstLine = source.line();
                }
                for (;;) {
                    long len = source.length();
                    checkFits(len);
                    if (records > 0 && bytes + len > maxBytes) {
                        pending = true;
                        if (tail != null && tail.records > 0) {
                            tail.out.close();
                            carry = new Carry(0, 0, tail.records, tail.bytes, tail.line, false, tail.file);
                            records -= tail.records;
                            bytes -= tail.bytes;
                            tail = null;
                        }
                        break;
                    }
                    if (tail != null) {
                        if (tail.records == 0) {
                            tail.line = source.line();
                        }
                        source.writeTo(tail.out);
                        tail.records++;
                        tail.bytes += len;
                    } else {
                        source.writeTo(out);
                    }
                    bytes += len;
                    records++;
                    if (records >= maxRecords) {
                        break;
                    }
                    if (aligned(records)) {
                        if (tail != null) {
                            tail.appendTo(out);
                        }
                        if (tail == null && nearlyFull(records, bytes)) {
                            tail = new Tail(createSpool(".tail"));
                        }
                    }
                    if (!source.advance()) {
                        finished = true;
                        break;
                    }
                }
                if (tail != null) {
                    tail.appendTo(out);
                }
            }
            CsvPart part = new CsvPart(index++, header, records, bytes, firstLine,
                    new PartContents.Spool(spool, gzip, Files.size(spool)));
            ok = true;
            return part;
        } finally {
            if (tail != null) {
                tail.discard();
            }
            if (!ok) {
                PartContents.deleteQuietly(spool);
            }
        }
    }

    private Path createSpool(String suffix) {
        try {
            return Files.createTempFile(spoolDirectory, "bulk2-part-", suffix);
        } catch (IOException e) {
            throw new CsvException("Cannot create a spool file in " + spoolDirectory + ": "
                    + CsvChunker.reason(e) + ". The spool directory must be an existing, writable directory.", e);
        }
    }

    /** The records after a part's last aligned boundary, moved to the next part when this one fills. */
    private static final class Carry {
        final long start;
        final long end;
        final long records;
        final long bytes;
        final long line;
        final boolean rewrite;
        /** For spooled parts: the records' bytes, ready to copy. */
        final Path tail;

        Carry(long start, long end, long records, long bytes, long line, boolean rewrite, Path tail) {
            this.start = start;
            this.end = end;
            this.records = records;
            this.bytes = bytes;
            this.line = line;
            this.rewrite = rewrite;
            this.tail = tail;
        }
    }

    /** A spooled part's records since its last aligned boundary, kept aside in a plain temporary file. */
    private static final class Tail {
        final Path file;
        OutputStream out;
        long records;
        long bytes;
        long line;

        Tail(Path file) throws IOException {
            this.file = file;
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        }

        /** Moves the records kept aside into the part (they fitted) and starts again empty. */
        void appendTo(OutputStream part) throws IOException {
            out.close();
            if (records > 0) {
                Files.copy(file, part);
            }
            out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            records = 0;
            bytes = 0;
        }

        void discard() {
            try {
                out.close();
            } catch (IOException e) {
                // deleted below anyway
            }
            PartContents.deleteQuietly(file);
        }
    }

    private OutputStream openSpool(Path spool) throws IOException {
        OutputStream file = Files.newOutputStream(spool);
        if (!gzip) {
            return new BufferedOutputStream(file, 1 << 16);
        }
        return new BufferedOutputStream(new FastGzipOutputStream(file), 1 << 16);
    }

    /** gzip at {@link Deflater#BEST_SPEED}: spooling must keep up with reading. */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (carry != null && carry.tail != null) {
                PartContents.deleteQuietly(carry.tail);
            }
            carry = null;
            source.close();
        }
    }
}
