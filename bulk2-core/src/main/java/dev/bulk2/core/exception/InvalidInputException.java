package dev.bulk2.core.exception;

import dev.bulk2.core.ingest.IngestResult;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Input was rejected on the client, for example malformed CSV, or a typed row source ({@code Stream<T>},
 * {@code Iterable<T>} with a {@code CsvMapping}) threw at a row. Carries the line and column when they are known
 * (1-based); for a typed row source {@link #line()} is the 1-based row number and {@link #getCause()} is the
 * exception the source (its iterator, a {@code map} function) or the mapping threw, as thrown. When an ingest run met the problem after some parts had already been submitted,
 * {@link #partialResult()} holds the result of those parts (their rows are loaded); the part containing the bad
 * line and everything after it was not sent.
 */
public class InvalidInputException extends BulkException {
    private static final long serialVersionUID = 1L;

    private final long line;
    private final long column;
    private final transient IngestResult partialResult;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and how to fix it
     * @param line 1-based line, or {@code -1} when unknown
     * @param column 1-based column, or {@code -1} when unknown
     * @param cause the underlying error (for example a CSV parser error), or {@code null}
     */
    public InvalidInputException(String message, long line, long column, Throwable cause) {
        this(message, line, column, cause, null);
    }

    /**
     * Creates the exception for an ingest run that had submitted some parts before the bad input.
     *
     * @param message what is wrong, what was sent and how to fix it
     * @param line 1-based line, or {@code -1} when unknown
     * @param column 1-based column, or {@code -1} when unknown
     * @param cause the underlying error, or {@code null}
     * @param partialResult the result of the parts submitted before the problem, or {@code null} if none was
     */
    public InvalidInputException(String message, long line, long column, Throwable cause,
            IngestResult partialResult) {
        super(message, cause);
        this.line = line;
        this.column = column;
        this.partialResult = partialResult;
    }

    /**
     * The result of the parts an ingest run submitted before it met the bad input.
     *
     * @return the partial result, or empty when nothing had been submitted (or the input was not an ingest's)
     */
    public Optional<IngestResult> partialResult() {
        return Optional.ofNullable(partialResult);
    }

    /**
     * The 1-based line of the problem; for a typed row source, the 1-based row number.
     *
     * @return the line, if known
     */
    public OptionalLong line() {
        return line < 1 ? OptionalLong.empty() : OptionalLong.of(line);
    }

    /**
     * The 1-based column of the problem.
     *
     * @return the column, if known
     */
    public OptionalLong column() {
        return column < 1 ? OptionalLong.empty() : OptionalLong.of(column);
    }
}
