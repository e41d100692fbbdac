package dev.bulk2.core.ingest;

import dev.bulk2.core.Operation;
import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.LineEnding;
import java.util.Objects;
import java.util.Optional;

/**
 * The body of a create-ingest-job request (reference §3.2). Immutable and thread-safe.
 *
 * <p>Only the properties that are set are sent, plus {@code contentType: CSV} (the only content type of Bulk API
 * 2.0).
 * {@code upsert} requires {@code externalIdFieldName}, which no other operation accepts.
 */
public final class CreateIngestJobRequest {
    private final String object;
    private final Operation operation;
    private final String externalIdFieldName;
    private final LineEnding lineEnding;
    private final ColumnDelimiter columnDelimiter;
    private final String assignmentRuleId;

    private CreateIngestJobRequest(Builder b) {
        this.object = b.object;
        this.operation = b.operation;
        this.externalIdFieldName = b.externalIdFieldName;
        this.lineEnding = b.lineEnding;
        this.columnDelimiter = b.columnDelimiter;
        this.assignmentRuleId = b.assignmentRuleId;
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
        b.object = object;
        b.operation = operation;
        b.externalIdFieldName = externalIdFieldName;
        b.lineEnding = lineEnding;
        b.columnDelimiter = columnDelimiter;
        b.assignmentRuleId = assignmentRuleId;
        return b;
    }

    /** @return the sObject API name, for example {@code Account} */
    public String object() {
        return object;
    }

    /** @return the ingest operation */
    public Operation operation() {
        return operation;
    }

    /** @return the external id field (upsert only) */
    public Optional<String> externalIdFieldName() {
        return Optional.ofNullable(externalIdFieldName);
    }


    /** @return the declared line ending; Salesforce defaults to LF when absent */
    public Optional<LineEnding> lineEnding() {
        return Optional.ofNullable(lineEnding);
    }

    /** @return the declared column delimiter; Salesforce defaults to COMMA when absent */
    public Optional<ColumnDelimiter> columnDelimiter() {
        return Optional.ofNullable(columnDelimiter);
    }

    /** @return the Case or Lead assignment rule id */
    public Optional<String> assignmentRuleId() {
        return Optional.ofNullable(assignmentRuleId);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CreateIngestJobRequest)) {
            return false;
        }
        CreateIngestJobRequest r = (CreateIngestJobRequest) o;
        return object.equals(r.object) && operation == r.operation
                && Objects.equals(externalIdFieldName, r.externalIdFieldName)
                && lineEnding == r.lineEnding && columnDelimiter == r.columnDelimiter
                && Objects.equals(assignmentRuleId, r.assignmentRuleId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(object, operation, externalIdFieldName, lineEnding, columnDelimiter,
                assignmentRuleId);
    }

    @Override
    public String toString() {
        return "CreateIngestJobRequest{object=" + object + ", operation=" + operation.apiName()
                + (externalIdFieldName == null ? "" : ", externalIdFieldName=" + externalIdFieldName)
                + (lineEnding == null ? "" : ", lineEnding=" + lineEnding)
                + (columnDelimiter == null ? "" : ", columnDelimiter=" + columnDelimiter)
                + (assignmentRuleId == null ? "" : ", assignmentRuleId=" + assignmentRuleId) + "}";
    }

    /** Builds {@link CreateIngestJobRequest}s. Not thread-safe. */
    public static final class Builder {
        private String object;
        private Operation operation;
        private String externalIdFieldName;
        private LineEnding lineEnding;
        private ColumnDelimiter columnDelimiter;
        private String assignmentRuleId;

        private Builder() {
        }

        /**
         * The sObject to load (required), for example {@code Account} or {@code Invoice__c}.
         *
         * @param object the API name
         * @return this builder
         */
        public Builder object(String object) {
            this.object = object;
            return this;
        }

        /**
         * The operation (required): insert, update, upsert, delete or hardDelete.
         *
         * @param operation the operation
         * @return this builder
         */
        public Builder operation(Operation operation) {
            this.operation = operation;
            return this;
        }

        /**
         * The external id field for upsert (required for upsert, refused otherwise). Default none.
         *
         * @param field the field API name, or {@code Id}
         * @return this builder
         */
        public Builder externalIdFieldName(String field) {
            this.externalIdFieldName = field;
            return this;
        }


        /**
         * The line ending of the data. Default: not sent (Salesforce assumes LF).
         *
         * @param lineEnding the line ending
         * @return this builder
         */
        public Builder lineEnding(LineEnding lineEnding) {
            this.lineEnding = lineEnding;
            return this;
        }

        /**
         * The column delimiter of the data (and of the result files). Default: not sent (Salesforce assumes COMMA).
         *
         * @param columnDelimiter the delimiter
         * @return this builder
         */
        public Builder columnDelimiter(ColumnDelimiter columnDelimiter) {
            this.columnDelimiter = columnDelimiter;
            return this;
        }

        /**
         * A Case or Lead assignment rule id (API 49.0+). Default none.
         *
         * @param assignmentRuleId the rule id
         * @return this builder
         */
        public Builder assignmentRuleId(String assignmentRuleId) {
            this.assignmentRuleId = assignmentRuleId;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws IllegalArgumentException if a required property is missing or the combination is invalid
         */
        public CreateIngestJobRequest build() {
            if (object == null || object.isBlank()) {
                throw new IllegalArgumentException("object is required, for example \"Account\"");
            }
            if (operation == null) {
                throw new IllegalArgumentException("operation is required: insert, update, upsert, delete or "
                        + "hardDelete");
            }
            if (!operation.isIngest()) {
                throw new IllegalArgumentException("operation " + operation
                        + " is not an ingest operation; use insert, update, upsert, delete or hardDelete");
            }
            if (operation == Operation.UPSERT && (externalIdFieldName == null || externalIdFieldName.isBlank())) {
                throw new IllegalArgumentException("upsert needs externalIdFieldName (an External ID field of "
                        + object + ", or Id)");
            }
            if (operation != Operation.UPSERT && externalIdFieldName != null) {
                throw new IllegalArgumentException("externalIdFieldName is only allowed for upsert, not "
                        + operation.apiName());
            }
            return new CreateIngestJobRequest(this);
        }
    }
}
