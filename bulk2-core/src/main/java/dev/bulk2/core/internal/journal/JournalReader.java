package dev.bulk2.core.internal.journal;

import dev.bulk2.core.exception.JournalException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Reads a journal line by line (one line in memory at a time): the header first, then the entries. Only the last
 * line may be torn (no trailing newline and not a valid entry: a crash during its write); it is reported by
 * {@link #tornTailAt()} for the caller to truncate. A last line that is complete JSON but lacks its newline is
 * kept ({@link #missingNewline()}). Anything else that is not valid is a typed {@link JournalException}.
 * Not thread-safe.
 */
final class JournalReader implements Closeable {
    private final Path path;
    private final InputStream in;
    private byte[] buf = new byte[4096];
    private int len;
    private long lineNumber;
    private long offset;       // bytes consumed so far (end of the last complete line)
    private long tornAt = -1;  // where a torn last line starts
    private boolean missingNewline;
    private boolean eof;
    private JournalHeader header;
    private boolean empty;

    private JournalReader(Path path, InputStream in) {
        this.path = path;
        this.in = in;
    }

    /**
     * Opens the journal and reads its header.
     *
     * @return the reader, or {@code null} when the file does not exist
     * @throws JournalException NOT_A_JOURNAL, VERSION, CORRUPT or IO
     */
    static JournalReader open(Path path) {
        InputStream in;
        try {
            in = new BufferedInputStream(Files.newInputStream(path), 64 * 1024);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw JournalErrors.io(path, "read", e);
        }
        JournalReader r = new JournalReader(path, in);
        try {
            r.readHeader();
            return r;
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /** @return whether the file holds nothing usable yet (empty, or only a torn header): start it afresh */
    boolean isEmpty() {
        return empty;
    }

    /** @return the header ({@code null} when {@link #isEmpty()}) */
    JournalHeader header() {
        return header;
    }

    /** @return the byte offset where a torn last line starts, or -1 when there is none */
    long tornTailAt() {
        return tornAt;
    }

    /** @return whether the last line is complete but lacks its newline (the appender must add it) */
    boolean missingNewline() {
        return missingNewline;
    }

    /** @return the bytes of complete lines read so far */
    long validLength() {
        return offset;
    }

    private void readHeader() {
        int n = readLine(JournalFormat.MAX_HEADER_LINE);
        if (n == -1) {
            empty = true; // a zero-length file: nothing was ever written
            return;
        }
        boolean complete = n >= 0;
        if (n == -2) {
            throw JournalErrors.notAJournal(path, "its first line is longer than "
                    + JournalFormat.MAX_HEADER_LINE + " bytes");
        }
        if (!complete && looksLikeTornHeader()) {
            // the creating process died while writing the header: nothing else can have been written
            if (parsesAsHeader()) {
                missingNewline = true;
            } else {
                tornAt = 0;
                empty = true;
                return;
            }
        }
        Map<String, Object> m;
        try {
            m = JournalCodec.parseObject(buf, len);
        } catch (JournalCodec.BadLine e) {
            throw JournalErrors.notAJournal(path, "its first line is " + e.getMessage());
        }
        if (!JournalCodec.isHeader(m)) {
            throw JournalErrors.notAJournal(path, "its first line is JSON without a 'bulk2Journal' member");
        }
        long version;
        try {
            version = JournalCodec.headerVersion(m);
        } catch (JournalCodec.BadLine e) {
            throw JournalErrors.notAJournal(path, "its 'bulk2Journal' member is not a version number");
        }
        if (version != JournalFormat.VERSION) {
            throw JournalErrors.version(path, version);
        }
        try {
            header = JournalCodec.decodeHeader(m);
        } catch (JournalCodec.BadLine e) {
            throw JournalErrors.corrupt(path, 1, e.getMessage());
        }
        lineNumber = 1;
        offset += len + (complete ? 1 : 0);
    }

    private boolean looksLikeTornHeader() {
        boolean allNul = true;
        for (int i = 0; i < len; i++) {
            if (buf[i] != 0) {
                allNul = false;
                break;
            }
        }
        if (allNul) {
            return true;
        }
        int k = Math.min(len, JournalFormat.MAGIC.length);
        return Arrays.equals(buf, 0, k, JournalFormat.MAGIC, 0, k);
    }

    private boolean parsesAsHeader() {
        try {
            Map<String, Object> m = JournalCodec.parseObject(buf, len);
            return JournalCodec.isHeader(m);
        } catch (JournalCodec.BadLine e) {
            return false;
        }
    }

    /**
     * The next entry.
     *
     * @return the entry, or {@code null} at the end (a torn last line is not returned)
     * @throws JournalException CORRUPT or IO
     */
    JournalCodec.Line next() {
        if (empty || eof) {
            return null;
        }
        long start = offset;
        int n = readLine(JournalFormat.MAX_LINE);
        if (n == -1) {
            eof = true;
            return null;
        }
        long number = lineNumber + 1;
        if (n == -2) {
            throw JournalErrors.corrupt(path, number, "the line is longer than " + JournalFormat.MAX_LINE + " bytes");
        }
        boolean complete = n >= 0;
        JournalCodec.Line line;
        try {
            line = JournalCodec.decodeEntry(number, JournalCodec.parseObject(buf, len));
        } catch (JournalCodec.BadLine e) {
            if (!complete) {
                tornAt = start; // the last line, cut by a crash: ignored and truncated on open for append
                eof = true;
                return null;
            }
            throw JournalErrors.corrupt(path, number, len == 0 ? "an empty line" : e.getMessage());
        }
        lineNumber = number;
        offset += len + (complete ? 1 : 0);
        if (!complete) {
            missingNewline = true;
            eof = true;
        }
        return line;
    }

    /**
     * Reads one line into buf/len.
     *
     * @return the length with a newline found, -3 for a last line without newline (len set), -1 at the end with
     *     nothing read, -2 when longer than max
     */
    private int readLine(int max) {
        len = 0;
        try {
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    return len;
                }
                if (len == max) {
                    return -2;
                }
                if (len == buf.length) {
                    buf = Arrays.copyOf(buf, Math.min(max, buf.length * 2));
                }
                buf[len++] = (byte) b;
            }
        } catch (IOException e) {
            throw JournalErrors.io(path, "read", e);
        }
        return len == 0 ? -1 : -3;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // read-only
        }
    }
}
