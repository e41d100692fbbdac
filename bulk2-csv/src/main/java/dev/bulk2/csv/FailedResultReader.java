package dev.bulk2.csv;

import java.io.Closeable;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Streams the failed results ({@code failedResults}) of an ingest job, one record at a time, without loading the file.
 *
 * <p>The header is {@code "sf__Id","sf__Error"} (no {@code sf__Id} before API 53.0) followed by the
 * echoed upload columns; {@code sf__Error} is split into a {@link RecordError}. Columns are found by name, never by position. Both LF and CRLF line endings are accepted
 * whatever the dialect says (only its delimiter matters, and it must be the job's {@code columnDelimiter}); a
 * UTF-8 BOM is skipped; an empty body or a header without rows yields no records.
 *
 * <pre>{@code
 * try (FailedResultReader reader = FailedResultReader.open(body, CsvDialect.defaults())) {
 *     for (FailedRecord r : reader) {
 *         log(r.error().code(), r.error().message(), r.error().fields(), r.field("Client_Id__c"));
 *     }
 * }
 * }</pre>
 *
 * <p>Iterable once. Malformed input fails with a {@link CsvFormatException} naming the line. Not thread-safe.
 */
public final class FailedResultReader implements Iterable<FailedRecord>, Closeable {

    private final ResultCsv<FailedRecord> csv;
    private final ResultCsv.Columns echoed;

    private FailedResultReader(InputStream in, CsvDialect dialect) {
        this.csv = new ResultCsv<>(in, dialect, "failed results");
        int id = csv.header().indexOf("sf__Id");
        int error = csv.required("sf__Error");
        List<String> header = csv.header();
        this.echoed = new ResultCsv.Columns(java.util.Arrays.asList(
                EchoedFields.echoed(header.toArray(new String[0]), new int[] {id, error})));
        ResultCsv.Columns cols = echoed;
        int[] sf = {id, error};
        csv.mapper((values, line) -> new FailedRecord(id < 0 ? null : values[id], RecordError.parse(values[error]),
                new EchoedFields(cols, EchoedFields.echoed(values, sf)), line));
    }

    /**
     * Opens a reader over a result body. The header is read immediately.
     *
     * @param in the CSV body (already decompressed); closed by {@link #close()}
     * @param dialect the job's dialect; its delimiter is used
     * @return the reader
     * @throws CsvFormatException if the header is malformed or lacks a required column
     * @throws CsvException if reading fails
     */
    public static FailedResultReader open(InputStream in, CsvDialect dialect) {
        return new FailedResultReader(in, dialect);
    }

    /**
     * The echoed columns (the header without {@code sf__Id} and {@code sf__Error}), in file order.
     *
     * @return an unmodifiable list, empty for an empty body
     */
    public List<String> columns() {
        return echoed.names;
    }

    /**
     * The records, read lazily. Can be called once.
     *
     * @return an iterator whose {@code hasNext()}/{@code next()} may throw {@link CsvFormatException}
     * @throws IllegalStateException if called twice
     */
    @Override
    public Iterator<FailedRecord> iterator() {
        return csv.iterator();
    }

    /**
     * The records as a lazy sequential stream; closing the stream closes this reader.
     *
     * @return the stream
     * @throws IllegalStateException if the records were already iterated
     */
    public Stream<FailedRecord> stream() {
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
        return "FailedResultReader{columns=" + echoed.names + '}';
    }
}
