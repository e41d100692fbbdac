package dev.bulk2.testkit.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The test control behind {@code Bulk2Emulator.pauseProcessing()}: while paused, jobs handed over for processing
 * are held (they stay UploadComplete) and running jobs stop at their next internal batch boundary (they stay
 * InProgress); {@link #resume()} lets them all go on. Open by default, and then it changes nothing. Thread-safe.
 */
final class ProcessingGate {
    private final Object lock = new Object();
    private final List<Runnable> held = new ArrayList<>();
    private boolean paused;

    void pause() {
        synchronized (lock) {
            paused = true;
        }
    }

    /** Opens the gate and starts what was held, in the order it arrived. */
    void resume() {
        List<Runnable> go;
        synchronized (lock) {
            paused = false;
            go = new ArrayList<>(held);
            held.clear();
            lock.notifyAll();
        }
        for (Runnable r : go) {
            r.run();
        }
    }

    boolean isPaused() {
        synchronized (lock) {
            return paused;
        }
    }

    /** Runs {@code start} now, or holds it until {@link #resume()} when paused. */
    void submit(Runnable start) {
        synchronized (lock) {
            if (paused) {
                held.add(start);
                return;
            }
        }
        start.run();
    }

    /**
     * Blocks a running job at a batch boundary while paused and the job is still InProgress (an abort lets its
     * worker go on at once, to record what is unprocessed and release the job's results).
     *
     * @throws InterruptedException if the worker is interrupted (emulator stopped or reset)
     */
    void awaitOpen(Job j) throws InterruptedException {
        synchronized (lock) {
            // j.state is volatile: read without the job's monitor, which is taken before this lock elsewhere
            while (paused && "InProgress".equals(j.state)) {
                lock.wait();
            }
        }
    }

    /** Wakes blocked workers to re-check their job's state (called on every state change). */
    void stateChanged() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** For reset: opens the gate and drops what was held (those jobs are gone). */
    void clear() {
        synchronized (lock) {
            paused = false;
            held.clear();
            lock.notifyAll();
        }
    }
}
