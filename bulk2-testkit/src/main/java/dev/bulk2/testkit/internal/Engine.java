package dev.bulk2.testkit.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.bulk2.testkit.JobSnapshot;
import dev.bulk2.testkit.ObjectSchema;
import dev.bulk2.testkit.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** The emulated org: HTTP server, token table, object stores, jobs, counters. Thread-safe. */
public final class Engine implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(Engine.class.getName());
    static final DateTimeFormatter JOB_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT).withZone(ZoneOffset.UTC);
    static final DateTimeFormatter RECORD_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Thrown by handlers to close the connection abruptly (fault injection). */
    static final class DropConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DropConnection() {
            super("connection dropped on purpose (fault injection)", null, false, false);
        }
    }

    final Config cfg;
    final String orgId15 = "00DWs00000EmuOg";
    final String orgId18 = orgId15 + SfId.suffix(orgId15);
    final String userId18 = SfId.make("005", 1);
    final Faults faults;
    final OAuth oauth;
    final Map<String, ObjectStore> stores = new LinkedHashMap<>();
    final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong apiCalls = new AtomicLong();
    private final AtomicLong jobSeq = new AtomicLong();
    private final AtomicLong errorSeq = new AtomicLong(1_000_000);
    private final ArrayDeque<RecordedRequest> log = new ArrayDeque<>();
    private final Object stateMonitor = new Object();
    /** Bumped under stateMonitor on every change a waiter may care about, so that no wake-up is lost. */
    private long stateVersion;
    private int inFlight;
    private int maxInFlight;
    private HttpServer server;
    private ExecutorService http;
    ExecutorService workers;
    Path tempDir;
    private URI instanceUrl;
    private final Ingest ingest;
    private final Query query;

    /**
     * Creates the engine (not started).
     *
     * @param cfg settings
     */
    public Engine(Config cfg) {
        this.cfg = cfg;
        this.faults = new Faults(cfg.faults);
        this.oauth = new OAuth(this);
        for (ObjectSchema s : cfg.schemas) {
            stores.put(s.name().toLowerCase(Locale.ROOT), new ObjectStore(s, cfg.storeMode));
        }
        this.ingest = new Ingest(this);
        this.query = new Query(this);
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Binds and starts serving.
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            tempDir = Files.createTempDirectory("bulk2-emulator");
            server = HttpServer.create(new InetSocketAddress(cfg.host, cfg.port), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Bulk API emulator on " + cfg.host + ":" + cfg.port
                    + " (port in use? use port 0 for a free port)", e);
        }
        http = Executors.newCachedThreadPool(daemon("bulk2-emulator-http-"));
        workers = Executors.newFixedThreadPool(Math.max(1, cfg.workerThreads), daemon("bulk2-emulator-worker-"));
        server.setExecutor(http);
        server.createContext("/", this);
        server.start();
        String host = cfg.host.contains(":") ? "[" + cfg.host + "]" : cfg.host;
        instanceUrl = URI.create("http://" + host + ":" + server.getAddress().getPort());
        LOG.log(System.Logger.Level.INFO, "Bulk API 2.0 emulator listening on {0}", instanceUrl);
    }

    /** Stops the server and deletes temporary files. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop(0);
        http.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(tempDir);
        server = null;
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "cannot delete {0}", p);
                }
            });
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot clean {0}", dir);
        }
    }

    /** @return the base URL, valid after start */
    public URI instanceUrl() {
        if (instanceUrl == null) {
            throw new IllegalStateException("The emulator is not started; call start() first");
        }
        return instanceUrl;
    }

    /** @return the API calls counted so far */
    public long apiCallCount() {
        return apiCalls.get();
    }

    /** @return a fresh valid token */
    public String issueToken() {
        return oauth.issue();
    }

    /** Expires every token issued so far. */
    public void expireAllTokens() {
        oauth.expireAll();
    }

    /** @return ingest jobs currently UploadComplete or InProgress */
    public int inFlightJobs() {
        synchronized (stateMonitor) {
            return inFlight;
        }
    }

    /** @return the highest {@link #inFlightJobs()} seen */
    public int maxObservedInFlightJobs() {
        synchronized (stateMonitor) {
            return maxInFlight;
        }
    }

    /** @return the request log, oldest first */
    public List<RecordedRequest> requests() {
        synchronized (log) {
            return new ArrayList<>(log);
        }
    }

    /** @return snapshots of all jobs, by creation order */
    public List<JobSnapshot> jobs() {
        List<Job> all = new ArrayList<>(jobs.values());
        all.sort(Comparator.comparingLong(j -> j.seq));
        List<JobSnapshot> out = new ArrayList<>();
        for (Job j : all) {
            out.add(j.snapshot());
        }
        return out;
    }

    /**
     * Snapshot of one job.
     *
     * @param id job id
     * @return the snapshot if the job exists
     */
    public Optional<JobSnapshot> job(String id) {
        Job j = jobs.get(id);
        return j == null ? Optional.empty() : Optional.of(j.snapshot());
    }

    /**
     * Waits until the job is in one of the states.
     *
     * @param id job id
     * @param timeout maximum wait
     * @param states wanted states
     * @return the snapshot in a wanted state
     * @throws IllegalStateException on timeout or unknown job
     */
    public JobSnapshot awaitJobState(String id, Duration timeout, String... states) {
        List<String> wanted = Arrays.asList(states);
        return awaitJob(id, timeout, s -> wanted.contains(s.state()), "in state " + wanted);
    }

    /**
     * Waits until a snapshot of the job satisfies the condition (checked on every state or counter change).
     *
     * @param id job id
     * @param timeout maximum wait
     * @param condition the condition
     * @param description for the timeout message
     * @return the first snapshot satisfying it
     * @throws IllegalStateException on timeout or unknown job
     */
    public JobSnapshot awaitJob(String id, Duration timeout, java.util.function.Predicate<JobSnapshot> condition,
            String description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen;
            synchronized (stateMonitor) {
                seen = stateVersion;
            }
            // The snapshot locks the job, so it is taken outside stateMonitor: setState is called with the job
            // locked and then takes stateMonitor, and the opposite order here would deadlock.
            Job j = jobs.get(id);
            if (j == null) {
                throw new IllegalStateException("No job " + id + " in the emulator");
            }
            JobSnapshot s = j.snapshot();
            if (condition.test(s)) {
                return s;
            }
            synchronized (stateMonitor) {
                while (stateVersion == seen) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException("Job " + id + " is not " + description + " after "
                                + timeout + ": " + s);
                    }
                    try {
                        stateMonitor.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Interrupted while waiting for job " + id, e);
                    }
                }
            }
        }
    }

    private static final long DAY = 24L * 3600 * 1000;

    /**
     * Looks a job up, applying the time rules: an ingest job left Open for more than 24 hours turns Failed, and
     * terminal jobs older than 7 days are deleted (404 afterwards).
     */
    Job live(String id) {
        Job j = jobs.get(id);
        if (j == null) {
            return null;
        }
        long now = now();
        synchronized (j) {
            if (!j.query && "Open".equals(j.state) && now - j.createdMillis > DAY) {
                j.errorMessage = "InvalidJob : The job was Open for more than 24 hours without being closed";
                setState(j, "Failed");
            }
            if (j.isTerminal() && now - j.modstampMillis > 7 * DAY) {
                jobs.remove(id);
                removed(j);
                deleteFiles(j);
                return null;
            }
        }
        return j;
    }

    ObjectStore store(String object) {
        return object == null ? null : stores.get(object.toLowerCase(Locale.ROOT));
    }

    /**
     * Stored records of an object.
     *
     * @param object sObject name
     * @param deleted deleted (recycle bin) instead of live ones
     * @return maps of canonical field name to value
     */
    public List<Map<String, String>> records(String object, boolean deleted) {
        ObjectStore s = store(object);
        if (s == null) {
            throw new IllegalArgumentException("Unknown object " + object + "; known: " + knownObjects());
        }
        return s.records(deleted);
    }

    String knownObjects() {
        List<String> names = new ArrayList<>();
        for (ObjectStore s : stores.values()) {
            names.add(s.schema.name());
        }
        return names.toString();
    }

    /**
     * Seeds records (validated like an insert).
     *
     * @param object sObject
     * @param rows field name to value
     * @return the new ids
     */
    public List<String> insertRecords(String object, List<Map<String, String>> rows) {
        ObjectStore s = store(object);
        if (s == null) {
            throw new IllegalArgumentException("Unknown object " + object + "; known: " + knownObjects());
        }
        return ingest.seed(s, rows);
    }

    /** Drops jobs, records, tokens, counters and the request log; restarts fault sequences. */
    public void reset() {
        for (Job j : new ArrayList<>(jobs.values())) {
            if (j.task != null) {
                j.task.cancel(true);
            }
            deleteFiles(j);
        }
        jobs.clear();
        for (ObjectStore s : stores.values()) {
            s.clear();
        }
        oauth.clear();
        apiCalls.set(0);
        faults.reset();
        synchronized (log) {
            log.clear();
        }
        synchronized (stateMonitor) {
            inFlight = 0;
            maxInFlight = 0;
        }
    }

    void deleteFiles(Job j) {
        for (Path p : new Path[] {j.dataFile, j.successFile, j.failedFile, j.resultFile}) {
            if (p != null) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "cannot delete {0}", p);
                }
            }
        }
    }

    long now() {
        return cfg.clock.millis();
    }

    String newJobId() {
        long seq = jobSeq.incrementAndGet();
        return SfId.make("750", seq);
    }

    long jobSeqOf(String id) {
        return SfId.seqOf(id, "750");
    }

    /** Changes state, maintains in-flight counters, wakes waiters. */
    void setState(Job j, String newState) {
        String old;
        synchronized (j) {
            old = j.state;
            j.state = newState;
            j.modstampMillis = now();
        }
        synchronized (stateMonitor) {
            if (!j.query) {
                boolean wasIn = isInFlight(old);
                boolean isIn = isInFlight(newState);
                if (!wasIn && isIn) {
                    inFlight++;
                    maxInFlight = Math.max(maxInFlight, inFlight);
                } else if (wasIn && !isIn) {
                    inFlight--;
                }
            }
            stateVersion++;
            stateMonitor.notifyAll();
        }
    }

    void progressed() {
        synchronized (stateMonitor) {
            stateVersion++;
            stateMonitor.notifyAll();
        }
    }

    void removed(Job j) {
        synchronized (stateMonitor) {
            if (!j.query && isInFlight(j.state)) {
                inFlight--;
            }
            stateVersion++;
            stateMonitor.notifyAll();
        }
    }

    private static boolean isInFlight(String s) {
        return "UploadComplete".equals(s) || "InProgress".equals(s);
    }

    String unknownExceptionMessage() {
        long n = errorSeq.incrementAndGet();
        return "An unexpected error occurred. Please include this ErrorId if you contact support: " + n + "-"
                + (n * 7 % 100000) + " (" + (-n % 100000) + ")";
    }

    // ---------------------------------------------------------------------------------------------- HTTP

    @Override
    public void handle(HttpExchange ex) {
        String path = ex.getRequestURI().getRawPath();
        boolean rest = path.startsWith("/services/data/") || path.equals("/services/data");
        Http h = new Http(ex, this, rest);
        boolean dropped = false;
        try {
            if (path.equals("/services/oauth2/token")) {
                oauth.handle(h);
            } else if (rest) {
                rest(h, path);
            } else {
                h.error(404, "NOT_FOUND", "The requested resource does not exist");
            }
        } catch (DropConnection d) {
            h.status = 0;
            dropped = true;
            record(ex, h);
            throw d;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "I/O error answering {0}: {1}", path, e.toString());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Emulator failure on " + ex.getRequestMethod() + " " + path, e);
            try {
                h.error(500, "UNKNOWN_EXCEPTION", unknownExceptionMessage());
            } catch (IOException | RuntimeException ignored) {
                // response already started
            }
        } finally {
            if (!dropped) {
                record(ex, h);
                ex.close();
            }
        }
    }

    private void record(HttpExchange ex, Http h) {
        RecordedRequest r = RecordedRequest.of(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                ex.getRequestURI().getRawQuery(), ex.getRequestHeaders(), Math.max(h.bodySize, h.rawBytesRead()),
                h.status);
        synchronized (log) {
            log.addLast(r);
            while (log.size() > cfg.requestLogLimit) {
                log.removeFirst();
            }
        }
    }

    private void rest(Http h, String path) throws IOException {
        if (!oauth.authenticate(h.header("Authorization"))) {
            h.error(401, "INVALID_SESSION_ID", "Session expired or invalid");
            return;
        }
        long used = apiCalls.incrementAndGet();
        if (used > cfg.apiCallLimit) {
            apiCalls.decrementAndGet();
            h.error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
            return;
        }
        if (faults.slow()) {
            try {
                Thread.sleep(cfg.faults.slowResponseDelay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (faults.serverError()) {
            h.error(500, "UNKNOWN_EXCEPTION", unknownExceptionMessage());
            return;
        }
        if (faults.throttle()) {
            if (cfg.faults.throttleStatus() == 403) {
                h.error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
            } else {
                h.error(503, "SERVER_UNAVAILABLE", "Server is temporarily unavailable. Please try again later.");
            }
            return;
        }
        String[] seg = path.substring(1).split("/", -1);
        // services, data, vNN.N, jobs, ingest|query, id, sub, ""
        if (seg.length < 3 || !seg[2].matches("v\\d{2}\\.\\d")) {
            h.error(404, "NOT_FOUND", "The requested resource does not exist");
            return;
        }
        String version = seg[2].substring(1);
        double v = Double.parseDouble(version);
        if (v < 41.0 || v > 67.0) {
            h.error(404, "NOT_FOUND", "The requested resource does not exist");
            return;
        }
        if (seg.length < 5 || !seg[3].equals("jobs")) {
            h.error(404, "NOT_FOUND", "The requested resource does not exist");
            return;
        }
        String kind = seg[4];
        List<String> rest = new ArrayList<>(Arrays.asList(seg).subList(5, seg.length));
        String method = h.ex.getRequestMethod();
        if (kind.equals("ingest")) {
            routeJobs(ingest, h, version, rest, method);
        } else if (kind.equals("query") && v >= 47.0) {
            routeJobs(query, h, version, rest, method);
        } else {
            h.error(404, "NOT_FOUND", "The requested resource does not exist");
        }
    }

    /** What differs between the ingest and the query job resources; the URL rules they share are in routeJobs. */
    interface JobKind {
        /** @return whether this kind serves {@code /jobs/query} */
        boolean isQuery();

        /** POST on the collection. */
        void create(Http h, String version) throws IOException;

        /** PATCH on one job (a state change). */
        void patch(Http h, Job j) throws IOException;

        /** DELETE on one job. */
        void delete(Http h, Job j) throws IOException;

        /** Any method on a sub-resource of one job; answers 404 or 405 itself for what it does not serve. */
        void subResource(Http h, Job j, String sub, String method, String version) throws IOException;
    }

    /**
     * The URL rules shared by {@code /jobs/ingest} and {@code /jobs/query}: a trailing slash is ignored, the
     * collection answers GET (list) and POST (create), one job answers GET, PATCH and DELETE, and a job of the
     * other kind, an unknown id or a deeper path is 404 NOT_FOUND.
     */
    private void routeJobs(JobKind kind, Http h, String version, List<String> rest, String method)
            throws IOException {
        if (!rest.isEmpty() && rest.get(rest.size() - 1).isEmpty()) {
            rest = rest.subList(0, rest.size() - 1);
        }
        if (rest.isEmpty()) {
            if (method.equals("GET")) {
                list(h, version, kind.isQuery());
            } else if (method.equals("POST")) {
                kind.create(h, version);
            } else {
                methodNotAllowed(h, method, "GET,POST");
            }
            return;
        }
        Job j = live(rest.get(0));
        if (j == null || j.query != kind.isQuery() || rest.size() > 2) {
            h.error(404, "NOT_FOUND", "The requested resource does not exist");
            return;
        }
        if (rest.size() == 2) {
            kind.subResource(h, j, rest.get(1), method, version);
            return;
        }
        switch (method) {
            case "GET":
                h.json(200, jobInfo(j, "info"));
                return;
            case "PATCH":
                kind.patch(h, j);
                return;
            case "DELETE":
                kind.delete(h, j);
                return;
            default:
                methodNotAllowed(h, method, "GET,PATCH,DELETE");
        }
    }

    static void methodNotAllowed(Http h, String method, String allowed) throws IOException {
        h.ex.getResponseHeaders().set("Allow", allowed);
        h.error(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method + "' not allowed. Allowed are " + allowed);
    }

    static String time(long millis) {
        return JOB_TIME.format(Instant.ofEpochMilli(millis / 1000 * 1000));
    }

    /** Writes the JobInfo JSON. Shape: "create" (create/close responses), "info" (GET) or "list" (list rows). */
    void writeJobInfo(JsonGenerator g, Job j, String shape) throws IOException {
        synchronized (j) {
            g.writeStartObject();
            g.writeStringField("id", j.id);
            g.writeStringField("operation", j.operation);
            g.writeStringField("object", j.object);
            g.writeStringField("createdById", userId18);
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
            for (String id : new ArrayList<>(jobs.keySet())) {
                Job j = live(id);
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
        int to = Math.min(all.size(), from + cfg.listPageSize);
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
