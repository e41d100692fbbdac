package dev.bulk2.csv;

import java.io.InputStream;
import java.util.List;

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
public final class FailedResultReader extends ResultReader<FailedRecord> {

    private final ResultCsv.Columns echoed;

    private FailedResultReader(InputStream in, CsvDialect dialect) {
        super(in, dialect, "failed results");
        int id = csv.header().indexOf("sf__Id");
        int error = csv.required("sf__Error");
        int[] sf = {id, error};
        this.echoed = echoedColumns(csv.header(), sf);
        ResultCsv.Columns cols = echoed;
        csv.mapper((values, line) -> new FailedRecord(id < 0 ? null : values.decode(id),
                RecordError.parse(values.decode(error)),
                new EchoedFields(cols, values), line));
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
    @Override
    public List<String> columns() {
        return echoed.names;
    }
}
