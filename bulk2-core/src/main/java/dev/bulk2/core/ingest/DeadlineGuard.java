package dev.bulk2.core.ingest;

import dev.bulk2.core.internal.ClientContext;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The guard that stops a run waiting once its deadline (plus a grace) has passed while calls still hang. It
 * re-checks the client's clock at most a second apart, so that a test's fake clock decides too, and it is
 * cancelled when the run completes.
 *
 * <p>Package-private: the {@link RunDriver}'s.
 */
final class DeadlineGuard {
    private final ClientContext ctx;
    private final Instant stopAt;
    private final BooleanSupplier finished;
    private final CompletableFuture<?> completion;
    private final Runnable onExpired;
    private final Consumer<RejectedExecutionException> onRejected;

    /**
     * @param stopAt when the run stops waiting
     * @param finished whether the run has finished (then the guard does nothing more)
     * @param completion the run's completion, which cancels the guard
     * @param onExpired run once, on the client's scheduler, when {@code stopAt} has passed before the run finished
     * @param onRejected run instead when the client's scheduler rejects a check (the client was closed)
     */
    DeadlineGuard(ClientContext ctx, Instant stopAt, BooleanSupplier finished, CompletableFuture<?> completion,
            Runnable onExpired, Consumer<RejectedExecutionException> onRejected) {
        this.ctx = ctx;
        this.stopAt = stopAt;
        this.finished = finished;
        this.completion = completion;
        this.onExpired = onExpired;
        this.onRejected = onRejected;
    }

    /** Schedules the next check (or runs {@code onRejected} if the client's scheduler is shut down). */
    void arm() {
        long ms = Math.max(0, Math.min(1000, Duration.between(ctx.clock().instant(), stopAt).toMillis()));
        try {
            ScheduledFuture<?> guard = ctx.scheduler().schedule(this::check, ms, TimeUnit.MILLISECONDS);
            completion.whenComplete((v, e) -> guard.cancel(false));
        } catch (RejectedExecutionException e) {
            if (!finished.getAsBoolean()) {
                onRejected.accept(e);
            }
        }
    }

    private void check() {
        if (finished.getAsBoolean()) {
            return;
        }
        if (ctx.clock().instant().isBefore(stopAt)) {
            arm();
            return;
        }
        onExpired.run();
    }
}
