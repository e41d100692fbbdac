package dev.bulk2.core.ingest;

import dev.bulk2.csv.CsvPart;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A part of the input that could not be handed to Salesforce for good (for example its upload was dropped on
 * every attempt the retry policy allows). The run went on with the other parts; this part's rows are reported
 * as unprocessed, with {@link #reason()}, in {@link IngestResult#recordsUnprocessed()} and
 * {@link IngestResult#unprocessedRecords()}, unless a record-retry round sent them again
 * ({@link #isResubmitted()}; {@link RecordRetryPolicy#retryUnprocessed()}), which counts them in that round's jobs
 * instead. No job of it was left {@code Open}: every job it was sent to was aborted before processing
 * ({@link #abortedJobIds()}), so nothing of it was applied.
 *
 * <p>Thread-safe; every value but {@link #isResubmitted()} is fixed, and that one only turns {@code true}, while
 * the run goes on.
 */
public final class FailedPart {
    private final int round;
    private final int partIndex;
    private final long firstLine;
    private final long records;
    private final String reason;
    private final List<String> abortedJobIds;
    private final transient Path rows;
    private volatile boolean resubmitted;

    FailedPart(int round, int partIndex, long firstLine, long records, String reason, List<String> abortedJobIds,
            Path rows) {
        this.round = round;
        this.partIndex = partIndex;
        this.firstLine = firstLine;
        this.records = records;
        this.reason = reason;
        this.abortedJobIds = List.copyOf(abortedJobIds);
        this.rows = rows;
    }

    /**
     * A part that could not be sent: its rows are kept ({@link #keepRows}) and the part released.
     *
     * @param spool where the rows are kept, or {@code null} for the temporary directory
     */
    static FailedPart of(int round, int partIndex, CsvPart part, String reason, List<String> abortedJobIds,
            Path spool) {
        Path rows = keepRows(part, spool);
        part.release();
        return new FailedPart(round, partIndex, round == 0 ? part.firstRecordLine() : 0, part.recordCount(), reason,
                abortedJobIds, rows);
    }

    /**
     * Copies a part's bytes (header and rows, uncompressed) to a temporary file that outlives the part, deleted
     * when the JVM exits or when the rows are resubmitted.
     *
     * @return the file, or {@code null} when it could not be written (the rows are then counted, not streamed)
     */
    static Path keepRows(CsvPart part, Path directory) {
        Path f = null;
        try (InputStream in = part.open()) {
            f = directory == null ? Files.createTempFile("bulk2-failed-part-", ".csv")
                    : Files.createTempFile(directory, "bulk2-failed-part-", ".csv");
            f.toFile().deleteOnExit();
            Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
            return f;
        } catch (IOException | RuntimeException e) {
            System.getLogger("dev.bulk2.core.ingest").log(System.Logger.Level.WARNING, "Could not keep the rows "
                    + "of part {0} that could not be sent ({1}); they are counted as unprocessed but cannot be "
                    + "streamed", part.index(), e.toString());
            deleteQuietly(f);
            return null;
        }
    }

    private static void deleteQuietly(Path f) {
        if (f != null) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // deleted on exit
            }
        }
    }

    /** @return 0 for a part of the input, n for a part of record-retry round n */
    public int round() {
        return round;
    }

    /** @return the part's index within its round */
    public int partIndex() {
        return partIndex;
    }

    /** @return the 1-based input line of the part's first record, or 0 for a retry round */
    public long firstLine() {
        return firstLine;
    }

    /** @return the rows of the part */
    public long records() {
        return records;
    }

    /** @return why the part could not be sent: the last error */
    public String reason() {
        return reason;
    }

    /** @return the jobs created for the part and aborted before processing (nothing of them was applied) */
    public List<String> abortedJobIds() {
        return abortedJobIds;
    }

    /**
     * Whether a record-retry round of the run sent this part's rows again; they are then counted (and streamed)
     * in that round's jobs, not as unprocessed.
     *
     * @return {@code true} once resubmitted
     */
    public boolean isResubmitted() {
        return resubmitted;
    }

    void markResubmitted() {
        resubmitted = true;
        deleteQuietly(rows);
    }

    /** Whether the part's rows were kept and can be streamed. */
    boolean hasRows() {
        return rows != null && !resubmitted;
    }

    /** The part's bytes (header and rows), as they were uploaded, uncompressed. */
    InputStream openRows() {
        try {
            return Files.newInputStream(rows);
        } catch (IOException e) {
            throw new dev.bulk2.core.exception.BulkException("Cannot read the kept rows of part " + partIndex
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "FailedPart{round=" + round + ", part=" + partIndex + (firstLine > 0 ? ", firstLine=" + firstLine : "")
                + ", records=" + records + ", reason=" + reason + ", abortedJobs=" + abortedJobIds
                + (resubmitted ? ", resubmitted" : "") + "}";
    }
}
