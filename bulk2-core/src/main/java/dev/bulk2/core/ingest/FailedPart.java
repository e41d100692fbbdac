package dev.bulk2.core.ingest;

import dev.bulk2.csv.CsvPart;
import java.util.List;

/**
 * A part of the input that could not be handed to Salesforce for good (for example its upload was dropped on
 * every attempt the retry policy allows). The run went on with the other parts; this part's rows are reported
 * as unprocessed, with {@link #reason()}, in {@link IngestResult#recordsUnprocessed()} and
 * {@link IngestResult#unprocessedRecords()}. No job of it was left {@code Open}: every job it was sent to was
 * aborted before processing ({@link #abortedJobIds()}).
 *
 * <p>Immutable and thread-safe.
 */
public final class FailedPart {
    private final int round;
    private final int partIndex;
    private final long firstLine;
    private final long records;
    private final String reason;
    private final List<String> abortedJobIds;
    private final transient CsvPart part;

    FailedPart(int round, int partIndex, long firstLine, long records, String reason, List<String> abortedJobIds,
            CsvPart part) {
        this.round = round;
        this.partIndex = partIndex;
        this.firstLine = firstLine;
        this.records = records;
        this.reason = reason;
        this.abortedJobIds = List.copyOf(abortedJobIds);
        this.part = part;
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

    /** The part's bytes, kept so that its rows can be streamed as unprocessed; {@code null} once released. */
    CsvPart part() {
        return part;
    }

    @Override
    public String toString() {
        return "FailedPart{round=" + round + ", part=" + partIndex + (firstLine > 0 ? ", firstLine=" + firstLine : "")
                + ", records=" + records + ", reason=" + reason + ", abortedJobs=" + abortedJobIds + "}";
    }
}
