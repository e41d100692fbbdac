package dev.bulk2.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How the transport retries transient failures: connection failures, HTTP 5xx, HTTP 429 and
 * {@code SERVER_UNAVAILABLE}, and only for requests that are safe to replay (see {@code docs/core.md}).
 *
 * <p>{@code Retry-After} is honoured (it replaces the backoff delay when longer). No retry starts when its delay
 * would end after {@link #maxElapsed()} counted from the first attempt. {@code REQUEST_LIMIT_EXCEEDED} is never
 * retried. Immutable and thread-safe.
 */
public final class RetryPolicy {
    private static final RetryPolicy DEFAULTS = builder().build();
    private static final RetryPolicy NONE = builder().maxAttempts(1).build();

    private final int maxAttempts;
    private final Backoff backoff;
    private final Duration maxElapsed;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.backoff = b.backoff;
        this.maxElapsed = b.maxElapsed;
    }

    /**
     * The default policy: 4 attempts, exponential backoff with jitter from 1 s to a 30 s cap, at most 2 minutes.
     *
     * @return the default policy
     */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * A policy that never retries (one attempt). Token refresh on 401 still happens.
     *
     * @return the policy
     */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * A builder with the defaults of {@link #defaults()}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder initialised from this policy.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder().maxAttempts(maxAttempts).backoff(backoff).maxElapsed(maxElapsed);
    }

    /**
     * Attempts in total, counting the first call.
     *
     * @return at least 1
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The delay before each retry.
     *
     * @return the backoff
     */
    public Backoff backoff() {
        return backoff;
    }

    /**
     * The total time budget, from the first attempt, within which retries may start.
     *
     * @return the budget
     */
    public Duration maxElapsed() {
        return maxElapsed;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RetryPolicy)) {
            return false;
        }
        RetryPolicy p = (RetryPolicy) o;
        return maxAttempts == p.maxAttempts && backoff.equals(p.backoff) && maxElapsed.equals(p.maxElapsed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAttempts, backoff, maxElapsed);
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxAttempts=" + maxAttempts + ", maxElapsed=" + maxElapsed + "}";
    }

    /** Builds {@link RetryPolicy} values. Not thread-safe. */
    public static final class Builder {
        private int maxAttempts = 4;
        private Backoff backoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30));
        private Duration maxElapsed = Duration.ofMinutes(2);

        private Builder() {
        }

        /**
         * Attempts in total, counting the first call. Default 4.
         *
         * @param maxAttempts at least 1
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1 (it counts the first call): "
                        + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * The delay before each retry. Default {@code Backoff.exponential(1s, 30s)} with jitter.
         *
         * @param backoff the backoff
         * @return this builder
         */
        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * The total time budget from the first attempt. Default 2 minutes.
         *
         * @param maxElapsed a positive duration
         * @return this builder
         */
        public Builder maxElapsed(Duration maxElapsed) {
            Objects.requireNonNull(maxElapsed, "maxElapsed");
            if (maxElapsed.isNegative()) {
                throw new IllegalArgumentException("maxElapsed must not be negative: " + maxElapsed);
            }
            this.maxElapsed = maxElapsed;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         */
        public RetryPolicy build() {
            return new RetryPolicy(this);
        }
    }
}
