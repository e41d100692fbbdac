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

    /**
     * Geometric growth, the model of {@link PollingPolicy}: {@code initial × multiplier^(attempt-1)} capped at
     * {@code max} (attempts 0 and 1 both wait {@code initial}), then shortened by a random fraction of at most
     * {@code jitter} (so delays never exceed the cap).
     *
     * @param initial the first delay, not negative
     * @param multiplier growth per attempt, at least 1.0
     * @param max the cap, at least {@code initial}
     * @param jitter the largest fraction cut from a delay, 0 to 1 (0: deterministic)
     * @return the backoff
     */
    static Backoff geometric(Duration initial, double multiplier, Duration max, double jitter) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative()) {
            throw new IllegalArgumentException("initialDelay must not be negative: " + initial);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be at least 1.0: " + multiplier);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("maxDelay (" + max + ") must not be less than initialDelay ("
                    + initial + ")");
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1: " + jitter);
        }
        long initialMillis = initial.toMillis();
        long maxMillis = max.toMillis();
        return attempt -> {
            int n = Math.max(0, attempt - 1);
            double millis = initialMillis * Math.pow(multiplier, Math.min(n, 200));
            long base = Math.max(0, (long) Math.min(maxMillis, millis));
            if (jitter == 0.0) {
                return Duration.ofMillis(base);
            }
            double cut = jitter * ThreadLocalRandom.current().nextDouble();
            return Duration.ofMillis((long) (base * (1.0 - cut)));
        };
    }
}
