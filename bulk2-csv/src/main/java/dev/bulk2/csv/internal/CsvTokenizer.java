package dev.bulk2.csv.internal;

import dev.bulk2.csv.CsvFormatException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
 * {@linkplain CsvTokenizerBuilder#lenientQuotes(boolean) lenient}, which appends what follows to the value.
 *
 * <p>Speed: bytes are read in blocks of {@value #DEFAULT_BUFFER_BYTES} bytes into one reused buffer and scanned
 * 8 bytes at a time (one {@code long} compared against the delimiter, quote, CR and LF at once; a byte-class
 * table for the last bytes of a block): no per-character virtual calls, no regex, no boxing, no exception per
 * record. A record is tokenized in place: doubled quotes (and dropped NULs) are removed by moving the rest of the
 * field left within the buffer, and only the bounds of each field are noted. {@link #next()} then decodes each
 * field into a {@code String} straight from the buffer; {@link #nextRaw()} copies the record's bytes once into
 * a {@link RawRecord}, whose fields are decoded only when read.
 *
 * <p>Memory is flat: the buffer holds the record being read, so it grows only for a record longer than a block,
 * up to {@linkplain CsvTokenizerBuilder#maxRecordBytes(int) a limit} ({@value #DEFAULT_MAX_RECORD_BYTES} bytes by
 * default, far above Salesforce's 400,000 characters per record), and shrinks back after it; a field longer than
 * {@linkplain CsvTokenizerBuilder#maxFieldBytes(int) its limit} ({@value #DEFAULT_MAX_FIELD_BYTES} bytes by
 * default, far above Salesforce's 131,072 characters per field) fails with {@link
 * CsvFormatException.Kind#RECORD_TOO_LARGE}, as does a record over its limit.
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

    /** The default limit of one record, in bytes as read (64 MiB). */
    public static final int DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;

    /** Reads 8 bytes at a time, little-endian: the lowest flagged byte is the first in the input. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long LFS = ONES * '\n';
    private static final long CRS = ONES * '\r';

    private final InputStream in;
    private final byte delimiter;
    /** The delimiter in each byte of a long. */
    private final long delimiters;
    private final boolean lenientQuotes;
    private final boolean dropNul;
    private final int bufferBytes;
    private final int maxFieldBytes;
    private final int maxRecordBytes;
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
    /** The 1-based field of the record being read (for error columns). */
    private int column;
    /** Set by the field readers: whether a delimiter (true) or the record's end (false) followed the field. */
    private boolean more;
    /** Where the record being read starts in {@link #buf}: {@link #refill} keeps the bytes from here on. */
    private int recStart;
    /** The fields read so far of the record being read. */
    private int fields;
    /** Start and end of each field of the record being read, relative to {@link #recStart}. */
    private int[] bounds = new int[32];

    CsvTokenizer(CsvTokenizerBuilder b, InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
        this.delimiter = (byte) b.delimiter;
        this.delimiters = ONES * b.delimiter;
        this.lenientQuotes = b.lenientQuotes;
        this.dropNul = b.dropNul;
        this.bufferBytes = b.bufferBytes;
        this.maxFieldBytes = b.maxFieldBytes;
        this.maxRecordBytes = b.maxRecordBytes;
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
    public static CsvTokenizerBuilder builder(char delimiter) {
        return new CsvTokenizerBuilder(delimiter);
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
        if (!readRecord()) {
            return null;
        }
        int n = fields;
        String[] values = new String[n];
        byte[] b = buf;
        int[] f = bounds;
        int base = recStart;
        for (int i = 0, k = 0; i < n; i++, k += 2) {
            int from = f[k];
            int len = f[k + 1] - from;
            values[i] = len == 0 ? "" : new String(b, base + from, len, StandardCharsets.UTF_8);
        }
        return values;
    }

    /**
     * Reads the next record as its undecoded bytes: one byte array and the field bounds instead of a
     * {@code String} per field, which are decoded only when asked for ({@link RawRecord#get(int)}). Cheaper when
     * a caller uses a few fields of each record.
     *
     * @return the record, or null at the end of the input
     * @throws CsvFormatException if the input is malformed (line and column in the exception)
     * @throws IOException if reading fails
     */
    public RawRecord nextRaw() throws IOException {
        if (!readRecord()) {
            return null;
        }
        int k = fields * 2;
        int end = bounds[k - 1];
        return new RawRecord(Arrays.copyOfRange(buf, recStart, recStart + end), Arrays.copyOf(bounds, k));
    }

    /** Tokenizes the next record in the buffer from {@link #recStart}: false at the end of the input. */
    private boolean readRecord() throws IOException {
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
        recStart = pos;
        fields = 0;
        if (fastRecord()) {
            records++;
            return true;
        }
        // the general path, from the field where the fast path stopped
        do {
            column = fields + 1;
            field();
            fields++;
        } while (more);
        records++;
        return true;
    }

    /**
     * Tokenizes the record at {@link #pos} as long as its fields need nothing but noting their bounds: each lies
     * wholly in the buffer, is unquoted, or quoted without doubled quotes or line breaks, and is followed by the
     * delimiter, LF or CRLF there. True if the whole record was read; otherwise {@link #pos} and {@link #fields}
     * say where the general path goes on (at the start of a field, nothing of it noted).
     */
    private boolean fastRecord() {
        final byte[] b = buf;
        final int l = lim;
        final int base = recStart;
        final byte d = delimiter;
        int[] f = bounds;
        int p = pos;
        int k = 0;
        while (p < l - 1) {
            int s;
            int e;
            int next;
            if (b[p] != '"') {
                s = p;
                e = scanUnquoted(b, p, l);
                next = e;
            } else {
                s = p + 1;
                e = scanQuoted(b, s, l);
                if (e >= l - 1 || b[e] != '"') {
                    break;
                }
                next = e + 1;
            }
            if (next >= l || e - s > maxFieldBytes) {
                break;
            }
            byte c = b[next];
            int end;
            if (c == d) {
                end = -1;
            } else if (c == '\n') {
                end = next + 1;
            } else if (c == '\r' && next + 1 < l) {
                end = b[next + 1] == '\n' ? next + 2 : next + 1;
            } else {
                // a doubled quote, a dropped NUL, text after a closing quote, a CR at the block's end
                break;
            }
            if (k + 2 > f.length) {
                f = Arrays.copyOf(f, f.length * 2);
                bounds = f;
            }
            f[k] = s - base;
            f[k + 1] = e - base;
            k += 2;
            if (end >= 0) {
                pos = end;
                fields = k >> 1;
                column = fields;
                more = false;
                recordLine = line;
                line++;
                return true;
            }
            p = next + 1;
        }
        pos = p;
        fields = k >> 1;
        return false;
    }

    /** Skips a UTF-8 byte-order mark at the very start. */
    private void start() throws IOException {
        started = true;
        while (lim - pos < 3 && !eof) {
            // a stream may hand out fewer than 3 bytes at a time: keep what came, unread
            recStart = pos;
            refill(lim);
            pos = 0;
        }
        if (lim - pos >= 3 && buf[pos] == (byte) 0xEF && buf[pos + 1] == (byte) 0xBB && buf[pos + 2] == (byte) 0xBF) {
            pos += 3;
        }
    }

    /** Skips line breaks before a record; false at the end of the input. */
    private boolean skipEmptyLines() throws IOException {
        while (true) {
            if (pos >= lim) {
                recStart = pos;
                if (!refill(pos)) {
                    return false;
                }
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

    /** High bit set in each byte of {@code v} that is zero; exact for the lowest such byte. */
    private static long zeroBytes(long v) {
        return (v - ONES) & ~v & HIGHS;
    }

    /** The first byte at or after {@code p} (before {@code l}) that ends an unquoted run, or {@code l}. */
    private int scanUnquoted(byte[] b, int p, int l) {
        final long d = delimiters;
        while (p <= l - 8) {
            long v = (long) LONGS.get(b, p);
            long m = zeroBytes(v ^ d) | zeroBytes(v ^ LFS) | zeroBytes(v ^ CRS);
            if (dropNul) {
                m |= zeroBytes(v);
            }
            if (m != 0) {
                return p + (Long.numberOfTrailingZeros(m) >>> 3);
            }
            p += 8;
        }
        final byte[] cls = unquotedClass;
        while (p < l && cls[b[p] & 0xFF] == 0) {
            p++;
        }
        return p;
    }

    /** The first byte at or after {@code p} (before {@code l}) that ends a quoted run, or {@code l}. */
    private int scanQuoted(byte[] b, int p, int l) {
        while (p <= l - 8) {
            long v = (long) LONGS.get(b, p);
            long m = zeroBytes(v ^ QUOTES) | zeroBytes(v ^ LFS) | zeroBytes(v ^ CRS);
            if (dropNul) {
                m |= zeroBytes(v);
            }
            if (m != 0) {
                return p + (Long.numberOfTrailingZeros(m) >>> 3);
            }
            p += 8;
        }
        final byte[] cls = quotedClass;
        while (p < l && cls[b[p] & 0xFF] == 0) {
            p++;
        }
        return p;
    }

    /** Reads one field at {@link #pos}; notes its bounds and sets {@link #more}. */
    private void field() throws IOException {
        if (pos >= lim && !refill(pos)) {
            // the input ends right after a delimiter: an empty last field
            lastField(pos, pos);
            return;
        }
        if (buf[pos] == '"') {
            quoted();
        } else {
            unquoted(pos, pos, pos);
        }
    }

    /**
     * Reads an unquoted run at {@code p} of a field that starts at {@code start}, of which {@code [start, w)} is
     * already value (the text after a closing quote, when lenient).
     */
    private void unquoted(int start, int w, int p) throws IOException {
        while (true) {
            byte[] b = buf;
            int l = lim;
            int run = p;
            p = scanUnquoted(b, p, l);
            if (w != run) {
                System.arraycopy(b, run, b, w, p - run);
            }
            w += p - run;
            if (p < l) {
                byte c = b[p];
                if (c == 0) {
                    // a dropped NUL (NUL ends a run only when NULs are dropped)
                    p++;
                    continue;
                }
                pos = p + 1;
                endField(start, w);
                if (c == delimiter) {
                    more = true;
                } else {
                    endRecord(c);
                }
                return;
            }
            if (w - start > maxFieldBytes) {
                throw tooLarge(line);
            }
            int shift = recStart;
            if (!refill(w)) {
                lastField(start - shift, w - shift);
                return;
            }
            start -= shift;
            w -= shift;
            p = w;
        }
    }

    /** Reads a quoted field whose opening quote is at {@link #pos}. */
    private void quoted() throws IOException {
        final long openLine = line;
        int start = pos + 1;
        int w = start;
        int p = start;
        while (true) {
            byte[] b = buf;
            int l = lim;
            int run = p;
            p = scanQuoted(b, p, l);
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
                        afterClosingQuote(start, w, p + 1);
                        return;
                    }
                    // the quote is the last byte of the block: look at the next one with the value kept
                    int shift = recStart;
                    if (!refill(w)) {
                        lastField(start - shift, w - shift);
                        return;
                    }
                    start -= shift;
                    w -= shift;
                    p = w;
                    b = buf;
                    if (b[p] == '"') {
                        b[w++] = '"';
                        p++;
                        continue;
                    }
                    afterClosingQuote(start, w, p);
                    return;
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
            if (w - start > maxFieldBytes) {
                throw tooLarge(openLine);
            }
            int shift = recStart;
            if (!refill(w)) {
                throw new CsvFormatException(CsvFormatException.Kind.UNTERMINATED_QUOTE, openLine, column,
                        "The " + what + " ends inside the quoted field that opens at line " + openLine
                        + ", column " + column + " (record " + (records + 1) + "): the quote is never closed,"
                        + " so the data is cut off. Fetch it again.");
            }
            start -= shift;
            w -= shift;
            p = w;
        }
    }

    /**
     * What may follow the closing quote of the field {@code [start, w)}, at {@code p}: a delimiter, a line break
     * or the end.
     */
    private void afterClosingQuote(int start, int w, int p) throws IOException {
        if (p >= lim) {
            int shift = recStart;
            if (!refill(w)) {
                lastField(start - shift, w - shift);
                return;
            }
            start -= shift;
            w -= shift;
            p = w;
        }
        byte c = buf[p];
        if (c == delimiter) {
            pos = p + 1;
            endField(start, w);
            more = true;
            return;
        }
        if (c == '\n' || c == '\r') {
            pos = p + 1;
            endField(start, w);
            endRecord(c);
            return;
        }
        if (lenientQuotes) {
            unquoted(start, w, p);
            return;
        }
        throw new CsvFormatException(CsvFormatException.Kind.STRAY_QUOTE, line, column,
                "Malformed quoting in the " + what + " at line " + line + ", column " + column + ": '"
                + printable(c) + "' follows the closing quote of a field; only the delimiter or a line break may"
                + " follow it. Check that the delimiter is the job's columnDelimiter.");
    }

    /** Notes the field at {@code buf[start, end)}. */
    private void endField(int start, int end) {
        if (end - start > maxFieldBytes) {
            throw tooLarge(line);
        }
        int k = fields * 2;
        if (k + 2 > bounds.length) {
            bounds = Arrays.copyOf(bounds, bounds.length * 2);
        }
        bounds[k] = start - recStart;
        bounds[k + 1] = end - recStart;
    }

    /** The field at {@code buf[start, end)} ends the input. */
    private void lastField(int start, int end) {
        endField(start, end);
        more = false;
        recordLine = line;
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

    private CsvFormatException tooLarge(long fieldLine) {
        return new CsvFormatException(CsvFormatException.Kind.RECORD_TOO_LARGE, fieldLine, column,
                "The field at line " + fieldLine + ", column " + column + " of the " + what + " is longer than "
                + maxFieldBytes + " bytes, the limit of one field (Salesforce allows 131,072 characters). The"
                + " data is probably malformed: an unbalanced quote makes the rest of the file one field.");
    }

    private CsvFormatException recordTooLarge() {
        return new CsvFormatException(CsvFormatException.Kind.RECORD_TOO_LARGE, line, column,
                "The record " + (records + 1) + " of the " + what + " (at line " + line + ", column " + column
                + ") is longer than " + maxRecordBytes + " bytes, the limit of one record (Salesforce allows"
                + " 400,000 characters). The data is probably malformed.");
    }

    private static String printable(byte c) {
        return c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("0x%02X", c & 0xFF);
    }

    /**
     * Keeps {@code [recStart, to)} at the start of the buffer (growing it if that is full) and reads more after
     * it. On return {@link #recStart} is 0 and {@link #pos} is {@code to - recStart}: the caller shifts its own
     * positions by the old {@code recStart}.
     *
     * @return false at the end of the input (nothing more was read)
     */
    private boolean refill(int to) throws IOException {
        int from = recStart;
        int keep = to - from;
        if (keep > 0 && from > 0) {
            System.arraycopy(buf, from, buf, 0, keep);
        }
        recStart = 0;
        pos = keep;
        lim = keep;
        if (eof) {
            return false;
        }
        if (keep == buf.length) {
            if (keep >= maxRecordBytes) {
                throw recordTooLarge();
            }
            buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, (long) maxRecordBytes + 1));
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
