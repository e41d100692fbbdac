package dev.bulk2.testkit.internal;

import dev.bulk2.testkit.JobSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The jobs of the emulated org: ids, lookup with the time rules (24 hours Open, 7 days terminal), state changes,
 * the in-flight count, and waiting for a job to reach a state. Thread-safe.
 */
final class JobRegistry {
    private static final System.Logger LOG = System.getLogger(JobRegistry.class.getName());
    private static final long DAY = 24L * 3600 * 1000;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong jobSeq = new AtomicLong();
    private final Clock clock;
    private final Runnable onStateChange;
    private final Object stateMonitor = new Object();
    /** Bumped under stateMonitor on every change a waiter may care about, so that no wake-up is lost. */
    private long stateVersion;
    private int inFlight;
    private int maxInFlight;

    /**
     * @param clock the org's clock
     * @param onStateChange called after every state change (outside any lock of the registry)
     */
    JobRegistry(Clock clock, Runnable onStateChange) {
        this.clock = clock;
        this.onStateChange = onStateChange;
    }

    /** @return a new job id ({@code 750...}) */
    String newId() {
        return SfId.make("750", jobSeq.incrementAndGet());
    }

    /** @return the creation sequence number encoded in a job id */
    long seqOf(String id) {
        return SfId.seqOf(id, "750");
    }

    void add(Job j) {
        jobs.put(j.id, j);
    }

    /** The job without the time rules (null if unknown). */
    Job get(String id) {
        return jobs.get(id);
    }

    Set<String> ids() {
        return jobs.keySet();
    }

    Collection<Job> all() {
        return jobs.values();
    }

    /**
     * Looks a job up, applying the time rules: an ingest job left Open for more than 24 hours turns Failed, and
     * terminal jobs older than 7 days are deleted (404 afterwards).
     */
    Job live(String id) {
        Job j = jobs.get(id);
        if (j == null) {
            return null;
        }
        long now = clock.millis();
        synchronized (j) {
            if (!j.query && "Open".equals(j.state) && now - j.createdMillis > DAY) {
                j.errorMessage = "InvalidJob : The job was Open for more than 24 hours without being closed";
                setState(j, "Failed");
            }
            if (j.isTerminal() && now - j.modstampMillis > 7 * DAY) {
                remove(j);
                return null;
            }
        }
        return j;
    }

    /** Removes a job and its files (the 7-day rule). */
    private void remove(Job j) {
        unregister(j);
        deleteFiles(j);
    }

    /** Forgets a job (its files are the caller's to delete: {@link #deleteFiles(Job)}). */
    void unregister(Job j) {
        jobs.remove(j.id);
        synchronized (stateMonitor) {
            if (!j.query && isInFlight(j.state)) {
                inFlight--;
            }
            stateVersion++;
            stateMonitor.notifyAll();
        }
    }

    /** Drops every job (their tasks are cancelled) and the in-flight figures. */
    void clear() {
        for (Job j : new ArrayList<>(jobs.values())) {
            if (j.task != null) {
                j.task.cancel(true);
            }
            deleteFiles(j);
        }
        jobs.clear();
        synchronized (stateMonitor) {
            inFlight = 0;
            maxInFlight = 0;
        }
    }

    /** Deletes the temporary files of a job. */
    static void deleteFiles(Job j) {
        for (Path p : new Path[] {j.dataFile, j.successFile, j.failedFile, j.resultFile}) {
            if (p != null) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "cannot delete {0}", p);
                }
            }
        }
    }

    /** Changes state, maintains in-flight counters, wakes waiters. */
    void setState(Job j, String newState) {
        String old;
        synchronized (j) {
            old = j.state;
            j.state = newState;
            j.modstampMillis = clock.millis();
        }
        synchronized (stateMonitor) {
            if (!j.query) {
                boolean wasIn = isInFlight(old);
                boolean isIn = isInFlight(newState);
                if (!wasIn && isIn) {
                    inFlight++;
                    maxInFlight = Math.max(maxInFlight, inFlight);
                } else if (wasIn && !isIn) {
                    inFlight--;
                }
            }
            stateVersion++;
            stateMonitor.notifyAll();
        }
        onStateChange.run();
    }

    /** Wakes waiters after a counter change. */
    void progressed() {
        synchronized (stateMonitor) {
            stateVersion++;
            stateMonitor.notifyAll();
        }
    }

    private static boolean isInFlight(String s) {
        return "UploadComplete".equals(s) || "InProgress".equals(s);
    }

    /** @return ingest jobs currently UploadComplete or InProgress */
    int inFlight() {
        synchronized (stateMonitor) {
            return inFlight;
        }
    }

    /** @return the highest {@link #inFlight()} seen */
    int maxInFlight() {
        synchronized (stateMonitor) {
            return maxInFlight;
        }
    }

    /** @return snapshots of all jobs, by creation order */
    List<JobSnapshot> snapshots() {
        List<Job> all = new ArrayList<>(jobs.values());
        all.sort(Comparator.comparingLong(j -> j.seq));
        List<JobSnapshot> out = new ArrayList<>();
        for (Job j : all) {
            out.add(j.snapshot());
        }
        return out;
    }

    /** @return the snapshot of one job, if it exists */
    Optional<JobSnapshot> snapshot(String id) {
        Job j = jobs.get(id);
        return j == null ? Optional.empty() : Optional.of(j.snapshot());
    }

    /** Waits until the job is in one of the states; see {@link #await(String, Duration, Predicate, String)}. */
    JobSnapshot awaitState(String id, Duration timeout, String... states) {
        List<String> wanted = Arrays.asList(states);
        return await(id, timeout, s -> wanted.contains(s.state()), "in state " + wanted);
    }

    /**
     * Waits until a snapshot of the job satisfies the condition (checked on every state or counter change).
     *
     * @throws IllegalStateException on timeout or unknown job
     */
    JobSnapshot await(String id, Duration timeout, Predicate<JobSnapshot> condition, String description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen;
            synchronized (stateMonitor) {
                seen = stateVersion;
            }
            // The snapshot locks the job, so it is taken outside stateMonitor: setState is called with the job
            // locked and then takes stateMonitor, and the opposite order here would deadlock.
            Job j = jobs.get(id);
            if (j == null) {
                throw new IllegalStateException("No job " + id + " in the emulator");
            }
            JobSnapshot s = j.snapshot();
            if (condition.test(s)) {
                return s;
            }
            synchronized (stateMonitor) {
                while (stateVersion == seen) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException("Job " + id + " is not " + description + " after "
                                + timeout + ": " + s);
                    }
                    try {
                        stateMonitor.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Interrupted while waiting for job " + id, e);
                    }
                }
            }
        }
    }
}
