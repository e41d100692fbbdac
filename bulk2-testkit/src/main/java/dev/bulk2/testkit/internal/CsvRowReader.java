package dev.bulk2.testkit.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streaming RFC 4180 reader over UTF-8 bytes (delimiter, quote and line breaks are ASCII, so byte-level
 * parsing is safe). Tracks the byte offset of each record, checks the record terminator against the job's
 * line ending, and classifies quoting problems as Salesforce does (job-level parse errors versus a row-level
 * error for whitespace after a closing quote). Not thread-safe.
 */
final class CsvRowReader implements Closeable {
    /** A CSV problem that fails the whole job. */
    static final class ParseFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ParseFailure(String message) {
            super(message);
        }
    }

    /**
     * The texts of Salesforce's CSV reader (Data Loader's {@code CSVReader}, whose messages real Bulk API jobs
     * quote after "Failed to parse CSV. "); the line number is not part of the message.
     */
    static final String UNESCAPED_QUOTE =
            "Failed to parse CSV. Found unescaped quote. A value with quote should be within a quote";
    /** See {@link #UNESCAPED_QUOTE}. */
    static final String EOF_IN_QUOTE = "Failed to parse CSV. EOF reached before closing an opened quote";

    private final InputStream in;
    private final byte delimiter;
    private final boolean crlf;
    private final byte[] buf = new byte[1 << 16];
    private int len;
    private int pos;
    private long consumed;
    private int pushback = -2;
    private byte[] field = new byte[256];
    private int fieldLen;
    private long recordStart;
    private long line = 1;
    private long recordLine;
    private boolean lineEndingMismatch;
    private String rowError;

    CsvRowReader(InputStream in, char delimiter, boolean crlf) {
        this.in = in;
        this.delimiter = (byte) delimiter;
        this.crlf = crlf;
    }

    private int read() throws IOException {
        if (pushback != -2) {
            int b = pushback;
            pushback = -2;
            if (b >= 0) {
                consumed++;
            }
            return b;
        }
        if (pos == len) {
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) {
                len = 0;
                return -1;
            }
        }
        consumed++;
        return buf[pos++] & 0xFF;
    }

    private void unread(int b) {
        pushback = b;
        if (b >= 0) {
            consumed--;
        }
    }

    private void append(int b) {
        if (fieldLen == field.length) {
            field = Arrays.copyOf(field, field.length * 2);
        }
        field[fieldLen++] = (byte) b;
    }

    private String takeField() {
        String s = new String(field, 0, fieldLen, StandardCharsets.UTF_8);
        fieldLen = 0;
        return s;
    }

    /** Byte offset where the last returned record started. */
    long recordStart() {
        return recordStart;
    }

    /** Byte offset just after the last returned record (where the next one starts). */
    long position() {
        return consumed;
    }

    /** 1-based physical line of the last record's start. */
    long recordLine() {
        return recordLine;
    }

    /** @return the 1-based physical line the next record starts on */
    long nextLine() {
        return line;
    }

    /**
     * For a reader opened in the middle of a file: the physical line it starts on.
     *
     * @param firstLine 1-based line number
     */
    void startAtLine(long firstLine) {
        this.line = firstLine;
    }

    /** Whether the last record ended with the wrong line ending. */
    boolean lineEndingMismatch() {
        return lineEndingMismatch;
    }

    /** A row-level error of the last record, or null. */
    String rowError() {
        return rowError;
    }

    /**
     * Reads the next record.
     *
     * @return the values, or null at end of input
     * @throws ParseFailure for malformed quoting that fails the job
     * @throws IOException on read failure
     */
    String[] next() throws IOException, ParseFailure {
        recordStart = consumed;
        recordLine = line;
        lineEndingMismatch = false;
        rowError = null;
        int c = read();
        if (c == -1) {
            return null;
        }
        List<String> values = new ArrayList<>();
        while (true) {
            if (c == '"') {
                // quoted field
                while (true) {
                    int d = read();
                    if (d == -1) {
                        throw new ParseFailure(EOF_IN_QUOTE);
                    }
                    if (d == '"') {
                        int e = read();
                        if (e == '"') {
                            append('"');
                            continue;
                        }
                        c = e;
                        break;
                    }
                    if (d == '\n') {
                        line++;
                    }
                    append(d);
                }
                // after closing quote: delimiter, line end or EOF
                if (c != delimiter && c != '\n' && c != '\r' && c != -1) {
                    if (c == ' ' || c == '\t') {
                        rowError = "Found whitespace after a closing quote in column " + (values.size() + 1)
                                + " on line " + recordLine;
                        while (c != delimiter && c != '\n' && c != -1 && c != '\r') {
                            c = read();
                        }
                    } else {
                        throw new ParseFailure(UNESCAPED_QUOTE);
                    }
                }
            } else {
                while (c != delimiter && c != '\n' && c != -1) {
                    if (c == '\r') {
                        int e = read();
                        if (e == '\n' || e == -1) {
                            unread(e);
                            break;
                        }
                        unread(e);
                    }
                    if (c == '"') {
                        throw new ParseFailure(UNESCAPED_QUOTE);
                    }
                    append(c);
                    c = read();
                }
            }
            values.add(takeField());
            if (c == delimiter) {
                c = read();
                continue;
            }
            // end of record
            if (c == '\r') {
                int e = read();
                if (e == '\n') {
                    line++;
                    if (!crlf) {
                        lineEndingMismatch = true;
                    }
                } else {
                    // bare CR as terminator
                    unread(e);
                    lineEndingMismatch = true;
                }
            } else if (c == '\n') {
                line++;
                if (crlf) {
                    lineEndingMismatch = true;
                }
            }
            return values.toArray(new String[0]);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
