package dev.bulk2.csv;

import java.io.Closeable;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Streams the successful results ({@code successfulResults}) of an ingest job, one record at a time, without loading the file.
 *
 * <p>The header is {@code "sf__Id","sf__Created"} followed by the echoed upload columns. Columns are found by name, never by position. Both LF and CRLF line endings are accepted
 * whatever the dialect says (only its delimiter matters, and it must be the job's {@code columnDelimiter}); a
 * UTF-8 BOM is skipped; an empty body or a header without rows yields no records.
 *
 * <pre>{@code
 * try (SuccessfulResultReader reader = SuccessfulResultReader.open(body, CsvDialect.defaults())) {
 *     for (SuccessfulRecord r : reader) {
 *         log(r.id(), r.created(), r.field("Client_Id__c"));
 *     }
 * }
 * }</pre>
 *
 * <p>Iterable once. Malformed input fails with a {@link CsvFormatException} naming the line. Not thread-safe.
 */
public final class SuccessfulResultReader implements Iterable<SuccessfulRecord>, Closeable {

    private final ResultCsv<SuccessfulRecord> csv;
    private final ResultCsv.Columns echoed;

    private SuccessfulResultReader(InputStream in, CsvDialect dialect) {
        this.csv = new ResultCsv<>(in, dialect, "successful results");
        int id = csv.required("sf__Id");
        int created = csv.required("sf__Created");
        List<String> header = csv.header();
        this.echoed = new ResultCsv.Columns(java.util.Arrays.asList(
                EchoedFields.echoed(header.toArray(new String[0]), new int[] {id, created})));
        ResultCsv.Columns cols = echoed;
        int[] sf = {id, created};
        csv.mapper((values, line) -> new SuccessfulRecord(values[id],
                "true".equalsIgnoreCase(values[created]),
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
    public static SuccessfulResultReader open(InputStream in, CsvDialect dialect) {
        return new SuccessfulResultReader(in, dialect);
    }

    /**
     * The echoed columns (the header without {@code sf__Id} and {@code sf__Created}), in file order.
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
    public Iterator<SuccessfulRecord> iterator() {
        return csv.iterator();
    }

    /**
     * The records as a lazy sequential stream; closing the stream closes this reader.
     *
     * @return the stream
     * @throws IllegalStateException if the records were already iterated
     */
    public Stream<SuccessfulRecord> stream() {
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
        return "SuccessfulResultReader{columns=" + echoed.names + '}';
    }
}
