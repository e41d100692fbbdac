package dev.bulk2.csv;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes records as UTF-8 CSV bytes in a dialect, quoting only fields that need it (the delimiter, a quote or a
 * line break), into a reusable growable buffer. Not thread-safe.
 */
final class CsvEncoder {

    private final char delimiter;
    private final byte[] terminator;
    private byte[] buf = new byte[1024];
    private int size;

    CsvEncoder(CsvDialect dialect) {
        this.delimiter = dialect.delimiter().character();
        this.terminator = dialect.lineEnding().separator().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    byte[] buffer() {
        return buf;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
    }

    /** Number of LF bytes in the buffer (physical lines the record takes). */
    int lineFeeds() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (buf[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    void record(List<String> values) {
        int n = values.size();
        for (int i = 0; i < n; i++) {
            field(values.get(i), i, n);
        }
        endRecord();
    }

    /**
     * Appends one field; {@code index} is its position, {@code count} the number of fields in the record. One pass
     * over the value in the common case: it is encoded as it is scanned, and only a value that turns out to need
     * quotes (the delimiter, a quote or a line break, all ASCII) is written again, quoted.
     */
    void field(String value, int index, int count) {
        if (index > 0) {
            ensure(1);
            buf[size++] = (byte) delimiter;
        }
        String v = value == null ? "" : value;
        int len = v.length();
        if (len == 0) {
            if (count == 1) { // a record of one empty field: "" (an empty line would be no record at all)
                ensure(2);
                buf[size++] = '"';
                buf[size++] = '"';
            }
            return;
        }
        ensure(len * 3);
        byte[] b = buf;
        int p = size;
        for (int i = 0; i < len; i++) {
            char c = v.charAt(i);
            if (c < 0x80) {
                if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
                    quoted(v); // nothing of this field is kept: size still marks its start
                    return;
                }
                b[p++] = (byte) c;
            } else {
                int next = encodeNonAscii(v, i, c, b, p);
                if (next > p + 3) { // a surrogate pair: four bytes, two chars
                    i++;
                }
                p = next;
            }
        }
        size = p;
    }

    /** Appends {@code v} quoted, its quotes doubled. */
    private void quoted(String v) {
        int len = v.length();
        ensure(len * 4 + 2);
        byte[] b = buf;
        int p = size;
        b[p++] = '"';
        for (int i = 0; i < len; i++) {
            char c = v.charAt(i);
            if (c < 0x80) {
                if (c == '"') {
                    b[p++] = '"';
                }
                b[p++] = (byte) c;
            } else {
                int next = encodeNonAscii(v, i, c, b, p);
                if (next > p + 3) {
                    i++;
                }
                p = next;
            }
        }
        b[p++] = '"';
        size = p;
    }

    void endRecord() {
        ensure(terminator.length);
        for (byte b : terminator) {
            buf[size++] = b;
        }
    }

    /**
     * Encodes the non-ASCII char {@code c} at {@code i} of {@code s} (with the next one, if they are a surrogate
     * pair) as UTF-8 into {@code b} at {@code p}; a lone surrogate becomes {@code ?}.
     *
     * @return the position after the bytes written (four bytes for a surrogate pair)
     */
    private static int encodeNonAscii(String s, int i, char c, byte[] b, int p) {
        if (c < 0x800) {
            b[p++] = (byte) (0xC0 | (c >> 6));
            b[p++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            b[p++] = (byte) (0xF0 | (cp >> 18));
            b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            b[p++] = (byte) (0x80 | (cp & 0x3F));
        } else if (Character.isSurrogate(c)) {
            b[p++] = '?';
        } else {
            b[p++] = (byte) (0xE0 | (c >> 12));
            b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            b[p++] = (byte) (0x80 | (c & 0x3F));
        }
        return p;
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }
}
