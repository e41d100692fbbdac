package dev.bulk2.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams a Salesforce result CSV with Commons CSV: header by name, records mapped one at a time. Shared by the
 * three result readers. Not thread-safe.
 */
final class ResultCsv<R> implements Iterator<R> {

    /** Column names with lookup by exact name, then ignoring case. */
    static final class Columns {
        final List<String> names;
        private final Map<String, Integer> exact = new HashMap<>();
        private final Map<String, Integer> folded = new HashMap<>();

        Columns(List<String> names) {
            this.names = Collections.unmodifiableList(new ArrayList<>(names));
            for (int i = 0; i < names.size(); i++) {
                exact.putIfAbsent(names.get(i), i);
                folded.putIfAbsent(names.get(i).toLowerCase(Locale.ROOT), i);
            }
        }

        int indexOf(String name) {
            Integer i = exact.get(name);
            if (i == null) {
                i = folded.get(name.toLowerCase(Locale.ROOT));
            }
            return i == null ? -1 : i;
        }
    }

    /** Maps a parsed record (all values, header order) to a result object. */
    interface Mapper<R> {
        R map(String[] values, long line);
    }

    private final String what;
    private final InputStream in;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private Mapper<R> mapper;
    private boolean iterated;
    private boolean closed;

    ResultCsv(InputStream in, CsvDialect dialect, String what) {
        this.what = what;
        this.in = Objects.requireNonNull(in, "in");
        Objects.requireNonNull(dialect, "dialect");
        CSVFormat format = CSVFormat.RFC4180.builder()
                .setDelimiter(dialect.delimiter().character())
                .setIgnoreEmptyLines(true)
                .get();
        try {
            this.parser = CSVParser.parse(new BufferedReader(new InputStreamReader(stripBom(in),
                    StandardCharsets.UTF_8), 1 << 16), format);
        } catch (IOException e) {
            closeQuietly();
            throw new CsvException("Reading " + what + " failed: " + e.getMessage(), e);
        }
        this.records = parser.iterator();
        List<String> h = new ArrayList<>();
        if (hasNextRecord()) {
            for (String v : nextRecord()) {
                h.add(v);
            }
        }
        this.header = Collections.unmodifiableList(h);
    }

    void mapper(Mapper<R> mapper) {
        this.mapper = mapper;
    }

    List<String> header() {
        return header;
    }

    /** Index of a required column, or -1 when the file is empty (no header at all). */
    int required(String column) {
        int i = header.indexOf(column);
        if (i < 0 && !header.isEmpty()) {
            closeQuietly();
            throw new CsvFormatException(CsvFormatException.Kind.MISSING_COLUMN, 1, -1,
                    "The " + what + " header has no '" + column + "' column (header: " + header
                    + "). Check that the file is a " + what + " file and that the dialect's delimiter matches"
                    + " the job's columnDelimiter.");
        }
        return i;
    }

    private static InputStream stripBom(InputStream in) throws IOException {
        PushbackInputStream p = new PushbackInputStream(in, 3);
        byte[] b = new byte[3];
        int n = 0;
        while (n < 3) {
            int r = p.read(b, n, 3 - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        if (!(n == 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) && n > 0) {
            p.unread(b, 0, n);
        }
        return p;
    }

    private boolean hasNextRecord() {
        try {
            return records.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw parseError(e);
        }
    }

    private CSVRecord nextRecord() {
        try {
            return records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw parseError(e);
        }
    }

    private CsvException parseError(RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String msg = String.valueOf(cause.getMessage());
        long line = parser.getCurrentLineNumber();
        closeQuietly();
        if (msg.contains("EOF reached before encapsulated token finished")) {
            return new CsvFormatException(CsvFormatException.Kind.UNTERMINATED_QUOTE, line, -1,
                    "The " + what + " ends inside a quoted field (near line " + line + "); the download may be"
                    + " truncated: fetch the results again.");
        }
        if (msg.contains("invalid char between encapsulated token and delimiter")) {
            return new CsvFormatException(CsvFormatException.Kind.STRAY_QUOTE, line, -1,
                    "Malformed quoting in the " + what + " at line " + line + ": " + msg);
        }
        if (cause instanceof IOException && !msg.contains("line")) {
            return new CsvException("Reading " + what + " failed: " + msg, cause);
        }
        return new CsvFormatException(CsvFormatException.Kind.MALFORMED, line, -1,
                "Malformed " + what + " at line " + line + ": " + msg);
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        return hasNextRecord();
    }

    @Override
    public R next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CSVRecord r = nextRecord();
        int n = r.size();
        long line = parser.getCurrentLineNumber();
        if (n != header.size()) {
            closeQuietly();
            throw new CsvFormatException(CsvFormatException.Kind.FIELD_COUNT_MISMATCH, line, -1,
                    "Record " + r.getRecordNumber() + " of the " + what + " (ending at line " + line + ") has " + n
                    + " fields but the header has " + header.size() + ". Check that the dialect's delimiter"
                    + " matches the job's columnDelimiter.");
        }
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            values[i] = r.get(i);
        }
        return mapper.map(values, line);
    }

    Iterator<R> iterator() {
        if (iterated) {
            throw new IllegalStateException("A result reader can be iterated only once");
        }
        iterated = true;
        return this;
    }

    Stream<R> stream(Runnable onClose) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(onClose);
    }

    void close() {
        if (!closed) {
            closed = true;
            try {
                parser.close();
            } catch (IOException e) {
                throw new CsvException("Closing " + what + " failed: " + e.getMessage(), e);
            } finally {
                closeQuietly();
            }
        }
    }

    private void closeQuietly() {
        closed = true;
        try {
            in.close();
        } catch (IOException ignored) {
            // closing after a failure
        }
    }
}
