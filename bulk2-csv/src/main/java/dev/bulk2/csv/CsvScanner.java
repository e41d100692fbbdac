package dev.bulk2.csv;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Quote-aware byte scanner that finds record boundaries in UTF-8 CSV without decoding fields.
 *
 * <p>A state machine over a large byte buffer: it counts delimiters outside quotes (for the field-count check),
 * validates UTF-8, tracks physical line numbers and classifies each record terminator. Boundaries agree with
 * Apache Commons CSV (RFC 4180 format, no escape character, empty lines kept) on valid input; the scanner is
 * stricter than Commons CSV in that a quote inside an unquoted field is an error. Not thread-safe.
 */
final class CsvScanner {

    static final int TERM_NONE = 0;
    static final int TERM_LF = 1;
    static final int TERM_CRLF = 2;
    static final int TERM_CR = 3;

    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_SEEN = 3;

    private static final byte[] QUOTED_CLASS = new byte[256];

    /** Reads 8 bytes at a time (little-endian, so the lowest set flag is the first special byte). */
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long LFS = ONES * '\n';
    private static final long CRS = ONES * '\r';

    static {
        QUOTED_CLASS['"'] = 1;
        QUOTED_CLASS['\n'] = 1;
        QUOTED_CLASS['\r'] = 1;
        for (int i = 0x80; i < 0x100; i++) {
            QUOTED_CLASS[i] = 1;
        }
    }

    private final InputStream in;
    private final byte delimiter;
    private final byte[] unquotedClass;
    private final long delimiters;
    private long maxRecordBytes = Long.MAX_VALUE;
    private long maxBytes = Long.MAX_VALUE;
    private int expectedFields = -1;
    private int rejectOtherThan = TERM_NONE;

    private byte[] buf;
    private int pos;
    private int lim;
    private long base;
    private boolean eof;
    private boolean retain = true;
    private boolean started;

    private long line = 1;
    private long lastCrAbs = -2;

    // The last record found by nextRecord().
    private long recordStart;
    private long recordEnd;
    private int terminator;
    private long recordLine;
    private int fieldCount;

    CsvScanner(InputStream in, char delimiter, int bufferSize) {
        this.in = in;
        this.delimiter = (byte) delimiter;
        this.buf = new byte[bufferSize];
        this.unquotedClass = QUOTED_CLASS.clone();
        this.unquotedClass['\n'] = 1;
        this.unquotedClass['\r'] = 1;
        this.unquotedClass['"'] = 1;
        this.unquotedClass[delimiter & 0xFF] = 1;
        this.delimiters = ONES * (delimiter & 0xFF);
    }

    /** High bit set in each byte of {@code v} that is zero; exact for the lowest such byte. */
    private static long zeroBytes(long v) {
        return (v - ONES) & ~v & HIGHS;
    }

    /** Keep the current record's bytes in the buffer until the next call (true by default). */
    void retain(boolean retain) {
        this.retain = retain;
    }

    /** Records (terminator included) longer than this fail with RECORD_TOO_LARGE while being scanned. */
    void maxRecordBytes(long max, long maxBytes) {
        this.maxRecordBytes = max;
        this.maxBytes = maxBytes;
    }

    /** Every following record must have this many fields. */
    void expectFields(int n) {
        this.expectedFields = n;
    }

    /** Fail on any record terminator other than {@code term}; TERM_NONE disables the check. */
    void rejectTerminatorsOtherThan(int term) {
        this.rejectOtherThan = term;
    }

    long recordStart() {
        return recordStart;
    }

    long recordEnd() {
        return recordEnd;
    }

    long recordLength() {
        return recordEnd - recordStart;
    }

    int terminator() {
        return terminator;
    }

    static int terminatorLength(int term) {
        return term == TERM_NONE ? 0 : term == TERM_CRLF ? 2 : 1;
    }

    long recordLine() {
        return recordLine;
    }

    int fieldCount() {
        return fieldCount;
    }

    /** The buffer holding the last record when retaining; valid until the next call to nextRecord(). */
    byte[] buffer() {
        return buf;
    }

    /** Offset of the last record in {@link #buffer()}, when retaining. */
    int recordOffset() {
        return (int) (recordStart - base);
    }

    /**
     * Scans the next record.
     *
     * @return false at the end of the input
     * @throws CsvFormatException if the record is malformed
     * @throws IOException if reading fails
     */
    boolean nextRecord() throws IOException {
        recordStart = base + pos;
        if (pos >= lim && !fill()) {
            return false;
        }
        if (!started) {
            started = true;
            skipBom();
            recordStart = base + pos;
            if (pos >= lim && !fill()) {
                return false;
            }
        }
        recordLine = line;
        int delims = 0;
        int state = FIELD_START;
        long quoteLine = 0;
        for (;;) {
            if (pos >= lim) {
                checkSize(state == QUOTED ? quoteLine : 0);
                if (!fill()) {
                    if (state == QUOTED) {
                        throw new CsvFormatException(CsvFormatException.Kind.UNTERMINATED_QUOTE, quoteLine,
                                delims + 1, "Unterminated quoted field: the quote opened at line " + quoteLine
                                + ", column " + (delims + 1) + " is never closed before the end of the input."
                                + " Close the quote, and double any quote inside the field (\"\").");
                    }
                    finish(TERM_NONE, delims);
                    return true;
                }
            }
            switch (state) {
                case FIELD_START:
                    if (buf[pos] == '"') {
                        state = QUOTED;
                        quoteLine = line;
                        pos++;
                        continue;
                    }
                    state = UNQUOTED;
                    // fall through
                case UNQUOTED: {
                    int p = pos;
                    final byte[] b = buf;
                    final int l = lim;
                    final byte[] cls = unquotedClass;
                    final long delims8 = delimiters;
                    while (p + 8 <= l) {
                        long w = (long) LONGS.get(b, p);
                        long m = zeroBytes(w ^ QUOTES) | zeroBytes(w ^ LFS) | zeroBytes(w ^ CRS)
                                | zeroBytes(w ^ delims8) | (w & HIGHS);
                        if (m != 0) {
                            p += Long.numberOfTrailingZeros(m) >>> 3;
                            break;
                        }
                        p += 8;
                    }
                    while (p < l && cls[b[p] & 0xFF] == 0) {
                        p++;
                    }
                    pos = p;
                    if (p >= l) {
                        continue;
                    }
                    byte c = b[p];
                    if (c == delimiter) {
                        delims++;
                        state = FIELD_START;
                        pos++;
                    } else if (c == '\n') {
                        pos++;
                        finish(TERM_LF, delims);
                        line++;
                        return true;
                    } else if (c == '\r') {
                        finish(crTerminator(), delims);
                        line++;
                        return true;
                    } else if (c == '"') {
                        throw new CsvFormatException(CsvFormatException.Kind.STRAY_QUOTE, line, delims + 1,
                                "Stray quote at line " + line + ", column " + (delims + 1)
                                + ": a field that contains a quote must be quoted as a whole, with the quote"
                                + " doubled (\"a \"\"b\"\" c\").");
                    } else {
                        utf8(delims + 1);
                    }
                    continue;
                }
                case QUOTED: {
                    int p = pos;
                    final byte[] b = buf;
                    final int l = lim;
                    while (p + 8 <= l) {
                        long w = (long) LONGS.get(b, p);
                        long m = zeroBytes(w ^ QUOTES) | zeroBytes(w ^ LFS) | zeroBytes(w ^ CRS) | (w & HIGHS);
                        if (m != 0) {
                            p += Long.numberOfTrailingZeros(m) >>> 3;
                            break;
                        }
                        p += 8;
                    }
                    while (p < l && QUOTED_CLASS[b[p] & 0xFF] == 0) {
                        p++;
                    }
                    pos = p;
                    if (p >= l) {
                        continue;
                    }
                    byte c = b[p];
                    if (c == '"') {
                        state = QUOTE_SEEN;
                        pos++;
                    } else if (c == '\n') {
                        if (base + p - 1 != lastCrAbs) {
                            line++;
                        }
                        pos++;
                    } else if (c == '\r') {
                        line++;
                        lastCrAbs = base + p;
                        pos++;
                    } else {
                        utf8(delims + 1);
                    }
                    continue;
                }
                default: { // QUOTE_SEEN
                    byte c = buf[pos];
                    if (c == '"') {
                        state = QUOTED;
                        pos++;
                    } else if (c == delimiter) {
                        delims++;
                        state = FIELD_START;
                        pos++;
                    } else if (c == '\n') {
                        pos++;
                        finish(TERM_LF, delims);
                        line++;
                        return true;
                    } else if (c == '\r') {
                        finish(crTerminator(), delims);
                        line++;
                        return true;
                    } else {
                        throw new CsvFormatException(CsvFormatException.Kind.STRAY_QUOTE, line, delims + 1,
                                "Unexpected character after the closing quote at line " + line + ", column "
                                + (delims + 1) + ": a closing quote must be followed by the delimiter or a line"
                                + " break. Double quotes inside a quoted field (\"\") and remove spaces after it.");
                    }
                    continue;
                }
            }
        }
    }

    private void skipBom() throws IOException {
        while (lim - pos < 3 && !eof) {
            if (!fill()) {
                break;
            }
        }
        if (lim - pos >= 3 && (buf[pos] & 0xFF) == 0xEF && (buf[pos + 1] & 0xFF) == 0xBB
                && (buf[pos + 2] & 0xFF) == 0xBF) {
            pos += 3;
        }
    }

    /** At a CR outside quotes: consumes CR or CRLF and returns the terminator kind. */
    private int crTerminator() throws IOException {
        if (pos + 1 >= lim) {
            fill();
        }
        if (pos + 1 < lim && buf[pos + 1] == '\n') {
            pos += 2;
            return TERM_CRLF;
        }
        lastCrAbs = base + pos;
        pos++;
        return TERM_CR;
    }

    private void finish(int term, int delims) {
        recordEnd = base + pos;
        terminator = term;
        fieldCount = delims + 1;
        if (expectedFields > 0 && fieldCount != expectedFields) {
            if (fieldCount == 1 && recordEnd - recordStart == terminatorLength(term)) {
                throw new CsvFormatException(CsvFormatException.Kind.BLANK_LINE, recordLine, -1,
                        "Blank line at line " + recordLine + ": every line after the header must be a record with "
                        + expectedFields + " fields. Remove blank lines.");
            }
            throw new CsvFormatException(CsvFormatException.Kind.FIELD_COUNT_MISMATCH, recordLine,
                    Math.min(fieldCount, expectedFields) + (fieldCount > expectedFields ? 1 : 0),
                    "Wrong number of fields in the record at line " + recordLine + ": " + fieldCount
                    + " fields, but the header has " + expectedFields + ". Quote values that contain the delimiter"
                    + " and check for missing or extra delimiters.");
        }
        if (rejectOtherThan != TERM_NONE && term != TERM_NONE && term != rejectOtherThan) {
            throw new CsvFormatException(CsvFormatException.Kind.LINE_ENDING_MISMATCH, line, -1,
                    "Line " + line + " ends with " + terminatorName(term) + " but the dialect declares "
                    + terminatorName(rejectOtherThan) + "; Salesforce would fail the job (LineEnding is invalid on"
                    + " user data). Declare the matching lineEnding, convert the file, or use"
                    + " LineEndingPolicy.NORMALISE.");
        }
    }

    static String terminatorName(int term) {
        switch (term) {
            case TERM_LF:
                return "LF";
            case TERM_CRLF:
                return "CRLF";
            case TERM_CR:
                return "a lone CR";
            default:
                return "no line break";
        }
    }

    private void utf8(int column) throws IOException {
        int u = buf[pos] & 0xFF;
        int need;
        int lo = 0x80;
        int hi = 0xBF;
        if (u < 0xC2) {
            throw invalidUtf8(column, u);
        } else if (u < 0xE0) {
            need = 1;
        } else if (u < 0xF0) {
            need = 2;
            if (u == 0xE0) {
                lo = 0xA0;
            } else if (u == 0xED) {
                hi = 0x9F;
            }
        } else if (u < 0xF5) {
            need = 3;
            if (u == 0xF0) {
                lo = 0x90;
            } else if (u == 0xF4) {
                hi = 0x8F;
            }
        } else {
            throw invalidUtf8(column, u);
        }
        pos++;
        for (int k = 0; k < need; k++) {
            if (pos >= lim && !fill()) {
                throw new CsvFormatException(CsvFormatException.Kind.INVALID_UTF8, line, column,
                        "Invalid UTF-8 at line " + line + ", column " + column + ": the input ends inside a"
                        + " multi-byte character. Save the file as UTF-8.");
            }
            int c = buf[pos] & 0xFF;
            if (c < lo || c > hi) {
                throw invalidUtf8(column, c);
            }
            lo = 0x80;
            hi = 0xBF;
            pos++;
        }
    }

    private CsvFormatException invalidUtf8(int column, int b) {
        return new CsvFormatException(CsvFormatException.Kind.INVALID_UTF8, line, column,
                "Invalid UTF-8 at line " + line + ", column " + column + " (byte 0x"
                + Integer.toHexString(b).toUpperCase(java.util.Locale.ROOT) + " at offset " + (base + pos)
                + "). Salesforce accepts UTF-8 only: convert the file (for example from Windows-1252) to UTF-8.");
    }

    private void checkSize(long quoteLine) {
        if (base + pos - recordStart > maxRecordBytes) {
            throw new CsvFormatException(CsvFormatException.Kind.RECORD_TOO_LARGE, recordLine, -1,
                    "The record starting at line " + recordLine + " takes more than " + (base + pos - recordStart - 1)
                    + " bytes; with the header it exceeds maxBytes (" + maxBytes + ")."
                    + (quoteLine > 0 ? " It looks like the quote opened at line " + quoteLine + " is never closed."
                    : " Raise maxBytes or shorten the record."));
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int keep = retain ? (int) (recordStart - base) : pos;
        if (keep > 0) {
            System.arraycopy(buf, keep, buf, 0, lim - keep);
            base += keep;
            pos -= keep;
            lim -= keep;
        }
        if (lim == buf.length) {
            buf = Arrays.copyOf(buf, buf.length >= (1 << 29) ? Integer.MAX_VALUE - 8 : buf.length * 2);
        }
        int n;
        do {
            n = in.read(buf, lim, buf.length - lim);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        lim += n;
        return true;
    }
}
