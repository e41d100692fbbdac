package dev.bulk2.csv;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Writes typed rows as UTF-8 CSV in a dialect: the header from the {@link CsvMapping}, then one record per row.
 *
 * <p>Fields are quoted only when they contain the delimiter, a quote or a line break (quotes doubled); every
 * record, the header included, ends with the dialect's line ending. Output is buffered; {@link #close()} flushes
 * and closes the target stream, {@link #flush()} only flushes.
 *
 * <pre>{@code
 * try (CsvRowWriter<Client> w = CsvRowWriter.create(out, mapping, CsvDialect.defaults())) {
 *     w.writeAll(clients.stream());
 * }
 * }</pre>
 *
 * <p>Not thread-safe.
 *
 * @param <T> the row type
 */
public final class CsvRowWriter<T> implements AutoCloseable {

    private static final int FLUSH_AT = 1 << 16;

    private final OutputStream out;
    private final CsvMapping<T> mapping;
    private final CsvEncoder encoder;
    private long recordCount;
    private boolean headerWritten;
    private boolean closed;

    private CsvRowWriter(OutputStream out, CsvMapping<T> mapping, CsvDialect dialect) {
        this.out = Objects.requireNonNull(out, "out");
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.encoder = new CsvEncoder(Objects.requireNonNull(dialect, "dialect"));
    }

    /**
     * Creates a writer. The header is written with the first row, or on {@link #flush()}/{@link #close()} if
     * there are no rows.
     *
     * @param out the target; closed by {@link #close()}
     * @param mapping the columns
     * @param dialect the delimiter and line ending
     * @param <T> the row type
     * @return the writer
     */
    public static <T> CsvRowWriter<T> create(OutputStream out, CsvMapping<T> mapping, CsvDialect dialect) {
        return new CsvRowWriter<>(out, mapping, dialect);
    }

    /**
     * Writes the header and all rows to {@code out}, then flushes it (without closing it).
     *
     * @param rows the rows
     * @param mapping the columns
     * @param dialect the delimiter and line ending
     * @param out the target; left open
     * @param <T> the row type
     * @return the number of records written
     * @throws CsvException if writing fails or a value cannot be formatted
     */
    public static <T> long writeAll(Iterator<? extends T> rows, CsvMapping<T> mapping, CsvDialect dialect,
            OutputStream out) {
        CsvRowWriter<T> w = new CsvRowWriter<>(out, mapping, dialect);
        w.writeAll(rows);
        w.flush();
        return w.recordCount();
    }

    /**
     * Writes one row.
     *
     * @param row the row
     * @return this writer
     * @throws CsvException if writing fails or a value cannot be formatted
     * @throws IllegalStateException if closed
     */
    public CsvRowWriter<T> write(T row) {
        ensureOpen();
        writeHeaderOnce();
        mapping.encode(row, encoder);
        recordCount++;
        if (encoder.size() >= FLUSH_AT) {
            drain();
        }
        return this;
    }

    /**
     * Writes every remaining row of an iterator.
     *
     * @param rows the rows
     * @return this writer
     */
    public CsvRowWriter<T> writeAll(Iterator<? extends T> rows) {
        while (rows.hasNext()) {
            write(rows.next());
        }
        return this;
    }

    /**
     * Writes every row of an iterable.
     *
     * @param rows the rows
     * @return this writer
     */
    public CsvRowWriter<T> writeAll(Iterable<? extends T> rows) {
        return writeAll(rows.iterator());
    }

    /**
     * Writes every row of a stream, in encounter order. The stream is not closed.
     *
     * @param rows the rows
     * @return this writer
     */
    public CsvRowWriter<T> writeAll(Stream<? extends T> rows) {
        return writeAll(rows.iterator());
    }

    /**
     * The number of records written so far, header excluded.
     *
     * @return the count
     */
    public long recordCount() {
        return recordCount;
    }

    /**
     * Writes buffered bytes (and the header, if not yet written) to the target and flushes it.
     *
     * @throws CsvException if writing fails
     */
    public void flush() {
        ensureOpen();
        writeHeaderOnce();
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new CsvException("Writing CSV failed: " + e.getMessage(), e);
        }
    }

    /**
     * Flushes and closes the target stream. Idempotent.
     *
     * @throws CsvException if writing fails
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            try {
                out.close();
            } catch (IOException e) {
                throw new CsvException("Closing the CSV output failed: " + e.getMessage(), e);
            }
        }
    }

    private void writeHeaderOnce() {
        if (!headerWritten) {
            headerWritten = true;
            mapping.encodeHeader(encoder);
        }
    }

    private void drain() {
        try {
            encoder.writeTo(out);
            encoder.reset();
        } catch (IOException e) {
            throw new CsvException("Writing CSV failed: " + e.getMessage(), e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("CsvRowWriter is closed");
        }
    }

    @Override
    public String toString() {
        return "CsvRowWriter{columns=" + mapping.columns() + ", records=" + recordCount + '}';
    }
}
