package dev.bulk2.testkit.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** JobInfo JSON of ingest and query jobs and the job list resource. */
final class JobJson {
    private final Engine e;

    JobJson(Engine e) {
        this.e = e;
    }

    static String time(long millis) {
        return Engine.JOB_TIME.format(Instant.ofEpochMilli(millis / 1000 * 1000));
    }

    /** Writes the JobInfo JSON. Shape: "create" (create/close responses), "info" (GET) or "list" (list rows). */
    void writeJobInfo(JsonGenerator g, Job j, String shape) throws IOException {
        synchronized (j) {
            g.writeStartObject();
            g.writeStringField("id", j.id);
            g.writeStringField("operation", j.operation);
            g.writeStringField("object", j.object);
            g.writeStringField("createdById", e.userId18);
            g.writeStringField("createdDate", time(j.createdMillis));
            g.writeStringField("systemModstamp", time(j.modstampMillis));
            g.writeStringField("state", j.state);
            if (j.externalIdFieldName != null) {
                g.writeStringField("externalIdFieldName", j.externalIdFieldName);
            }
            if (j.assignmentRuleId != null) {
                g.writeStringField("assignmentRuleId", j.assignmentRuleId);
            }
            g.writeStringField("concurrencyMode", "Parallel");
            g.writeStringField("contentType", "CSV");
            g.writeFieldName("apiVersion");
            g.writeNumber(j.apiVersion);
            if (!shape.equals("create")) {
                g.writeStringField("jobType", j.query ? "V2Query" : "V2Ingest");
            }
            if (!j.query && (shape.equals("create") ? "Open".equals(j.state) : "Open".equals(j.state))) {
                g.writeStringField("contentUrl", "services/data/v" + j.apiVersion + "/jobs/ingest/" + j.id
                        + "/batches");
            }
            g.writeStringField("lineEnding", j.lineEnding.apiName());
            g.writeStringField("columnDelimiter", j.columnDelimiter.apiName());
            if (shape.equals("info")) {
                g.writeNumberField("numberRecordsProcessed", j.processed);
                if (!j.query) {
                    g.writeNumberField("numberRecordsFailed", j.failed);
                }
                g.writeNumberField("retries", 0);
                g.writeNumberField("totalProcessingTime", j.totalProcessingTime);
                if (!j.query) {
                    g.writeNumberField("apiActiveProcessingTime", j.totalProcessingTime);
                    g.writeNumberField("apexProcessingTime", 0);
                } else {
                    g.writeBooleanField("isPkChunkingSupported", true);
                }
                if (j.errorMessage != null) {
                    g.writeStringField("errorMessage", j.errorMessage);
                }
            }
            g.writeEndObject();
        }
    }

    byte[] jobInfo(Job j, String shape) {
        return Json.render(g -> writeJobInfo(g, j, shape));
    }

    /** GET list of jobs of a kind with paging. */
    void list(Http h, String version, boolean queryJobs) throws IOException {
        Map<String, String> params = OAuth.parseForm(h.ex.getRequestURI().getRawQuery());
        String jobType = params.get("jobType");
        String pk = params.get("isPkChunkingEnabled");
        String cm = params.get("concurrencyMode");
        String locator = params.get("queryLocator");
        String ownType = queryJobs ? "V2Query" : "V2Ingest";
        boolean none = (jobType != null && !jobType.equals(ownType)) || "true".equalsIgnoreCase(pk)
                || (cm != null && !cm.equalsIgnoreCase("Parallel"));
        List<Job> all = new ArrayList<>();
        if (!none) {
            for (String id : new ArrayList<>(e.jobs.ids())) {
                Job j = e.jobs.live(id);
                if (j != null && j.query == queryJobs) {
                    all.add(j);
                }
            }
        }
        all.sort(Comparator.comparingLong(j -> j.seq));
        int offset = 0;
        if (locator != null) {
            int dash = locator.lastIndexOf('-');
            try {
                if (!locator.startsWith("01g") || dash < 0) {
                    throw new NumberFormatException(locator);
                }
                offset = Integer.parseInt(locator.substring(dash + 1));
            } catch (NumberFormatException e) {
                h.error(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
                return;
            }
        }
        int from = Math.min(offset, all.size());
        int to = Math.min(all.size(), from + e.cfg.listPageSize);
        List<Job> page = all.subList(from, to);
        boolean done = to >= all.size();
        String next = done ? null : "/services/data/v" + version + "/jobs/" + (queryJobs ? "query" : "ingest")
                + "?queryLocator=01gWs00000EmuLs-" + to;
        h.json(200, Json.render(g -> {
            g.writeStartObject();
            g.writeBooleanField("done", done);
            g.writeArrayFieldStart("records");
            for (Job j : page) {
                writeJobInfo(g, j, "list");
            }
            g.writeEndArray();
            if (next == null) {
                g.writeNullField("nextRecordsUrl");
            } else {
                g.writeStringField("nextRecordsUrl", next);
            }
            g.writeEndObject();
        }));
    }
}

