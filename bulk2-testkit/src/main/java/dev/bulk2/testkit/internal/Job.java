package dev.bulk2.testkit.internal;

import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.LineEnding;
import dev.bulk2.testkit.JobSnapshot;
import dev.bulk2.testkit.internal.soql.SoqlQuery;
import java.nio.file.Path;
import java.util.concurrent.Future;

/** Server-side state of one ingest or query job. Mutable; guarded by its own monitor. */
final class Job {
    final String id;
    final boolean query;
    final String operation;
    final String object;
    final String externalIdFieldName;
    final String assignmentRuleId;
    final String apiVersion;
    final LineEnding lineEnding;
    final ColumnDelimiter columnDelimiter;
    final long createdMillis;
    final long seq;

    volatile String state;
    final Object resultsLock = new Object();
    long modstampMillis;
    long processed;
    long failed;
    String errorMessage;
    int uploads;
    long totalProcessingTime;
    long approxRows;

    Path dataFile;
    long dataBytes;
    Path successFile;
    Path failedFile;
    /** Raw bytes of the header record as uploaded (with its terminator), or null. */
    byte[] headerBytes;
    /** Offset in dataFile where unprocessed records start, or -1 when all were processed. */
    long unprocessedOffset = -1;

    SoqlQuery soql;
    Path resultFile;
    long[] rowOffsets;
    int rowCount;
    long headerLength;

    Future<?> task;

    /** Relationship columns of the upload (per column, null entries for plain ones), or null. */
    HeaderColumns.Relationship[] relationships;
    /** Upsert keys (lower case) that occur more than once in the upload, or null. */
    java.util.Set<String> duplicateKeys;

    Job(String id, boolean query, String operation, String object, String externalIdFieldName,
            String assignmentRuleId, String apiVersion, LineEnding lineEnding, ColumnDelimiter columnDelimiter,
            long createdMillis, long seq) {
        this.id = id;
        this.query = query;
        this.operation = operation;
        this.object = object;
        this.externalIdFieldName = externalIdFieldName;
        this.assignmentRuleId = assignmentRuleId;
        this.apiVersion = apiVersion;
        this.lineEnding = lineEnding;
        this.columnDelimiter = columnDelimiter;
        this.createdMillis = createdMillis;
        this.modstampMillis = createdMillis;
        this.seq = seq;
        this.state = query ? "UploadComplete" : "Open";
    }

    synchronized boolean isTerminal() {
        return "JobComplete".equals(state) || "Failed".equals(state) || "Aborted".equals(state);
    }

    synchronized JobSnapshot snapshot() {
        return JobSnapshot.builder().id(id).jobType(query ? "V2Query" : "V2Ingest").operation(operation)
                .object(object).state(state).apiVersion(apiVersion).externalIdFieldName(externalIdFieldName)
                .lineEnding(lineEnding).columnDelimiter(columnDelimiter)
                .numberRecordsProcessed(processed).numberRecordsFailed(failed).errorMessage(errorMessage)
                .uploadCount(uploads).build();
    }
}
