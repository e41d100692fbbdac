package dev.bulk2.examples.sync;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one run did, written as {@code summary.json}. Mutable, filled by one thread. Holds no secret. */
final class RunSummary {
    String runId;
    String mode;
    Instant startedAt;
    Instant finishedAt;
    int exitCode;
    String exitReason = "";
    Instant watermarkBefore;
    Instant lowerBound;
    Instant watermarkAfter;
    boolean watermarkAdvanced;
    /**
     * Why the watermark is where it is, for the summary line: {@code advanced}, {@code unchanged: ...} (the run
     * committed but read nothing newer) or {@code not moved: ...} (the run did not commit it).
     */
    String watermarkNote = "not moved: the run stopped before its commit";
    long read;
    long fromRetryList;
    long rejected;
    long sent;
    long succeeded;
    /** Records created (not updated); -1 when the successful results were not read (report.countCreated). */
    long created = -1;
    boolean resumed;
    boolean fullKeyScan;
    long hardDeleted;
    long failed;
    long unprocessed;
    long deactivated;
    long deleteRequested;
    long deleted;
    long deleteFailed;
    long deleteNotFound;
    long givenUp;
    long retryListSize;
    boolean reconciled;
    final List<String> reconciliationErrors = new ArrayList<>();
    long readBackCompared = -1;
    long readBackDifferences = -1;
    long readBackMissing = -1;
    /** Of the missing records: rows the checks still refuse (rejected by this run or an earlier one). */
    long readBackMissingRefused = -1;
    /** Of the missing records: rows that failed or stayed unprocessed in this run. */
    long readBackMissingFailed = -1;
    /** Of the missing records: the ones nothing explains, to look at. */
    long readBackMissingUnexplained = -1;
    final List<String> jobIds = new ArrayList<>();
    long apiCalls;
    long bulkBatches;
    final Map<String, Long> phaseMillis = new LinkedHashMap<>();
    String reportDir;
    String lockTakenOverFrom;
    final List<String> alerts = new ArrayList<>();

    /** Times a phase: {@code try (var p = summary.phase("read")) {...}}. */
    Phase phase(String name) {
        return new Phase(name);
    }

    final class Phase implements AutoCloseable {
        private final String name;
        private final long start = System.nanoTime();

        Phase(String name) {
            this.name = name;
        }

        @Override
        public void close() {
            synchronized (phaseMillis) { // the key scan's phase ends on its own thread
                phaseMillis.merge(name, (System.nanoTime() - start) / 1_000_000, Long::sum);
            }
        }
    }

    /** @return the failures counted against the threshold: failed and unprocessed records and failed deletes */
    long failures() {
        return failed + unprocessed + deleteFailed;
    }

    String toJson() {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("runId", runId);
            g.writeStringField("mode", mode);
            time(g, "startedAt", startedAt);
            time(g, "finishedAt", finishedAt);
            g.writeNumberField("exitCode", exitCode);
            g.writeBooleanField("resumed", resumed);
            g.writeBooleanField("fullKeyScan", fullKeyScan);
            g.writeStringField("exitReason", exitReason);
            g.writeObjectFieldStart("watermark");
            time(g, "before", watermarkBefore);
            time(g, "readFrom", lowerBound);
            time(g, "after", watermarkAfter != null ? watermarkAfter : watermarkBefore);
            g.writeBooleanField("advanced", watermarkAdvanced);
            g.writeStringField("note", watermarkNote);
            g.writeEndObject();
            g.writeObjectFieldStart("counts");
            long[] values = {read, fromRetryList, rejected, sent, succeeded, created, failed, unprocessed, deactivated,
                deleteRequested, deleted, deleteFailed, deleteNotFound, hardDeleted, givenUp, retryListSize};
            String[] names = {"read", "fromRetryList", "rejected", "sent", "succeeded", "created", "failed",
                "unprocessed", "deactivated", "deleteRequested", "deleted", "deleteFailed", "deleteNotFound",
                "hardDeleted", "givenUp", "retryListSize"};
            for (int i = 0; i < names.length; i++) {
                if (values[i] < 0) {
                    g.writeNullField(names[i]); // not counted in this run
                } else {
                    g.writeNumberField(names[i], values[i]);
                }
            }
            g.writeEndObject();
            g.writeObjectFieldStart("reconciliation");
            g.writeBooleanField("reconciled", reconciled);
            g.writeArrayFieldStart("errors");
            for (String e : reconciliationErrors) {
                g.writeString(e);
            }
            g.writeEndArray();
            if (readBackCompared >= 0) {
                g.writeNumberField("readBackCompared", readBackCompared);
                g.writeNumberField("readBackDifferences", readBackDifferences);
                g.writeNumberField("readBackMissing", readBackMissing);
                g.writeNumberField("readBackMissingRefused", readBackMissingRefused);
                g.writeNumberField("readBackMissingFailed", readBackMissingFailed);
                g.writeNumberField("readBackMissingUnexplained", readBackMissingUnexplained);
            }
            g.writeEndObject();
            g.writeArrayFieldStart("jobs");
            for (String j : jobIds) {
                g.writeString(j);
            }
            g.writeEndArray();
            g.writeNumberField("apiCalls", apiCalls);
            g.writeNumberField("bulkBatches", bulkBatches);
            g.writeObjectFieldStart("phaseMillis");
            for (Map.Entry<String, Long> e : phaseMillis.entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeStringField("reportDir", reportDir);
            if (lockTakenOverFrom != null) {
                g.writeStringField("lockTakenOverFrom", lockTakenOverFrom);
            }
            g.writeArrayFieldStart("alerts");
            for (String a : alerts) {
                g.writeString(a);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString() + "\n";
    }

    private static void time(JsonGenerator g, String name, Instant t) throws IOException {
        if (t == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, t.toString());
        }
    }

    /** "erp-connect 0.03 s, key-scan 1.12 s beside the read, ..." in the order the phases started. */
    private String phaseText() {
        StringBuilder b = new StringBuilder();
        synchronized (phaseMillis) {
            for (Map.Entry<String, Long> e : phaseMillis.entrySet()) {
                b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(seconds(e.getValue()))
                        .append(" s").append("key-scan".equals(e.getKey()) ? " beside the read" : "");
            }
        }
        return b.toString();
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.2f", millis / 1000.0);
    }

    /** @return a few human lines for the console */
    String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("Run %s (%s): exit %d%s%n", runId, mode, exitCode,
                exitReason.isEmpty() ? "" : " - " + exitReason));
        b.append(String.format("  read %d (%d from the retry list), rejected %d, sent %d: %d succeeded%s,"
                + " %d failed, %d unprocessed%n", read, fromRetryList, rejected, sent, succeeded,
                created < 0 ? "" : " (" + created + " created)", failed, unprocessed));
        b.append(String.format("  deactivated %d, deletes %d/%d (%d not found, %d failed), given up %d, retry list %d%n",
                deactivated, deleted, deleteRequested, deleteNotFound, deleteFailed, givenUp,
                retryListSize));
        if (fullKeyScan) {
            b.append(String.format("  full key scan: %d client(s) gone from the ERP, propagated%n", hardDeleted));
        }
        if (resumed) {
            b.append("  resumed from the run journal after the previous process stopped\n");
        }
        b.append(String.format("  jobs %d, API calls %d, reconciled %s%s%n", jobIds.size(), apiCalls, reconciled,
                readBackCompared >= 0 ? ", read-back differences " + readBackDifferences + ", missing "
                        + readBackMissing + " (" + readBackMissingRefused + " refused by the checks, "
                        + readBackMissingFailed + " failed in this run, " + readBackMissingUnexplained
                        + " unexplained)" : ""));
        if (watermarkBefore == null) {
            b.append("  watermark not read (the run stopped before it reached the ERP)\n");
        } else {
            b.append(String.format("  watermark %s -> %s (%s)%n", watermarkBefore,
                    watermarkAfter != null ? watermarkAfter : watermarkBefore, watermarkNote));
        }
        String total = startedAt != null && finishedAt != null
                ? " " + seconds(java.time.Duration.between(startedAt, finishedAt).toMillis()) + " s" : "";
        String phases = phaseText();
        if (!total.isEmpty() || !phases.isEmpty()) {
            b.append("  time").append(total).append(phases.isEmpty() ? "" : " (" + phases + ")").append('\n');
        }
        b.append(String.format("  report: %s%n", reportDir));
        return b.toString();
    }
}
