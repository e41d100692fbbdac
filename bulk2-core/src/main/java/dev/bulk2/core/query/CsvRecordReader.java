package dev.bulk2.core.query;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small, fast RFC 4180 reader for query result CSV: any single-byte delimiter, quoted or unquoted fields,
 * doubled quotes, line breaks inside quotes, LF or CRLF record ends, UTF-8. Empty lines are skipped and NUL bytes
 * dropped (Salesforce has been seen to send them). Package-private; not thread-safe.
 */
final class CsvRecordReader {
    private final InputStream in;
    private final byte delimiter;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    private boolean eof;
    private byte[] field = new byte[256];
    private int fieldLen;
    private final List<String> values = new ArrayList<>();
    private long record;

    CsvRecordReader(InputStream in, char delimiter) {
        this.in = in;
        this.delimiter = (byte) delimiter;
    }

    /** @return 1-based number of the record last returned (header = 1) */
    long recordNumber() {
        return record;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    private void append(byte b) {
        if (b == 0) {
            return;
        }
        if (fieldLen == field.length) {
            field = Arrays.copyOf(field, field.length * 2);
        }
        field[fieldLen++] = b;
    }

    private void appendRange(int from, int to) {
        int len = to - from;
        if (fieldLen + len > field.length) {
            field = Arrays.copyOf(field, Math.max(field.length * 2, fieldLen + len));
        }
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (b != 0) {
                field[fieldLen++] = b;
            }
        }
    }

    private void endField() {
        values.add(fieldLen == 0 ? "" : new String(field, 0, fieldLen, StandardCharsets.UTF_8));
        fieldLen = 0;
    }

    /**
     * Reads the next record.
     *
     * @return its values, or {@code null} at the end of the input
     * @throws IOException if reading fails or a quoted value is never closed
     */
    String[] next() throws IOException {
        while (true) {
            if (pos >= lim && !fill()) {
                return null;
            }
            byte c = buf[pos];
            if (c == '\n') {
                pos++;
                continue;
            }
            if (c == '\r') {
                pos++;
                continue;
            }
            break;
        }
        values.clear();
        fieldLen = 0;
        record++;
        while (true) {
            // at the start of a field
            if (pos >= lim && !fill()) {
                endField();
                return values.toArray(new String[0]);
            }
            if (buf[pos] == '"') {
                pos++;
                readQuoted();
            }
            // unquoted part (or what follows a closing quote, kept leniently)
            while (true) {
                if (pos >= lim && !fill()) {
                    endField();
                    return values.toArray(new String[0]);
                }
                int p = pos;
                int l = lim;
                byte d = delimiter;
                while (p < l) {
                    byte b = buf[p];
                    if (b == d || b == '\n' || b == '\r') {
                        break;
                    }
                    p++;
                }
                appendRange(pos, p);
                pos = p;
                if (p >= l) {
                    continue;
                }
                byte b = buf[p];
                pos++;
                if (b == d) {
                    endField();
                    break;
                }
                endField();
                if (b == '\r') {
                    if (pos >= lim) {
                        fill();
                    }
                    if (pos < lim && buf[pos] == '\n') {
                        pos++;
                    }
                }
                return values.toArray(new String[0]);
            }
        }
    }

    private void readQuoted() throws IOException {
        while (true) {
            if (pos >= lim && !fill()) {
                throw new IOException("a quoted value in record " + record + " is never closed: the data is cut off");
            }
            int p = pos;
            int l = lim;
            while (p < l && buf[p] != '"') {
                p++;
            }
            appendRange(pos, p);
            pos = p;
            if (p >= l) {
                continue;
            }
            pos++; // the quote
            if (pos >= lim && !fill()) {
                return;
            }
            if (buf[pos] == '"') {
                append((byte) '"');
                pos++;
                continue;
            }
            return;
        }
    }
}
