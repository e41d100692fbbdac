package dev.bulk2.core.exception;

import java.util.Optional;

/**
 * A result page kept arriving incomplete: its body was cut off (it ended inside a record or a quoted value) or
 * held fewer rows than Salesforce announced in {@code Sforce-NumberOfRecords}. bulk2 re-fetches such a page
 * (pages are idempotent) and throws this only when every attempt failed, so no row is silently lost. Retryable:
 * run the export again, or resume by hand from {@link #locator()}.
 */
public class TruncatedPageException extends BulkException {
    private static final long serialVersionUID = 1L;

    private final String jobId;
    private final String locator;
    private final long expectedRows;
    private final long receivedRows;
    private final int attempts;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param jobId the query job
     * @param locator the page's locator, or {@code null} for the first page
     * @param expectedRows rows announced by {@code Sforce-NumberOfRecords}, or -1 if unknown
     * @param receivedRows complete rows received in the last attempt
     * @param attempts downloads of the page
     */
    public TruncatedPageException(String message, String jobId, String locator, long expectedRows,
            long receivedRows, int attempts) {
        super(message);
        this.jobId = jobId;
        this.locator = locator;
        this.expectedRows = expectedRows;
        this.receivedRows = receivedRows;
        this.attempts = attempts;
    }

    /** @return the query job */
    public String jobId() {
        return jobId;
    }

    /** @return the locator of the page, empty for the first page */
    public Optional<String> locator() {
        return Optional.ofNullable(locator);
    }

    /** @return rows announced by {@code Sforce-NumberOfRecords}, or -1 when the header was missing */
    public long expectedRows() {
        return expectedRows;
    }

    /** @return complete rows received in the last attempt */
    public long receivedRows() {
        return receivedRows;
    }

    /** @return how many times the page was downloaded */
    public int attempts() {
        return attempts;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
