package dev.bulk2.core.query;

import dev.bulk2.csv.CsvFormatException;
import dev.bulk2.csv.internal.CsvTokenizer;
import dev.bulk2.csv.internal.RawRecord;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the records of a query result page with bulk2-csv's shared {@link CsvTokenizer} (the one tokenizer for
 * everything Salesforce sends back): the job's delimiter, quoted or unquoted fields, doubled quotes, line breaks
 * inside quotes, LF or CRLF record ends, UTF-8, a BOM skipped. Empty lines are skipped, NUL bytes dropped
 * (Salesforce has been seen to send them) and text after a closing quote kept (lenient, as before). Malformed
 * input is a {@link MalformedPageException} naming the line and column. Package-private; not thread-safe.
 */
final class CsvRecordReader {

    /** Malformed page CSV, with where it is; {@link RowIterator} turns it into a {@code BulkException}. */
    static final class MalformedPageException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long line;
        private final int column;

        MalformedPageException(String message, long line, int column, Throwable cause) {
            super(message, cause);
            this.line = line;
            this.column = column;
        }

        /** @return the 1-based physical line of the page, 0 if unknown */
        long line() {
            return line;
        }

        /** @return the 1-based column (field number), or -1 */
        int column() {
            return column;
        }
    }

    private final CsvTokenizer tokenizer;

    CsvRecordReader(InputStream in, char delimiter) {
        this.tokenizer = CsvTokenizer.builder(delimiter).lenientQuotes(true).dropNul(true)
                .describedAs("query result page").build(in);
    }

    /** @return 1-based number of the record last returned (header = 1) */
    long recordNumber() {
        return tokenizer.recordNumber();
    }

    /**
     * Reads the next record.
     *
     * @return its values, or {@code null} at the end of the input
     * @throws MalformedPageException if a quoted value is never closed or a field is over the size limit
     * @throws IOException if reading fails
     */
    String[] next() throws IOException {
        try {
            return tokenizer.next();
        } catch (CsvFormatException e) {
            throw malformed(e);
        }
    }

    /**
     * Reads the next record undecoded: a value becomes a {@code String} when first read (rows of which only some
     * values are used cost one byte array instead of a {@code String} per value).
     *
     * @return the record, or {@code null} at the end of the input
     * @throws MalformedPageException if a quoted value is never closed or a field is over the size limit
     * @throws IOException if reading fails
     */
    RawRecord nextRaw() throws IOException {
        try {
            return tokenizer.nextRaw();
        } catch (CsvFormatException e) {
            throw malformed(e);
        }
    }

    private MalformedPageException malformed(CsvFormatException e) {
        long line = e.line();
        int column = e.column().orElse(-1);
        String where = "record " + (tokenizer.recordNumber() + 1) + " (line " + line
                + (column > 0 ? ", column " + column : "") + ")";
        if (e.kind() == CsvFormatException.Kind.UNTERMINATED_QUOTE) {
            return new MalformedPageException("a quoted value in " + where
                    + " is never closed: the data is cut off", line, column, e);
        }
        return new MalformedPageException("malformed CSV in " + where + ": " + e.getMessage(), line, column, e);
    }
}
