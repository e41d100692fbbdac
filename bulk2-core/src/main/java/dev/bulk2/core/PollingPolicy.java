package dev.bulk2.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How bulk2 waits for a job to finish: adaptive polling, quick at first and backing off to a cap, bounded by a
 * timeout.
 *
 * <p>The delay before poll {@code n + 1} is {@code min(maxDelay, initialDelay * multiplier^(n-1))}, reduced by
 * a random fraction of at most {@link #jitter()} so that many waiters do not poll in lock step. The wait never
 * sleeps past its deadline: the last sleep is shortened to the time that remains, then one final poll is made.
 * An ingest job's wait may poll sooner than this delay while the job's records are being processed: from the rate
 * at which {@code numberRecordsProcessed} grows it polls about when the job should be done, never later than the
 * policy's delay and never sooner than its first delay ({@link #baseDelay(int) baseDelay(0)}; docs/ingest.md).
 * With the defaults (1 s, x1.5, 30 s cap) a job that takes 10 minutes costs about 30 polls, a job that takes an
 * hour about 150, so polling never dominates an org's daily API allocation.
 *
 * <pre>{@code
 * PollingPolicy fast = PollingPolicy.builder()
 *         .initialDelay(Duration.ofSeconds(1)).multiplier(1.5).maxDelay(Duration.ofSeconds(30))
 *         .timeout(Duration.ofHours(2))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class PollingPolicy {
    private static final PollingPolicy DEFAULTS = builder().build();

    private final Duration initialDelay;
    private final double multiplier;
    private final Duration maxDelay;
    private final Duration timeout;
    private final double jitter;
    private final Backoff custom;
    private final Backoff backoff;

    private PollingPolicy(Builder b) {
        this.initialDelay = b.initialDelay;
        this.multiplier = b.multiplier;
        this.maxDelay = b.maxDelay;
        this.timeout = b.timeout;
        this.jitter = b.jitter;
        this.custom = b.backoff;
        this.backoff = b.backoff != null ? b.backoff
                : Backoff.geometric(initialDelay, multiplier, maxDelay, jitter);
    }

    /**
     * How long to wait before each poll, as a {@link Backoff} (the same model as {@link RetryPolicy#backoff()}):
     * {@code backoff().delay(n)} is the wait after {@code n} polls. Unless {@link Builder#backoff(Backoff)} set one,
     * this is {@link Backoff#geometric(Duration, double, Duration, double)} of initial delay, multiplier, max delay
     * and jitter.
     *
     * @return the backoff
     */
    public Backoff backoff() {
        return backoff;
    }

    /**
     * The default policy: 1 s initial delay, multiplier 1.5, 30 s cap, 24 h timeout, jitter 0.1.
     *
     * @return the default policy
     */
    public static PollingPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * A builder with the defaults of {@link #defaults()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with this policy's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.initialDelay = initialDelay;
        b.multiplier = multiplier;
        b.maxDelay = maxDelay;
        b.timeout = timeout;
        b.jitter = jitter;
        b.backoff = custom;
        return b;
    }

    /** @return the delay before the first poll (and the base of the backoff) */
    public Duration initialDelay() {
        return initialDelay;
    }

    /** @return the growth factor of the delay between polls, at least 1.0 */
    public double multiplier() {
        return multiplier;
    }

    /** @return the longest delay between two polls */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** @return how long a wait lasts at most when the caller gives no deadline */
    public Duration timeout() {
        return timeout;
    }

    /** @return the largest fraction (0..1) by which a delay is randomly shortened */
    public double jitter() {
        return jitter;
    }

    /**
     * The delay before jitter after {@code pollsDone} polls: {@code initialDelay × multiplier^(pollsDone-1)}, capped
     * at {@link #maxDelay()} (0 and 1 polls both give the initial delay). With a custom {@link Builder#backoff} this
     * is the backoff's own delay.
     *
     * @param pollsDone the polls already made
     * @return the delay
     */
    public Duration baseDelay(int pollsDone) {
        return custom != null ? custom.delay(pollsDone)
                : Backoff.geometric(initialDelay, multiplier, maxDelay, 0.0).delay(pollsDone);
    }

    /**
     * The wait after {@code pollsDone} polls: {@code backoff().delay(pollsDone)}; with jitter, at most
     * {@link #baseDelay(int)} and at least {@code (1 - jitter)} of it.
     *
     * @param pollsDone the polls already made
     * @return the delay
     */
    public Duration delay(int pollsDone) {
        return backoff.delay(pollsDone);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PollingPolicy)) {
            return false;
        }
        PollingPolicy p = (PollingPolicy) o;
        return initialDelay.equals(p.initialDelay) && multiplier == p.multiplier && maxDelay.equals(p.maxDelay)
                && timeout.equals(p.timeout) && jitter == p.jitter && Objects.equals(custom, p.custom);
    }

    @Override
    public int hashCode() {
        return Objects.hash(initialDelay, multiplier, maxDelay, timeout, jitter, custom);
    }

    @Override
    public String toString() {
        return "PollingPolicy{initialDelay=" + initialDelay + ", multiplier=" + multiplier + ", maxDelay="
                + maxDelay + ", timeout=" + timeout + ", jitter=" + jitter + (custom == null ? "" : ", backoff=" + custom)
                + "}";
    }

    /** Builds {@link PollingPolicy} values. Not thread-safe. */
    public static final class Builder {
        private Duration initialDelay = Duration.ofSeconds(1);
        private double multiplier = 1.5;
        private Duration maxDelay = Duration.ofSeconds(30);
        private Duration timeout = Duration.ofHours(24);
        private double jitter = 0.1;
        private Backoff backoff;

        private Builder() {
        }

        /**
         * Replaces the geometric delays (initial delay, multiplier, jitter) by any {@link Backoff}, for example
         * {@code Backoff.fixed(Duration.ofSeconds(5))}; {@code delay(n)} is the wait after {@code n} polls. The
         * {@link #maxDelay(Duration) max delay} still sizes the grace given to a poll that does not answer.
         *
         * @param backoff the backoff, or {@code null} for the geometric default
         * @return this builder
         */
        public Builder backoff(Backoff backoff) {
            this.backoff = backoff;
            return this;
        }

        /**
         * The delay before the first poll, and the base of the backoff. Default 1 second.
         *
         * @param delay zero or positive
         * @return this builder
         */
        public Builder initialDelay(Duration delay) {
            Objects.requireNonNull(delay, "initialDelay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("initialDelay must not be negative: " + delay);
            }
            this.initialDelay = delay;
            return this;
        }

        /**
         * The factor by which the delay grows after each poll. Default 1.5.
         *
         * @param multiplier at least 1.0
         * @return this builder
         */
        public Builder multiplier(double multiplier) {
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException("multiplier must be at least 1.0: " + multiplier);
            }
            this.multiplier = multiplier;
            return this;
        }

        /**
         * The cap on the delay between polls. Default 30 seconds.
         *
         * @param delay zero or positive
         * @return this builder
         */
        public Builder maxDelay(Duration delay) {
            Objects.requireNonNull(delay, "maxDelay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("maxDelay must not be negative: " + delay);
            }
            this.maxDelay = delay;
            return this;
        }

        /**
         * How long a wait lasts when the caller gives no deadline of its own. Default 24 hours.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The largest random fraction by which each delay is shortened. Default 0.1; 0 gives exact delays.
         *
         * @param jitter between 0 and 1
         * @return this builder
         */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0.0 && jitter <= 1.0)) {
                throw new IllegalArgumentException("jitter must be between 0 and 1: " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws IllegalArgumentException if {@code maxDelay} is less than {@code initialDelay}
         */
        public PollingPolicy build() {
            if (maxDelay.compareTo(initialDelay) < 0) {
                throw new IllegalArgumentException("maxDelay (" + maxDelay + ") must not be less than initialDelay ("
                        + initialDelay + ")");
            }
            return new PollingPolicy(this);
        }
    }
}
