package dev.bulk2.testkit;

/**
 * What an ingest job does with a record whose quoting cannot be parsed (an unescaped quote, a quote left open
 * at the end of the file) or whose line ending differs from the job's {@code lineEnding}. Salesforce documents
 * that such files fail the job but not whether the records before the bad one are stored first; the emulator
 * lets a test choose (see docs/testkit.md, "Malformed files"). The row-level problem Salesforce documents as
 * failing only that row (whitespace after a closing quote) fails only that row in both modes; a record with a
 * wrong number of values follows {@link WrongValueCount}. Thread-safe (an enum).
 */
public enum MalformedCsv {
    /**
     * Default. The whole file is parsed before the first record is processed: a malformed record fails the job
     * ({@code Failed}, {@code numberRecordsProcessed} 0), nothing is stored and every record is in
     * {@code unprocessedrecords}.
     */
    REJECT_FILE,
    /**
     * Records are processed in order until the malformed one: those before it stay committed (and are in the
     * result files), the job turns {@code Failed}, and the malformed record and all after it are in
     * {@code unprocessedrecords}.
     */
    FAIL_AT_RECORD
}
