package dev.bulk2.core.internal;

import dev.bulk2.core.Sleeper;
import dev.bulk2.core.exception.BulkException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Non-blocking waits through an injected {@link Sleeper}: the system sleeper becomes a scheduler timer (no thread
 * blocked); any other sleeper (a test's fake) is called on an I/O thread, so that every wait of bulk2 runs on the
 * injected time. Internal, thread-safe.
 */
public final class Delays {
    private final Sleeper sleeper;
    private final ScheduledExecutorService scheduler;
    private final Executor io;

    /**
     * Creates the waits.
     *
     * @param sleeper the injected sleeper
     * @param scheduler the timer of the system sleeper
     * @param io where another sleeper is called
     */
    public Delays(Sleeper sleeper, ScheduledExecutorService scheduler, Executor io) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.io = Objects.requireNonNull(io, "io");
    }

    /**
     * Completes after {@code duration}.
     *
     * @param duration how long; zero or negative completes at once
     * @return a future completed after the delay (on a scheduler or I/O thread), or failed with a
     *     {@link BulkException} when the executors are shut down
     */
    public CompletableFuture<Void> after(Duration duration) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        try {
            if (duration.isZero() || duration.isNegative()) {
                f.complete(null);
            } else if (sleeper == Sleeper.system()) {
                scheduler.schedule(() -> f.complete(null), duration.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                io.execute(() -> {
                    try {
                        sleeper.sleep(duration);
                        f.complete(null);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        f.completeExceptionally(new BulkException("Interrupted while waiting " + duration, e));
                    } catch (RuntimeException | Error e) {
                        f.completeExceptionally(e);
                    }
                });
            }
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new BulkException("Cannot wait " + duration
                    + ": the client's executors are shut down (was the BulkClient closed?)", e));
        }
        return f;
    }
}
