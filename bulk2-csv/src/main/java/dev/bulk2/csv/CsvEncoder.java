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

    /** Appends one field; {@code index} is its position, {@code count} the number of fields in the record. */
    void field(String value, int index, int count) {
        if (index > 0) {
            ensure(1);
            buf[size++] = (byte) delimiter;
        }
        String v = value == null ? "" : value;
        boolean quote = count == 1 && v.isEmpty();
        for (int i = 0, len = v.length(); i < len && !quote; i++) {
            char c = v.charAt(i);
            quote = c == delimiter || c == '"' || c == '\n' || c == '\r';
        }
        if (quote) {
            ensure(1);
            buf[size++] = '"';
            appendUtf8(v, true);
            ensure(1);
            buf[size++] = '"';
        } else {
            appendUtf8(v, false);
        }
    }

    void endRecord() {
        ensure(terminator.length);
        for (byte b : terminator) {
            buf[size++] = b;
        }
    }

    private void appendUtf8(String s, boolean doubleQuotes) {
        int len = s.length();
        ensure(len * 3 + (doubleQuotes ? len : 0));
        byte[] b = buf;
        int p = size;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == '"' && doubleQuotes) {
                    b[p++] = '"';
                }
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
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
        }
        size = p;
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }
}
