package dev.bulk2.testkit.internal;

import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.LineEnding;
import dev.bulk2.testkit.FieldSchema;
import dev.bulk2.testkit.FieldType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Ingest job resources and processing. */
final class Ingest implements JobKind {
    private static final System.Logger LOG = System.getLogger(Ingest.class.getName());
    private static final List<String> OPS = Arrays.asList("insert", "update", "upsert", "delete", "hardDelete");
    private static final Set<String> CREATE_KEYS = new HashSet<>(Arrays.asList("object", "operation",
            "externalIdFieldName", "contentType", "lineEnding", "columnDelimiter", "assignmentRuleId"));

    private final Engine e;

    Ingest(Engine e) {
        this.e = e;
        this.results = new IngestResults(e);
        this.dml = new RecordDml(e);
        this.runner = new IngestRun(e, results, dml);
    }

    final IngestResults results;
    final RecordDml dml;
    private final IngestRun runner;
    // ------------------------------------------------------------------------------------------- routing

    @Override
    public boolean isQuery() {
        return false;
    }

    @Override
    public void subResource(Http h, Job j, String sub, String method, String version) throws IOException {
        if (sub.equals("batches")) {
            if (method.equals("PUT")) {
                upload(h, j);
            } else {
                Router.methodNotAllowed(h, method, "PUT");
            }
        } else if (sub.equals("successfulResults") || sub.equals("failedResults")
                || sub.equals("unprocessedrecords")) {
            if (method.equals("GET")) {
                results.results(h, j, sub);
            } else {
                Router.methodNotAllowed(h, method, "GET");
            }
        } else {
            h.error(404, "NOT_FOUND", "The requested resource does not exist");
        }
    }

    // -------------------------------------------------------------------------------------------- create

    private static String enumError(String field, String value, String allowed) {
        return "Cannot deserialize value of type `" + field + "` from String \"" + value
                + "\": not one of the values accepted: " + allowed;
    }

    @Override
    public void create(Http h, String version) throws IOException {
        String ct = h.header("Content-Type");
        byte[] jobJson;
        byte[] csv = null;
        try {
            if (ct != null && ct.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
                String boundary = Multipart.boundary(ct);
                if (boundary == null) {
                    h.error(400, "INVALIDJOB", "InvalidJob : multipart request without a boundary");
                    return;
                }
                Map<String, byte[]> parts = Multipart.parse(h.readBody(e.cfg.multipartMaxChars * 4 + (1 << 20)),
                        boundary);
                jobJson = parts.get("job");
                csv = parts.get("content");
                if (jobJson == null || csv == null) {
                    h.error(400, "INVALIDJOB", "InvalidJob : a multipart create needs the parts 'job' and 'content'");
                    return;
                }
                int chars = new String(csv, StandardCharsets.UTF_8).length();
                if (chars > e.cfg.multipartMaxChars) {
                    h.error(400, "INVALIDJOB", "InvalidJob : the 'content' part has " + chars
                            + " characters; a multipart create accepts at most " + e.cfg.multipartMaxChars
                            + ". Upload larger data with PUT .../batches.");
                    return;
                }
            } else {
                jobJson = h.readBody(1 << 20);
            }
        } catch (Http.TooLarge t) {
            h.error(400, "INVALIDJOB", "InvalidJob : the request is too large (" + t.size + " bytes)");
            return;
        }
        Object parsed;
        try {
            parsed = Json.parse(jobJson);
        } catch (Json.JsonSyntaxException x) {
            h.error(400, "JSON_PARSER_ERROR", String.valueOf(x.getMessage()));
            return;
        }
        if (!(parsed instanceof Map)) {
            h.error(400, "JSON_PARSER_ERROR", "Cannot deserialize the job from a non-object JSON value");
            return;
        }
        Map<?, ?> m = (Map<?, ?>) parsed;
        double v = Double.parseDouble(version);
        for (Map.Entry<?, ?> en : m.entrySet()) {
            String k = String.valueOf(en.getKey());
            if (!CREATE_KEYS.contains(k) || (k.equals("assignmentRuleId") && v < 49.0)) {
                h.error(400, "JSON_PARSER_ERROR", "Unrecognized field \"" + k + "\" , not marked as ignorable");
                return;
            }
            if (en.getValue() != null && !(en.getValue() instanceof String)) {
                h.error(400, "JSON_PARSER_ERROR", "Field \"" + k + "\" must be a JSON string");
                return;
            }
        }
        String object = (String) m.get("object");
        String op = (String) m.get("operation");
        String ext = (String) m.get("externalIdFieldName");
        String contentType = (String) m.get("contentType");
        String le = (String) m.get("lineEnding");
        String cd = (String) m.get("columnDelimiter");
        String rule = (String) m.get("assignmentRuleId");
        if (op != null && !OPS.contains(op)) {
            h.error(400, "JSON_PARSER_ERROR", enumError("operation", op, OPS.toString()));
            return;
        }
        if (contentType != null && !contentType.equals("CSV")) {
            h.error(400, "JSON_PARSER_ERROR", enumError("contentType", contentType, "[CSV]"));
            return;
        }
        LineEnding lineEnding;
        ColumnDelimiter delimiter;
        try {
            lineEnding = le == null ? LineEnding.LF : LineEnding.fromApiName(le);
        } catch (IllegalArgumentException x) {
            h.error(400, "JSON_PARSER_ERROR", enumError("lineEnding", le, "[LF, CRLF]"));
            return;
        }
        try {
            delimiter = cd == null ? ColumnDelimiter.COMMA : ColumnDelimiter.fromApiName(cd);
        } catch (IllegalArgumentException x) {
            h.error(400, "JSON_PARSER_ERROR", enumError("columnDelimiter", cd,
                    "[BACKQUOTE, CARET, COMMA, PIPE, SEMICOLON, TAB]"));
            return;
        }
        if (object == null || object.isEmpty()) {
            h.error(400, "INVALIDJOB", "InvalidJob : Object not specified");
            return;
        }
        if (op == null) {
            h.error(400, "INVALIDJOB", "InvalidJob : Operation not specified");
            return;
        }
        ObjectStore s = e.store(object);
        if (s == null) {
            h.error(400, "INVALIDENTITY", "Entity '" + object + "' is not supported by the Bulk API.");
            return;
        }
        String extCanonical = null;
        if (op.equals("upsert")) {
            if (ext == null || ext.isEmpty()) {
                h.error(400, "INVALIDJOB", "InvalidJob : External ID was blank for " + s.schema.name()
                        + ". An External ID must be specified for upsert.");
                return;
            }
            FieldSchema f = s.schema.field(ext).orElse(null);
            if (f == null || !(f.isExternalId() || f.type() == FieldType.ID)) {
                h.error(400, "INVALIDJOB", "InvalidJob : Field name provided, " + ext
                        + " does not match an External ID, Salesforce Id, or indexed field for " + s.schema.name());
                return;
            }
            extCanonical = f.name();
        }
        String jobId = e.jobs.newId();
        Job job = new Job(jobId, false, op, s.schema.name(), extCanonical, rule, version, lineEnding, delimiter,
                e.now(), e.jobs.seqOf(jobId));
        if (csv != null) {
            Path f = Files.createTempFile(e.tempDir, job.id, ".csv");
            Files.write(f, csv);
            job.dataFile = f;
            job.dataBytes = csv.length;
            job.uploads = 1;
            job.approxRows = countNewlines(csv, csv.length);
        }
        e.jobs.add(job);
        byte[] response = e.jobInfo(job, "create");
        if (csv != null) {
            e.jobs.setState(job, "UploadComplete");
            response = e.jobInfo(job, "create");
            schedule(job);
        }
        h.json(200, response);
    }

    private static long countNewlines(byte[] b, int n) {
        long c = 0;
        for (int i = 0; i < n; i++) {
            if (b[i] == '\n') {
                c++;
            }
        }
        return c;
    }

    // -------------------------------------------------------------------------------------------- upload

    private void upload(Http h, Job j) throws IOException {
        long base64Limit = e.cfg.maxUploadBytes;
        long rawLimit = base64Limit * 2 / 3;
        Path f = null;
        long raw = 0;
        long newlines = 0;
        boolean tooBig = false;
        try (InputStream in = h.body()) {
            // the first bytes of the decoded body identify the data, for FaultPlan.dropUploadRepeats
            byte[] prefix = new byte[4096];
            int p = 0;
            int n;
            while (p < prefix.length && (n = in.read(prefix, p, prefix.length - p)) > 0) {
                p += n;
            }
            if (e.faults.dropUpload(dataKey(prefix, p))) {
                h.bodySize = h.rawBytesRead();
                throw new Engine.DropConnection();
            }
            f = Files.createTempFile(e.tempDir, j.id, ".csv");
            try (InputStream all = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(prefix, 0, p), in);
                    OutputStream out = Files.newOutputStream(f)) {
                byte[] b = new byte[65536];
                while ((n = all.read(b)) > 0) {
                    raw += n;
                    if (!tooBig && (raw > rawLimit || base64Size(raw) > base64Limit)) {
                        tooBig = true;
                    }
                    if (!tooBig) {
                        out.write(b, 0, n);
                        newlines += countNewlines(b, n);
                    }
                }
            }
        } catch (java.util.zip.ZipException z) {
            if (f != null) {
                Files.deleteIfExists(f);
            }
            h.bodySize = h.rawBytesRead();
            h.error(400, "INVALIDJOB", "InvalidJob : the request body is not valid gzip (" + z.getMessage() + ")");
            return;
        }
        h.bodySize = h.rawBytesRead();
        if (tooBig) {
            Files.deleteIfExists(f);
            h.error(413, "REQUEST_ENTITY_TOO_LARGE", "The uploaded CSV has " + raw + " bytes (" + base64Size(raw)
                    + " bytes base64-encoded); a job accepts at most " + rawLimit + " bytes (" + base64Limit
                    + " base64). Split the data into several jobs.");
            return;
        }
        String state;
        boolean keep;
        synchronized (j) {
            state = j.state;
            keep = "Open".equals(state);
            if (keep) {
                j.uploads++;
                if (j.uploads == 1) {
                    j.dataFile = f;
                    j.dataBytes = raw;
                    j.approxRows = newlines;
                } else {
                    keep = false;
                }
            }
        }
        if (!keep) {
            Files.deleteIfExists(f);
        }
        if (!"Open".equals(state)) {
            h.error(400, "INVALIDJOBSTATE", "Job " + j.id + " is in state " + state
                    + "; data can only be uploaded while the job is Open");
            return;
        }
        h.empty(201);
    }

    private static String dataKey(byte[] prefix, int length) {
        return length + ":" + java.util.Arrays.hashCode(java.util.Arrays.copyOf(prefix, length));
    }

    private static long base64Size(long raw) {
        return (raw + 2) / 3 * 4;
    }

    // --------------------------------------------------------------------------------------- patch/delete

    @Override
    public void patch(Http h, Job j) throws IOException {
        Object parsed;
        try {
            parsed = Json.parse(h.readBody(1 << 20));
        } catch (Json.JsonSyntaxException x) {
            h.error(400, "JSON_PARSER_ERROR", String.valueOf(x.getMessage()));
            return;
        } catch (Http.TooLarge t) {
            h.error(400, "JSON_PARSER_ERROR", "request too large");
            return;
        }
        if (!(parsed instanceof Map) || !(((Map<?, ?>) parsed).get("state") instanceof String)) {
            h.error(400, "JSON_PARSER_ERROR", "Expected a JSON object with a string \"state\"");
            return;
        }
        String target = (String) ((Map<?, ?>) parsed).get("state");
        String cur;
        byte[] response;
        synchronized (j) {
            cur = j.state;
            if (target.equals("UploadComplete")) {
                if (!cur.equals("Open")) {
                    h.error(400, "INVALIDJOBSTATE", "Cannot change state from " + cur + " to UploadComplete");
                    return;
                }
                if (j.uploads > 1) {
                    h.error(400, "INVALIDJOB", "Found multipe contents for job: <" + j.id.substring(0, 15)
                            + ">, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make"
                            + " sure you only do 'PUT' once on a given Job.");
                    return;
                }
                e.jobs.setState(j, "UploadComplete");
            } else if (target.equals("Aborted")) {
                if (!(cur.equals("Open") || cur.equals("UploadComplete") || cur.equals("InProgress"))) {
                    h.error(400, "INVALIDJOBSTATE", "Cannot change state from " + cur + " to Aborted");
                    return;
                }
                e.jobs.setState(j, "Aborted");
            } else {
                h.error(400, "INVALIDJOBSTATE", "Cannot change state from " + cur + " to " + target);
                return;
            }
            // Rendered under the job's lock: the answer shows the state this PATCH set (UploadComplete), even
            // when a worker picks the job up at once, as Salesforce answers a close.
            response = e.jobInfo(j, "create");
        }
        if (target.equals("UploadComplete")) {
            schedule(j);
        }
        h.json(200, response);
    }

    @Override
    public void delete(Http h, Job j) throws IOException {
        synchronized (j) {
            String s = j.state;
            if (!(s.equals("UploadComplete") || s.equals("JobComplete") || s.equals("Aborted") || s.equals("Failed"))) {
                h.error(400, "INVALIDJOBSTATE", "Cannot delete job " + j.id + " in state " + s
                        + "; abort it first or wait until it completes");
                return;
            }
            if (j.task != null) {
                j.task.cancel(false);
            }
            e.jobs.unregister(j);
        }
        synchronized (j.resultsLock) {
            JobRegistry.deleteFiles(j);
        }
        h.empty(204);
    }

    void schedule(Job j) {
        e.startProcessing(j, () -> runner.process(j));
    }

    void process(Job j) {
        runner.process(j);
    }
}
