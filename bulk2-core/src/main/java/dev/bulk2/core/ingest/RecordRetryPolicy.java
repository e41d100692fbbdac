package dev.bulk2.core.ingest;

import dev.bulk2.core.Backoff;
import dev.bulk2.csv.FailedRecord;
import dev.bulk2.csv.RecordError;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opt-in record-level retries of a fluent ingest: rows that failed with a transient error code are resubmitted in
 * follow-up jobs, for a bounded number of rounds, with a backoff between rounds.
 *
 * <p>Retryable by default (reference §5.3): {@code UNABLE_TO_LOCK_ROW}, and
 * {@code CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY} when its message says the cause was a lock
 * ({@code UNABLE_TO_LOCK_ROW} or "unable to obtain exclusive access"). Every other record error is a data problem
 * and is reported, never retried. Unprocessed rows are resubmitted too ({@link Builder#retryUnprocessed(boolean)},
 * on by default): the {@code unprocessedrecords} of a job that ended {@code Failed} for a transient reason (for
 * example a batch that failed after Salesforce's own retries; not {@code InvalidBatch}, {@code ClientInputError},
 * {@code ExceededQuota} and the other setup or data failures, which would fail again), and the rows of a part that
 * could not be sent at all ({@link FailedPart}). Only rows that Salesforce provably did not apply are resubmitted,
 * so a retry can never apply a row twice. Rows of jobs aborted by the caller are never resubmitted.
 *
 * <p>The final {@link IngestResult} reports each row once, with its last outcome. Immutable and thread-safe.
 */
public final class RecordRetryPolicy {
    /** The lock error code. */
    public static final String UNABLE_TO_LOCK_ROW = "UNABLE_TO_LOCK_ROW";
    /** A trigger/flow failure code that is retryable only when it wraps a lock error. */
    public static final String CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY = "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY";

    private static final RecordRetryPolicy NONE = new Builder().maxRounds(0).build();

    private final int maxRounds;
    private final Set<String> retryableCodes;
    private final boolean retryUnprocessed;
    private final Backoff backoff;

    private RecordRetryPolicy(Builder b) {
        this.maxRounds = b.maxRounds;
        this.retryableCodes = Collections.unmodifiableSet(new TreeSet<>(b.retryableCodes));
        this.retryUnprocessed = b.retryUnprocessed;
        this.backoff = b.backoff;
    }

    /**
     * No record retries (the default of every ingest).
     *
     * @return the policy with 0 rounds
     */
    public static RecordRetryPolicy none() {
        return NONE;
    }

    /**
     * Retries of lock errors and of unprocessed rows: 3 rounds, exponential backoff with jitter from 5 s to 60 s,
     * unprocessed rows of jobs that failed transiently and of parts that could not be sent resubmitted.
     *
     * @return the policy
     */
    public static RecordRetryPolicy lockErrors() {
        return builder().build();
    }

    /**
     * A builder with the defaults of {@link #lockErrors()}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with this policy's values.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxRounds = maxRounds;
        b.retryableCodes = new TreeSet<>(retryableCodes);
        b.retryUnprocessed = retryUnprocessed;
        b.backoff = backoff;
        return b;
    }

    /** @return the most follow-up rounds; 0 disables retries */
    public int maxRounds() {
        return maxRounds;
    }

    /** @return whether any retry can happen */
    public boolean isEnabled() {
        return maxRounds > 0;
    }

    /** @return the error codes retried (upper case) */
    public Set<String> retryableCodes() {
        return retryableCodes;
    }

    /** @return whether unprocessed rows (of a transiently {@code Failed} job, of a part not sent) are resubmitted */
    public boolean retryUnprocessed() {
        return retryUnprocessed;
    }

    /** @return the delay before each round ({@code delay(1)} before the first follow-up round) */
    public Backoff backoff() {
        return backoff;
    }

    /**
     * Whether a failed row is retried under this policy.
     *
     * @param error the parsed {@code sf__Error}
     * @return {@code true} when its code is retryable (or it is a lock wrapped in
     *     {@code CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY} and that code is retryable)
     */
    public boolean isRetryable(RecordError error) {
        String code = error.code().toUpperCase(Locale.ROOT);
        if (CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY.equals(code)) {
            if (!retryableCodes.contains(code)) {
                return false;
            }
            String text = error.raw().toUpperCase(Locale.ROOT);
            return text.contains(UNABLE_TO_LOCK_ROW) || text.contains("UNABLE TO OBTAIN EXCLUSIVE ACCESS");
        }
        return retryableCodes.contains(code);
    }

    boolean isRetryable(FailedRecord r) {
        return isRetryable(r.error());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RecordRetryPolicy)) {
            return false;
        }
        RecordRetryPolicy p = (RecordRetryPolicy) o;
        return maxRounds == p.maxRounds && retryableCodes.equals(p.retryableCodes)
                && retryUnprocessed == p.retryUnprocessed && backoff.equals(p.backoff);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxRounds, retryableCodes, retryUnprocessed, backoff);
    }

    @Override
    public String toString() {
        return "RecordRetryPolicy{maxRounds=" + maxRounds + ", retryableCodes=" + retryableCodes
                + ", retryUnprocessed=" + retryUnprocessed + "}";
    }

    /** Builds {@link RecordRetryPolicy} values. Not thread-safe. */
    public static final class Builder {
        private int maxRounds = 3;
        private Set<String> retryableCodes = new TreeSet<>(Set.of(UNABLE_TO_LOCK_ROW,
                CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY));
        private boolean retryUnprocessed = true;
        private Backoff backoff = Backoff.exponential(Duration.ofSeconds(5), Duration.ofSeconds(60));

        private Builder() {
        }

        /**
         * The most follow-up rounds. Default 3; 0 disables retries.
         *
         * @param rounds 0 to 20
         * @return this builder
         */
        public Builder maxRounds(int rounds) {
            if (rounds < 0 || rounds > 20) {
                throw new IllegalArgumentException("maxRounds must be between 0 and 20: " + rounds);
            }
            this.maxRounds = rounds;
            return this;
        }

        /**
         * The error codes to retry (replacing the set). Default {@code UNABLE_TO_LOCK_ROW} and
         * {@code CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY} (the latter only when it wraps a lock).
         *
         * @param codes Salesforce status codes
         * @return this builder
         */
        public Builder retryableCodes(Set<String> codes) {
            Objects.requireNonNull(codes, "codes");
            TreeSet<String> s = new TreeSet<>();
            for (String c : codes) {
                if (c == null || c.isBlank()) {
                    throw new IllegalArgumentException("retryableCodes must not contain blank codes");
                }
                s.add(c.trim().toUpperCase(Locale.ROOT));
            }
            this.retryableCodes = s;
            return this;
        }

        /**
         * Whether unprocessed rows are resubmitted: those of a job that ended {@code Failed} for a transient reason
         * (not {@code InvalidBatch}, {@code ClientInputError}, {@code ExceededQuota}, {@code InvalidJob},
         * {@code InvalidUser}, {@code FeatureNotEnabled}, {@code InvalidSessionId}, {@code InvalidUrl},
         * {@code MethodNotAllowed}, {@code InvalidJobState}), and those of a part that could not be sent
         * ({@link FailedPart}). Default {@code true}: Salesforce never attempted these rows, so resubmitting them
         * cannot apply a row twice, and a nightly load needs them loaded.
         *
         * @param retry {@code true} to resubmit them
         * @return this builder
         */
        public Builder retryUnprocessed(boolean retry) {
            this.retryUnprocessed = retry;
            return this;
        }

        /**
         * The delay before each round, waited with the client's sleeper. Default exponential with jitter, 5 s to
         * 60 s.
         *
         * @param backoff the backoff
         * @return this builder
         */
        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         */
        public RecordRetryPolicy build() {
            return new RecordRetryPolicy(this);
        }
    }
}
