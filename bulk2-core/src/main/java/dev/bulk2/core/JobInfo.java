package dev.bulk2.core;

import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.LineEnding;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a Bulk API 2.0 job as Salesforce described it (reference §3.3, plus the query-job fields).
 *
 * <p>Immutable and thread-safe. Every enum-valued property keeps the raw string too ({@code stateAsString()}
 * and so on), so a value this SDK does not know yet maps to {@code UNKNOWN} without losing information.
 * Counters that Salesforce omitted (for example on a freshly created job) read as {@code 0}. Unknown JSON
 * fields are ignored when parsing.
 */
public final class JobInfo {
    private final String id;
    private final String operation;
    private final String object;
    private final String createdById;
    private final Instant createdDate;
    private final Instant systemModstamp;
    private final String state;
    private final String externalIdFieldName;
    private final String assignmentRuleId;
    private final String concurrencyMode;
    private final String contentType;
    private final String apiVersion;
    private final String jobType;
    private final String contentUrl;
    private final String lineEnding;
    private final String columnDelimiter;
    private final long numberRecordsProcessed;
    private final long numberRecordsFailed;
    private final int retries;
    private final long totalProcessingTime;
    private final long apiActiveProcessingTime;
    private final long apexProcessingTime;
    private final String errorMessage;
    private final String query;
    private final Boolean pkChunkingSupported;

    private JobInfo(Builder b) {
        this.id = b.id;
        this.operation = b.operation;
        this.object = b.object;
        this.createdById = b.createdById;
        this.createdDate = b.createdDate;
        this.systemModstamp = b.systemModstamp;
        this.state = b.state;
        this.externalIdFieldName = b.externalIdFieldName;
        this.assignmentRuleId = b.assignmentRuleId;
        this.concurrencyMode = b.concurrencyMode;
        this.contentType = b.contentType;
        this.apiVersion = b.apiVersion;
        this.jobType = b.jobType;
        this.contentUrl = b.contentUrl;
        this.lineEnding = b.lineEnding;
        this.columnDelimiter = b.columnDelimiter;
        this.numberRecordsProcessed = b.numberRecordsProcessed;
        this.numberRecordsFailed = b.numberRecordsFailed;
        this.retries = b.retries;
        this.totalProcessingTime = b.totalProcessingTime;
        this.apiActiveProcessingTime = b.apiActiveProcessingTime;
        this.apexProcessingTime = b.apexProcessingTime;
        this.errorMessage = b.errorMessage;
        this.query = b.query;
        this.pkChunkingSupported = b.pkChunkingSupported;
    }

    /**
     * A new, empty builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder initialised with this snapshot's values.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.operation = operation;
        b.object = object;
        b.createdById = createdById;
        b.createdDate = createdDate;
        b.systemModstamp = systemModstamp;
        b.state = state;
        b.externalIdFieldName = externalIdFieldName;
        b.assignmentRuleId = assignmentRuleId;
        b.concurrencyMode = concurrencyMode;
        b.contentType = contentType;
        b.apiVersion = apiVersion;
        b.jobType = jobType;
        b.contentUrl = contentUrl;
        b.lineEnding = lineEnding;
        b.columnDelimiter = columnDelimiter;
        b.numberRecordsProcessed = numberRecordsProcessed;
        b.numberRecordsFailed = numberRecordsFailed;
        b.retries = retries;
        b.totalProcessingTime = totalProcessingTime;
        b.apiActiveProcessingTime = apiActiveProcessingTime;
        b.apexProcessingTime = apexProcessingTime;
        b.errorMessage = errorMessage;
        b.query = query;
        b.pkChunkingSupported = pkChunkingSupported;
        return b;
    }

    /**
     * The job id ({@code 750…}).
     *
     * @return the id, never {@code null}
     */
    public String id() {
        return id;
    }

    /**
     * The operation.
     *
     * @return the operation, {@link Operation#UNKNOWN} if absent or not known
     */
    public Operation operation() {
        return Operation.fromApiName(operation);
    }

    /**
     * The operation exactly as Salesforce spelled it.
     *
     * @return the raw value, if present
     */
    public Optional<String> operationAsString() {
        return Optional.ofNullable(operation);
    }

    /**
     * The sObject the job loads ({@code object}), for example {@code Account}. Query jobs may omit it.
     *
     * @return the object name, if present
     */
    public Optional<String> object() {
        return Optional.ofNullable(object);
    }

    /**
     * The id of the user who created the job ({@code 005…}).
     *
     * @return the user id, if present
     */
    public Optional<String> createdById() {
        return Optional.ofNullable(createdById);
    }

    /**
     * When the job was created.
     *
     * @return the creation time, if present
     */
    public Optional<Instant> createdDate() {
        return Optional.ofNullable(createdDate);
    }

    /**
     * When the job last changed (state or progress).
     *
     * @return the modification time, if present
     */
    public Optional<Instant> systemModstamp() {
        return Optional.ofNullable(systemModstamp);
    }

    /**
     * The job state.
     *
     * @return the state, {@link JobState#UNKNOWN} if absent or not known
     */
    public JobState state() {
        return JobState.fromApiName(state);
    }

    /**
     * The state exactly as Salesforce spelled it.
     *
     * @return the raw state, if present
     */
    public Optional<String> stateAsString() {
        return Optional.ofNullable(state);
    }

    /**
     * Whether the state is terminal ({@code JobComplete}, {@code Failed}, {@code Aborted}).
     *
     * @return {@code true} if Salesforce will not change the job any more
     */
    public boolean isTerminal() {
        return state().isTerminal();
    }

    /**
     * The external id field of an upsert job.
     *
     * @return the field name, if the job has one
     */
    public Optional<String> externalIdFieldName() {
        return Optional.ofNullable(externalIdFieldName);
    }

    /**
     * The Case or Lead assignment rule id given at creation.
     *
     * @return the rule id, if one was given
     */
    public Optional<String> assignmentRuleId() {
        return Optional.ofNullable(assignmentRuleId);
    }

    /**
     * The concurrency mode as Salesforce spells it: {@code Parallel}, the only mode of Bulk API 2.0.
     *
     * @return the mode, if present
     */
    public Optional<String> concurrencyMode() {
        return Optional.ofNullable(concurrencyMode);
    }

    /**
     * The content type as Salesforce names it: {@code CSV}, the only one Bulk API 2.0 accepts.
     *
     * @return the content type, or empty if absent
     */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /**
     * The content type exactly as Salesforce spelled it.
     *
     * @return the raw value, if present
     */
    public Optional<String> contentTypeAsString() {
        return Optional.ofNullable(contentType);
    }

    /**
     * The API version the job was created with, for example {@code 64.0}. Query results must be fetched with it.
     *
     * @return the version, if present
     */
    public Optional<String> apiVersion() {
        return Optional.ofNullable(apiVersion);
    }

    /**
     * The job type ({@code V2Ingest}, {@code V2Query}, {@code Classic}, …). Create responses omit it.
     *
     * @return the type, {@link JobType#UNKNOWN} if absent or not known
     */
    public JobType jobType() {
        return JobType.fromApiName(jobType);
    }

    /**
     * The job type exactly as Salesforce spelled it.
     *
     * @return the raw value, if present
     */
    public Optional<String> jobTypeAsString() {
        return Optional.ofNullable(jobType);
    }

    /**
     * The upload URL, relative to the instance URL and without a leading slash; meaningful only while
     * {@code Open}.
     *
     * @return the content URL, if present
     */
    public Optional<String> contentUrl() {
        return Optional.ofNullable(contentUrl);
    }

    /**
     * The line ending declared on the job.
     *
     * @return the line ending, empty if absent or not one bulk2 knows (see {@link #lineEndingAsString()})
     */
    public Optional<LineEnding> lineEnding() {
        if (lineEnding == null) {
            return Optional.empty();
        }
        for (LineEnding e : LineEnding.values()) {
            if (e.apiName().equals(lineEnding)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * The line ending exactly as Salesforce spelled it.
     *
     * @return the raw value, if present
     */
    public Optional<String> lineEndingAsString() {
        return Optional.ofNullable(lineEnding);
    }

    /**
     * The column delimiter declared on the job; result files use it too.
     *
     * @return the delimiter, empty if absent or not one bulk2 knows (see {@link #columnDelimiterAsString()})
     */
    public Optional<ColumnDelimiter> columnDelimiter() {
        if (columnDelimiter == null) {
            return Optional.empty();
        }
        for (ColumnDelimiter d : ColumnDelimiter.values()) {
            if (d.apiName().equals(columnDelimiter)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /**
     * The column delimiter exactly as Salesforce spelled it.
     *
     * @return the raw value, if present
     */
    public Optional<String> columnDelimiterAsString() {
        return Optional.ofNullable(columnDelimiter);
    }

    /**
     * Rows processed so far, <em>including</em> failed rows.
     *
     * @return the count, 0 when Salesforce omitted it
     */
    public long numberRecordsProcessed() {
        return numberRecordsProcessed;
    }

    /**
     * Rows that failed (the rows of {@code failedResults}).
     *
     * @return the count, 0 when Salesforce omitted it
     */
    public long numberRecordsFailed() {
        return numberRecordsFailed;
    }

    /**
     * Rows that succeeded: processed minus failed.
     *
     * @return the count, never negative
     */
    public long successfulRecords() {
        return Math.max(0, numberRecordsProcessed - numberRecordsFailed);
    }

    /**
     * Internal batch retries Salesforce performed.
     *
     * @return the count, 0 when omitted
     */
    public int retries() {
        return retries;
    }

    /**
     * Total processing time in milliseconds.
     *
     * @return the time, 0 when omitted
     */
    public long totalProcessingTime() {
        return totalProcessingTime;
    }

    /**
     * Active processing time in milliseconds (including Apex, excluding queue wait).
     *
     * @return the time, 0 when omitted
     */
    public long apiActiveProcessingTime() {
        return apiActiveProcessingTime;
    }

    /**
     * Time spent in triggers and other synchronous Apex, in milliseconds.
     *
     * @return the time, 0 when omitted
     */
    public long apexProcessingTime() {
        return apexProcessingTime;
    }

    /**
     * Why the job failed, for example {@code InvalidBatch : Field name not found : Name}.
     *
     * @return the message, present only for failed jobs
     */
    public Optional<String> errorMessage() {
        return Optional.ofNullable(errorMessage);
    }

    /**
     * The SOQL of a query job.
     *
     * @return the query, present only for query jobs that report it
     */
    public Optional<String> query() {
        return Optional.ofNullable(query);
    }

    /**
     * Whether a query job supports PK chunking ({@code isPkChunkingSupported}).
     *
     * @return the flag, present only for query jobs
     */
    public Optional<Boolean> isPkChunkingSupported() {
        return Optional.ofNullable(pkChunkingSupported);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof JobInfo)) {
            return false;
        }
        JobInfo t = (JobInfo) o;
        return numberRecordsProcessed == t.numberRecordsProcessed && numberRecordsFailed == t.numberRecordsFailed
                && retries == t.retries && totalProcessingTime == t.totalProcessingTime
                && apiActiveProcessingTime == t.apiActiveProcessingTime && apexProcessingTime == t.apexProcessingTime
                && Objects.equals(id, t.id) && Objects.equals(operation, t.operation)
                && Objects.equals(object, t.object) && Objects.equals(createdById, t.createdById)
                && Objects.equals(createdDate, t.createdDate) && Objects.equals(systemModstamp, t.systemModstamp)
                && Objects.equals(state, t.state) && Objects.equals(externalIdFieldName, t.externalIdFieldName)
                && Objects.equals(assignmentRuleId, t.assignmentRuleId)
                && Objects.equals(concurrencyMode, t.concurrencyMode) && Objects.equals(contentType, t.contentType)
                && Objects.equals(apiVersion, t.apiVersion) && Objects.equals(jobType, t.jobType)
                && Objects.equals(contentUrl, t.contentUrl) && Objects.equals(lineEnding, t.lineEnding)
                && Objects.equals(columnDelimiter, t.columnDelimiter) && Objects.equals(errorMessage, t.errorMessage)
                && Objects.equals(query, t.query) && Objects.equals(pkChunkingSupported, t.pkChunkingSupported);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, operation, object, createdById, createdDate, systemModstamp, state,
                externalIdFieldName, assignmentRuleId, concurrencyMode, contentType, apiVersion, jobType, contentUrl,
                lineEnding, columnDelimiter, numberRecordsProcessed, numberRecordsFailed, retries,
                totalProcessingTime, apiActiveProcessingTime, apexProcessingTime, errorMessage, query,
                pkChunkingSupported);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("JobInfo{id=").append(id);
        sb.append(", operation=").append(operation).append(", object=").append(object);
        sb.append(", state=").append(state);
        if (externalIdFieldName != null) {
            sb.append(", externalIdFieldName=").append(externalIdFieldName);
        }
        if (jobType != null) {
            sb.append(", jobType=").append(jobType);
        }
        sb.append(", apiVersion=").append(apiVersion);
        sb.append(", createdDate=").append(createdDate);
        sb.append(", numberRecordsProcessed=").append(numberRecordsProcessed);
        sb.append(", numberRecordsFailed=").append(numberRecordsFailed);
        if (errorMessage != null) {
            sb.append(", errorMessage=").append(errorMessage);
        }
        return sb.append('}').toString();
    }

    /**
     * Builds {@link JobInfo} values (parsers and tests use it). Not thread-safe. Every property defaults to absent
     * ({@code null}) or {@code 0}; only {@link #id(String)} is required.
     */
    public static final class Builder {
        private String id;
        private String operation;
        private String object;
        private String createdById;
        private Instant createdDate;
        private Instant systemModstamp;
        private String state;
        private String externalIdFieldName;
        private String assignmentRuleId;
        private String concurrencyMode;
        private String contentType;
        private String apiVersion;
        private String jobType;
        private String contentUrl;
        private String lineEnding;
        private String columnDelimiter;
        private long numberRecordsProcessed;
        private long numberRecordsFailed;
        private int retries;
        private long totalProcessingTime;
        private long apiActiveProcessingTime;
        private long apexProcessingTime;
        private String errorMessage;
        private String query;
        private Boolean pkChunkingSupported;

        private Builder() {
        }

        /**
         * Sets the job id (required).
         *
         * @param id the id
         * @return this builder
         */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /**
         * Sets the operation.
         *
         * @param operation the operation
         * @return this builder
         */
        public Builder operation(Operation operation) {
            this.operation = operation == null ? null : operation.apiName();
            return this;
        }

        /**
         * Sets the operation as Salesforce spelled it.
         *
         * @param operation the raw value
         * @return this builder
         */
        public Builder operation(String operation) {
            this.operation = operation;
            return this;
        }

        /**
         * Sets the sObject name.
         *
         * @param object the object
         * @return this builder
         */
        public Builder object(String object) {
            this.object = object;
            return this;
        }

        /**
         * Sets the creating user id.
         *
         * @param createdById the user id
         * @return this builder
         */
        public Builder createdById(String createdById) {
            this.createdById = createdById;
            return this;
        }

        /**
         * Sets the creation time.
         *
         * @param createdDate the time
         * @return this builder
         */
        public Builder createdDate(Instant createdDate) {
            this.createdDate = createdDate;
            return this;
        }

        /**
         * Sets the modification time.
         *
         * @param systemModstamp the time
         * @return this builder
         */
        public Builder systemModstamp(Instant systemModstamp) {
            this.systemModstamp = systemModstamp;
            return this;
        }

        /**
         * Sets the state.
         *
         * @param state the state
         * @return this builder
         */
        public Builder state(JobState state) {
            this.state = state == null ? null : state.apiName();
            return this;
        }

        /**
         * Sets the state as Salesforce spelled it.
         *
         * @param state the raw value
         * @return this builder
         */
        public Builder state(String state) {
            this.state = state;
            return this;
        }

        /**
         * Sets the external id field.
         *
         * @param externalIdFieldName the field
         * @return this builder
         */
        public Builder externalIdFieldName(String externalIdFieldName) {
            this.externalIdFieldName = externalIdFieldName;
            return this;
        }

        /**
         * Sets the assignment rule id.
         *
         * @param assignmentRuleId the id
         * @return this builder
         */
        public Builder assignmentRuleId(String assignmentRuleId) {
            this.assignmentRuleId = assignmentRuleId;
            return this;
        }

        /**
         * Sets the concurrency mode as Salesforce spelled it.
         *
         * @param concurrencyMode the raw value
         * @return this builder
         */
        public Builder concurrencyMode(String concurrencyMode) {
            this.concurrencyMode = concurrencyMode;
            return this;
        }

        /**
         * Sets the content type as Salesforce spelled it.
         *
         * @param contentType the raw value
         * @return this builder
         */
        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        /**
         * Sets the API version, for example {@code 64.0}.
         *
         * @param apiVersion the version
         * @return this builder
         */
        public Builder apiVersion(String apiVersion) {
            this.apiVersion = apiVersion;
            return this;
        }

        /**
         * Sets the job type as Salesforce spelled it.
         *
         * @param jobType the raw value
         * @return this builder
         */
        public Builder jobType(String jobType) {
            this.jobType = jobType;
            return this;
        }

        /**
         * Sets the content URL.
         *
         * @param contentUrl the URL
         * @return this builder
         */
        public Builder contentUrl(String contentUrl) {
            this.contentUrl = contentUrl;
            return this;
        }

        /**
         * Sets the line ending as Salesforce spelled it.
         *
         * @param lineEnding the raw value
         * @return this builder
         */
        public Builder lineEnding(String lineEnding) {
            this.lineEnding = lineEnding;
            return this;
        }

        /**
         * Sets the column delimiter as Salesforce spelled it.
         *
         * @param columnDelimiter the raw value
         * @return this builder
         */
        public Builder columnDelimiter(String columnDelimiter) {
            this.columnDelimiter = columnDelimiter;
            return this;
        }

        /**
         * Sets the processed-row count.
         *
         * @param n the count
         * @return this builder
         */
        public Builder numberRecordsProcessed(long n) {
            this.numberRecordsProcessed = n;
            return this;
        }

        /**
         * Sets the failed-row count.
         *
         * @param n the count
         * @return this builder
         */
        public Builder numberRecordsFailed(long n) {
            this.numberRecordsFailed = n;
            return this;
        }

        /**
         * Sets the retry count.
         *
         * @param n the count
         * @return this builder
         */
        public Builder retries(int n) {
            this.retries = n;
            return this;
        }

        /**
         * Sets the total processing time.
         *
         * @param millis milliseconds
         * @return this builder
         */
        public Builder totalProcessingTime(long millis) {
            this.totalProcessingTime = millis;
            return this;
        }

        /**
         * Sets the active processing time.
         *
         * @param millis milliseconds
         * @return this builder
         */
        public Builder apiActiveProcessingTime(long millis) {
            this.apiActiveProcessingTime = millis;
            return this;
        }

        /**
         * Sets the Apex processing time.
         *
         * @param millis milliseconds
         * @return this builder
         */
        public Builder apexProcessingTime(long millis) {
            this.apexProcessingTime = millis;
            return this;
        }

        /**
         * Sets the error message.
         *
         * @param errorMessage the message
         * @return this builder
         */
        public Builder errorMessage(String errorMessage) {
            this.errorMessage = errorMessage;
            return this;
        }

        /**
         * Sets the SOQL of a query job.
         *
         * @param query the query
         * @return this builder
         */
        public Builder query(String query) {
            this.query = query;
            return this;
        }

        /**
         * Sets {@code isPkChunkingSupported}.
         *
         * @param supported the flag, or {@code null} when absent
         * @return this builder
         */
        public Builder isPkChunkingSupported(Boolean supported) {
            this.pkChunkingSupported = supported;
            return this;
        }

        /**
         * Builds the snapshot.
         *
         * @return the job info
         * @throws IllegalArgumentException if the id is missing
         */
        public JobInfo build() {
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("JobInfo.id is required");
            }
            return new JobInfo(this);
        }
    }
}
