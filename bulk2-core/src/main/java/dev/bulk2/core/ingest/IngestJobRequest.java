package dev.bulk2.core.ingest;

import dev.bulk2.core.exception.InvalidInputException;
import dev.bulk2.core.exception.WaitTimeoutException;
import dev.bulk2.core.Operation;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.CsvChunker;
import dev.bulk2.csv.LineEnding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a fluent ingest says, as an immutable value: the job properties (object, operation, dialect,
 * assignment rule) and how bulk2 runs it (part limits, concurrency, gzip, polling, timeout, record
 * retries, listener). {@code client.ingest("Account").upsert("External_ID__c")...} builds one of these; build it
 * yourself with {@link #builder()} and run it with {@code client.ingest(request).upload(...)}.
 *
 * <p>Immutable and thread-safe (the listener must be thread-safe itself).
 */
public final class IngestJobRequest {
    /** Default {@link Builder#maxConcurrentJobs(int)}. */
    public static final int DEFAULT_MAX_CONCURRENT_JOBS = 3;

    private final String object;
    private final Operation operation;
    private final String externalIdFieldName;
    private final LineEnding lineEnding;
    private final ColumnDelimiter columnDelimiter;
    private final String assignmentRuleId;
    private final long maxBytesPerJob;
    private final long maxRecordsPerJob;
    private final int maxConcurrentJobs;
    private final boolean gzip;
    private final PollingPolicy pollingPolicy;
    private final Duration timeout;
    private final RecordRetryPolicy recordRetryPolicy;
    private final IngestListener listener;
    private final Path spoolDirectory;
    private final Path journal;
    private final String journalKey;
    private final CreateIngestJobRequest createRequest;

    private IngestJobRequest(Builder b, CreateIngestJobRequest createRequest) {
        this.object = b.object;
        this.operation = b.operation;
        this.externalIdFieldName = b.externalIdFieldName;
        this.lineEnding = b.lineEnding;
        this.columnDelimiter = b.columnDelimiter;
        this.assignmentRuleId = b.assignmentRuleId;
        this.maxBytesPerJob = b.maxBytesPerJob;
        this.maxRecordsPerJob = b.maxRecordsPerJob;
        this.maxConcurrentJobs = b.maxConcurrentJobs;
        this.gzip = b.gzip;
        this.pollingPolicy = b.pollingPolicy;
        this.timeout = b.timeout;
        this.recordRetryPolicy = b.recordRetryPolicy;
        this.listener = b.listener;
        this.spoolDirectory = b.spoolDirectory;
        this.journal = b.journal;
        this.journalKey = b.journalKey;
        this.createRequest = createRequest;
    }

    /**
     * A new builder with the defaults stated on each setter.
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
        b.object = object;
        b.operation = operation;
        b.externalIdFieldName = externalIdFieldName;
        b.lineEnding = lineEnding;
        b.columnDelimiter = columnDelimiter;
        b.assignmentRuleId = assignmentRuleId;
        b.maxBytesPerJob = maxBytesPerJob;
        b.maxRecordsPerJob = maxRecordsPerJob;
        b.maxConcurrentJobs = maxConcurrentJobs;
        b.gzip = gzip;
        b.pollingPolicy = pollingPolicy;
        b.timeout = timeout;
        b.recordRetryPolicy = recordRetryPolicy;
        b.listener = listener;
        b.spoolDirectory = spoolDirectory;
        b.journal = journal;
        b.journalKey = journalKey;
        return b;
    }

    /** @return the sObject API name */
    public String object() {
        return object;
    }

    /** @return the operation */
    public Operation operation() {
        return operation;
    }

    /** @return the external id field (upsert only) */
    public Optional<String> externalIdFieldName() {
        return Optional.ofNullable(externalIdFieldName);
    }

    /** @return the line ending of the data; LF when not set */
    public LineEnding lineEnding() {
        return lineEnding == null ? LineEnding.LF : lineEnding;
    }

    /** @return the column delimiter of the data; COMMA when not set */
    public ColumnDelimiter columnDelimiter() {
        return columnDelimiter == null ? ColumnDelimiter.COMMA : columnDelimiter;
    }

    /** @return the Case or Lead assignment rule id */
    public Optional<String> assignmentRuleId() {
        return Optional.ofNullable(assignmentRuleId);
    }

    /** @return the largest part (one job) in bytes of uncompressed CSV */
    public long maxBytesPerJob() {
        return maxBytesPerJob;
    }

    /** @return the most records in one job ({@link Long#MAX_VALUE}: no limit but bytes) */
    public long maxRecordsPerJob() {
        return maxRecordsPerJob;
    }

    /** @return the most jobs uploading or processing at once */
    public int maxConcurrentJobs() {
        return maxConcurrentJobs;
    }

    /** @return whether uploads are sent gzip-compressed ({@code Content-Encoding: gzip}) */
    public boolean isGzip() {
        return gzip;
    }

    /** @return the polling policy, or empty for {@link PollingPolicy#defaults()} */
    public Optional<PollingPolicy> pollingPolicy() {
        return Optional.ofNullable(pollingPolicy);
    }

    /** @return the run's time limit, or empty for the polling policy's timeout */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** @return the record retry policy */
    public RecordRetryPolicy recordRetryPolicy() {
        return recordRetryPolicy;
    }

    /** @return the progress listener */
    public IngestListener listener() {
        return listener;
    }

    /** @return where stream and row sources are spooled, or empty for {@code java.io.tmpdir} */
    public Optional<Path> spoolDirectory() {
        return Optional.ofNullable(spoolDirectory);
    }

    /** @return the run journal that makes the run resumable after a crash, or empty for none */
    public Optional<Path> journal() {
        return Optional.ofNullable(journal);
    }

    /** @return the key that identifies a stream or row input in the journal, or empty */
    public Optional<String> journalKey() {
        return Optional.ofNullable(journalKey);
    }

    /**
     * The create-job body every job of this request is created with.
     *
     * @return the low-level request
     */
    CreateIngestJobRequest toCreateRequest() {
        return createRequest;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IngestJobRequest)) {
            return false;
        }
        IngestJobRequest r = (IngestJobRequest) o;
        return createRequest.equals(r.createRequest) && maxBytesPerJob == r.maxBytesPerJob
                && maxRecordsPerJob == r.maxRecordsPerJob && maxConcurrentJobs == r.maxConcurrentJobs
                && gzip == r.gzip && Objects.equals(pollingPolicy, r.pollingPolicy)
                && Objects.equals(timeout, r.timeout) && recordRetryPolicy.equals(r.recordRetryPolicy)
                && listener == r.listener && Objects.equals(spoolDirectory, r.spoolDirectory)
                && Objects.equals(journal, r.journal) && Objects.equals(journalKey, r.journalKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(createRequest, maxBytesPerJob, maxRecordsPerJob, maxConcurrentJobs, gzip,
                pollingPolicy, timeout, recordRetryPolicy, System.identityHashCode(listener), spoolDirectory,
                journal, journalKey);
    }

    @Override
    public String toString() {
        return "IngestJobRequest{object=" + object + ", operation=" + operation.apiName()
                + (externalIdFieldName == null ? "" : ", externalIdFieldName=" + externalIdFieldName)
                + ", lineEnding=" + lineEnding() + ", columnDelimiter=" + columnDelimiter()
                + ", maxBytesPerJob=" + maxBytesPerJob
                + (maxRecordsPerJob == Long.MAX_VALUE ? "" : ", maxRecordsPerJob=" + maxRecordsPerJob)
                + ", maxConcurrentJobs=" + maxConcurrentJobs + ", gzip=" + gzip
                + (timeout == null ? "" : ", timeout=" + timeout) + ", recordRetryPolicy=" + recordRetryPolicy
                + (journal == null ? "" : ", journal=" + journal) + "}";
    }

    /** Builds {@link IngestJobRequest}s. Not thread-safe. */
    public static final class Builder {
        private String object;
        private Operation operation;
        private String externalIdFieldName;
        private LineEnding lineEnding;
        private ColumnDelimiter columnDelimiter;
        private String assignmentRuleId;
        private long maxBytesPerJob = CsvChunker.DEFAULT_MAX_BYTES;
        private long maxRecordsPerJob = Long.MAX_VALUE;
        private int maxConcurrentJobs = DEFAULT_MAX_CONCURRENT_JOBS;
        private boolean gzip;
        private PollingPolicy pollingPolicy;
        private Duration timeout;
        private RecordRetryPolicy recordRetryPolicy = RecordRetryPolicy.none();
        private IngestListener listener = IngestListener.NONE;
        private Path spoolDirectory;
        private Path journal;
        private String journalKey;

        private Builder() {
        }

        /**
         * The options set so far; never throws, also before the operation is chosen.
         *
         * @return a description such as {@code IngestJobRequest.Builder{object=Account, operation=(not chosen)}}
         */
        @Override
        public String toString() {
            return "IngestJobRequest.Builder{object=" + object + ", operation="
                    + (operation == null ? "(not chosen)" : operation.apiName())
                    + (externalIdFieldName == null ? "" : ", externalIdFieldName=" + externalIdFieldName)
                    + (lineEnding == null ? "" : ", lineEnding=" + lineEnding)
                    + (columnDelimiter == null ? "" : ", columnDelimiter=" + columnDelimiter)
                    + ", maxBytesPerJob=" + maxBytesPerJob
                    + (maxRecordsPerJob == Long.MAX_VALUE ? "" : ", maxRecordsPerJob=" + maxRecordsPerJob)
                    + ", maxConcurrentJobs=" + maxConcurrentJobs + ", gzip=" + gzip
                    + (timeout == null ? "" : ", timeout=" + timeout) + ", recordRetryPolicy=" + recordRetryPolicy
                    + "}";
        }

        /**
         * The sObject to load (required), for example {@code Account}.
         *
         * @param object the API name
         * @return this builder
         */
        public Builder object(String object) {
            this.object = object;
            return this;
        }

        /**
         * The operation (required). For upsert also set {@link #externalIdFieldName(String)}.
         *
         * @param operation insert, update, upsert, delete or hardDelete
         * @return this builder
         */
        public Builder operation(Operation operation) {
            this.operation = operation;
            return this;
        }

        /**
         * The external id field of an upsert. Default none.
         *
         * @param field the field API name, or {@code Id}
         * @return this builder
         */
        public Builder externalIdFieldName(String field) {
            this.externalIdFieldName = field;
            return this;
        }

        /**
         * The line ending of the data, declared on every job. Default LF (not sent; Salesforce's default). Input
         * with other line endings is rejected with {@link dev.bulk2.core.exception.InvalidInputException} before
         * it is uploaded.
         *
         * @param lineEnding the line ending
         * @return this builder
         */
        public Builder lineEnding(LineEnding lineEnding) {
            this.lineEnding = lineEnding;
            return this;
        }

        /**
         * The column delimiter of the data (and of the result files). Default COMMA (not sent).
         *
         * @param columnDelimiter the delimiter
         * @return this builder
         */
        public Builder columnDelimiter(ColumnDelimiter columnDelimiter) {
            this.columnDelimiter = columnDelimiter;
            return this;
        }

        /**
         * A Case or Lead assignment rule id. Default none.
         *
         * @param assignmentRuleId the id
         * @return this builder
         */
        public Builder assignmentRuleId(String assignmentRuleId) {
            this.assignmentRuleId = assignmentRuleId;
            return this;
        }

        /**
         * The largest part, that is the data of one job, in bytes of uncompressed CSV with its header. Default
         * 100,000,000, the most Salesforce accepts (150 MB after base64).
         *
         * @param bytes 1 to 100,000,000
         * @return this builder
         */
        public Builder maxBytesPerJob(long bytes) {
            if (bytes <= 0 || bytes > CsvChunker.DEFAULT_MAX_BYTES) {
                throw new IllegalArgumentException("maxBytesPerJob must be between 1 and "
                        + CsvChunker.DEFAULT_MAX_BYTES + " (Salesforce's 150 MB base64 limit): " + bytes);
            }
            this.maxBytesPerJob = bytes;
            return this;
        }

        /**
         * The most records in one job. Default: no limit other than the bytes. A multiple of 10,000 (Salesforce's
         * internal batch size) wastes no batch allocation.
         *
         * @param records a positive count
         * @return this builder
         */
        public Builder maxRecordsPerJob(long records) {
            if (records <= 0) {
                throw new IllegalArgumentException("maxRecordsPerJob must be positive: " + records);
            }
            this.maxRecordsPerJob = records;
            return this;
        }

        /**
         * The most jobs uploading or processing at once. Default 3: Salesforce already processes each job in
         * parallel internal batches, so more concurrent jobs rarely finish sooner but raise lock contention and
         * the org's concurrent load; 3 keeps one upload overlapping two jobs in processing. Use 1 to run jobs
         * strictly one after the other (loads whose rows contend for the same parent records).
         *
         * @param jobs 1 to 25
         * @return this builder
         */
        public Builder maxConcurrentJobs(int jobs) {
            if (jobs < 1 || jobs > 25) {
                throw new IllegalArgumentException("maxConcurrentJobs must be between 1 and 25: " + jobs);
            }
            this.maxConcurrentJobs = jobs;
            return this;
        }

        /**
         * Whether uploads are sent gzip-compressed ({@code Content-Encoding: gzip}). Default {@code false}: gzip
         * uploads are not documented for Bulk API 2.0 (reference §3.5, unverified), and Salesforce's Data Loader
         * sends plain CSV. With {@code true}, stream and row sources are spooled compressed and a file's parts are
         * compressed on the fly. Responses are always requested with gzip whatever this says.
         *
         * @param gzip {@code true} to send gzip
         * @return this builder
         */
        public Builder gzip(boolean gzip) {
            this.gzip = gzip;
            return this;
        }

        /**
         * How jobs are polled. Default {@link PollingPolicy#defaults()} (1 s, x1.5, 30 s cap).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder pollingPolicy(PollingPolicy policy) {
            this.pollingPolicy = Objects.requireNonNull(policy, "pollingPolicy");
            return this;
        }

        /**
         * The time limit of the whole run, counted from the upload call. At the limit no more parts are
         * submitted, waiting stops with {@link WaitTimeoutException} and the jobs keep running on Salesforce.
         * Default: the polling policy's timeout (24 hours).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Record-level retries. Default {@link RecordRetryPolicy#none()}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder recordRetryPolicy(RecordRetryPolicy policy) {
            this.recordRetryPolicy = Objects.requireNonNull(policy, "recordRetryPolicy");
            return this;
        }

        /**
         * The progress listener. Default {@link IngestListener#NONE}.
         *
         * @param listener a thread-safe listener
         * @return this builder
         */
        public Builder listener(IngestListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Where parts of stream and row sources are spooled before upload. Default {@code java.io.tmpdir}.
         *
         * @param directory an existing writable directory
         * @return this builder
         */
        public Builder spoolDirectory(Path directory) {
            this.spoolDirectory = Objects.requireNonNull(directory, "spoolDirectory");
            return this;
        }

        /**
         * Makes the run crash-safe: every step that matters (part planned, job created, uploaded, closed, terminal,
         * run complete) is appended to this file and forced to disk, and a run started again with the same
         * request, input and journal resumes where the killed one stopped, never uploading a part twice to one
         * job (see {@code docs/ingest.md}, "Crash-safe runs"). A {@code Path} input is identified by its size and
         * SHA-256; a stream or row input needs {@link #journalKey(String)}. Default none: nothing is journaled.
         * With {@link #recordRetryPolicy(RecordRetryPolicy) record-retry rounds}, each round's rows are spooled
         * next to the journal ({@code <journal>.round<N>.csv}) and the round journaled before its first part, so
         * an interrupted round resumes with exactly its rows.
         *
         * @param file the journal file (created if missing; its directory must exist)
         * @return this builder
         */
        public Builder journal(Path file) {
            this.journal = Objects.requireNonNull(file, "journal");
            return this;
        }

        /**
         * The key that identifies a stream or row input in the {@link #journal(Path) journal} (a file input is
         * identified by its content): a resumed run must be given the same key and the same rows, which are
         * verified part by part (record count, size, SHA-256) against the journal before anything is skipped.
         *
         * @param key for example {@code "accounts-2026-12-01"}
         * @return this builder
         */
        public Builder journalKey(String key) {
            this.journalKey = Objects.requireNonNull(key, "journalKey");
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws IllegalArgumentException if the object or operation is missing, or the external id does not
         *     match the operation
         */
        public IngestJobRequest build() {
            CreateIngestJobRequest create = CreateIngestJobRequest.builder().object(object).operation(operation)
                    .externalIdFieldName(externalIdFieldName).lineEnding(lineEnding)
                    .columnDelimiter(columnDelimiter).assignmentRuleId(assignmentRuleId).build();
            return new IngestJobRequest(this, create);
        }
    }

    /** @return the chunker that cuts this request's input into job-sized parts (its dialect, limits, spool) */
    CsvChunker chunker() {
        CsvChunker.Builder b = CsvChunker.builder()
                .dialect(dev.bulk2.csv.CsvDialect.of(columnDelimiter(), lineEnding()))
                .maxBytes(maxBytesPerJob())
                .maxRecords(maxRecordsPerJob())
                .gzipSpool(isGzip());
        spoolDirectory().ifPresent(b::spoolDirectory);
        return b.build();
    }
}
