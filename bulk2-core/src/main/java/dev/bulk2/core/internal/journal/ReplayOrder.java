package dev.bulk2.core.internal.journal;

import java.nio.file.Path;
import java.util.Map;

/**
 * The line order every kind of journal shares, applied while replaying: exactly one {@code runStarted} first,
 * {@code resumed} lines anywhere after it, nothing after the run's end line. Holds what those lines carry (the
 * request and the number of resumes). Package-private, not thread-safe.
 */
final class ReplayOrder {
    private final Path path;
    Map<String, String> request;
    int resumes;

    ReplayOrder(Path path) {
        this.path = path;
    }

    /**
     * Applies the order rules to one line.
     *
     * @param e the entry
     * @param n its 1-based line number
     * @param ended whether the run's end line was seen already
     * @param endType the end line's type, for the message ({@code runComplete}, {@code exportComplete})
     * @return {@code true} when the line was {@code runStarted} or {@code resumed} and is fully handled here
     * @throws dev.bulk2.core.exception.JournalException CORRUPT when the line is out of order
     */
    boolean consume(JournalEntry e, long n, boolean ended, String endType) {
        if (e instanceof JournalEntry.RunStarted) {
            if (request != null) {
                throw JournalErrors.corrupt(path, n, "a second runStarted line");
            }
            request = ((JournalEntry.RunStarted) e).request;
            return true;
        }
        if (request == null) {
            throw JournalErrors.corrupt(path, n, "'" + e.type() + "' before runStarted");
        }
        if (e instanceof JournalEntry.Resumed) {
            resumes++;
            return true;
        }
        if (ended) {
            throw JournalErrors.corrupt(path, n, "'" + e.type() + "' after " + endType);
        }
        return false;
    }
}
