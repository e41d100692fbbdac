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
    private final Path file;
    private final byte[] terminator;
    private final Path spoolDirectory;
    private final boolean gzip;

    private boolean pending;
    private boolean finished;
    private boolean closed;
    private int index;

    PartProducer(RecordSource source, List<String> header, byte[] headerBytes, long maxBytes, long maxRecords,
            Path file, byte[] terminator, Path spoolDirectory, boolean gzip) {
        this.source = source;
        this.header = header;
        this.headerBytes = headerBytes;
        this.maxBytes = maxBytes;
        this.maxRecords = maxRecords;
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

    private CsvPart produceRange() throws IOException {
        long firstLine = source.line();
        long start = source.start();
        long end = start;
        long bytes = headerBytes.length;
        long records = 0;
        boolean rewrite = false;
        for (;;) {
            long len = source.length();
            checkFits(len);
            if (records > 0 && bytes + len > maxBytes) {
                pending = true;
                break;
            }
            end = source.end();
            rewrite |= source.needsRewrite();
            bytes += len;
            records++;
            if (records >= maxRecords) {
                break;
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
        long firstLine = source.line();
        Path spool = Files.createTempFile(spoolDirectory, "bulk2-part-", gzip ? ".csv.gz" : ".csv");
        boolean ok = false;
        try {
            long bytes = headerBytes.length;
            long records = 0;
            try (OutputStream out = openSpool(spool)) {
                out.write(headerBytes);
                for (;;) {
                    long len = source.length();
                    checkFits(len);
                    if (records > 0 && bytes + len > maxBytes) {
                        pending = true;
                        break;
                    }
                    source.writeTo(out);
                    bytes += len;
                    records++;
                    if (records >= maxRecords) {
                        break;
                    }
                    if (!source.advance()) {
                        finished = true;
                        break;
                    }
                }
            }
            CsvPart part = new CsvPart(index++, header, records, bytes, firstLine,
                    new PartContents.Spool(spool, gzip, Files.size(spool)));
            ok = true;
            return part;
        } finally {
            if (!ok) {
                PartContents.deleteQuietly(spool);
            }
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
            source.close();
        }
    }
}
