package dev.bulk2.core.internal.journal;

import dev.bulk2.core.exception.JournalException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Verifies a re-supplied part against its journaled plan before anything of it is skipped on resume: the same
 * record count, the same size, and (when the journal has it) the same SHA-256. Internal, stateless.
 */
public final class PartCheck {
    private PartCheck() {
    }

    /**
     * Checks a re-cut part.
     *
     * @param journal the journal, for the message
     * @param planned the part as journaled
     * @param records the re-cut part's record count
     * @param bytes the re-cut part's bytes (read to the end, not closed); {@code null} to compare counts only
     * @throws JournalException INPUT_MISMATCH naming the part and the field that differs; IO if the bytes
     *     cannot be read
     */
    public static void verify(Path journal, IngestResumeState.Part planned, long records, InputStream bytes) {
        verify(journal, planned, records, -1, bytes);
    }

    /**
     * Checks a re-cut part whose size is known without reading it: a part of a {@code Path} input, whose whole
     * content the journal's input identity (size and SHA-256) already proved the same, so that its bytes need no
     * second hash.
     *
     * @param journal the journal, for the message
     * @param planned the part as journaled
     * @param records the re-cut part's record count
     * @param byteSize the re-cut part's size, or -1 when unknown
     * @param bytes the re-cut part's bytes, or {@code null} to compare the counts only
     * @throws JournalException INPUT_MISMATCH naming the part and the field that differs
     */
    public static void verify(Path journal, IngestResumeState.Part planned, long records, long byteSize,
            InputStream bytes) {
        if (byteSize >= 0 && byteSize != planned.plan.bytes) {
            throw JournalErrors.inputMismatch(journal, "bytes", Long.toString(planned.plan.bytes),
                    Long.toString(byteSize), describe(planned.plan) + " is not the part that was journaled");
        }
        verifyContent(journal, planned, records, bytes);
    }

    private static void verifyContent(Path journal, IngestResumeState.Part planned, long records,
            InputStream bytes) {
        JournalEntry.PartPlanned p = planned.plan;
        String which = describe(p);
        if (records != p.records) {
            throw JournalErrors.inputMismatch(journal, "records", Long.toString(p.records), Long.toString(records),
                    which + " is not the part that was journaled");
        }
        if (bytes == null) {
            return;
        }
        Sha256.FileDigest d;
        try {
            d = Sha256.stream(bytes);
        } catch (IOException e) {
            throw JournalErrors.io(journal, "verify part " + p.part + " of round " + p.round + " against", e);
        }
        if (d.size != p.bytes) {
            throw JournalErrors.inputMismatch(journal, "bytes", Long.toString(p.bytes), Long.toString(d.size),
                    which + " is not the part that was journaled");
        }
        String sha = planned.sha256().orElse(null);
        if (sha != null && !sha.equals(d.sha256)) {
            throw JournalErrors.inputMismatch(journal, "sha256", sha, d.sha256, which
                    + " has other content than the part that was journaled");
        }
    }

    private static String describe(JournalEntry.PartPlanned p) {
        String rows = "records " + (p.firstRecord + 1) + "-" + (p.firstRecord + p.records);
        String where = p.round == 0 ? "part " + p.part + " of the input (" + rows
                + (p.firstLine > 0 ? ", from line " + p.firstLine : "") + ")"
                : "part " + p.part + " of record-retry round " + p.round + " (" + rows + ")";
        return "the re-supplied " + where;
    }
}
