package dev.bulk2.core.exception;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A run journal (the file that makes an ingest or export resumable after a crash) cannot be used: it is not a
 * bulk2 journal, it is damaged, it was written by another format version, it belongs to another request or
 * another input, another live process holds it, the job it recorded no longer exists on Salesforce, or it cannot
 * be read or written.
 *
 * <p>The message says what differs (the field, its journaled value and the value now) and how to start fresh:
 * delete or move the journal file named by {@link #journal()}. {@link #reason()} tells the cases apart;
 * {@link #isRetryable()} is {@code true} only for {@link Reason#LOCKED} (the holder may finish). Immutable apart
 * from the {@link Throwable} state.
 */
public class JournalException extends BulkException {
    private static final long serialVersionUID = 1L;

    /** Why the journal cannot be used. */
    public enum Reason {
        /** The file is not a bulk2 journal (its first line is not a journal header). */
        NOT_A_JOURNAL,
        /** The file is a bulk2 journal but a line other than a torn last one is damaged or out of order. */
        CORRUPT,
        /** The journal was written in a format version this SDK does not read. */
        VERSION,
        /** The journal belongs to another request (another object, operation, query, part limits...). */
        REQUEST_MISMATCH,
        /** The journal belongs to another input (another file content, another caller key, another part). */
        INPUT_MISMATCH,
        /** Another live process holds the journal's lock. */
        LOCKED,
        /**
         * The job the journal recorded no longer exists on Salesforce (404 {@code NOT_FOUND}: deleted, or expired,
         * since terminal jobs and their results are kept 7 days), so the run cannot go on with it and must start
         * over.
         */
        JOB_GONE,
        /** The journal or its lock file cannot be read or written (permissions, disk full). */
        IO
    }

    /** The process named in a journal's lock file. Immutable. */
    public static final class Holder implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final long pid;
        private final String host;
        private final Instant started;

        /**
         * Creates the value.
         *
         * @param pid the process id
         * @param host the host name
         * @param started when the process started, or {@code null} when unknown
         */
        public Holder(long pid, String host, Instant started) {
            this.pid = pid;
            this.host = Objects.requireNonNull(host, "host");
            this.started = started;
        }

        /** @return the holder's process id */
        public long pid() {
            return pid;
        }

        /** @return the holder's host name */
        public String host() {
            return host;
        }

        /** @return when the holder process started, if known */
        public Optional<Instant> started() {
            return Optional.ofNullable(started);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Holder)) {
                return false;
            }
            Holder h = (Holder) o;
            return pid == h.pid && host.equals(h.host) && Objects.equals(started, h.started);
        }

        @Override
        public int hashCode() {
            return Objects.hash(pid, host, started);
        }

        @Override
        public String toString() {
            return "pid " + pid + " on host " + host + (started == null ? "" : " (process started " + started + ")");
        }
    }

    private final Reason reason;
    private final Path journal;
    private final long line;
    private final String field;
    private final String journaledValue;
    private final String currentValue;
    private final Holder holder;

    private JournalException(Reason reason, Path journal, String message, long line, String field,
            String journaledValue, String currentValue, Holder holder, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.line = line;
        this.field = field;
        this.journaledValue = journaledValue;
        this.currentValue = currentValue;
        this.holder = holder;
    }

    /**
     * Creates the exception.
     *
     * @param reason why the journal cannot be used
     * @param journal the journal file
     * @param message what happened and how to start fresh
     * @param cause the underlying error, or {@code null}
     */
    public JournalException(Reason reason, Path journal, String message, Throwable cause) {
        this(reason, journal, message, -1, null, null, null, null, cause);
    }

    /**
     * Creates the exception for a damaged line.
     *
     * @param reason why the journal cannot be used (usually {@link Reason#CORRUPT})
     * @param journal the journal file
     * @param message what happened and how to start fresh
     * @param line the 1-based line of the journal
     * @param cause the underlying error, or {@code null}
     */
    public JournalException(Reason reason, Path journal, String message, long line, Throwable cause) {
        this(reason, journal, message, line, null, null, null, null, cause);
    }

    /**
     * Creates the exception for a journal of another request or input.
     *
     * @param reason {@link Reason#REQUEST_MISMATCH}, {@link Reason#INPUT_MISMATCH} or {@link Reason#VERSION}
     * @param journal the journal file
     * @param message what differs and how to start fresh
     * @param field the field that differs
     * @param journaledValue its value in the journal, or {@code null} when absent there
     * @param currentValue its value now, or {@code null} when absent now
     */
    public JournalException(Reason reason, Path journal, String message, String field, String journaledValue,
            String currentValue) {
        this(reason, journal, message, -1, Objects.requireNonNull(field, "field"), journaledValue, currentValue,
                null, null);
    }

    /**
     * Creates the exception for a journal held by another live process ({@link Reason#LOCKED}).
     *
     * @param journal the journal file
     * @param message who holds it and what to do
     * @param holder the holder named in the lock file, or {@code null} when it could not be read
     */
    public JournalException(Path journal, String message, Holder holder) {
        this(Reason.LOCKED, journal, message, -1, null, null, null, holder, null);
    }

    /** @return why the journal cannot be used */
    public Reason reason() {
        return reason;
    }

    /** @return the journal file */
    public Path journal() {
        return journal;
    }

    /** @return the 1-based journal line at fault, for {@link Reason#CORRUPT} */
    public OptionalLong line() {
        return line < 1 ? OptionalLong.empty() : OptionalLong.of(line);
    }

    /** @return the field that differs, for the mismatch reasons */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** @return the field's value in the journal, for the mismatch reasons */
    public Optional<String> journaledValue() {
        return Optional.ofNullable(journaledValue);
    }

    /** @return the field's value now, for the mismatch reasons */
    public Optional<String> currentValue() {
        return Optional.ofNullable(currentValue);
    }

    /** @return the process holding the journal, for {@link Reason#LOCKED} when its lock file names it */
    public Optional<Holder> holder() {
        return Optional.ofNullable(holder);
    }

    /** @return {@code true} for {@link Reason#LOCKED}: the holder may finish and release the journal */
    @Override
    public boolean isRetryable() {
        return reason == Reason.LOCKED;
    }
}
