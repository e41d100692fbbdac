package dev.bulk2.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Splits UTF-8 CSV with a header row into {@link CsvPart}s that each fit one Bulk API 2.0 upload.
 *
 * <p>Every part is a complete CSV: the source header (repeated), then whole records, never a split record. A
 * part holds at most {@link Builder#maxBytes(long) maxBytes} bytes (default 100,000,000, so that the base64 form
 * Salesforce measures stays under its 150 MB limit) and at most {@link Builder#maxRecords(long) maxRecords}
 * records. When a part is cut because its bytes are full, the cut is moved back to the last multiple of
 * {@link Builder#recordAlignment(long) recordAlignment} records (default 10,000) if that costs nothing worth
 * counting (see there), because Salesforce counts one batch per started 10,000 records of a job against the org's
 * daily allowance. The scan is quote-aware (delimiters, doubled quotes and line breaks inside quoted fields), checks the
 * field count of every record against the header, validates UTF-8, strips a UTF-8 BOM, and checks each record's
 * line ending against the dialect. Bad input fails with a {@link CsvFormatException} naming the line.
 *
 * <pre>{@code
 * CsvChunker chunker = CsvChunker.builder()
 *         .dialect(CsvDialect.of(ColumnDelimiter.COMMA, LineEnding.LF))
 *         .build();
 * try (CsvParts parts = chunker.split(Path.of("clients.csv"))) {
 *     for (CsvPart part : parts) {
 *         try (InputStream in = part.open()) {
 *             upload(in, part.byteSize());
 *         }
 *         part.release();
 *     }
 * }
 * }</pre>
 *
 * <p>Parts are produced lazily. For a {@code Path} the parts are byte ranges of the file (no copy; the file must
 * not change until the parts are uploaded); for an {@code InputStream} or typed rows each part is spooled to a
 * temporary file, optionally gzip-compressed. Memory stays flat: a fixed read buffer plus, for streams, the
 * record being scanned (never more than {@code maxBytes}). Input with a header and no records yields no parts.
 *
 * <p>Immutable and thread-safe; each {@code split} call returns an independent {@link CsvParts}.
 */
public final class CsvChunker {

    /** Default {@link Builder#maxBytes(long)}: 100,000,000 bytes. */
    public static final long DEFAULT_MAX_BYTES = 100_000_000L;

    /**
     * Default {@link Builder#recordAlignment(long)}: 10,000 records, the size of the internal batches Salesforce
     * counts against the org's daily {@code DailyBulkApiBatches} allowance.
     */
    public static final long DEFAULT_RECORD_ALIGNMENT = 10_000L;

    /** Salesforce's limit on the header row, in characters. */
    static final int MAX_HEADER_CHARS = 32_000;

    static final int DEFAULT_BUFFER_SIZE = 1 << 18;

    private final CsvDialect dialect;
    private final long maxBytes;
    private final long maxRecords;
    private final long recordAlignment;
    private final LineEndingPolicy lineEndingPolicy;
    private final Path spoolDirectory;
    private final boolean gzipSpool;
    private final int bufferSize;

    private CsvChunker(Builder b) {
        this.dialect = b.dialect;
        this.maxBytes = b.maxBytes;
        this.maxRecords = b.maxRecords;
        this.recordAlignment = b.recordAlignment;
        this.lineEndingPolicy = b.lineEndingPolicy;
        this.spoolDirectory = b.spoolDirectory;
        this.gzipSpool = b.gzipSpool;
        this.bufferSize = b.bufferSize;
    }

    /**
     * A new builder with the defaults: {@link CsvDialect#defaults()}, 100,000,000 bytes, no record limit, cuts
     * aligned on 10,000 records, {@link LineEndingPolicy#REJECT_MISMATCH}, the system temporary directory, no gzip.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with this chunker's settings.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.dialect = dialect;
        b.maxBytes = maxBytes;
        b.maxRecords = maxRecords;
        b.recordAlignment = recordAlignment;
        b.lineEndingPolicy = lineEndingPolicy;
        b.spoolDirectory = spoolDirectory;
        b.gzipSpool = gzipSpool;
        b.bufferSize = bufferSize;
        return b;
    }

    /**
     * The dialect the input is in and the parts are written in.
     *
     * @return the dialect
     */
    public CsvDialect dialect() {
        return dialect;
    }

    /**
     * The largest part, in bytes of uncompressed CSV with the header.
     *
     * @return the byte limit
     */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * The most records in one part; {@link Long#MAX_VALUE} when only {@link #maxBytes()} limits parts.
     *
     * @return the record limit
     */
    public long maxRecords() {
        return maxRecords;
    }

    /**
     * What happens when a record's line ending differs from the dialect's.
     *
     * @return the policy
     */
    public LineEndingPolicy lineEndingPolicy() {
        return lineEndingPolicy;
    }

    /**
     * Where stream and typed-row parts are spooled.
     *
     * @return the directory
     */
    public Path spoolDirectory() {
        return spoolDirectory;
    }

    /**
     * The record count a part cut by bytes is aligned on; 1 when alignment is off.
     *
     * @return the alignment, in records
     */
    public long recordAlignment() {
        return recordAlignment;
    }

    /**
     * Whether spooled parts are stored gzip-compressed.
     *
     * @return true if spools are gzip files
     */
    public boolean gzipSpool() {
        return gzipSpool;
    }

    /**
     * Splits a file. Parts are byte ranges of the file, read again on every {@link CsvPart#open()}; the file must
     * stay unchanged until all parts are uploaded. When line endings are normalised, only the parts that need it
     * are rewritten, on the fly as they are read.
     *
     * @param file UTF-8 CSV with a header row
     * @return the lazy parts; close them when done
     * @throws CsvFormatException if the header is malformed (later problems surface while iterating)
     * @throws CsvException if the file cannot be read
     */
    public CsvParts split(Path file) {
        Objects.requireNonNull(file, "file");
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new CsvException("Cannot read " + file + ": " + reason(e), e);
        }
        return start(in, true, file);
    }

    /**
     * Splits a one-shot stream. Each part is spooled to a temporary file in the
     * {@link Builder#spoolDirectory(Path) spool directory} (gzip-compressed if {@link Builder#gzipSpool(boolean)})
     * as it is read; releasing the part or closing the {@link CsvParts} deletes it.
     *
     * @param in UTF-8 CSV with a header row; read lazily as parts are requested; the caller closes it after the
     *     parts have been consumed
     * @return the lazy parts; close them when done
     * @throws CsvFormatException if the header is malformed
     * @throws CsvException if the stream cannot be read
     */
    public CsvParts split(InputStream in) {
        Objects.requireNonNull(in, "in");
        return start(in, false, null);
    }

    /**
     * Writes typed rows straight into spooled parts, with the mapping's columns as the header. Rows are pulled
     * from the iterator only as parts are requested. {@link CsvPart#firstRecordLine()} is the line the part's
     * first row would have in a single CSV of all rows.
     *
     * @param rows the rows
     * @param mapping the columns
     * @param <T> the row type
     * @return the lazy parts (none if there are no rows); close them when done
     * @throws CsvRowSourceException if the iterator or the mapping throws (while iterating), naming the row
     * @throws CsvException if spooling fails (while iterating)
     */
    public <T> CsvParts split(Iterator<? extends T> rows, CsvMapping<T> mapping) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(mapping, "mapping");
        CsvEncoder encoder = new CsvEncoder(dialect);
        mapping.encodeHeader(encoder);
        byte[] header = java.util.Arrays.copyOf(encoder.buffer(), encoder.size());
        MappedSource<T> source = new MappedSource<>(rows, mapping, encoder);
        return new CsvParts(new PartProducer(source, mapping.columns(), header, maxBytes, maxRecords, recordAlignment,
                null, terminatorBytes(), spoolDirectory, gzipSpool));
    }

    /** The operating system's reason for an I/O failure, never just the path or {@code null}. */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof java.nio.file.FileSystemException) {
            String r = ((java.nio.file.FileSystemException) e).getReason();
            if (r != null && !r.isBlank()) {
                return r;
            }
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private byte[] terminatorBytes() {
        return dialect.lineEnding().separator().getBytes(StandardCharsets.US_ASCII);
    }

    private int declaredTerminator() {
        return dialect.lineEnding() == LineEnding.CRLF ? CsvScanner.TERM_CRLF : CsvScanner.TERM_LF;
    }

    private CsvParts start(InputStream in, boolean ownsInput, Path file) {
        boolean ok = false;
        try {
            CsvScanner scanner = new CsvScanner(in, dialect.delimiter().character(), bufferSize);
            if (lineEndingPolicy == LineEndingPolicy.REJECT_MISMATCH) {
                scanner.rejectTerminatorsOtherThan(declaredTerminator());
            }
            if (!scanner.nextRecord()) {
                throw new CsvFormatException(CsvFormatException.Kind.EMPTY_HEADER, 1, -1,
                        "The CSV input is empty: the first line must be the header with the field API names.");
            }
            int term = scanner.terminator();
            int bodyLength = (int) scanner.recordLength() - CsvScanner.terminatorLength(term);
            byte[] raw = scanner.buffer();
            int off = scanner.recordOffset();
            String headerText = new String(raw, off, bodyLength, StandardCharsets.UTF_8);
            List<String> header = validateHeader(headerText, scanner.recordLine());
            byte[] terminator = terminatorBytes();
            byte[] headerBytes = new byte[bodyLength + terminator.length];
            System.arraycopy(raw, off, headerBytes, 0, bodyLength);
            System.arraycopy(terminator, 0, headerBytes, bodyLength, terminator.length);
            scanner.expectFields(header.size());
            scanner.maxRecordBytes(Math.max(1, maxBytes - headerBytes.length + 1), maxBytes);
            if (file != null) {
                scanner.retain(false);
            }
            ScannerSource source = new ScannerSource(scanner, in, ownsInput,
                    lineEndingPolicy == LineEndingPolicy.NORMALISE, declaredTerminator(), terminator);
            CsvParts parts = new CsvParts(new PartProducer(source, header, headerBytes, maxBytes, maxRecords,
                    recordAlignment, file, terminator, spoolDirectory, gzipSpool));
            ok = true;
            return parts;
        } catch (IOException e) {
            throw new CsvException("Reading the CSV input failed: " + e.getMessage(), e);
        } finally {
            if (!ok && ownsInput) {
                closeQuietly(in);
            }
        }
    }

    private List<String> validateHeader(String text, long line) {
        if (text.length() > MAX_HEADER_CHARS) {
            throw new CsvFormatException(CsvFormatException.Kind.HEADER_TOO_LONG, line, -1,
                    "The header row has " + text.length() + " characters; Salesforce accepts at most "
                    + MAX_HEADER_CHARS + ". Split the columns over several jobs.");
        }
        List<String> names = Formats.parseLine(text, dialect);
        if (names.isEmpty()) {
            names = Collections.singletonList("");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.trim().isEmpty()) {
                throw new CsvFormatException(CsvFormatException.Kind.EMPTY_HEADER, line, i + 1,
                        "Header name " + (i + 1) + " at line " + line + " is empty. Every column needs a field API"
                        + " name; check for a trailing delimiter or a missing header row.");
            }
            Integer first = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), i + 1);
            if (first != null) {
                throw new CsvFormatException(CsvFormatException.Kind.DUPLICATE_HEADER, line, i + 1,
                        "Header name '" + name + "' in column " + (i + 1) + " repeats column " + first
                        + " (Salesforce matches header names ignoring case). Remove one of them.");
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(names));
    }

    static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }

    @Override
    public String toString() {
        return "CsvChunker{dialect=" + dialect + ", maxBytes=" + maxBytes + ", maxRecords="
                + (maxRecords == Long.MAX_VALUE ? "unlimited" : String.valueOf(maxRecords))
                + ", recordAlignment=" + recordAlignment
                + ", lineEndingPolicy=" + lineEndingPolicy + ", spoolDirectory=" + spoolDirectory
                + ", gzipSpool=" + gzipSpool + '}';
    }

    /** Records found by the byte scanner. */
    private static final class ScannerSource implements PartProducer.RecordSource {
        private final CsvScanner scanner;
        private final InputStream in;
        private final boolean ownsInput;
        private final boolean normalise;
        private final int declared;
        private final byte[] terminator;

        ScannerSource(CsvScanner scanner, InputStream in, boolean ownsInput, boolean normalise, int declared,
                byte[] terminator) {
            this.scanner = scanner;
            this.in = in;
            this.ownsInput = ownsInput;
            this.normalise = normalise;
            this.declared = declared;
            this.terminator = terminator;
        }

        @Override
        public boolean advance() throws IOException {
            return scanner.nextRecord();
        }

        @Override
        public boolean needsRewrite() {
            int t = scanner.terminator();
            return normalise && t != CsvScanner.TERM_NONE && t != declared;
        }

        @Override
        public long length() {
            long raw = scanner.recordLength();
            if (needsRewrite()) {
                return raw - CsvScanner.terminatorLength(scanner.terminator()) + terminator.length;
            }
            return raw;
        }

        @Override
        public long line() {
            return scanner.recordLine();
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            int raw = (int) scanner.recordLength();
            if (needsRewrite()) {
                out.write(scanner.buffer(), scanner.recordOffset(),
                        raw - CsvScanner.terminatorLength(scanner.terminator()));
                out.write(terminator);
            } else {
                out.write(scanner.buffer(), scanner.recordOffset(), raw);
            }
        }

        @Override
        public long start() {
            return scanner.recordStart();
        }

        @Override
        public long end() {
            return scanner.recordEnd();
        }

        @Override
        public void close() {
            if (ownsInput) {
                closeQuietly(in);
            }
        }
    }

    /** Records encoded from typed rows. */
    private static final class MappedSource<T> implements PartProducer.RecordSource {
        private final Iterator<? extends T> rows;
        private final CsvMapping<T> mapping;
        private final CsvEncoder encoder;
        private long nextLine = 2;
        private long line;
        private long rowsRead;

        MappedSource(Iterator<? extends T> rows, CsvMapping<T> mapping, CsvEncoder encoder) {
            this.rows = rows;
            this.mapping = mapping;
            this.encoder = encoder;
        }

        @Override
        public boolean advance() {
            long number = rowsRead + 1;
            T row;
            try {
                if (!rows.hasNext()) {
                    return false;
                }
                row = rows.next();
            } catch (RuntimeException e) {
                throw new CsvRowSourceException("The row source failed at row " + number + ": "
                        + describe(e), number, nextLine, e);
            }
            encoder.reset();
            try {
                mapping.encode(row, encoder);
            } catch (RuntimeException e) {
                // a value function's own exception is the cause, not the mapping's wrapper around it
                Throwable cause = e.getClass() == CsvException.class && e.getCause() instanceof RuntimeException
                        ? e.getCause() : e;
                throw new CsvRowSourceException("Row " + number + " could not be written as CSV: " + describe(e),
                        number, nextLine, cause);
            }
            rowsRead = number;
            line = nextLine;
            nextLine += encoder.lineFeeds();
            return true;
        }

        private static String describe(Throwable e) {
            String m = e.getMessage();
            return e instanceof CsvException && m != null ? m
                    : e.getClass().getName() + (m == null || m.isBlank() ? "" : ": " + m);
        }

        @Override
        public long length() {
            return encoder.size();
        }

        @Override
        public long line() {
            return line;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            encoder.writeTo(out);
        }

        @Override
        public long start() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long end() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean needsRewrite() {
            return false;
        }

        @Override
        public void close() {
            // the iterator belongs to the caller
        }
    }

    /**
     * Builder for {@link CsvChunker}. Not thread-safe.
     */
    public static final class Builder {
        private CsvDialect dialect = CsvDialect.defaults();
        private long maxBytes = DEFAULT_MAX_BYTES;
        private long maxRecords = Long.MAX_VALUE;
        private long recordAlignment = DEFAULT_RECORD_ALIGNMENT;
        private LineEndingPolicy lineEndingPolicy = LineEndingPolicy.REJECT_MISMATCH;
        private Path spoolDirectory = Paths.get(System.getProperty("java.io.tmpdir"));
        private boolean gzipSpool;
        private int bufferSize = DEFAULT_BUFFER_SIZE;

        private Builder() {
        }

        /** Read buffer size; package-private so that tests can force records across buffer refills. */
        Builder bufferSize(int bytes) {
            this.bufferSize = bytes;
            return this;
        }

        /**
         * Sets the dialect of the input, which is also the dialect of the parts. Default
         * {@link CsvDialect#defaults()} (COMMA, LF).
         *
         * @param dialect the dialect
         * @return this builder
         */
        public Builder dialect(CsvDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /**
         * Sets the largest part in bytes of uncompressed CSV, header included. Default 100,000,000
         * ({@link #DEFAULT_MAX_BYTES}): Salesforce accepts at most 150 MB after base64 encoding.
         *
         * @param maxBytes a positive byte count
         * @return this builder
         */
        public Builder maxBytes(long maxBytes) {
            if (maxBytes <= 0) {
                throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
            }
            this.maxBytes = maxBytes;
            return this;
        }

        /**
         * Sets the most records in one part. Default: no limit other than {@link #maxBytes(long)} (stored as
         * {@link Long#MAX_VALUE}). Salesforce processes each job in internal batches of 10,000 records, so a
         * multiple of 10,000 wastes no batch allocation.
         *
         * @param maxRecords a positive record count
         * @return this builder
         */
        public Builder maxRecords(long maxRecords) {
            if (maxRecords <= 0) {
                throw new IllegalArgumentException("maxRecords must be positive, was " + maxRecords);
            }
            this.maxRecords = maxRecords;
            return this;
        }

        /**
         * Sets the record count that parts cut by bytes are aligned on. Default 10,000
         * ({@link #DEFAULT_RECORD_ALIGNMENT}): Salesforce counts one batch per started 10,000 records of a job
         * against the org's daily allowance, so a part of 1,157,406 records costs 116 batches where 1,150,000 cost
         * 115 and leave the 7,406 for the next part.
         *
         * <p>The scan is one pass and never reads a record twice, so the cut is decided at each multiple of the
         * alignment: when the part already holds at least ten times the alignment and the room left under
         * {@code maxBytes} is smaller than the alignment's worth of records at the part's average record size, the
         * part ends there. A part is thus at most one alignment's worth (10% at the least) smaller than it could
         * be, and every part but the last of a run of similar records holds a multiple of the alignment. Parts of
         * fewer than ten times the alignment, parts cut by {@link #maxRecords(long)} and the last part are cut
         * where they end. {@code 1} turns alignment off.
         *
         * @param records a positive record count
         * @return this builder
         */
        public Builder recordAlignment(long records) {
            if (records <= 0) {
                throw new IllegalArgumentException("recordAlignment must be positive, was " + records);
            }
            this.recordAlignment = records;
            return this;
        }

        /**
         * Sets what happens when a record's line ending differs from the dialect's. Default
         * {@link LineEndingPolicy#REJECT_MISMATCH}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder lineEndingPolicy(LineEndingPolicy policy) {
            this.lineEndingPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets where parts of stream and typed-row sources are spooled. Default: the {@code java.io.tmpdir}
         * directory. It must exist and be writable.
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder spoolDirectory(Path directory) {
            this.spoolDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Sets whether spooled parts are stored gzip-compressed (fast compression level), so that they take
         * less disk and can be uploaded with {@code Content-Encoding: gzip} through
         * {@link CsvPart#openGzipped()}. Default false. Has no effect on {@code Path} sources.
         *
         * @param gzip true to compress spools
         * @return this builder
         */
        public Builder gzipSpool(boolean gzip) {
            this.gzipSpool = gzip;
            return this;
        }

        /**
         * Builds the chunker.
         *
         * @return the chunker
         */
        public CsvChunker build() {
            return new CsvChunker(this);
        }
    }
}
