package dev.bulk2.testkit.internal;

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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** The emulated org: HTTP server, token table, object stores, jobs, counters. Thread-safe. */
public final class Engine {
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
    final JobRegistry jobs;
    final AtomicLong apiCalls = new AtomicLong();
    final Allocations allocations;
    private final AtomicLong errorSeq = new AtomicLong(1_000_000);
    final ArrayDeque<RecordedRequest> log = new ArrayDeque<>();
    private HttpServer server;
    private ExecutorService http;
    ExecutorService workers;
    Path tempDir;
    private URI instanceUrl;
    final Ingest ingest;
    final Query query;
    final JobJson jobJson;
    private final ProcessingGate gate = new ProcessingGate();

    /**
     * Creates the engine (not started).
     *
     * @param cfg settings
     */
    public Engine(Config cfg) {
        this.cfg = cfg;
        this.faults = new Faults(cfg.faults);
        this.allocations = new Allocations(cfg);
        this.jobs = new JobRegistry(cfg.clock, gate::stateChanged);
        this.oauth = new OAuth(this);
        for (ObjectSchema s : cfg.schemas) {
            stores.put(s.name().toLowerCase(Locale.ROOT), new ObjectStore(s, cfg.storeMode));
        }
        this.jobJson = new JobJson(this);
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
        server.createContext("/", new Router(this));
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

    /** @return internal Bulk API batches consumed by ingest jobs (one per started internal batch) */
    public long bulkApiBatchCount() {
        return allocations.bulkBatches.get();
    }

    /** @return Bulk API 2.0 query jobs created */
    public long queryJobCount() {
        return allocations.queryJobs.get();
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
        return jobs.inFlight();
    }

    /** @return the highest {@link #inFlightJobs()} seen */
    public int maxObservedInFlightJobs() {
        return jobs.maxInFlight();
    }

    /**
     * Holds job processing (a test control): from now on, jobs handed over for processing stay UploadComplete,
     * and jobs being processed stop at their next internal batch boundary and stay InProgress (an abort still
     * ends them at once), until {@link #resumeProcessing()}.
     */
    public void pauseProcessing() {
        gate.pause();
    }

    /** Lets held and stopped jobs go on, in the order they were held. */
    public void resumeProcessing() {
        gate.resume();
    }

    /** @return whether {@link #pauseProcessing()} is in effect */
    public boolean isProcessingPaused() {
        return gate.isPaused();
    }

    /**
     * Hands a job over to the workers, or holds it while processing is paused. A job deleted while held is
     * never started.
     */
    void startProcessing(Job j, Runnable work) {
        gate.submit(() -> {
            if (jobs.get(j.id) != j) {
                return;
            }
            synchronized (j) {
                try {
                    j.task = workers.submit(work);
                } catch (java.util.concurrent.RejectedExecutionException x) {
                    LOG.log(System.Logger.Level.DEBUG, "Job {0} not started: the emulator is stopped", j.id);
                }
            }
        });
    }

    /**
     * Called by a worker after each internal batch: waits the configured processing delay, then, while processing
     * is paused and the job is still InProgress, blocks.
     *
     * @throws InterruptedException if the worker is interrupted (stop, reset)
     */
    void betweenBatches(Job j) throws InterruptedException {
        if (!cfg.processingDelayPerBatch.isZero()) {
            Thread.sleep(cfg.processingDelayPerBatch.toMillis());
        }
        gate.awaitOpen(j);
    }

    /** @return the request log, oldest first */
    public List<RecordedRequest> requests() {
        synchronized (log) {
            return new ArrayList<>(log);
        }
    }

    /** @return snapshots of all jobs, by creation order */
    public List<JobSnapshot> jobs() {
        return jobs.snapshots();
    }

    /**
     * Snapshot of one job.
     *
     * @param id job id
     * @return the snapshot if the job exists
     */
    public Optional<JobSnapshot> job(String id) {
        return jobs.snapshot(id);
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
        return jobs.awaitState(id, timeout, states);
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
        return jobs.await(id, timeout, condition, description);
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
        return ingest.dml.seed(s, rows);
    }

    /** Drops jobs, records, tokens, counters and the request log; restarts fault sequences. */
    public void reset() {
        jobs.clear();
        for (ObjectStore s : stores.values()) {
            s.clear();
        }
        oauth.clear();
        apiCalls.set(0);
        allocations.reset();
        faults.reset();
        synchronized (log) {
            log.clear();
        }
        gate.clear();
    }

    long now() {
        return cfg.clock.millis();
    }

    String unknownExceptionMessage() {
        long n = errorSeq.incrementAndGet();
        return "An unexpected error occurred. Please include this ErrorId if you contact support: " + n + "-"
                + (n * 7 % 100000) + " (" + (-n % 100000) + ")";
    }

    byte[] jobInfo(Job j, String shape) {
        return jobJson.jobInfo(j, shape);
    }
}
