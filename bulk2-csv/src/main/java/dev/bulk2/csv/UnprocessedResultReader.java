package dev.bulk2.csv;

import java.io.InputStream;
import java.util.List;

/**
 * Streams the unprocessed records ({@code unprocessedrecords}) of an ingest job, one record at a time, without loading the file.
 *
 * <p>The file is the original upload header and the rows never attempted, without {@code sf__} columns. Columns are found by name, never by position. Both LF and CRLF line endings are accepted
 * whatever the dialect says (only its delimiter matters, and it must be the job's {@code columnDelimiter}); a
 * UTF-8 BOM is skipped; an empty body or a header without rows yields no records.
 *
 * <pre>{@code
 * try (UnprocessedResultReader reader = UnprocessedResultReader.open(body, CsvDialect.defaults())) {
 *     for (UnprocessedRecord r : reader) {
 *         retryLater(r.fields());
 *     }
 * }
 * }</pre>
 *
 * <p>Iterable once. Malformed input fails with a {@link CsvFormatException} naming the line. Not thread-safe.
 */
public final class UnprocessedResultReader extends ResultReader<UnprocessedRecord> {

    private final ResultCsv.Columns echoed;

    private UnprocessedResultReader(InputStream in, CsvDialect dialect) {
        super(in, dialect, "unprocessed records");
        this.echoed = new ResultCsv.Columns(csv.header());
        ResultCsv.Columns cols = echoed;
        csv.mapper((values, line) -> new UnprocessedRecord(new EchoedFields(cols, values), line));
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
    public static UnprocessedResultReader open(InputStream in, CsvDialect dialect) {
        return new UnprocessedResultReader(in, dialect);
    }

    /**
     * The echoed columns, in file order.
     *
     * @return an unmodifiable list, empty for an empty body
     */
    @Override
    public List<String> columns() {
        return echoed.names;
    }
}
