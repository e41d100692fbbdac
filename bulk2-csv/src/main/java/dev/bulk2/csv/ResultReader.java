package dev.bulk2.csv;

import java.io.Closeable;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared body of the three public result readers ({@link SuccessfulResultReader}, {@link FailedResultReader},
 * {@link UnprocessedResultReader}): one {@link ResultCsv} read once, as an iterator or a stream. Not thread-safe.
 *
 * @param <R> the record type
 */
abstract class ResultReader<R> implements Iterable<R>, Closeable {

    final ResultCsv<R> csv;

    ResultReader(InputStream in, CsvDialect dialect, String what) {
        this.csv = new ResultCsv<>(in, dialect, what);
    }

    /**
     * The echoed columns, in file order.
     *
     * @return an unmodifiable list, empty for an empty body
     */
    public abstract List<String> columns();

    /**
     * The records, read lazily. Can be called once.
     *
     * @return an iterator whose {@code hasNext()}/{@code next()} may throw {@link CsvFormatException}
     * @throws IllegalStateException if called twice
     */
    @Override
    public Iterator<R> iterator() {
        return csv.iterator();
    }

    /**
     * The records as a lazy sequential stream; closing the stream closes this reader.
     *
     * @return the stream
     * @throws IllegalStateException if the records were already iterated
     */
    public Stream<R> stream() {
        return csv.stream(this::close);
    }

    /**
     * Closes the reader and the underlying stream. Idempotent.
     *
     * @throws CsvException if closing fails
     */
    @Override
    public void close() {
        csv.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{columns=" + columns() + '}';
    }

    /** The header without the {@code sf__} columns at {@code sfIndexes} (an index of -1 is an absent column). */
    static ResultCsv.Columns echoedColumns(List<String> header, int[] sfIndexes) {
        return ResultCsv.Columns.without(header, sfIndexes);
    }
}
