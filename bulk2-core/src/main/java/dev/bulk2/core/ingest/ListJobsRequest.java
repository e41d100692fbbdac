package dev.bulk2.core.ingest;

import dev.bulk2.core.JobType;
import java.util.Objects;
import java.util.Optional;

/**
 * Query parameters of the list-jobs request (reference §3.8). Every parameter is optional. Immutable and
 * thread-safe.
 */
public final class ListJobsRequest {
    private static final ListJobsRequest ALL = builder().build();

    private final Boolean pkChunkingEnabled;
    private final JobType jobType;
    private final String concurrencyMode;
    private final String queryLocator;

    private ListJobsRequest(Builder b) {
        this.pkChunkingEnabled = b.pkChunkingEnabled;
        this.jobType = b.jobType;
        this.concurrencyMode = b.concurrencyMode;
        this.queryLocator = b.queryLocator;
    }

    /**
     * No filter: every job the user can see (Bulk 1.0 jobs included).
     *
     * @return the request
     */
    public static ListJobsRequest all() {
        return ALL;
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with this request's values.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.pkChunkingEnabled = pkChunkingEnabled;
        b.jobType = jobType;
        b.concurrencyMode = concurrencyMode;
        b.queryLocator = queryLocator;
        return b;
    }

    /** @return the {@code isPkChunkingEnabled} filter */
    public Optional<Boolean> isPkChunkingEnabled() {
        return Optional.ofNullable(pkChunkingEnabled);
    }

    /** @return the {@code jobType} filter */
    public Optional<JobType> jobType() {
        return Optional.ofNullable(jobType);
    }

    /** @return the {@code concurrencyMode} filter */
    public Optional<String> concurrencyMode() {
        return Optional.ofNullable(concurrencyMode);
    }

    /** @return the locator of the page to start at */
    public Optional<String> queryLocator() {
        return Optional.ofNullable(queryLocator);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ListJobsRequest)) {
            return false;
        }
        ListJobsRequest r = (ListJobsRequest) o;
        return Objects.equals(pkChunkingEnabled, r.pkChunkingEnabled) && jobType == r.jobType
                && Objects.equals(concurrencyMode, r.concurrencyMode) && Objects.equals(queryLocator, r.queryLocator);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pkChunkingEnabled, jobType, concurrencyMode, queryLocator);
    }

    @Override
    public String toString() {
        return "ListJobsRequest{isPkChunkingEnabled=" + pkChunkingEnabled + ", jobType=" + jobType
                + ", concurrencyMode=" + concurrencyMode + ", queryLocator=" + queryLocator + "}";
    }

    /** Builds {@link ListJobsRequest}s; every property defaults to "not sent". Not thread-safe. */
    public static final class Builder {
        private Boolean pkChunkingEnabled;
        private JobType jobType;
        private String concurrencyMode;
        private String queryLocator;

        private Builder() {
        }

        /**
         * Filter on {@code isPkChunkingEnabled} (a Bulk 1.0 concept).
         *
         * @param enabled the value, or {@code null} to not send it
         * @return this builder
         */
        public Builder isPkChunkingEnabled(Boolean enabled) {
            this.pkChunkingEnabled = enabled;
            return this;
        }

        /**
         * Filter on {@code jobType}, for example {@link JobType#V2_INGEST} to leave out Bulk 1.0 jobs.
         *
         * @param jobType the type, or {@code null}
         * @return this builder
         */
        public Builder jobType(JobType jobType) {
            if (jobType == JobType.UNKNOWN) {
                throw new IllegalArgumentException("jobType UNKNOWN cannot be sent");
            }
            this.jobType = jobType;
            return this;
        }

        /**
         * Filter on {@code concurrencyMode} (reserved by Salesforce).
         *
         * @param mode the mode as Salesforce spells it ({@code Parallel}), or {@code null}
         * @return this builder
         */
        public Builder concurrencyMode(String mode) {
            if (mode != null && mode.isBlank()) {
                throw new IllegalArgumentException("concurrencyMode must not be blank; use \"Parallel\" or null");
            }
            this.concurrencyMode = mode;
            return this;
        }

        /**
         * Start at the page of an opaque locator copied from a previous {@code nextRecordsUrl}.
         *
         * @param locator the locator, or {@code null}
         * @return this builder
         */
        public Builder queryLocator(String locator) {
            this.queryLocator = locator;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         */
        public ListJobsRequest build() {
            return new ListJobsRequest(this);
        }
    }
}
