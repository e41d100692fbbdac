package dev.bulk2.core.ingest;

import dev.bulk2.core.exception.JournalException;
import dev.bulk2.core.internal.journal.InputIdentity;
import dev.bulk2.core.internal.journal.IngestResumeState;
import dev.bulk2.core.internal.journal.Journal;
import dev.bulk2.core.internal.journal.JournalEntry;
import dev.bulk2.core.internal.journal.JournalKind;
import dev.bulk2.core.internal.journal.JournalRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run's view of its journal (issue 11): the steps the engine records, each forced to disk before the run goes
 * on. Without a journal every method does nothing. A journal write that fails throws {@link JournalException}
 * (reason {@code IO}), which stops the run: its steps would no longer be recorded.
 *
 * <p>A journal for a {@code Path} input that does not exist yet (a fresh run: nothing to verify) is created
 * lazily: the input's SHA-256 is taken on a thread of its own ({@code bulk2-journal-hash}) while the run starts
 * cutting its first part, and the journal (its lock, header and run start) is written at the first step, which
 * waits for the hash. So the identity scan overlaps the chunker's scan instead of delaying the run. A second
 * process starting the same fresh journal meanwhile gets {@code LOCKED} at its first step, before any job.
 *
 * <p>Package-private, thread-safe (the journal serialises its appends).
 */
final class RunJournal {
    /** No journal: nothing is recorded. */
    static final RunJournal NONE = new RunJournal(null, null);

    private final Path path;
    /** The open journal; {@code null} without one, or until a lazily created one is written. */
    private Journal journal;
    /** For a lazily created journal: opens it (waiting for the input's hash); {@code null} once done. */
    private java.util.function.Supplier<Journal> opener;
    private java.util.concurrent.CompletableFuture<InputIdentity> pendingHash;
    /** The input is a file identified by its SHA-256: its parts need no hash of their own. */
    private boolean fileInput;

    private RunJournal(Path path, Journal journal) {
        this.path = path;
        this.journal = journal;
    }

    /**
     * Opens the request's journal, if it has one: after checking that it belongs to this request and input.
     *
     * @param request the run's request
     * @param csv the input file, or {@code null} for a stream or row input (identified by the journal key)
     * @param clock stamps the lines
     * @return the run journal, or {@link #NONE}
     * @throws JournalException any reason {@link Journal#open} gives; IO if the input file cannot be read
     * @throws IllegalArgumentException for a stream or row input without a journal key
     */
    static RunJournal open(IngestJobRequest request, Path csv, Clock clock) {
        if (request.journal().isEmpty()) {
            return NONE;
        }
        Path path = request.journal().get();
        InputIdentity identity;
        if (csv != null && isFresh(path)) {
            RunJournal rj = lazy(path, request, csv, clock);
            rj.fileInput = true;
            return rj;
        }
        if (csv != null) {
            identity = identify(csv, path);
        } else {
            String key = request.journalKey().orElseThrow(() -> new IllegalArgumentException("A stream or row "
                    + "input with a journal needs journalKey(...): the key identifies the input when the run is "
                    + "resumed"));
            identity = InputIdentity.ofKey(key);
        }
        RunJournal rj = new RunJournal(path, Journal.open(path, requestOf(request), identity, clock));
        rj.fileInput = csv != null;
        return rj;
    }

    /**
     * @return whether the input is a file whose journaled size and SHA-256 identify it whole, so that a part is
     *     identified by its position (record range and size) and needs no SHA-256 of its own
     */
    boolean identifiesPartsByInput() {
        return fileInput;
    }

    private static boolean isFresh(Path path) {
        try {
            return !java.nio.file.Files.exists(path) || java.nio.file.Files.size(path) == 0;
        } catch (IOException e) {
            return false; // let Journal.open report it
        }
    }

    private static InputIdentity identify(Path csv, Path journal) {
        try {
            return InputIdentity.ofFile(csv);
        } catch (IOException e) {
            throw new JournalException(JournalException.Reason.IO, journal, "Cannot read the input " + csv
                    + " to identify it in the journal " + journal + ": " + e.getMessage(), e);
        }
    }

    private static RunJournal lazy(Path path, IngestJobRequest request, Path csv, Clock clock) {
        RunJournal rj = new RunJournal(path, null);
        java.util.concurrent.CompletableFuture<InputIdentity> hash = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                hash.complete(identify(csv, path));
            } catch (RuntimeException | Error e) {
                hash.completeExceptionally(e);
            }
        }, "bulk2-journal-hash");
        t.setDaemon(true);
        t.start();
        JournalRequest req = requestOf(request);
        rj.pendingHash = hash;
        rj.opener = () -> {
            InputIdentity id;
            try {
                id = hash.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
            }
            return Journal.open(path, req, id, clock);
        };
        return rj;
    }

    /** The request fields that decide what is sent and how parts are cut (see docs/journal.md). */
    static JournalRequest requestOf(IngestJobRequest r) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("object", r.object());
        f.put("operation", r.operation().apiName());
        r.externalIdFieldName().ifPresent(v -> f.put("externalIdFieldName", v));
        f.put("lineEnding", r.lineEnding().name());
        f.put("columnDelimiter", r.columnDelimiter().name());
        r.assignmentRuleId().ifPresent(v -> f.put("assignmentRuleId", v));
        f.put("maxBytesPerJob", Long.toString(r.maxBytesPerJob()));
        f.put("maxRecordsPerJob", Long.toString(r.maxRecordsPerJob()));
        f.put("recordRetryRounds", Integer.toString(r.recordRetryPolicy().isEnabled()
                ? r.recordRetryPolicy().maxRounds() : 0));
        return JournalRequest.of(JournalKind.INGEST, f);
    }

    boolean enabled() {
        return path != null;
    }

    /** @return the journal file, or {@code null} */
    Path path() {
        return path;
    }

    /** @return the replayed state of an existing journal, or {@code null} for none or a new one */
    synchronized IngestResumeState resumeState() {
        return journal == null || journal.isNew() ? null : journal.ingestState();
    }

    void partPlanned(int round, int part, long firstRecord, long records, long firstLine, long bytes,
            String sha256) {
        append(new JournalEntry.PartPlanned(round, part, firstRecord, records, firstLine, -1, bytes, sha256));
    }

    void roundPlanned(int round, int parts, long records) {
        append(new JournalEntry.RoundPlanned(round, parts, records));
    }

    void createSent(int round, int part, int attempt) {
        append(new JournalEntry.CreateSent(round, part, attempt));
    }

    void jobCreated(int round, int part, String job) {
        append(new JournalEntry.JobCreated(round, part, job));
    }

    void uploaded(int round, int part, String job, long bytes) {
        append(new JournalEntry.Uploaded(round, part, job, bytes, null));
    }

    void closed(int round, int part, String job, String state) {
        append(new JournalEntry.Closed(round, part, job, state));
    }

    void terminal(int round, int part, String job, String state, long processed, long failed, String reason) {
        append(new JournalEntry.Terminal(round, part, job, state, processed, failed, reason));
    }

    void partFailed(int round, int part, String reason) {
        append(new JournalEntry.PartFailed(round, part, reason));
    }

    void retryRound(JournalEntry.RetryRound round) {
        append(round);
    }

    void runComplete(long submitted, long succeeded, long failed, long unprocessed) {
        append(new JournalEntry.RunComplete(submitted, succeeded, failed, unprocessed));
    }

    private synchronized void append(JournalEntry e) {
        if (path == null) {
            return;
        }
        if (journal == null) {
            java.util.function.Supplier<Journal> open = opener;
            opener = null;
            if (open == null) {
                throw new JournalException(JournalException.Reason.IO, path, "The journal " + path + " could not "
                        + "be created earlier in this run; its steps are no longer recorded", null);
            }
            journal = open.get();
        }
        journal.append(e);
    }

    /** Closes the journal and releases its lock. Idempotent. */
    synchronized void close() {
        if (journal != null) {
            journal.close();
        } else if (pendingHash != null) {
            pendingHash.cancel(false); // the hash thread ends by itself; nothing was journaled
        }
        opener = null;
    }
}
