package dev.bulk2.core.internal.journal;

import dev.bulk2.core.exception.JournalException;
import dev.bulk2.csv.CsvDialect;
import dev.bulk2.csv.CsvException;
import dev.bulk2.csv.CsvMapping;
import dev.bulk2.csv.CsvRowWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The spool of a record-retry round's rows, next to its journal (issue 11): {@code <journal>.round<N>.csv}. The
 * rows are written once, when the round starts, to a temporary file that is forced to disk and renamed into place
 * before the {@code retryRound} line names it with its SHA-256; a resumed round reads them back from here, so it
 * cuts exactly the parts journaled before the crash, whatever Salesforce's result files say by then. Internal,
 * stateless.
 */
public final class RoundSpool {
    private RoundSpool() {
    }

    /** A written spool. */
    public static final class Written {
        /** The file name, relative to the journal's directory. */
        public final String name;
        /** The spool. */
        public final Path file;
        /** Its SHA-256. */
        public final String sha256;
        /** Its records. */
        public final long rows;

        Written(Path file, String sha256, long rows) {
            this.name = file.getFileName().toString();
            this.file = file;
            this.sha256 = sha256;
            this.rows = rows;
        }
    }

    /**
     * @param journal the journal file
     * @param round the retry round, from 1
     * @return where the round's rows are spooled
     */
    public static Path fileFor(Path journal, int round) {
        return journal.resolveSibling(journal.getFileName() + ".round" + round + ".csv");
    }

    /**
     * Writes the round's rows (header first) to its spool, forced to disk and renamed into place atomically.
     *
     * @param journal the journal file
     * @param round the retry round
     * @param rows the rows (consumed)
     * @param header the columns
     * @param dialect the run's delimiter and line ending
     * @return the spool
     * @throws JournalException reason {@code IO} if it cannot be written
     * @throws CsvException if a row cannot be written as CSV
     */
    public static Written write(Path journal, int round, Iterator<? extends Map<String, ?>> rows,
            List<String> header, CsvDialect dialect) {
        Path target = fileFor(journal, round);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        MessageDigest md = Sha256.newDigest();
        long n;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new DigestOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch),
                        1 << 16), md);
                CsvMapping<Map<String, ?>> mapping = CsvMapping.forMaps(header);
                n = CsvRowWriter.writeAll(rows, mapping, dialect, out);
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            JournalWriter.syncDirectory(target);
        } catch (IOException e) {
            throw new JournalException(JournalException.Reason.IO, journal, "Cannot write the rows of record-retry "
                    + "round " + round + " to " + target + " next to the journal: " + e.getMessage(), e);
        }
        return new Written(target, Sha256.hex(md.digest()), n);
    }

    /**
     * Checks a journaled spool before a resumed round reads it.
     *
     * @param journal the journal file
     * @param entry the round's journal line
     * @return the spool
     * @throws JournalException reason {@code INPUT_MISMATCH} if it is missing or changed, {@code CORRUPT} if the
     *     line names none
     */
    public static Path verify(Path journal, JournalEntry.RetryRound entry) {
        if (entry.rowsFile == null || entry.rowsSha256 == null) {
            throw new JournalException(JournalException.Reason.CORRUPT, journal, "Record-retry round "
                    + entry.round + " in the journal " + journal + " names no spool of its rows, so it cannot be "
                    + "resumed: start over by deleting the journal (and its .round*.csv files).", null);
        }
        Path file = journal.resolveSibling(entry.rowsFile);
        String actual;
        try {
            actual = Sha256.file(file).sha256;
        } catch (IOException e) {
            throw new JournalException(JournalException.Reason.INPUT_MISMATCH, journal, "The rows of record-retry "
                    + "round " + entry.round + " (" + file + ") cannot be read (" + e.getMessage() + "); the round "
                    + "cannot be resumed without them: restore the file, or start over by deleting the journal "
                    + "and its .round*.csv files.", "rowsFile", entry.rowsSha256, "unreadable");
        }
        if (!actual.equals(entry.rowsSha256)) {
            throw new JournalException(JournalException.Reason.INPUT_MISMATCH, journal, "The rows of record-retry "
                    + "round " + entry.round + " (" + file + ") changed since they were journaled (SHA-256 "
                    + actual + ", journaled " + entry.rowsSha256 + "): restore the file, or start over by "
                    + "deleting the journal and its .round*.csv files.", "rowsSha256", entry.rowsSha256, actual);
        }
        return file;
    }
}
