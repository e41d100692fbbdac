package dev.bulk2.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before attempt {@code n + 1}, given that {@code n} attempts have been made.
 *
 * <p>Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface Backoff {

    /**
     * The delay before the next attempt.
     *
     * @param attempt the number of attempts made so far (1 after the first failure)
     * @return the delay, never negative
     */
    Duration delay(int attempt);

    /**
     * Always the same delay.
     *
     * @param delay the delay
     * @return the backoff
     */
    static Backoff fixed(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        return attempt -> delay;
    }

    /**
     * Exponential backoff with "full jitter": a random delay between half and all of
     * {@code min(max, base * 2^(attempt-1))}.
     *
     * @param base the delay after the first attempt
     * @param max the cap
     * @return the backoff
     */
    static Backoff exponential(Duration base, Duration max) {
        return exponential(base, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Exponential backoff with jitter taken from the given source of numbers in {@code [0, 1)}; a source that
     * always returns 1.0 gives the plain exponential sequence (handy in tests).
     *
     * @param base the delay after the first attempt
     * @param max the cap
     * @param random numbers in {@code [0, 1]}
     * @return the backoff
     */
    static Backoff exponential(Duration base, Duration max, DoubleSupplier random) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(random, "random");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("base must be positive: " + base);
        }
        if (max.compareTo(base) < 0) {
            throw new IllegalArgumentException("max (" + max + ") must not be less than base (" + base + ")");
        }
        return attempt -> {
            int shift = Math.max(0, Math.min(attempt - 1, 30));
            long capMillis = max.toMillis();
            long raw = base.toMillis() << shift;
            long ceiling = (raw <= 0 || raw > capMillis) ? capMillis : raw;
            double r = Math.max(0.0, Math.min(1.0, random.getAsDouble()));
            return Duration.ofMillis((long) (ceiling / 2.0 + (ceiling / 2.0) * r));
        };
    }
}
