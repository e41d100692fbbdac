package dev.bulk2.testkit.internal;

import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.LineEnding;
import dev.bulk2.testkit.FieldSchema;
import dev.bulk2.testkit.FieldType;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Ingest job resources and processing. */
final class Ingest implements Engine.JobKind {
    private static final System.Logger LOG = System.getLogger(Ingest.class.getName());
    private static final List<String> OPS = Arrays.asList("insert", "update", "upsert", "delete", "hardDelete");
    private static final Set<String> CREATE_KEYS = new HashSet<>(Arrays.asList("object", "operation",
            "externalIdFieldName", "contentType", "lineEnding", "columnDelimiter", "assignmentRuleId"));
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s\"]+@[^@\\s\"]+\\.[A-Za-z0-9-]{2,}$");
    private static final Pattern DATETIME =
            Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?(Z|[+-]\\d{2}:?\\d{2})$");
    private static final String NA = "#N/A";

    private final Engine e;

    Ingest(Engine e) {
        this.e = e;
    }

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
                Engine.methodNotAllowed(h, method, "PUT");
            }
        } else if (sub.equals("successfulResults") || sub.equals("failedResults")
                || sub.equals("unprocessedrecords")) {
            if (method.equals("GET")) {
                results(h, j, sub);
            } else {
                Engine.methodNotAllowed(h, method, "GET");
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
        String jobId = e.newJobId();
        Job job = new Job(jobId, false, op, s.schema.name(), extCanonical, rule, version, lineEnding, delimiter,
                e.now(), e.jobSeqOf(jobId));
        if (csv != null) {
            Path f = Files.createTempFile(e.tempDir, job.id, ".csv");
            Files.write(f, csv);
            job.dataFile = f;
            job.dataBytes = csv.length;
            job.uploads = 1;
            job.approxRows = countNewlines(csv, csv.length);
        }
        e.jobs.put(job.id, job);
        byte[] response = e.jobInfo(job, "create");
        if (csv != null) {
            e.setState(job, "UploadComplete");
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
        if (e.faults.dropUpload()) {
            try (InputStream in = h.body()) {
                byte[] b = new byte[4096];
                int n = in.read(b);
                h.bodySize = Math.max(0, n);
            }
            throw new Engine.DropConnection();
        }
        long base64Limit = e.cfg.maxUploadBytes;
        long rawLimit = base64Limit * 2 / 3;
        Path f = Files.createTempFile(e.tempDir, j.id, ".csv");
        long raw = 0;
        long newlines = 0;
        boolean tooBig = false;
        try (InputStream in = h.body(); OutputStream out = Files.newOutputStream(f)) {
            byte[] b = new byte[65536];
            int n;
            while ((n = in.read(b)) > 0) {
                raw += n;
                if (!tooBig && (raw > rawLimit || base64Size(raw) > base64Limit)) {
                    tooBig = true;
                }
                if (!tooBig) {
                    out.write(b, 0, n);
                    newlines += countNewlines(b, n);
                }
            }
        } catch (java.util.zip.ZipException z) {
            Files.deleteIfExists(f);
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
                e.setState(j, "UploadComplete");
            } else if (target.equals("Aborted")) {
                if (!(cur.equals("Open") || cur.equals("UploadComplete") || cur.equals("InProgress"))) {
                    h.error(400, "INVALIDJOBSTATE", "Cannot change state from " + cur + " to Aborted");
                    return;
                }
                e.setState(j, "Aborted");
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
            e.jobs.remove(j.id);
            e.removed(j);
        }
        synchronized (j.resultsLock) {
            e.deleteFiles(j);
        }
        h.empty(204);
    }

    void schedule(Job j) {
        synchronized (j) {
            j.task = e.workers.submit(() -> process(j));
        }
    }

    // ------------------------------------------------------------------------------------------- results

    private void results(Http h, Job j, String kind) throws IOException {
        if (!j.isTerminal()) {
            h.error(400, "INVALIDJOBSTATE", "Job " + j.id + " is in state " + j.state
                    + "; results are available once it is JobComplete, Failed or Aborted");
            return;
        }
        Path file;
        byte[] prefix = new byte[0];
        long from = 0;
        synchronized (j.resultsLock) {
            ensureResults(j);
            if (kind.equals("successfulResults")) {
                file = j.successFile;
            } else if (kind.equals("failedResults")) {
                file = j.failedFile;
            } else {
                file = j.dataFile;
                prefix = j.headerBytes == null ? new byte[0] : j.headerBytes;
                from = j.unprocessedOffset;
            }
        }
        boolean drop = e.faults.dropDownload();
        long size = file == null || from < 0 ? 0 : Files.size(file) - from;
        long limit = drop ? (prefix.length + size) / 2 : Long.MAX_VALUE;
        OutputStream os = h.stream(200, "text/csv");
        long written = 0;
        int p = (int) Math.min(prefix.length, limit);
        os.write(prefix, 0, p);
        written += p;
        if (size > 0 && written < limit) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ch.position(from);
                InputStream in = java.nio.channels.Channels.newInputStream(ch);
                byte[] b = new byte[65536];
                int n;
                while (written < limit && (n = in.read(b, 0, (int) Math.min(b.length, limit - written))) > 0) {
                    os.write(b, 0, n);
                    written += n;
                }
            }
        }
        if (drop) {
            os.flush();
            h.ex.getResponseBody().flush();
            throw new Engine.DropConnection();
        }
        os.close();
    }

    /** Writes header-only result files for jobs that never got to process rows. Call under resultsLock. */
    private void ensureResults(Job j) throws IOException {
        if (j.successFile != null) {
            return;
        }
        String[] header = null;
        if (j.dataFile != null) {
            try (CsvRowReader r = new CsvRowReader(Files.newInputStream(j.dataFile), j.columnDelimiter.character(),
                    j.lineEnding == LineEnding.CRLF)) {
                header = r.next();
                if (header != null) {
                    j.headerBytes = readPrefix(j.dataFile, r.position());
                    j.unprocessedOffset = r.position();
                }
            } catch (CsvRowReader.ParseFailure x) {
                header = null;
                j.headerBytes = new byte[0];
                j.unprocessedOffset = 0;
            }
        }
        openWriters(j, header == null ? new String[0] : header).close();
    }

    private static byte[] readPrefix(Path file, long n) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes((int) n);
        }
    }

    /** Creates both result files with headers; returns a closer for both writers. */
    private ResultWriters openWriters(Job j, String[] header) throws IOException {
        j.successFile = Files.createTempFile(e.tempDir, j.id, ".ok.csv");
        j.failedFile = Files.createTempFile(e.tempDir, j.id, ".err.csv");
        ResultWriters w = new ResultWriters(j, header);
        return w;
    }

    /** Writers of successfulResults and failedResults in the job's dialect. */
    static final class ResultWriters implements java.io.Closeable {
        final Writer ok;
        final Writer err;
        final char d;
        final String le;
        final int columns;

        ResultWriters(Job j, String[] header) throws IOException {
            this.d = j.columnDelimiter.character();
            this.le = j.lineEnding.separator();
            this.columns = header.length;
            ok = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(j.successFile),
                    StandardCharsets.UTF_8), 65536);
            err = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(j.failedFile),
                    StandardCharsets.UTF_8), 65536);
            writeHead(ok, "sf__Created", header);
            writeHead(err, "sf__Error", header);
        }

        private void writeHead(Writer w, String second, String[] header) throws IOException {
            w.write("\"sf__Id\"");
            w.write(d);
            w.write('"' + second + '"');
            for (String h : header) {
                w.write(d);
                echo(w, h);
            }
            w.write(le);
        }

        void echo(Writer w, String v) throws IOException {
            boolean quote = false;
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == d || c == '"' || c == '\n' || c == '\r') {
                    quote = true;
                    break;
                }
            }
            if (!quote) {
                w.write(v);
                return;
            }
            w.write('"');
            w.write(v.replace("\"", "\"\""));
            w.write('"');
        }

        private void quoted(Writer w, String v) throws IOException {
            w.write('"');
            w.write(v.replace("\"", "\"\""));
            w.write('"');
        }

        void success(String id, boolean created, String[] row) throws IOException {
            quoted(ok, id);
            ok.write(d);
            ok.write(created ? "\"true\"" : "\"false\"");
            rest(ok, row);
        }

        void failure(String id, String error, String[] row) throws IOException {
            quoted(err, id == null ? "" : id);
            err.write(d);
            quoted(err, error);
            rest(err, row);
        }

        private void rest(Writer w, String[] row) throws IOException {
            for (int i = 0; i < columns; i++) {
                w.write(d);
                echo(w, i < row.length ? row[i] : "");
            }
            w.write(le);
        }

        @Override
        public void close() throws IOException {
            try {
                ok.close();
            } finally {
                err.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------- processing

    private void fail(Job j, String message) {
        synchronized (j) {
            j.errorMessage = message;
        }
        e.setState(j, "Failed");
    }

    void process(Job j) {
        long t0 = System.nanoTime();
        synchronized (j.resultsLock) {
            synchronized (j) {
                if (!"UploadComplete".equals(j.state)) {
                    return;
                }
            }
            e.setState(j, "InProgress");
            try {
                run(j);
            } catch (IOException | RuntimeException x) {
                LOG.log(System.Logger.Level.WARNING, "Processing job " + j.id + " failed", x);
                fail(j, "InternalServerError : " + x);
            } finally {
                synchronized (j) {
                    j.totalProcessingTime = (System.nanoTime() - t0) / 1_000_000;
                }
                e.progressed();
            }
        }
    }

    private void run(Job j) throws IOException {
        ObjectStore s = e.store(j.object);
        if (j.dataFile == null) {
            ensureResults(j);
            fail(j, "InvalidBatch : No data was uploaded for this job. Upload CSV with PUT before closing the job");
            return;
        }
        boolean crlf = j.lineEnding == LineEnding.CRLF;
        try (CsvRowReader r = new CsvRowReader(Files.newInputStream(j.dataFile), j.columnDelimiter.character(), crlf)) {
            String[] header;
            try {
                header = r.next();
            } catch (CsvRowReader.ParseFailure x) {
                j.headerBytes = new byte[0];
                j.unprocessedOffset = 0;
                openWriters(j, new String[0]).close();
                fail(j, "ClientInputError : " + x.getMessage());
                return;
            }
            if (header == null) {
                openWriters(j, new String[0]).close();
                fail(j, "InvalidBatch : The CSV file is empty; it needs a header row");
                return;
            }
            j.headerBytes = readPrefix(j.dataFile, r.position());
            j.unprocessedOffset = r.position();
            ResultWriters w = openWriters(j, header);
            try {
                if (r.lineEndingMismatch()) {
                    fail(j, "ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is "
                            + j.lineEnding.apiName());
                    return;
                }
                int[] slots = new int[header.length];
                Set<Integer> seen = new HashSet<>();
                for (int i = 0; i < header.length; i++) {
                    String name = header[i];
                    int slot = name.indexOf('.') >= 0 || name.indexOf(':') >= 0 ? -1 : s.slot(name);
                    if (slot < 0) {
                        fail(j, "InvalidBatch : Field name not found : " + name);
                        return;
                    }
                    if (!seen.add(slot)) {
                        fail(j, "InvalidBatch : Duplicate field name : " + name);
                        return;
                    }
                    slots[i] = slot;
                }
                loop(j, s, r, w, header, slots);
            } finally {
                w.close();
            }
        }
    }

    private void loop(Job j, ObjectStore s, CsvRowReader r, ResultWriters w, String[] header, int[] slots)
            throws IOException {
        long failAt = e.faults.failJobAt(Math.max(0, j.approxRows - 1));
        long processed = 0;
        long failed = 0;
        int inBatch = 0;
        Outcome out = new Outcome();
        // the store lock is held per internal batch, as a real batch commits together
        s.lock().lock();
        try {
        while (true) {
            if ("Aborted".equals(j.state)) {
                j.unprocessedOffset = r.position();
                publish(j, processed, failed);
                return;
            }
            long before = r.position();
            String[] row;
            try {
                row = r.next();
            } catch (CsvRowReader.ParseFailure x) {
                j.unprocessedOffset = before;
                publish(j, processed, failed);
                fail(j, "ClientInputError : " + x.getMessage());
                return;
            }
            if (row == null) {
                break;
            }
            if (failAt >= 0 && processed >= failAt) {
                j.unprocessedOffset = before;
                publish(j, processed, failed);
                fail(j, "InternalServerError : Batch failed after the maximum number of retries (20); "
                        + "the remaining records were not processed");
                return;
            }
            if (r.lineEndingMismatch()) {
                j.unprocessedOffset = before;
                publish(j, processed, failed);
                fail(j, "ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is "
                        + j.lineEnding.apiName());
                return;
            }
            if (row.length == 1 && row[0].isEmpty() && header.length > 1) {
                continue;
            }
            out.clear();
            if (r.rowError() != null) {
                out.error = "INVALID_FIELD:Failed to parse CSV: " + r.rowError() + ":--";
            } else if (row.length != header.length) {
                out.error = "INVALID_FIELD:The row has " + row.length + " values but the header has "
                        + header.length + " columns:--";
            } else {
                apply(j, s, slots, row, out);
            }
            processed++;
            if (out.error != null) {
                failed++;
                w.failure(out.id, out.error, row);
            } else {
                w.success(out.id, out.created, row);
            }
            if (++inBatch == e.cfg.batchSize) {
                inBatch = 0;
                s.lock().unlock();
                try {
                    w.ok.flush();
                    w.err.flush();
                    publish(j, processed, failed);
                    if (!e.cfg.processingDelayPerBatch.isZero()) {
                        Thread.sleep(e.cfg.processingDelayPerBatch.toMillis());
                    }
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    s.lock().lock();
                }
            }
        }
        } finally {
            s.lock().unlock();
        }
        j.unprocessedOffset = -1;
        publish(j, processed, failed);
        synchronized (j) {
            if (!"InProgress".equals(j.state)) {
                return;
            }
        }
        e.setState(j, "JobComplete");
    }

    private void publish(Job j, long processed, long failed) {
        synchronized (j) {
            j.processed = processed;
            j.failed = failed;
            j.modstampMillis = e.now();
        }
        e.progressed();
    }

    // ----------------------------------------------------------------------------------------- row logic

    /** Result of one row. */
    static final class Outcome {
        String id;
        boolean created;
        String error;

        void clear() {
            id = null;
            created = false;
            error = null;
        }
    }

    /** Whether a row sets a Person Account field (FirstName, Salutation, Person..., ...__pc). */
    private static boolean hasPersonValue(ObjectStore s, String[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                continue;
            }
            String n = s.fields[i].name();
            if (n.equals("FirstName") || n.equals("MiddleName") || n.equals("Salutation") || n.equals("Suffix")
                    || n.startsWith("Person") || n.endsWith("__pc")) {
                return true;
            }
        }
        return false;
    }

    private static int col(int[] slots, int slot) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == slot) {
                return i;
            }
        }
        return -1;
    }

    private static String fieldError(String code, String message, String field) {
        return code + ":" + message + ":" + field + " --";
    }

    private void apply(Job j, ObjectStore s, int[] slots, String[] row, Outcome out) {
        int idCol = col(slots, s.idSlot);
        String idValue = idCol < 0 ? "" : row[idCol];
        switch (j.operation) {
            case "insert":
                insert(j.seq, s, slots, row, out, -1);
                return;
            case "update": {
                if (idValue.isEmpty()) {
                    out.error = "MISSING_ARGUMENT:Id not specified in an update call:--";
                    return;
                }
                ObjectStore.Rec r = existing(s, idValue, out);
                if (r != null) {
                    update(j.seq, s, slots, row, out, SfId.to18(idValue), r, -1);
                }
                return;
            }
            case "upsert":
                upsert(j, s, slots, row, out);
                return;
            default:
                if (idValue.isEmpty()) {
                    out.error = "MISSING_ARGUMENT:Id not specified in a delete call:--";
                    return;
                }
                ObjectStore.Rec r = existing(s, idValue, out);
                if (r == null) {
                    return;
                }
                String id18 = SfId.to18(idValue);
                if (e.faults.lockError("rec:" + id18)) {
                    out.error = lockError(id18);
                    return;
                }
                String[] v = s.values(r);
                s.unindex(id18, v);
                v[s.isDeletedSlot] = "true";
                v[s.modifiedSlot] = recordNow();
                v[s.modstampSlot] = v[s.modifiedSlot];
                r.packed = PackedRow.pack(v);
                r.deleted = true;
                r.hardDeleted = j.operation.equals("hardDelete");
                r.lastJob = j.seq;
                out.id = id18;
                out.created = false;
        }
    }

    private static String lockError(String id) {
        return "UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record or 1 records: " + id + ":--";
    }

    private ObjectStore.Rec existing(ObjectStore s, String idValue, Outcome out) {
        if (!SfId.isWellFormed(idValue) || !idValue.startsWith(s.prefix())) {
            out.error = fieldError("MALFORMED_ID", s.schema.name() + " ID: id value of incorrect type: " + idValue,
                    "Id");
            return null;
        }
        ObjectStore.Rec r = s.find(SfId.to18(idValue));
        if (r == null) {
            out.error = "INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--";
            return null;
        }
        if (r.deleted) {
            out.error = "ENTITY_IS_DELETED:entity is deleted:--";
            return null;
        }
        return r;
    }

    private void upsert(Job j, ObjectStore s, int[] slots, String[] row, Outcome out) {
        int extSlot = s.slot(j.externalIdFieldName);
        int extCol = col(slots, extSlot);
        String v = extCol < 0 ? "" : row[extCol];
        if (extSlot == s.idSlot) {
            if (v.isEmpty()) {
                insert(j.seq, s, slots, row, out, s.idSlot);
                return;
            }
            ObjectStore.Rec r = existing(s, v, out);
            if (r != null) {
                update(j.seq, s, slots, row, out, SfId.to18(v), r, s.idSlot);
            }
            return;
        }
        if (v.isEmpty() || v.equals(NA)) {
            out.error = "MISSING_ARGUMENT:" + j.externalIdFieldName + " not specified:--";
            return;
        }
        String err = validate(s.fields[extSlot], v, extCol, new String[1]);
        if (err != null) {
            out.error = err;
            return;
        }
        List<String> ids = s.lookup(extSlot, v);
        if (ids.isEmpty()) {
            insert(j.seq, s, slots, row, out, s.idSlot);
        } else if (ids.size() == 1) {
            ObjectStore.Rec r = s.find(ids.get(0));
            if (r.lastJob == j.seq) {
                out.error = "DUPLICATE_VALUE:duplicate value found: " + j.externalIdFieldName
                        + " duplicates value on record with id: " + ids.get(0) + ":--";
                return;
            }
            update(j.seq, s, slots, row, out, ids.get(0), r, s.idSlot);
        } else {
            out.error = fieldError("DUPLICATE_EXTERNAL_ID", j.externalIdFieldName
                    + ": more than one record found for external id field: " + ids, j.externalIdFieldName);
        }
    }

    private long cachedMillis = Long.MIN_VALUE;
    private String cachedNow;

    /** Record timestamp (formatting is costly: cached per millisecond). */
    private synchronized String recordNow() {
        long now = e.now();
        if (now != cachedMillis) {
            cachedMillis = now;
            cachedNow = Engine.RECORD_TIME.format(java.time.Instant.ofEpochMilli(now));
        }
        return cachedNow;
    }

    private static final String FLS = ". Please check the security settings of this field and verify that it is"
            + " read/write for your profile or permission set.";

    /** Fills values from the row; returns an error or null. skipSlot: a column to ignore (-1 none). */
    private String fill(ObjectStore s, int[] slots, String[] row, String[] values, boolean create, int skipSlot) {
        String[] norm = new String[1];
        for (int i = 0; i < slots.length; i++) {
            String v = row[i];
            int slot = slots[i];
            if (v.isEmpty() || slot == skipSlot) {
                continue;
            }
            FieldSchema f = s.fields[slot];
            if (slot == s.idSlot) {
                if (create) {
                    return fieldError("INVALID_FIELD_FOR_INSERT_UPDATE", "cannot specify Id in an insert call", "Id");
                }
                continue;
            }
            if (create ? !f.isCreateable() : !f.isUpdateable()) {
                return fieldError("INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: " + f.name()
                        + FLS, f.name());
            }
            if (v.equals(NA)) {
                values[slot] = null;
                continue;
            }
            String err = validate(f, v, i, norm);
            if (err != null) {
                return err;
            }
            values[slot] = norm[0];
        }
        return null;
    }

    private static String required(ObjectStore s, int[] slots, String[] values, boolean create) {
        List<String> missing = null;
        for (int i : s.requiredSlots) {
            if (values[i] == null && (create || s.keep[i])) {
                if (missing == null) {
                    missing = new ArrayList<>();
                }
                missing.add(s.fields[i].name());
            }
        }
        if (missing == null) {
            missing = new ArrayList<>(1);
        }
        if (missing.isEmpty() && create && !s.schema.requireAnyOf().isEmpty()) {
            boolean any = false;
            for (String n : s.schema.requireAnyOf()) {
                any |= values[s.slot(n)] != null;
            }
            if (!any) {
                // A row that carries person fields is a person account and misses [LastName] (the sample's
                // wording); otherwise name the alternative the upload used, so that a business account with an
                // empty Name gets [Name] as real orgs report it (reference section 7); otherwise the first one.
                String reported = s.schema.requireAnyOf().get(0);
                if (!hasPersonValue(s, values)) {
                    for (String n : s.schema.requireAnyOf()) {
                        if (col(slots, s.slot(n)) >= 0) {
                            reported = n;
                            break;
                        }
                    }
                }
                missing.add(s.fields[s.slot(reported)].name());
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        return "REQUIRED_FIELD_MISSING:Required fields are missing: " + missing.toString() + ":"
                + String.join(",", missing) + " --";
    }

    private static String unique(ObjectStore s, String[] values, String selfId) {
        for (int i : s.uniqueSlots) {
            if (values[i] != null) {
                for (String other : s.lookup(i, values[i])) {
                    if (!other.equals(selfId)) {
                        return "DUPLICATE_VALUE:duplicate value found: " + s.fields[i].name()
                                + " duplicates value on record with id: " + other + ":--";
                    }
                }
            }
        }
        return null;
    }

    private void insert(long jobSeq, ObjectStore s, int[] slots, String[] row, Outcome out, int skipSlot) {
        String[] values = new String[s.fields.length];
        String err = fill(s, slots, row, values, true, skipSlot);
        if (err == null) {
            err = required(s, slots, values, true);
        }
        if (err == null) {
            err = unique(s, values, null);
        }
        if (err == null && e.faults.plan.lockErrorRate() > 0
                && e.faults.lockError("ins:" + s.prefix() + ":" + String.join("\u0001", row))) {
            err = lockError(SfId.make(s.prefix(), 0));
        }
        if (err != null) {
            out.error = err;
            return;
        }
        String id = s.nextId();
        String now = recordNow();
        values[s.idSlot] = id;
        values[s.isDeletedSlot] = "false";
        values[s.createdSlot] = now;
        values[s.modifiedSlot] = now;
        values[s.modstampSlot] = now;
        ObjectStore.Rec r = new ObjectStore.Rec();
        r.lastJob = jobSeq;
        s.put(id, r, null, values);
        out.id = id;
        out.created = true;
    }

    private void update(long jobSeq, ObjectStore s, int[] slots, String[] row, Outcome out, String id18,
            ObjectStore.Rec r, int keySlot) {
        String[] old = s.values(r);
        String[] values = old.clone();
        String err = fill(s, slots, row, values, false, keySlot);
        if (err == null) {
            err = required(s, slots, values, false);
        }
        if (err == null) {
            err = unique(s, values, id18);
        }
        if (err == null && e.faults.plan.lockErrorRate() > 0 && e.faults.lockError("rec:" + id18)) {
            err = lockError(id18);
        }
        if (err != null) {
            out.error = err;
            out.id = id18;
            return;
        }
        String now = recordNow();
        values[s.modifiedSlot] = now;
        values[s.modstampSlot] = now;
        r.lastJob = jobSeq;
        s.put(id18, r, old, values);
        out.id = id18;
        out.created = false;
    }

    private static String deserialize(String v, int col, String xsd, String field) {
        return "INVALID_FIELD:Failed to deserialize field at col " + col + ". Due to, '" + v
                + "' is not a valid value for the type xsd:" + xsd + ":" + field + " --";
    }

    private static boolean isDate(String v) {
        if (v.length() != 10 || v.charAt(4) != '-' || v.charAt(7) != '-') {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (i != 4 && i != 7 && (v.charAt(i) < '0' || v.charAt(i) > '9')) {
                return false;
            }
        }
        try {
            LocalDate.of(Integer.parseInt(v.substring(0, 4)), Integer.parseInt(v.substring(5, 7)),
                    Integer.parseInt(v.substring(8, 10)));
            return true;
        } catch (java.time.DateTimeException x) {
            return false;
        }
    }

    /** Validates and normalizes one non-empty value; returns an error or null. */
    static String validate(FieldSchema f, String v, int col, String[] norm) {
        norm[0] = v;
        switch (f.type()) {
            case BOOLEAN:
                if (v.equalsIgnoreCase("true") || v.equals("1")) {
                    norm[0] = "true";
                } else if (v.equalsIgnoreCase("false") || v.equals("0")) {
                    norm[0] = "false";
                } else {
                    return deserialize(v, col, "boolean", f.name());
                }
                return null;
            case DATE:
                if (!isDate(v)) {
                    return deserialize(v, col, "date", f.name());
                }
                return null;
            case DATETIME:
                if (!DATETIME.matcher(v).matches()) {
                    return deserialize(v, col, "dateTime", f.name());
                }
                try {
                    String iso = v.matches(".*[+-]\\d{4}$") ? v.substring(0, v.length() - 2) + ":"
                            + v.substring(v.length() - 2) : v;
                    OffsetDateTime.parse(iso);
                } catch (DateTimeParseException x) {
                    return deserialize(v, col, "dateTime", f.name());
                }
                return null;
            case DOUBLE:
                try {
                    new BigDecimal(v.trim());
                } catch (NumberFormatException x) {
                    return deserialize(v, col, "double", f.name());
                }
                return null;
            case REFERENCE:
            case ID:
                if (!SfId.isWellFormed(v)) {
                    return fieldError("MALFORMED_ID", f.label() + ": id value of incorrect type: " + v, f.name());
                }
                norm[0] = SfId.to18(v);
                return null;
            default:
                break;
        }
        if (v.length() > f.length()) {
            return fieldError("STRING_TOO_LONG", f.label() + ": data value too large: " + v + " (max length="
                    + f.length() + ")", f.name());
        }
        if (f.type() == FieldType.EMAIL && !EMAIL.matcher(v).matches()) {
            return fieldError("INVALID_EMAIL_ADDRESS", f.label() + ": invalid email address: " + v, f.name());
        }
        if (f.type() == FieldType.PICKLIST && f.isRestricted() && !f.picklistValues().contains(v)) {
            return fieldError("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", f.label()
                    + ": bad value for restricted picklist field: " + v, f.name());
        }
        return null;
    }

    // -------------------------------------------------------------------------------------------- seeding

    List<String> seed(ObjectStore s, List<Map<String, String>> rows) {
        List<String> ids = new ArrayList<>();
        s.lock().lock();
        try {
            for (Map<String, String> m : rows) {
                int[] slots = new int[m.size()];
                String[] row = new String[m.size()];
                int i = 0;
                for (Map.Entry<String, String> en : m.entrySet()) {
                    int slot = s.slot(en.getKey());
                    if (slot < 0) {
                        throw new IllegalArgumentException("Field " + en.getKey() + " does not exist on "
                                + s.schema.name());
                    }
                    slots[i] = slot;
                    row[i++] = en.getValue() == null ? NA : en.getValue();
                }
                Outcome out = new Outcome();
                insertNoFaults(s, slots, row, out);
                if (out.error != null) {
                    throw new IllegalArgumentException("Cannot seed " + s.schema.name() + " record " + m.keySet()
                            + ": " + out.error);
                }
                ids.add(out.id);
            }
        } finally {
            s.lock().unlock();
        }
        return ids;
    }

    private void insertNoFaults(ObjectStore s, int[] slots, String[] row, Outcome out) {
        String[] values = new String[s.fields.length];
        String err = fill(s, slots, row, values, true, -1);
        if (err == null) {
            err = required(s, slots, values, true);
        }
        if (err == null) {
            err = unique(s, values, null);
        }
        if (err != null) {
            out.error = err;
            return;
        }
        String id = s.nextId();
        String now = recordNow();
        values[s.idSlot] = id;
        values[s.isDeletedSlot] = "false";
        values[s.createdSlot] = now;
        values[s.modifiedSlot] = now;
        values[s.modstampSlot] = now;
        ObjectStore.Rec r = new ObjectStore.Rec();
        s.put(id, r, null, values);
        out.id = id;
        out.created = true;
    }
}
