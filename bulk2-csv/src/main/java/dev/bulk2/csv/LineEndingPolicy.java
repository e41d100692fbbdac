package dev.bulk2.csv;

/**
 * What {@link CsvChunker} does when a record ends with a line ending other than the dialect's.
 *
 * <p>Salesforce fails the whole job ({@code ClientInputError : LineEnding is invalid on user data}) when the
 * data's line endings differ from the job's {@code lineEnding}, so a mismatch is caught before upload. Line
 * breaks inside quoted fields are data and are never checked or changed. Thread-safe (an enum).
 */
public enum LineEndingPolicy {
    /**
     * Fail with a {@link CsvFormatException} of kind {@link CsvFormatException.Kind#LINE_ENDING_MISMATCH}
     * naming the first line whose ending differs. The default.
     */
    REJECT_MISMATCH,
    /**
     * Rewrite every record terminator ({@code LF}, {@code CRLF} or a lone {@code CR}) to the dialect's line
     * ending in the parts. Part sizes are measured after rewriting.
     */
    NORMALISE
}
