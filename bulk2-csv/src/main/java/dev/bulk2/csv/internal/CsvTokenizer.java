package dev.bulk2.csv.internal;

import dev.bulk2.csv.CsvFormatException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The one streaming CSV tokenizer for what Salesforce sends back: ingest result files (successful, failed,
 * unprocessed) and query result pages. Shared by bulk2-csv's result readers and bulk2-core's query page reader;
 * not an API for users (the package is internal).
 *
 * <p>RFC 4180 over UTF-8 bytes: the job's single-byte column delimiter; records end with LF, CRLF or a lone CR,
 * whatever the dialect's line ending (Salesforce writes result files with LF); quoted fields may hold
 * delimiters, doubled quotes and line breaks; a quote inside an unquoted field is kept as text (as Commons CSV
 * does); a UTF-8 byte-order mark at the start is skipped; empty lines are skipped; the last record may end
 * without a line break; an empty input has no records. After a closing quote only a delimiter, a line break or
 * the end may follow ({@link CsvFormatException.Kind#STRAY_QUOTE}), unless the tokenizer is
 * {@linkplain Builder#lenientQuotes(boolean) lenient}, which appends what follows to the value.
 *
 * <p>Speed: bytes are read in blocks of {@value #DEFAULT_BUFFER_BYTES} bytes into one reused buffer, scanned
 * with a byte-class table (no per-character virtual calls, no regex, no boxing) and each field becomes a
 * {@code String} once, decoded straight from the buffer (doubled quotes are removed in place). Memory is flat:
 * only the field being read is kept, so the buffer grows only for a field longer than a block, up to
 * {@linkplain Builder#maxFieldBytes(int) a limit} ({@value #DEFAULT_MAX_FIELD_BYTES} bytes by default, far
 * above Salesforce's 131,072 characters per field), beyond which reading fails with
 * {@link CsvFormatException.Kind#RECORD_TOO_LARGE}; the buffer shrinks back after such a field.
 *
 * <p>Malformed UTF-8 is decoded to U+FFFD, as {@link java.io.InputStreamReader} does. Errors are
 * {@link CsvFormatException}s naming the 1-based physical line and column (field number); I/O failures are
 * {@link IOException}s. Not thread-safe.
 */
public final class CsvTokenizer implements Closeable {

    /** The default block size in bytes (128 KiB). */
    public static final int DEFAULT_BUFFER_BYTES = 128 * 1024;

    /** The default limit of one field, in UTF-8 bytes (16 MiB). */
    public static final int DEFAULT_MAX_FIELD_BYTES = 16 * 1024 * 1024;

    private static final String[] NO_FIELDS = new String[0];

    private final InputStream in;
    private final byte delimiter;
    private final boolean lenientQuotes;
    private final boolean dropNul;
    private final int bufferBytes;
    private final int maxFieldBytes;
    private final String what;
    /** Non-zero for the bytes that end an unquoted run: delimiter, CR, LF (and NUL when dropped). */
    private final byte[] unquotedClass = new byte[256];
    /** Non-zero for the bytes that end a quoted run: quote, CR, LF (and NUL when dropped). */
    private final byte[] quotedClass = new byte[256];

    private byte[] buf;
    private int pos;
    private int lim;
    private boolean eof;
    private boolean started;
    private boolean closed;
    /** A record ended with CR as the last byte of a block: an LF first in the next block belongs to it. */
    private boolean pendingLf;

    /** The physical line at {@link #pos}, 1-based. */
    private long line = 1;
    private long recordLine;
    private long records;
    /** Fields of the record being read so far (for error columns). */
    private int column;
    private int expected = 8;
    /** Set by the field readers: whether a delimiter (true) or the record's end (false) followed the field. */
    private boolean more;
    /** Whether the record being read goes to {@link #row} ({@link #nextRaw()}) instead of Strings. */
    private boolean raw;
    /** The raw record being read: the field bytes one after the other, and where each field ends. */
    private byte[] row = new byte[1024];
    private int rowLen;
    private int[] ends = new int[16];

    private CsvTokenizer(Builder b, InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
        this.delimiter = (byte) b.delimiter;
        this.lenientQuotes = b.lenientQuotes;
        this.dropNul = b.dropNul;
        this.bufferBytes = b.bufferBytes;
        this.maxFieldBytes = b.maxFieldBytes;
        this.what = b.what;
        this.buf = new byte[bufferBytes];
        for (byte[] cls : new byte[][] {unquotedClass, quotedClass}) {
            cls['\r'] = 1;
            cls['\n'] = 1;
            if (dropNul) {
                cls[0] = 1;
            }
        }
        unquotedClass[b.delimiter] = 1;
        quotedClass['"'] = 1;
    }

    /**
     * A builder for a tokenizer with the given column delimiter.
     *
     * @param delimiter the job's column delimiter: an ASCII character other than a quote, CR or LF (Salesforce's
     *     are {@code , \t ; | ^ `})
     * @return the builder
     * @throws IllegalArgumentException if the delimiter cannot delimit CSV
     */
    public static Builder builder(char delimiter) {
        return new Builder(delimiter);
    }

    /**
     * A strict tokenizer with the defaults.
     *
     * @param in the UTF-8 CSV bytes; closed by {@link #close()}
     * @param delimiter the column delimiter
     * @return the tokenizer
     */
    public static CsvTokenizer of(InputStream in, char delimiter) {
        return builder(delimiter).build(in);
    }

    /** Options of a {@link CsvTokenizer}. Not thread-safe. */
    public static final class Builder {
        private final char delimiter;
        private boolean lenientQuotes;
        private boolean dropNul;
        private int bufferBytes = DEFAULT_BUFFER_BYTES;
        private int maxFieldBytes = DEFAULT_MAX_FIELD_BYTES;
        private String what = "CSV";

        private Builder(char delimiter) {
            if (delimiter == '"' || delimiter == '\r' || delimiter == '\n' || delimiter == 0 || delimiter > 0x7F) {
                throw new IllegalArgumentException("The column delimiter must be an ASCII character other than a"
                        + " quote, CR, LF or NUL; got U+" + String.format("%04X", (int) delimiter));
            }
            this.delimiter = delimiter;
        }

        /**
         * Whether text after a closing quote is appended to the value instead of failing (default false).
         *
         * @param lenient true to accept {@code "ab"cd} as {@code abcd}
         * @return this builder
         */
        public Builder lenientQuotes(boolean lenient) {
            this.lenientQuotes = lenient;
            return this;
        }

        /**
         * Whether NUL bytes are dropped from values (default false: kept as U+0000). Salesforce has been seen to
         * send them in query results.
         *
         * @param drop true to drop them
         * @return this builder
         */
        public Builder dropNul(boolean drop) {
            this.dropNul = drop;
            return this;
        }

        /**
         * The block size read at a time (default {@value CsvTokenizer#DEFAULT_BUFFER_BYTES}).
         *
         * @param bytes at least 16
         * @return this builder
         */
        public Builder bufferBytes(int bytes) {
            if (bytes < 16) {
                throw new IllegalArgumentException("bufferBytes must be at least 16: " + bytes);
            }
            this.bufferBytes = bytes;
            return this;
        }

        /**
         * The largest field accepted, in UTF-8 bytes (default {@value CsvTokenizer#DEFAULT_MAX_FIELD_BYTES}).
         *
         * @param bytes at least 1
         * @return this builder
         */
        public Builder maxFieldBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxFieldBytes must be positive: " + bytes);
            }
            this.maxFieldBytes = bytes;
            return this;
        }

        /**
         * What is read, for error messages (default {@code "CSV"}), for example {@code "successful results"}.
         *
         * @param what a short noun phrase
         * @return this builder
         */
        public Builder describedAs(String what) {
            this.what = Objects.requireNonNull(what, "what");
            return this;
        }

        /**
         * Builds a tokenizer over a stream; nothing is read yet.
         *
         * @param in the UTF-8 CSV bytes; closed by {@link CsvTokenizer#close()}
         * @return the tokenizer
         */
        public CsvTokenizer build(InputStream in) {
            return new CsvTokenizer(this, in);
        }
    }

    /**
     * The physical line where the record last returned by {@link #next()} ends (a record with quoted line breaks
     * spans several lines).
     *
     * @return the 1-based line, 0 before the first record
     */
    public long line() {
        return recordLine;
    }

    /**
     * The number of records returned so far: the 1-based number of the last one (the header is record 1).
     *
     * @return the count
     */
    public long recordNumber() {
        return records;
    }

    /**
     * Reads the next record.
     *
     * @return its fields (a new array the caller owns), or null at the end of the input
     * @throws CsvFormatException if the input is malformed (line and column in the exception)
     * @throws IOException if reading fails
     */
    public String[] next() throws IOException {
        if (!begin()) {
            return null;
        }
        raw = false;
        String[] values = new String[expected];
        int n = 0;
        do {
            column = n + 1;
            String v = field();
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n++] = v;
        } while (more);
        records++;
        if (n != values.length) {
            values = n == 0 ? NO_FIELDS : Arrays.copyOf(values, n);
        }
        expected = Math.max(1, n);
        return values;
    }

    /**
     * Reads the next record as its undecoded bytes: one byte array and the field ends instead of a
     * {@code String} per field, which are decoded only when asked for ({@link RawRecord#get(int)}). Cheaper when
     * a caller uses a few fields of each record. Not with {@linkplain Builder#lenientQuotes(boolean) lenient
     * quotes}.
     *
     * @return the record, or null at the end of the input
     * @throws CsvFormatException if the input is malformed (line and column in the exception)
     * @throws IOException if reading fails
     * @throws IllegalStateException if the tokenizer is lenient
     */
    public RawRecord nextRaw() throws IOException {
        if (lenientQuotes) {
            throw new IllegalStateException("nextRaw() does not support lenient quotes; use next()");
        }
        if (!begin()) {
            return null;
        }
        raw = true;
        rowLen = 0;
        int n = 0;
        do {
            column = n + 1;
            field();
            n++;
        } while (more);
        records++;
        expected = n;
        RawRecord r = new RawRecord(Arrays.copyOf(row, rowLen), Arrays.copyOf(ends, n));
        if (row.length > bufferBytes) {
            row = new byte[1024];
        }
        return r;
    }

    /** Before a record: false at the end of the input. */
    private boolean begin() throws IOException {
        if (closed) {
            return false;
        }
        if (!started) {
            start();
        }
        if (!skipEmptyLines()) {
            return false;
        }
        if (buf.length > bufferBytes && lim - pos <= bufferBytes) {
            shrink();
        }
        column = 0;
        return true;
    }

    /** Skips a UTF-8 byte-order mark at the very start. */
    private void start() throws IOException {
        started = true;
        while (lim - pos < 3 && !eof) {
            // a stream may hand out fewer than 3 bytes at a time: keep what came, unread
            refill(pos, lim);
            pos = 0;
        }
        if (lim - pos >= 3 && buf[pos] == (byte) 0xEF && buf[pos + 1] == (byte) 0xBB && buf[pos + 2] == (byte) 0xBF) {
            pos += 3;
        }
    }

    /** Skips line breaks before a record; false at the end of the input. */
    private boolean skipEmptyLines() throws IOException {
        while (true) {
            if (pos >= lim && !refill(pos, pos)) {
                return false;
            }
            byte c = buf[pos];
            if (pendingLf) {
                pendingLf = false;
                if (c == '\n') {
                    pos++;
                    continue;
                }
            }
            if (c == '\n') {
                pos++;
                line++;
            } else if (c == '\r') {
                pos++;
                line++;
                pendingLf = true;
            } else if (c == 0 && dropNul) {
                // a NUL-only line is an empty line; NULs before a value are dropped from it anyway
                pos++;
            } else {
                return true;
            }
        }
    }

    /** Reads one field at {@link #pos}; sets {@link #more}. */
    private String field() throws IOException {
        if (pos >= lim && !refill(pos, pos)) {
            more = false;
            recordLine = line;
            return string(pos, pos);
        }
        if (buf[pos] == '"') {
            return quoted();
        }
        return unquoted(pos, pos, "");
    }

    /**
     * Reads an unquoted run starting at {@code start}, of which {@code [start, w)} is already value; the value is
     * {@code prefix} followed by those bytes.
     */
    private String unquoted(int start, int w, String prefix) throws IOException {
        final byte[] cls = unquotedClass;
        int p = w;
        while (true) {
            byte[] b = buf;
            int l = lim;
            int run = p;
            while (p < l && cls[b[p] & 0xFF] == 0) {
                p++;
            }
            if (w != run) {
                System.arraycopy(b, run, b, w, p - run);
            }
            w += p - run;
            if (p < l) {
                byte c = b[p];
                if (c == 0) {
                    p++;
                    continue;
                }
                String v = prefix.isEmpty() ? string(start, w) : prefix + string(start, w);
                pos = p + 1;
                if (c == delimiter) {
                    more = true;
                } else {
                    endRecord(c);
                }
                return v;
            }
            if (!refill(start, w)) {
                more = false;
                recordLine = line;
                return prefix.isEmpty() ? string(0, w - start) : prefix + string(0, w - start);
            }
            w -= start;
            p = w;
            start = 0;
        }
    }

    /** Reads a quoted field whose opening quote is at {@link #pos}. */
    private String quoted() throws IOException {
        final byte[] cls = quotedClass;
        final long openLine = line;
        int start = pos + 1;
        int w = start;
        int p = start;
        while (true) {
            byte[] b = buf;
            int l = lim;
            int run = p;
            while (p < l && cls[b[p] & 0xFF] == 0) {
                p++;
            }
            if (w != run) {
                System.arraycopy(b, run, b, w, p - run);
            }
            w += p - run;
            if (p < l) {
                byte c = b[p];
                if (c == '"') {
                    if (p + 1 < l) {
                        if (b[p + 1] == '"') {
                            b[w++] = '"';
                            p += 2;
                            continue;
                        }
                        pos = p + 1;
                        return afterClosingQuote(string(start, w));
                    }
                    // the quote is the last byte of the block: look at the next one with the value kept
                    if (!refill(start, w)) {
                        more = false;
                        recordLine = line;
                        return string(0, w - start);
                    }
                    w -= start;
                    start = 0;
                    p = w;
                    b = buf;
                    if (b[p] == '"') {
                        b[w++] = '"';
                        p++;
                        continue;
                    }
                    pos = p;
                    return afterClosingQuote(string(start, w));
                }
                if (c == '\n') {
                    if (p == 0 || b[p - 1] != '\r') {
                        line++;
                    }
                } else if (c == '\r') {
                    line++;
                } else {
                    // a dropped NUL
                    p++;
                    continue;
                }
                b[w++] = c;
                p++;
                continue;
            }
            if (w - start >= maxFieldBytes) {
                throw tooLarge(openLine);
            }
            if (!refill(start, w)) {
                throw new CsvFormatException(CsvFormatException.Kind.UNTERMINATED_QUOTE, openLine, column,
                        "The " + what + " ends inside the quoted field that opens at line " + openLine
                        + ", column " + column + " (record " + (records + 1) + "): the quote is never closed,"
                        + " so the data is cut off. Fetch it again.");
            }
            w -= start;
            p = w;
            start = 0;
        }
    }

    /** What may follow a closing quote at {@link #pos}: a delimiter, a line break or the end. */
    private String afterClosingQuote(String value) throws IOException {
        if (pos >= lim && !refill(pos, pos)) {
            more = false;
            recordLine = line;
            return value;
        }
        byte c = buf[pos];
        if (c == delimiter) {
            pos++;
            more = true;
            return value;
        }
        if (c == '\n' || c == '\r') {
            pos++;
            endRecord(c);
            return value;
        }
        if (lenientQuotes) {
            return unquoted(pos, pos, value);
        }
        throw new CsvFormatException(CsvFormatException.Kind.STRAY_QUOTE, line, column,
                "Malformed quoting in the " + what + " at line " + line + ", column " + column + ": '"
                + printable(c) + "' follows the closing quote of a field; only the delimiter or a line break may"
                + " follow it. Check that the delimiter is the job's columnDelimiter.");
    }

    /** A record ended with {@code c} (CR or LF) at {@code pos - 1}. */
    private void endRecord(byte c) {
        more = false;
        recordLine = line;
        line++;
        if (c == '\r') {
            if (pos < lim) {
                if (buf[pos] == '\n') {
                    pos++;
                }
            } else {
                pendingLf = true;
            }
        }
    }

    /** The value at {@code buf[from, to)}: a {@code String}, or appended to the raw row. */
    private String string(int from, int to) {
        int len = to - from;
        if (len > maxFieldBytes) {
            throw tooLarge(line);
        }
        if (raw) {
            int n = column - 1;
            if (rowLen + len > row.length) {
                row = Arrays.copyOf(row, Math.max(row.length * 2, rowLen + len));
            }
            System.arraycopy(buf, from, row, rowLen, len);
            rowLen += len;
            if (n == ends.length) {
                ends = Arrays.copyOf(ends, n * 2);
            }
            ends[n] = rowLen;
            return null;
        }
        return len == 0 ? "" : new String(buf, from, len, StandardCharsets.UTF_8);
    }

    private CsvFormatException tooLarge(long fieldLine) {
        return new CsvFormatException(CsvFormatException.Kind.RECORD_TOO_LARGE, fieldLine, column,
                "The field at line " + fieldLine + ", column " + column + " of the " + what + " is longer than "
                + maxFieldBytes + " bytes, the limit of one field (Salesforce allows 131,072 characters). The"
                + " data is probably malformed: an unbalanced quote makes the rest of the file one field.");
    }

    private static String printable(byte c) {
        return c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("0x%02X", c & 0xFF);
    }

    /**
     * Keeps {@code [from, to)} at the start of the buffer (growing it if that is full) and reads more after it.
     * On return {@link #pos} is {@code to - from}.
     *
     * @return false at the end of the input (nothing more was read)
     */
    private boolean refill(int from, int to) throws IOException {
        int keep = to - from;
        if (keep > 0 && from > 0) {
            System.arraycopy(buf, from, buf, 0, keep);
        }
        pos = keep;
        lim = keep;
        if (eof) {
            return false;
        }
        if (keep == buf.length) {
            if (keep >= maxFieldBytes) {
                throw tooLarge(line);
            }
            buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, (long) maxFieldBytes + 1));
        }
        int n;
        do {
            n = in.read(buf, keep, buf.length - keep);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        lim = keep + n;
        return true;
    }

    private void shrink() {
        byte[] small = new byte[bufferBytes];
        int n = lim - pos;
        System.arraycopy(buf, pos, small, 0, n);
        buf = small;
        pos = 0;
        lim = n;
    }

    /**
     * Closes the input. Idempotent; {@link #next()} then returns null.
     *
     * @throws IOException if closing the input fails
     */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            in.close();
        }
    }
}
