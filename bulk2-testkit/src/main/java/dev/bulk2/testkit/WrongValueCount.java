package dev.bulk2.testkit;

/**
 * What an ingest job does with a record that has more or fewer values than the header has columns (a line that
 * is only a line break is skipped either way). Salesforce does not document it and no real answer to such a file
 * could be found, so the emulator lets a test choose (see docs/testkit.md, "Malformed files"). Thread-safe (an
 * enum).
 */
public enum WrongValueCount {
    /**
     * Default. Only that record fails: it is counted as processed and is in {@code failedResults} with
     * {@code INVALID_FIELD}; the job goes on.
     */
    FAIL_ROW,
    /**
     * The record is malformed, like one with an unescaped quote: the job turns {@code Failed}
     * ({@code InvalidBatch : Failed to parse CSV. ...}), and what is stored first follows the
     * {@link MalformedCsv} policy.
     */
    FAIL_JOB
}
