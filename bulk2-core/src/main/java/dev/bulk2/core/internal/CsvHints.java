package dev.bulk2.core.internal;

import dev.bulk2.csv.CsvFormatException;

/**
 * The CSV module's messages worded for an ingest: its hints name chunker options, which an ingest spells
 * differently or does not have. One wording for the run and its pre-flight.
 */
public final class CsvHints {
    /** The CSV module's line-ending hint names a chunker option the ingest does not have. */
    private static final String CHUNKER_LINE_ENDING_HINT = " Declare the matching lineEnding, convert the file, or use"
            + " LineEndingPolicy.NORMALISE.";

    private CsvHints() {
    }

    /**
     * The exception's message with hints an ingest can follow: a line-ending mismatch names the ingest's
     * {@code lineEnding(...)} (the chunker's normalising policy is not an ingest option), a record too large names
     * {@code maxBytesPerJob} (the chunker's {@code maxBytes}).
     *
     * @param e the CSV module's exception
     * @return the message, without a position prefix
     */
    public static String forIngest(CsvFormatException e) {
        String m = e.getMessage();
        if (e.kind() == CsvFormatException.Kind.LINE_ENDING_MISMATCH && m.endsWith(CHUNKER_LINE_ENDING_HINT)) {
            m = m.substring(0, m.length() - CHUNKER_LINE_ENDING_HINT.length());
            String found = m.contains(" ends with CRLF ") ? "CRLF" : m.contains(" ends with LF ") ? "LF" : null;
            if (e.line() > 1) {
                m += " The lines before it end as declared, so the file mixes line endings: convert it so that every"
                        + " line ends the same way (the ingest does not rewrite line endings).";
            } else if (found != null) {
                m += " Declare the file's line ending with lineEnding(LineEnding." + found + ") on the ingest, or "
                        + "convert the file.";
            } else {
                m += " Convert the file to LF or CRLF line endings (Salesforce accepts no other).";
            }
        }
        if (e.kind() == CsvFormatException.Kind.RECORD_TOO_LARGE) {
            // the chunker's maxBytes is the ingest's maxBytesPerJob
            m = m.replace("exceeds maxBytes (", "exceeds maxBytesPerJob (")
                    .replace("Raise maxBytes or shorten the record.", "Raise maxBytesPerJob (at most 100,000,000) or "
                    + "shorten the record.");
        }
        return m;
    }
}
