package dev.bulk2.csv;

import java.io.InputStream;
import java.util.List;

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
public final class SuccessfulResultReader extends ResultReader<SuccessfulRecord> {

    private final ResultCsv.Columns echoed;

    private SuccessfulResultReader(InputStream in, CsvDialect dialect) {
        super(in, dialect, "successful results");
        int id = csv.required("sf__Id");
        int created = csv.required("sf__Created");
        int[] sf = {id, created};
        this.echoed = echoedColumns(csv.header(), sf);
        ResultCsv.Columns cols = echoed;
        csv.mapper((values, line) -> new SuccessfulRecord(values.decode(id), values.isIgnoringCase(created, "true"),
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
    public static SuccessfulResultReader open(InputStream in, CsvDialect dialect) {
        return new SuccessfulResultReader(in, dialect);
    }

    /**
     * The echoed columns (the header without {@code sf__Id} and {@code sf__Created}), in file order.
     *
     * @return an unmodifiable list, empty for an empty body
     */
    @Override
    public List<String> columns() {
        return echoed.names;
    }
}
