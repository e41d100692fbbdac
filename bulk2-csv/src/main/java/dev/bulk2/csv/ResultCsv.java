package dev.bulk2.csv;

import dev.bulk2.csv.internal.CsvTokenizer;
import dev.bulk2.csv.internal.RawRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
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

/**
 * Streams a Salesforce result CSV with the shared {@link CsvTokenizer}: header by name, records mapped one at a
 * time. Shared by the
 * three result readers. Not thread-safe.
 */
final class ResultCsv<R> implements Iterator<R> {

    /**
     * Column names with lookup by exact name, then ignoring case; shared by every record of a file. For the
     * echoed columns of a result file it also maps each echoed column to its position in the raw record, so
     * records keep the parsed array as is (no copy without the {@code sf__} values).
     */
    static final class Columns {
        final List<String> names;
        /** Position in the raw record of each column, or null when the record is these columns only. */
        final int[] raw;
        /** The columns that are the first of their name (the keys of the map view), in order. */
        final int[] distinct;
        private final Map<String, Integer> exact = new HashMap<>();
        private final Map<String, Integer> folded = new HashMap<>();

        Columns(List<String> names) {
            this(names, null);
        }

        private Columns(List<String> names, int[] raw) {
            this.names = Collections.unmodifiableList(new ArrayList<>(names));
            this.raw = raw;
            int[] d = new int[names.size()];
            int n = 0;
            for (int i = 0; i < names.size(); i++) {
                if (exact.putIfAbsent(names.get(i), i) == null) {
                    d[n++] = i;
                }
                folded.putIfAbsent(names.get(i).toLowerCase(Locale.ROOT), i);
            }
            this.distinct = Arrays.copyOf(d, n);
        }

        /** The header without the columns at {@code skip} (an index of -1 is an absent column). */
        static Columns without(List<String> header, int[] skip) {
            List<String> names = new ArrayList<>(header.size());
            int[] raw = new int[header.size()];
            outer:
            for (int i = 0; i < header.size(); i++) {
                for (int s : skip) {
                    if (s == i) {
                        continue outer;
                    }
                }
                raw[names.size()] = i;
                names.add(header.get(i));
            }
            return new Columns(names, names.size() == header.size() ? null : Arrays.copyOf(raw, names.size()));
        }

        int size() {
            return names.size();
        }

        int indexOf(String name) {
            Integer i = exact.get(name);
            if (i == null) {
                i = folded.get(name.toLowerCase(Locale.ROOT));
            }
            return i == null ? -1 : i;
        }

        /** Exact-name lookup only (the map view's {@code get}). */
        int exactIndexOf(Object name) {
            Integer i = exact.get(name);
            return i == null ? -1 : i;
        }
    }

    /** Maps a parsed record (all values, header order) to a result object. */
    interface Mapper<R> {
        R map(RawRecord values, long line);
    }

    private final String what;
    private final CsvTokenizer tokenizer;
    private final List<String> header;
    private final int width;
    private Mapper<R> mapper;
    private RawRecord next;
    private boolean iterated;
    private boolean closed;

    ResultCsv(InputStream in, CsvDialect dialect, String what) {
        this.what = what;
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(dialect, "dialect");
        this.tokenizer = CsvTokenizer.builder(dialect.delimiter().character()).describedAs(what).build(in);
        RawRecord h = read();
        this.header = h == null ? Collections.emptyList() : Collections.unmodifiableList(Arrays.asList(h.toArray()));
        this.width = header.size();
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

    /** The next record, or null at the end; typed errors close the input. */
    private RawRecord read() {
        try {
            return tokenizer.nextRaw();
        } catch (CsvFormatException e) {
            closeQuietly();
            throw e;
        } catch (IOException e) {
            closeQuietly();
            throw new CsvException("Reading " + what + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (closed) {
            return false;
        }
        next = read();
        return next != null;
    }

    @Override
    public R next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RawRecord values = next;
        next = null;
        long line = tokenizer.line();
        if (values.size() != width) {
            closeQuietly();
            throw new CsvFormatException(CsvFormatException.Kind.FIELD_COUNT_MISMATCH, line, -1,
                    "Record " + tokenizer.recordNumber() + " of the " + what + " (ending at line " + line + ") has "
                    + values.size() + " fields but the header has " + width + ". Check that the dialect's"
                    + " delimiter matches the job's columnDelimiter.");
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
            next = null;
            try {
                tokenizer.close();
            } catch (IOException e) {
                throw new CsvException("Closing " + what + " failed: " + e.getMessage(), e);
            }
        }
    }

    private void closeQuietly() {
        closed = true;
        next = null;
        try {
            tokenizer.close();
        } catch (IOException ignored) {
            // closing after a failure
        }
    }
}
