package dev.bulk2.testkit.internal;

import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.LineEnding;
import dev.bulk2.testkit.FieldSchema;
import dev.bulk2.testkit.internal.soql.SoqlException;
import dev.bulk2.testkit.internal.soql.SoqlQuery;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Query job resources (create, abort, delete) and processing; the result pages are {@link QueryResults}. */
final class Query implements JobKind {
    private static final System.Logger LOG = System.getLogger(Query.class.getName());
    private static final Set<String> CREATE_KEYS = new HashSet<>(Arrays.asList("operation", "query",
            "contentType", "columnDelimiter", "lineEnding", "object"));

    private final Engine e;
    private final QueryResults results;

    Query(Engine e) {
        this.e = e;
        this.results = new QueryResults(e);
    }

    @Override
    public boolean isQuery() {
        return true;
    }

    @Override
    public void patch(Http h, Job j) throws IOException {
        abort(h, j);
    }

    @Override
    public void subResource(Http h, Job j, String sub, String method, String version) throws IOException {
        if (!method.equals("GET") && (sub.equals("results") || sub.equals("resultPages"))) {
            Router.methodNotAllowed(h, method, "GET");
        } else if (sub.equals("results")) {
            results.results(h, j, version);
        } else if (sub.equals("resultPages") && Double.parseDouble(version) >= 58.0) {
            results.resultPages(h, j, version);
        } else {
            h.error(404, "NOT_FOUND", "The requested resource does not exist");
        }
    }

    @Override
    public void create(Http h, String version) throws IOException {
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
        if (!(parsed instanceof Map)) {
            h.error(400, "JSON_PARSER_ERROR", "Cannot deserialize the job from a non-object JSON value");
            return;
        }
        Map<?, ?> m = (Map<?, ?>) parsed;
        for (Map.Entry<?, ?> en : m.entrySet()) {
            String k = String.valueOf(en.getKey());
            if (!CREATE_KEYS.contains(k)) {
                h.error(400, "JSON_PARSER_ERROR", "Unrecognized field \"" + k + "\" , not marked as ignorable");
                return;
            }
            if (en.getValue() != null && !(en.getValue() instanceof String)) {
                h.error(400, "JSON_PARSER_ERROR", "Field \"" + k + "\" must be a JSON string");
                return;
            }
        }
        String op = (String) m.get("operation");
        String soql = (String) m.get("query");
        String ct = (String) m.get("contentType");
        String le = (String) m.get("lineEnding");
        String cd = (String) m.get("columnDelimiter");
        if (op != null && !op.equals("query") && !op.equals("queryAll")) {
            h.error(400, "JSON_PARSER_ERROR", "Cannot deserialize value of type `operation` from String \"" + op
                    + "\": not one of the values accepted: [query, queryAll]");
            return;
        }
        if (ct != null && !ct.equals("CSV")) {
            h.error(400, "JSON_PARSER_ERROR", "Cannot deserialize value of type `contentType` from String \"" + ct
                    + "\": not one of the values accepted: [CSV]");
            return;
        }
        LineEnding lineEnding;
        ColumnDelimiter delimiter;
        try {
            lineEnding = le == null ? LineEnding.LF : LineEnding.fromApiName(le);
            delimiter = cd == null ? ColumnDelimiter.COMMA : ColumnDelimiter.fromApiName(cd);
        } catch (IllegalArgumentException x) {
            h.error(400, "JSON_PARSER_ERROR", x.getMessage());
            return;
        }
        if (op == null) {
            h.error(400, "INVALIDJOB", "InvalidJob : Operation not specified");
            return;
        }
        if (soql == null || soql.isBlank()) {
            h.error(400, "INVALIDJOB", "InvalidJob : Query not specified");
            return;
        }
        SoqlQuery q;
        ObjectStore s;
        try {
            q = SoqlQuery.parse(soql);
            s = e.store(q.objectName());
            if (s == null) {
                h.error(400, "INVALID_TYPE", "sObject type '" + q.objectName() + "' is not supported. If you are"
                        + " attempting to use a custom object, be sure to append the '__c' after the entity name.");
                return;
            }
            ObjectStore store = s;
            q = q.resolve(name -> store.schema.field(name).map(FieldSchema::name).orElse(null));
        } catch (SoqlException x) {
            h.error(400, x.errorCode(), x.getMessage());
            return;
        }
        if (!e.allocations.takeQueryJob()) {
            // Bulk API 2.0 errors reach REST as the upper-cased name and "Name : message" (INVALIDJOB, InvalidJob)
            h.error(400, "EXCEEDEDQUOTA", Allocations.EXCEEDED_QUOTA);
            return;
        }
        String id = e.jobs.newId();
        Job j = new Job(id, true, op, s.schema.name(), null, null, version, lineEnding, delimiter, e.now(),
                e.jobs.seqOf(id));
        j.soql = q;
        e.jobs.add(j);
        e.jobs.setState(j, "UploadComplete");
        byte[] response = e.jobInfo(j, "create");
        e.startProcessing(j, () -> process(j));
        h.json(200, response);
    }

    private void abort(Http h, Job j) throws IOException {
        Object parsed;
        try {
            parsed = Json.parse(h.readBody(1 << 20));
        } catch (Json.JsonSyntaxException | Http.TooLarge x) {
            h.error(400, "JSON_PARSER_ERROR", String.valueOf(x.getMessage()));
            return;
        }
        if (!(parsed instanceof Map) || !(((Map<?, ?>) parsed).get("state") instanceof String)) {
            h.error(400, "JSON_PARSER_ERROR", "Expected a JSON object with a string \"state\"");
            return;
        }
        String target = (String) ((Map<?, ?>) parsed).get("state");
        synchronized (j) {
            String cur = j.state;
            if (!target.equals("Aborted") || !(cur.equals("UploadComplete") || cur.equals("InProgress"))) {
                h.error(400, "INVALIDJOBSTATE", "Cannot change state from " + cur + " to " + target);
                return;
            }
            e.jobs.setState(j, "Aborted");
        }
        h.json(200, e.jobInfo(j, "create"));
    }

    @Override
    public void delete(Http h, Job j) throws IOException {
        synchronized (j) {
            String s = j.state;
            if (s.equals("InProgress")) {
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

    // ---------------------------------------------------------------------------------------- processing

    void process(Job j) {
        long t0 = System.nanoTime();
        synchronized (j.resultsLock) {
            synchronized (j) {
                if (!"UploadComplete".equals(j.state)) {
                    return;
                }
            }
            e.jobs.setState(j, "InProgress");
            try {
                run(j);
            } catch (SoqlException x) {
                synchronized (j) {
                    j.errorMessage = x.errorCode() + " : " + x.getMessage();
                }
                e.jobs.setState(j, "Failed");
            } catch (IOException | RuntimeException x) {
                LOG.log(System.Logger.Level.WARNING, "Query job " + j.id + " failed", x);
                synchronized (j) {
                    j.errorMessage = "InternalServerError : " + x;
                }
                e.jobs.setState(j, "Failed");
            } finally {
                synchronized (j) {
                    j.totalProcessingTime = (System.nanoTime() - t0) / 1_000_000;
                }
                e.jobs.progressed();
            }
        }
    }

    private static void quoted(OutputStream out, String v) throws IOException {
        out.write('"');
        if (v != null) {
            if (v.indexOf('"') >= 0) {
                v = v.replace("\"", "\"\"");
            }
            out.write(v.getBytes(StandardCharsets.UTF_8));
        }
        out.write('"');
    }

    private void run(Job j) throws IOException {
        ObjectStore s = e.store(j.object);
        if (e.allocations.queryStorageMBUsed() >= e.cfg.dailyBulkV2QueryFileStorageMB) {
            synchronized (j) {
                j.errorMessage = "ExceededQuota : The daily Bulk API 2.0 query result storage of "
                        + e.cfg.dailyBulkV2QueryFileStorageMB + " MB (DailyBulkV2QueryFileStorageMB) is used up";
            }
            e.jobs.setState(j, "Failed");
            return;
        }
        List<byte[]> rows;
        s.lock().lock();
        try {
            rows = s.snapshot(j.operation.equals("queryAll"));
        } finally {
            s.lock().unlock();
        }
        List<String> fields = j.soql.selectFields();
        j.resultFile = Files.createTempFile(e.tempDir, j.id, ".query.csv");
        long[] offsets = new long[Math.max(16, Math.min(rows.size(), 1 << 20) + 1)];
        int count = 0;
        byte d = (byte) j.columnDelimiter.character();
        byte[] le = j.lineEnding.separator().getBytes(StandardCharsets.US_ASCII);
        try (CountingOut out = new CountingOut(new BufferedOutputStream(Files.newOutputStream(j.resultFile), 65536));
                Stream<Map<String, String>> matched = j.soql.apply(rows.stream().map(s::toMap))) {
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.write(d);
                }
                quoted(out, fields.get(i));
            }
            out.write(le);
            j.headerLength = out.count;
            Iterator<Map<String, String>> it = matched.iterator();
            int inBatch = 0;
            while (it.hasNext()) {
                if ("Aborted".equals(j.state)) {
                    return;
                }
                Map<String, String> r = it.next();
                if (count + 1 >= offsets.length) {
                    offsets = Arrays.copyOf(offsets, offsets.length * 2);
                }
                offsets[count++] = out.count;
                for (int i = 0; i < fields.size(); i++) {
                    if (i > 0) {
                        out.write(d);
                    }
                    quoted(out, r.get(fields.get(i)));
                }
                out.write(le);
                if (++inBatch == e.cfg.batchSize) {
                    inBatch = 0;
                    synchronized (j) {
                        j.processed = count;
                    }
                    e.jobs.progressed();
                    try {
                        e.betweenBatches(j);
                    } catch (InterruptedException x) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            offsets[count] = out.count;
            e.allocations.addQueryResultBytes(out.count);
        }
        synchronized (j) {
            j.rowOffsets = offsets;
            j.rowCount = count;
            j.processed = count;
            if (!"InProgress".equals(j.state)) {
                return;
            }
        }
        e.jobs.setState(j, "JobComplete");
    }

    /** Counts bytes written. */
    static final class CountingOut extends java.io.FilterOutputStream {
        long count;

        CountingOut(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
