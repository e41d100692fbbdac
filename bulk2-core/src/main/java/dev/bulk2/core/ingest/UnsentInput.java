package dev.bulk2.core.ingest;

import dev.bulk2.csv.CsvException;
import dev.bulk2.csv.CsvPart;
import dev.bulk2.csv.CsvParts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where a run's input stopped being sent, for {@link RunFailures}: the first line of the part the reader holds but
 * has not submitted, of the parts abandoned at the deadline while still in a create, upload or close call, and of
 * the parts whose submission failed with the failure that stopped the run. Thread-safe.
 */
final class UnsentInput {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.core.ingest");
    private final List<Long> abandoned = new CopyOnWriteArrayList<>();
    private final List<Long> stopped = new CopyOnWriteArrayList<>();
    private volatile long readerAt;

    /** @param line the first line of the part the reader holds unsent, or 0 once every part read was submitted */
    void readerAt(long line) {
        readerAt = line;
    }

    /**
     * At the deadline: reads one more part of the input only to name its first line as the first one not sent.
     *
     * @param parts the round's input
     * @return whether the input had no part left (it was read to its end)
     */
    boolean readerAtNextPart(CsvParts parts) {
        try {
            if (!parts.hasNext()) {
                return true;
            }
            CsvPart p = parts.next();
            readerAt = p.firstRecordLine();
            p.release();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Could not read past the deadline: {0}", e.getMessage());
        }
        return false;
    }

    /** @param line the first line of a part whose submission failed with the failure that stopped the run */
    void stopped(long line) {
        stopped.add(line);
    }

    /** @param lines the first lines of the parts still in a call when the run stopped waiting at its deadline */
    void abandoned(Collection<Long> lines) {
        abandoned.addAll(lines);
    }

    /** @return how many parts were abandoned at the deadline */
    int abandonedCount() {
        return abandoned.size();
    }

    /**
     * @param inputError the malformed input that ended the reading, or {@code null}
     * @return the first input line not submitted (the input error's line, else the reader's part, or the earliest
     *     abandoned or stopped part, whichever comes first), or 0 if every line was submitted
     */
    long firstLine(CsvException inputError) {
        long first = inputError != null ? RunFailures.line(inputError) : readerAt;
        List<Long> notSent = new ArrayList<>(abandoned);
        notSent.addAll(stopped);
        for (long l : notSent) {
            if (l > 0 && (first <= 0 || l < first)) {
                first = l;
            }
        }
        return first;
    }
}
