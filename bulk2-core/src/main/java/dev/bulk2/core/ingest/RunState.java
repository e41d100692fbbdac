package dev.bulk2.core.ingest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The flags and lists the pieces of one run share: the driver sets them, the part submitter and the failure
 * report read them. Package-private, thread-safe (volatile fields, concurrent lists).
 */
final class RunState {
    /** {@link IngestRun#abort()} was called. */
    volatile boolean abortRequested;
    /** A failure that would hit every part: no further part is read; running jobs are still collected. */
    volatile Throwable fatal;
    /** The run's deadline passed. */
    volatile boolean timedOut;
    /** Set once the run stopped waiting for calls that hang (deadline + grace); late submitters then abort. */
    volatile boolean stoppedWaiting;
    /** Jobs created, then aborted before processing because their upload's outcome was unknown. */
    final List<String> discarded = new CopyOnWriteArrayList<>();
    /**
     * Discarded jobs (never closed, nothing of them applied) whose abort failed: tried again at the end of the run,
     * so that a transient failure of one abort does not leave a job {@code Open}. Job id to its round and part.
     */
    final java.util.Map<String, int[]> unaborted = new java.util.concurrent.ConcurrentHashMap<>();

    /** Records the first failure that stops the run; later ones are ignored. */
    synchronized void fatal(Throwable t) {
        if (fatal == null) {
            fatal = t;
        }
    }
}
