package dev.bulk2.core.ingest;

import dev.bulk2.core.exception.InvalidInputException;
import java.util.Optional;

/**
 * The input of a fluent ingest is malformed at {@link #line()}/{@link #column()} (for example a record with the
 * wrong number of fields). Nothing from the bad part on was uploaded.
 *
 * <p>Parts read before the bad record had already been submitted as jobs; Salesforce may have applied them, so
 * bulk2 does not abort them: it waits for them and reports them in {@link #partialResult()}, so that every row
 * before the error is accounted for. Fix the input and submit the rows from the failing part on (the partial
 * result's {@code recordsSubmitted()} says how many rows were sent).
 */
public class IngestInputException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final transient IngestResult partialResult;

    IngestInputException(String message, long line, long column, Throwable cause, IngestResult partialResult) {
        super(message, line, column, cause);
        this.partialResult = partialResult;
    }

    /**
     * The result of the jobs submitted before the bad record.
     *
     * @return the partial result; empty when no job had been submitted
     */
    public Optional<IngestResult> partialResult() {
        return Optional.ofNullable(partialResult);
    }
}
