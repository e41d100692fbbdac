package dev.bulk2.core;

import java.time.Duration;

/**
 * Waits for a duration. Injected into clients so that tests can record delays instead of sleeping.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Blocks for the given duration.
     *
     * @param duration how long to wait; zero or negative returns at once
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * The real sleeper, based on {@link Thread#sleep(long)}. Always the same instance: bulk2 recognises it and
     * turns its waits into timers on the client's scheduler, so that no thread is blocked while waiting. Any other
     * sleeper (a test's fake, for example {@code bulk2-testkit}'s {@code RecordingSleeper}) is called for every
     * wait instead, on the calling thread or on one of the client's I/O threads.
     *
     * @return the system sleeper
     */
    static Sleeper system() {
        return SystemSleeper.INSTANCE;
    }
}
