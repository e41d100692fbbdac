package dev.bulk2.core.internal.journal;

import dev.bulk2.core.exception.JournalException;
import dev.bulk2.core.exception.JournalException.Reason;
import java.io.IOException;
import java.nio.file.Path;

/** Builds the journal's exceptions, each ending with how to start fresh. Internal, stateless. */
final class JournalErrors {
    private JournalErrors() {
    }

    /** The sentence every unusable-journal message ends with. */
    static String startFresh(Path journal) {
        return " To start fresh, delete or move the journal file " + journal
                + " (a fresh run sends the whole input again).";
    }

    static JournalException notAJournal(Path journal, String what) {
        return new JournalException(Reason.NOT_A_JOURNAL, journal, "The file " + journal + " is not a bulk2 journal: "
                + what + ". Point journal(...) at the journal file of this run or at a file that does not exist yet;"
                + " bulk2 never overwrites a file it did not write.", null);
    }

    static JournalException corrupt(Path journal, long line, String what) {
        return new JournalException(Reason.CORRUPT, journal, "The journal " + journal + " is damaged at line " + line
                + ": " + what + ". Only a torn last line (a crash during a write) is repaired by itself."
                + startFresh(journal), line, null);
    }

    static JournalException version(Path journal, long found) {
        return new JournalException(Reason.VERSION, journal, "The journal " + journal + " has format version "
                + found + " but this bulk2 (" + dev.bulk2.core.internal.http.SdkVersion.version()
                + ") reads version " + JournalFormat.VERSION + " only. Resume it with the bulk2 version that wrote "
                + "it." + startFresh(journal), "bulk2Journal", Long.toString(found),
                Long.toString(JournalFormat.VERSION));
    }

    static JournalException requestMismatch(Path journal, String field, String journaled, String now) {
        return new JournalException(Reason.REQUEST_MISMATCH, journal, "The journal " + journal
                + " belongs to another request: " + field + " is " + show(journaled) + " in the journal but "
                + show(now) + " now. Resume with the request the journal was written for." + startFresh(journal),
                field, journaled, now);
    }

    static JournalException inputMismatch(Path journal, String field, String journaled, String now, String detail) {
        return new JournalException(Reason.INPUT_MISMATCH, journal, "The journal " + journal
                + " belongs to another input: " + (detail == null ? "" : detail + ": ") + field + " is "
                + show(journaled) + " in the journal but " + show(now) + " now. Resume with the same input."
                + startFresh(journal), field, journaled, now);
    }

    static JournalException io(Path journal, String what, IOException e) {
        return new JournalException(Reason.IO, journal, "Cannot " + what + " the journal " + journal + ": " + e
                + ". Check the directory (permissions, disk space) and run again.", e);
    }

    static String show(String value) {
        return value == null ? "absent" : "'" + value + "'";
    }
}
