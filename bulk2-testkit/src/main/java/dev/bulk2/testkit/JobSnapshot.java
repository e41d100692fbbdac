package dev.bulk2.testkit;

import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.LineEnding;
import java.util.Objects;

/**
 * A point-in-time copy of an emulated job's server-side state, for assertions. Immutable and thread-safe.
 */
public final class JobSnapshot {
    private final String id;
    private final String jobType;
    private final String operation;
    private final String object;
    private final String state;
    private final String apiVersion;
    private final String externalIdFieldName;
    private final LineEnding lineEnding;
    private final ColumnDelimiter columnDelimiter;
    private final long numberRecordsProcessed;
    private final long numberRecordsFailed;
    private final String errorMessage;
    private final int uploadCount;

    private JobSnapshot(Builder b) {
        this.id = b.id;
        this.jobType = b.jobType;
        this.operation = b.operation;
        this.object = b.object;
        this.state = b.state;
        this.apiVersion = b.apiVersion;
        this.externalIdFieldName = b.externalIdFieldName;
        this.lineEnding = b.lineEnding;
        this.columnDelimiter = b.columnDelimiter;
        this.numberRecordsProcessed = b.numberRecordsProcessed;
        this.numberRecordsFailed = b.numberRecordsFailed;
        this.errorMessage = b.errorMessage;
        this.uploadCount = b.uploadCount;
    }

    /**
     * Starts a builder (used by the emulator).
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A copy as a builder.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return builder().id(id).jobType(jobType).operation(operation).object(object).state(state)
                .apiVersion(apiVersion).externalIdFieldName(externalIdFieldName).lineEnding(lineEnding)
                .columnDelimiter(columnDelimiter).numberRecordsProcessed(numberRecordsProcessed)
                .numberRecordsFailed(numberRecordsFailed).errorMessage(errorMessage).uploadCount(uploadCount);
    }

    /** @return the 18-character job id ({@code 750...}) */
    public String id() {
        return id;
    }

    /** @return {@code V2Ingest} or {@code V2Query} */
    public String jobType() {
        return jobType;
    }

    /** @return the operation, e.g. {@code upsert} or {@code query} */
    public String operation() {
        return operation;
    }

    /** @return the sObject, canonical spelling */
    public String object() {
        return object;
    }

    /** @return the state as on the wire: Open, UploadComplete, InProgress, JobComplete, Failed, Aborted */
    public String state() {
        return state;
    }

    /** @return the API version the job was created with, e.g. {@code 64.0} */
    public String apiVersion() {
        return apiVersion;
    }

    /** @return the upsert key field, or null */
    public String externalIdFieldName() {
        return externalIdFieldName;
    }

    /** @return the line ending */
    public LineEnding lineEnding() {
        return lineEnding;
    }

    /** @return the column delimiter */
    public ColumnDelimiter columnDelimiter() {
        return columnDelimiter;
    }

    /** @return records processed, failed ones included */
    public long numberRecordsProcessed() {
        return numberRecordsProcessed;
    }

    /** @return records failed */
    public long numberRecordsFailed() {
        return numberRecordsFailed;
    }

    /** @return the job-level error message, or null */
    public String errorMessage() {
        return errorMessage;
    }

    /** @return how many PUT uploads the job received */
    public int uploadCount() {
        return uploadCount;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof JobSnapshot)) {
            return false;
        }
        JobSnapshot j = (JobSnapshot) o;
        return numberRecordsProcessed == j.numberRecordsProcessed && numberRecordsFailed == j.numberRecordsFailed
                && uploadCount == j.uploadCount && Objects.equals(id, j.id) && Objects.equals(jobType, j.jobType)
                && Objects.equals(operation, j.operation) && Objects.equals(object, j.object)
                && Objects.equals(state, j.state) && Objects.equals(apiVersion, j.apiVersion)
                && Objects.equals(externalIdFieldName, j.externalIdFieldName) && lineEnding == j.lineEnding
                && columnDelimiter == j.columnDelimiter && Objects.equals(errorMessage, j.errorMessage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, jobType, operation, object, state, apiVersion, externalIdFieldName, lineEnding,
                columnDelimiter, numberRecordsProcessed, numberRecordsFailed, errorMessage, uploadCount);
    }

    @Override
    public String toString() {
        return "JobSnapshot{" + id + " " + jobType + " " + operation + " " + object + " " + state
                + " processed=" + numberRecordsProcessed + " failed=" + numberRecordsFailed
                + (errorMessage == null ? "" : " error=" + errorMessage) + "}";
    }

    /** Builder for {@link JobSnapshot}. Not thread-safe. */
    public static final class Builder {
        private String id;
        private String jobType;
        private String operation;
        private String object;
        private String state;
        private String apiVersion;
        private String externalIdFieldName;
        private LineEnding lineEnding = LineEnding.LF;
        private ColumnDelimiter columnDelimiter = ColumnDelimiter.COMMA;
        private long numberRecordsProcessed;
        private long numberRecordsFailed;
        private String errorMessage;
        private int uploadCount;

        private Builder() {
        }

        /** @param v id @return this */
        public Builder id(String v) {
            id = v;
            return this;
        }

        /** @param v job type @return this */
        public Builder jobType(String v) {
            jobType = v;
            return this;
        }

        /** @param v operation @return this */
        public Builder operation(String v) {
            operation = v;
            return this;
        }

        /** @param v object @return this */
        public Builder object(String v) {
            object = v;
            return this;
        }

        /** @param v state @return this */
        public Builder state(String v) {
            state = v;
            return this;
        }

        /** @param v API version @return this */
        public Builder apiVersion(String v) {
            apiVersion = v;
            return this;
        }

        /** @param v upsert key @return this */
        public Builder externalIdFieldName(String v) {
            externalIdFieldName = v;
            return this;
        }

        /** @param v line ending, default LF @return this */
        public Builder lineEnding(LineEnding v) {
            lineEnding = v;
            return this;
        }

        /** @param v delimiter, default COMMA @return this */
        public Builder columnDelimiter(ColumnDelimiter v) {
            columnDelimiter = v;
            return this;
        }

        /** @param v processed count @return this */
        public Builder numberRecordsProcessed(long v) {
            numberRecordsProcessed = v;
            return this;
        }

        /** @param v failed count @return this */
        public Builder numberRecordsFailed(long v) {
            numberRecordsFailed = v;
            return this;
        }

        /** @param v error message @return this */
        public Builder errorMessage(String v) {
            errorMessage = v;
            return this;
        }

        /** @param v upload count @return this */
        public Builder uploadCount(int v) {
            uploadCount = v;
            return this;
        }

        /**
         * Builds the snapshot.
         *
         * @return the snapshot
         */
        public JobSnapshot build() {
            return new JobSnapshot(this);
        }
    }
}
