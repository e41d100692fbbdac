package dev.bulk2.csv;

/**
 * A typed row source failed while its rows were written as CSV: the iterator's {@code hasNext()} or {@code next()}
 * threw (for a {@code Stream}, that includes its {@code map} and {@code filter} functions), or the
 * {@link CsvMapping} could not write a value of the row. {@link #row()} is the 1-based number of the row that
 * could not be written (the first row is 1); {@link #getCause()} is the exception the source or the mapping threw,
 * as it was thrown.
 *
 * <p>The part being written when this happened is discarded; parts produced before are unaffected.
 */
public class CsvRowSourceException extends CsvException {

    private static final long serialVersionUID = 1L;

    private final long row;
    private final long line;

    /**
     * Creates the exception.
     *
     * @param message what failed, with the row number
     * @param row the 1-based row number
     * @param line the line the row would start on in one CSV of all rows (header on line 1)
     * @param cause what the source or mapping threw
     */
    public CsvRowSourceException(String message, long row, long line, Throwable cause) {
        super(message, cause);
        this.row = row;
        this.line = line;
    }

    /**
     * The 1-based number of the row that could not be written.
     *
     * @return the row number (the first row is 1)
     */
    public long row() {
        return row;
    }

    /**
     * The line the row would start on in one CSV of all rows, the header being line 1, as
     * {@link CsvPart#firstRecordLine()} counts.
     *
     * @return the line
     */
    public long line() {
        return line;
    }
}
