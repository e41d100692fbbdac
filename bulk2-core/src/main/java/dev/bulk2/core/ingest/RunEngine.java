package dev.bulk2.core.ingest;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What an {@link IngestRun} handle needs from the piece behind it: the {@link RunDriver} of a live run, or the
 * {@link AttachedJobs} waiter of jobs submitted earlier. Package-private.
 */
interface RunEngine {

    /** @return the request of a live run; empty for re-attached jobs, whose request is not known */
    Optional<IngestJobRequest> knownRequest();

    /** @return the jobs so far (live view) */
    List<JobOutcome> outcomes();

    /** @return statistics so far */
    IngestStats stats();

    /** @return polls made so far */
    long polls();

    /**
     * The run's result. A live run completes it by itself; attached jobs poll only while this is waited for, up to
     * the given deadline (the policy's timeout when {@code null}).
     *
     * @param waitDeadline when a wait of attached jobs gives up, or {@code null}
     * @return the future result
     */
    CompletableFuture<IngestResult> completion(java.time.Instant waitDeadline);

    /** @return whether the engine completes by itself (a live run) rather than only while waited for */
    boolean runsByItself();

    /**
     * Calls {@code watcher} on every progress event (poll answer, part done, end), on a bulk2 thread.
     *
     * @return what removes the watcher again
     */
    Runnable onProgress(Runnable watcher);

    /** Aborts every unfinished job; returns the ids aborted by this call. */
    List<String> abort();
}
