package dev.bulk2.core.ingest;

import dev.bulk2.core.internal.journal.IngestResumeState;
import dev.bulk2.core.internal.journal.Journal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A read-only look at the journal of an ingest run ({@link Ingest#journal(Path)}), for tools that watch or hand
 * over a run without resuming it: a monitoring job that reports which jobs a run created, a
 * {@code --submit-only} step that waits until every part is uploaded and closed, a status page. Reading takes no
 * lock and writes nothing, so it works on the journal of a run that is still going (it sees the lines written so
 * far; a torn last line is left out, as a resume would drop it). To act on the run, resume it: the same
 * {@code upload(...)} with the same journal. Immutable.
 *
 * <pre>{@code
 * JournalStatus s = JournalStatus.read(Path.of("state/accounts.journal")).orElseThrow();
 * s.jobIds();         // [750..., 750...]
 * s.allUploaded();    // every part of the input uploaded and its job closed: Salesforce is processing
 * s.isComplete();     // the run ended and recorded its result
 * }</pre>
 */
public final class JournalStatus {
    private final Path path;
    private final List<String> jobIds;
    private final int partsPlanned;
    private final int partsClosed;
    private final boolean complete;

    private JournalStatus(Path path, List<String> jobIds, int partsPlanned, int partsClosed, boolean complete) {
        this.path = path;
        this.jobIds = List.copyOf(jobIds);
        this.partsPlanned = partsPlanned;
        this.partsClosed = partsClosed;
        this.complete = complete;
    }

    /**
     * Reads a journal.
     *
     * @param journal the journal file
     * @return its status, or empty when the file does not exist or holds nothing yet (a run that had not started)
     * @throws dev.bulk2.core.exception.JournalException if the file is not an ingest journal, is of a newer
     *     format, is damaged before its last line, or cannot be read
     */
    public static Optional<JournalStatus> read(Path journal) {
        IngestResumeState s = Journal.readIngest(Objects.requireNonNull(journal, "journal"));
        if (s == null) {
            return Optional.empty();
        }
        int planned = -1;
        int closed = 0;
        Optional<IngestResumeState.Round> first = s.round(0);
        if (first.isPresent()) {
            IngestResumeState.Round r = first.get();
            planned = r.isFullyPlanned() ? r.parts().size() : -1;
            for (IngestResumeState.Part p : r.parts()) {
                Optional<IngestResumeState.Job> j = p.lastJob();
                if (j.isPresent() && (j.get().isClosed() || j.get().terminalState().isPresent())) {
                    closed++;
                }
            }
        }
        return Optional.of(new JournalStatus(journal, new ArrayList<>(s.jobIds()), planned, closed,
                s.isComplete()));
    }

    /** @return the journal file */
    public Path path() {
        return path;
    }

    /** @return every job the run created (retry rounds and replacements of lost jobs included), oldest first */
    public List<String> jobIds() {
        return jobIds;
    }

    /**
     * @return how many parts the input was cut into, once the run has read its input to the end; empty before
     */
    public OptionalInt partsPlanned() {
        return partsPlanned < 0 ? OptionalInt.empty() : OptionalInt.of(partsPlanned);
    }

    /** @return how many parts of the input have a job that is closed ({@code UploadComplete}) or already ended */
    public int partsClosed() {
        return partsClosed;
    }

    /**
     * @return whether every part of the input is uploaded and its job closed or ended: what is left is
     *     Salesforce's processing (and record retries, if any); true as well once the run is complete
     */
    public boolean allUploaded() {
        return complete || (partsPlanned >= 0 && partsClosed >= partsPlanned);
    }

    /** @return whether the run ended and recorded its result ({@code runComplete}) */
    public boolean isComplete() {
        return complete;
    }

    @Override
    public String toString() {
        return "JournalStatus{" + path.getFileName() + ", jobs=" + jobIds.size() + ", parts="
                + (partsPlanned < 0 ? "?" : String.valueOf(partsPlanned)) + ", closed=" + partsClosed
                + (complete ? ", complete" : "") + "}";
    }
}
