package dev.bulk2.core.ingest;

import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.LineEnding;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.util.Optional;

/**
 * A streamed result file of an ingest job (CSV, UTF-8, gzip already decoded), plus its dialect when known.
 * An empty answer (204, or an empty body) reads as an empty stream. The caller must close it; not thread-safe.
 */
public final class ResultStream extends FilterInputStream {
    private final String jobId;
    private final ColumnDelimiter columnDelimiter;
    private final LineEnding lineEnding;

    ResultStream(InputStream in, String jobId, ColumnDelimiter columnDelimiter, LineEnding lineEnding) {
        super(in);
        this.jobId = jobId;
        this.columnDelimiter = columnDelimiter;
        this.lineEnding = lineEnding;
    }

    /** @return the job the file belongs to */
    public String jobId() {
        return jobId;
    }

    /**
     * The column delimiter of the file: the job's delimiter (Salesforce renders results in it). Known when the
     * result was requested with a {@link dev.bulk2.core.JobInfo}.
     *
     * @return the delimiter, if known
     */
    public Optional<ColumnDelimiter> columnDelimiter() {
        return Optional.ofNullable(columnDelimiter);
    }

    /**
     * The job's declared line ending. Result files have been seen with both LF and CRLF; parse leniently.
     *
     * @return the line ending, if known
     */
    public Optional<LineEnding> lineEnding() {
        return Optional.ofNullable(lineEnding);
    }
}
