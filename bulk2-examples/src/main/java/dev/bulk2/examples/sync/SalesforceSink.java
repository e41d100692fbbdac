package dev.bulk2.examples.sync;

import dev.bulk2.auth.ClientCredentialsAuth;
import dev.bulk2.auth.JwtBearerAuth;
import dev.bulk2.core.BulkClient;
import dev.bulk2.core.JobInfo;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.exception.AuthenticationException;
import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.exception.TransportException;
import dev.bulk2.core.ingest.IngestListener;
import dev.bulk2.core.ingest.IngestResult;
import dev.bulk2.core.ingest.JournalStatus;
import dev.bulk2.core.ingest.IngestRun;
import dev.bulk2.core.ingest.RecordRetryPolicy;
import dev.bulk2.core.query.QueryRows;
import dev.bulk2.csv.CsvMapping;
import dev.bulk2.csv.FailedRecord;
import dev.bulk2.csv.SuccessfulRecord;
import dev.bulk2.csv.UnprocessedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Every Salesforce call of the sync, through the bulk2 SDK: authentication, the record type look-up, the upsert,
 * re-attaching to submitted jobs, Bulk deletes and the read-back query. The rest of the sync sees only plain
 * values ({@link Outcome}), so that SDK API changes (and the coming run journal and pre-flight) land here only.
 * Thread-safe as the SDK client is.
 */
final class SalesforceSink implements AutoCloseable {
    /**
     * Runs of {@code --submit-only} left going in this JVM (a real run exits the process instead): a later run on
     * the same journal in the same JVM waits for it to end and release the journal, then resumes from it.
     */
    private static final Map<java.nio.file.Path, IngestRun> DETACHED = new java.util.concurrent.ConcurrentHashMap<>();

    private final SyncConfig config;
    private final BulkClient client;
    private volatile boolean detached;
    private volatile dev.bulk2.core.org.SObjectDescribe describe;
    private volatile dev.bulk2.core.org.OrgLimits limits;
    /** Upsert jobs created and uploaded by this process (round 0), for the crash points. */
    private final java.util.concurrent.atomic.AtomicInteger jobsCreated = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger jobsUploaded = new java.util.concurrent.atomic.AtomicInteger();
    /**
     * Notified after each event that can change what a segment's journal shows of its uploads (a job closed or
     * discarded, a part given up, a run ended): the hand-over waits on it instead of polling the journals.
     */
    private final Object journalMoved = new Object();
    /** How many times {@link #journalMoved()} was called; guarded by {@link #journalMoved}. */
    private long journalMoves;

    private SalesforceSink(SyncConfig config, BulkClient client) {
        this.config = config;
        this.client = client;
    }

    /**
     * Builds the client and obtains a first access token, so that a wrong secret is reported before any ERP row
     * is read.
     *
     * @throws ConfigException on an authentication or connection problem
     */
    static SalesforceSink connect(SyncConfig config) {
        AuthProvider auth;
        try {
            if (config.authMode == SyncConfig.AuthMode.CLIENT_CREDENTIALS) {
                auth = ClientCredentialsAuth.builder().tokenUrl(config.sfUrl).clientId(config.clientId)
                        .clientSecret(config.clientSecret).build();
            } else {
                auth = JwtBearerAuth.builder().loginUrl(config.sfUrl).clientId(config.clientId)
                        .username(config.jwtUsername).privateKey(config.jwtKeyFile).build();
            }
            BulkClient client = BulkClient.builder().auth(auth).apiVersion(config.apiVersion).build();
            auth.token();
            return new SalesforceSink(config, client);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigException("Salesforce settings rejected: " + ErpSource.oneLine(e));
        } catch (BulkException e) {
            throw problem("cannot log in to Salesforce at " + config.sfUrl, e);
        }
    }

    static ConfigException problem(String what, BulkException e) {
        Throwable c = e instanceof dev.bulk2.core.exception.IngestStoppedException && e.getCause() != null
                ? e.getCause() : e; // a run stopped early: its cause is what stopped it
        String kind = c instanceof AuthenticationException ? "authentication failed"
                : c instanceof TransportException ? "connection failed" : "request failed";
        return new ConfigException(what + ": " + kind + ": " + ErpSource.oneLine(e));
    }

    /**
     * Looks the Person Account record type up by developer name in the object's describe ({@code recordTypeInfos},
     * the describe the pre-flight reads anyway: no query job), and checks that the integration user can use it.
     */
    String recordTypeId(String developerName) {
        dev.bulk2.core.org.RecordTypeInfo rt = describe().recordType(developerName).orElseThrow(() ->
                new ConfigException("no " + config.sfObject + " record type with developer name '" + developerName
                        + "' (sf.recordTypeDeveloperName)"));
        if (!rt.isActive()) {
            throw new ConfigException("the " + config.sfObject + " record type '" + developerName + "' is inactive"
                    + " (sf.recordTypeDeveloperName)");
        }
        if (!rt.isAvailable()) {
            throw new ConfigException("the " + config.sfObject + " record type '" + developerName + "' is not"
                    + " available to the integration user (assign it in its profile or a permission set)");
        }
        return rt.recordTypeId();
    }

    /**
     * The upserts of a run's segments: each committed segment is sent as its own journaled SDK run, at most
     * {@code upload.maxConcurrentJobs} at a time, while the ERP is still being read.
     */
    Uploads uploads(RunDir d, Progress progress) {
        return new Uploads(d, progress);
    }

    /**
     * The SDK's pre-flight of a segment's upsert: with {@code preflight.enabled} (the default) the offline plan of
     * the segment's file (its structure and characters, checked before the first job) and its load against the
     * org's limits, the refused rows pre-rejected; without, none (only the sync's local checks). The describe-based
     * value checks are not repeated here: the SDK's {@code ValueRules} ran over every row as it was spooled
     * ({@link PreFlight#valueRules}), which saves tokenizing each segment a second time. The limits are read once
     * per process, not per segment.
     */
    private dev.bulk2.core.plan.Preflight preflight() {
        if (!config.preflight) {
            return dev.bulk2.core.plan.Preflight.none();
        }
        return dev.bulk2.core.plan.Preflight.with(dev.bulk2.core.plan.PlanOptions.offline().withLimits(limits()))
                .preRejectInvalidRows(true);
    }

    /** @return the org's limits, read once per process (one {@code GET /limits}) for every segment's pre-flight */
    private dev.bulk2.core.org.OrgLimits limits() {
        dev.bulk2.core.org.OrgLimits l = limits;
        if (l == null) {
            try {
                l = client.limits();
            } catch (BulkException e) {
                throw problem("reading the org's limits failed", e);
            }
            limits = l;
        }
        return l;
    }

    /**
     * The plan of an upsert of these rows (for {@code --dry-run}): parts, jobs, API requests, Bulk batches, the
     * column mapping and the problems the pre-flight finds, from the describe and the limits; nothing is sent.
     */
    dev.bulk2.core.plan.IngestPlan plan(Iterable<ErpRow> rows, CsvMapping<ErpRow> mapping) {
        try {
            return client.ingest(config.sfObject).upsert(config.externalIdField)
                    .maxRecordsPerJob(config.maxRecordsPerJob).plan(rows, mapping,
                            dev.bulk2.core.plan.PlanOptions.online().withDescribe(describe()));
        } catch (BulkException e) {
            throw problem("pre-flight of " + config.sfObject + " failed", e);
        }
    }

    /** @return the object's describe (fields, lengths, access) for the pre-flight, read once per process */
    dev.bulk2.core.org.SObjectDescribe describe() {
        dev.bulk2.core.org.SObjectDescribe d = describe;
        if (d == null) {
            try {
                d = client.describe(config.sfObject);
            } catch (BulkException e) {
                throw problem("describe of " + config.sfObject + " failed", e);
            }
            describe = d;
        }
        return d;
    }

    /** Streams every record that has an external id, with the given fields (the hard-delete key scan). */
    void scan(List<String> fields, Consumer<Map<String, String>> each) {
        String soql = "SELECT " + String.join(", ", fields) + " FROM " + config.sfObject + " WHERE "
                + config.externalIdField + " != null";
        try (QueryRows<Map<String, String>> rows = client.query(soql).stream()) {
            rows.forEach(each);
        } catch (BulkException e) {
            throw problem("key scan query failed", e);
        }
    }

    /** The polling of every Bulk job of the run ({@code upload.poll*}). */
    private PollingPolicy polling() {
        return PollingPolicy.builder().initialDelay(config.pollInitialDelay).multiplier(config.pollMultiplier)
                .maxDelay(config.pollMaxDelay).build();
    }

    /** Deletes the spooled Salesforce ids (a Bulk delete job, journaled like the upsert). */
    Outcome delete(java.nio.file.Path ids, java.nio.file.Path journal) {
        try {
            IngestResult r = client.ingest(config.sfObject).delete().pollingPolicy(polling())
                    .maxRecordsPerJob(config.maxRecordsPerJob).journal(journal).listener(new IngestListener() {
                        @Override
                        public void onJobUploaded(int round, int partIndex, String jobId, long bytes) {
                            if (round == 0 && partIndex == 0) {
                                CrashPoints.reached("deleteUploaded");
                            }
                        }
                    }).upload(ids).awaitCompletion(config.uploadTimeout);
            CrashPoints.reached("deleted");
            return new Outcome(r, "Id");
        } catch (BulkException e) {
            throw problem("Bulk delete failed", e);
        }
    }

    /** Finds the Salesforce ids of external ids (absent keys have no record). */
    Map<String, String> idsByExternalId(Collection<String> keys) {
        Map<String, String> out = new HashMap<>();
        List<String> all = new ArrayList<>(keys);
        for (int i = 0; i < all.size(); i += 200) {
            StringBuilder in = new StringBuilder();
            for (String k : all.subList(i, Math.min(all.size(), i + 200))) {
                in.append(in.length() == 0 ? "" : ",").append('\'').append(k.replace("'", "\\'")).append('\'');
            }
            String soql = "SELECT Id, " + config.externalIdField + " FROM " + config.sfObject + " WHERE "
                    + config.externalIdField + " IN (" + in + ")";
            try (QueryRows<Map<String, String>> rows = client.query(soql).stream()) {
                rows.forEach(r -> out.put(r.get(config.externalIdField), r.get("Id")));
            } catch (BulkException e) {
                throw problem("external id look-up failed", e);
            }
        }
        return out;
    }

    /** Streams every record that has an external id, with the given fields (for the read-back comparison). */
    void readBack(List<String> fields, Consumer<Map<String, String>> each) {
        List<String> f = new ArrayList<>(fields);
        if (!f.contains(config.externalIdField)) {
            f.add(0, config.externalIdField);
        }
        String soql = "SELECT " + String.join(", ", f) + " FROM " + config.sfObject + " WHERE "
                + config.externalIdField + " != null";
        try (QueryRows<Map<String, String>> rows = client.query(soql).stream()) {
            rows.forEach(each);
        } catch (BulkException e) {
            throw problem("read-back query failed", e);
        }
    }

    /** @return the job's state and counts ({@code GET /jobs/ingest/{id}}) */
    JobInfo jobInfo(String jobId) {
        try {
            return client.ingestJobs().info(jobId);
        } catch (BulkException e) {
            throw problem("reading job " + jobId + " failed", e);
        }
    }

    /**
     * The SDK's read-only status of a run journal ({@code JournalStatus}: the jobs it created, whether every part is
     * uploaded and closed, whether it completed), or null when there is none yet.
     */
    static JournalStatus journalStatus(java.nio.file.Path journal) {
        try {
            return JournalStatus.read(journal).orElse(null);
        } catch (dev.bulk2.core.exception.JournalException e) {
            throw new ConfigException("cannot read the run journal " + journal + ": " + ErpSource.oneLine(e));
        }
    }

    /** Wakes whoever waits for a journal to show the uploads ({@link #awaitUploadsOrEnd}). */
    private void journalMoved() {
        synchronized (journalMoved) {
            journalMoves++;
            journalMoved.notifyAll();
        }
    }

    /**
     * Waits until the journal shows every part of the run uploaded and closed, or the run has ended, or the
     * deadline (if not null) has passed. The SDK writes the journal before it tells the listener, so that a
     * wake-up finds the journal up to date; the bounded wait is only a safety net.
     *
     * @return whether the journal shows every upload
     */
    private boolean awaitUploadsOrEnd(java.nio.file.Path journal, IngestRun run, java.time.Instant deadline)
            throws InterruptedException {
        while (true) {
            long seen;
            synchronized (journalMoved) {
                seen = journalMoves;
            }
            // the journal is read outside the monitor: the SDK's threads that call journalMoved() never wait for
            // this file read; a move during the read changes journalMoves, so the wait below returns at once
            if (allUploaded(journal)) {
                return true;
            }
            long left = deadline == null ? Long.MAX_VALUE
                    : Duration.between(java.time.Instant.now(), deadline).toMillis();
            synchronized (journalMoved) {
                if (journalMoves == seen) {
                    if (run.isDone() || left <= 0) {
                        return false;
                    }
                    journalMoved.wait(Math.min(left, 1000)); // woken by journalMoved(); the bound is a safety net
                }
            }
        }
    }

    private static boolean allUploaded(java.nio.file.Path journal) {
        JournalStatus s = journalStatus(journal);
        return s != null && s.allUploaded();
    }

    /** @return API calls made by this client so far */
    long apiCalls() {
        return client.apiCallCount();
    }

    @Override
    public void close() {
        if (!detached) {
            client.close();
        }
    }

    /**
     * The upserts of one run's segments. {@link #submit} starts a committed segment's upload on a thread of its
     * own (the SDK's pre-flight of the segment runs there, not on the reading thread), once one of the {@code
     * upload.maxConcurrentJobs} permits is free; a permit is held until the segment's run is complete. Each
     * segment's run is journaled in {@code seg-N.journal} with the key {@code <run id>/seg-N}: a run killed at any
     * point is resumed by submitting the same committed segments again, and sends nothing twice.
     */
    final class Uploads implements AutoCloseable {
        private final RunDir d;
        private final Progress progress;
        private final java.util.concurrent.Semaphore permits;
        private final java.util.concurrent.ExecutorService starter;
        /** Set when the read failed: no further segment is started. */
        private volatile boolean stopping;
        private final Map<Integer, java.util.concurrent.CompletableFuture<IngestRun>> runs =
                new java.util.concurrent.ConcurrentSkipListMap<>();

        Uploads(RunDir d, Progress progress) {
            this.d = d;
            this.progress = progress;
            this.permits = new java.util.concurrent.Semaphore(config.maxConcurrentJobs);
            this.starter = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "bulk2-sync-segments");
                t.setDaemon(true);
                return t;
            });
        }

        /**
         * Before a killed run's segments are resumed: aborts the jobs their journals name that are still {@code
         * Open} (nothing of them was applied; each segment's resume would abort them anyway and send the part to a
         * new job). Done for all segments first, so that when one segment's resume looks for the orphan of a create
         * whose answer was lost (an {@code Open} job created since, in no journal of its own), another segment's
         * journaled job is not mistaken for it. Creates through one client are serialised, so at most one such
         * orphan exists.
         */
        void abortOpenJournaledJobs() {
            for (int i = 0; i < d.segments(); i++) {
                java.nio.file.Path journal = d.segment(i).journal;
                JournalStatus view = journalStatus(journal);
                if (view == null || view.isComplete()) {
                    continue;
                }
                for (String job : view.jobIds()) {
                    try {
                        if (client.ingestJobs().info(job).state() == dev.bulk2.core.JobState.OPEN) {
                            client.ingestJobs().abort(job);
                            progress.note("aborted job " + job + " (Open, left by the killed run of segment "
                                    + (i + 1) + ")");
                        }
                    } catch (BulkException e) {
                        // the segment's own resume reads the job again and decides
                    }
                }
            }
        }

        /**
         * Starts the upsert of a committed segment (asynchronously).
         *
         * @throws ConfigException if an earlier segment could not be started (the read stops)
         */
        void submit(int index) {
            for (java.util.concurrent.CompletableFuture<IngestRun> f : runs.values()) {
                if (f.isCompletedExceptionally()) {
                    joined(f); // an earlier segment could not be started: the read stops with its reason
                }
            }
            if (d.segmentRows.get(index) == 0) {
                return; // only rejected or deleted rows: nothing to upsert
            }
            RunDir.Segment seg = d.segment(index);
            runs.put(index, java.util.concurrent.CompletableFuture.supplyAsync(() -> start(seg), starter));
        }

        private IngestRun start(RunDir.Segment seg) {
            IngestRun earlier = DETACHED.get(seg.journal);
            if (earlier != null) {
                try {
                    earlier.completionAsync().join();
                } catch (RuntimeException ignored) {
                    // its outcome is read back from the journal and Salesforce below
                }
            }
            try {
                while (!permits.tryAcquire(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    if (stopping) {
                        throw new java.util.concurrent.CancellationException("not started: the read failed");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (stopping) {
                permits.release();
                throw new java.util.concurrent.CancellationException("not started: the read failed");
            }
            // A segment whose run was cut short is resumed alone, to its end, before anything else is started: its
            // journal may show a create whose answer was lost, and the SDK then looks for the orphan Open job among
            // the jobs created since; another segment's fresh job must not be among them.
            JournalStatus before = journalStatus(seg.journal);
            boolean recovering = before != null && !before.isComplete();
            try {
                IngestRun run = client.ingest(config.sfObject).upsert(config.externalIdField)
                        .maxRecordsPerJob(config.maxRecordsPerJob).maxConcurrentJobs(1)
                        .recordRetryPolicy(RecordRetryPolicy.lockErrors()).pollingPolicy(polling())
                        .timeout(config.uploadTimeout).listener(new SegmentListener(seg.index, progress))
                        .journal(seg.journal).journalKey(d.runId + "/seg-" + seg.index).preflight(preflight())
                        .upload(seg.csv);
                run.completionAsync().whenComplete((r, e) -> {
                    permits.release();
                    journalMoved();
                });
                if (recovering) {
                    try {
                        run.completionAsync().join();
                    } catch (RuntimeException e) {
                        // reported by await()
                    }
                }
                return run;
            } catch (RuntimeException e) {
                permits.release();
                throw e instanceof BulkException ? problem("upsert of segment " + seg.index + " failed",
                        (BulkException) e) : e;
            }
        }

        /** @return the started runs, in segment order (waits for each to be started) */
        private List<Map.Entry<Integer, IngestRun>> started() {
            List<Map.Entry<Integer, IngestRun>> l = new ArrayList<>();
            for (Map.Entry<Integer, java.util.concurrent.CompletableFuture<IngestRun>> e : runs.entrySet()) {
                l.add(Map.entry(e.getKey(), joined(e.getValue())));
            }
            return l;
        }

        /** @return the started run, or its start's own exception (a {@link ConfigException} for an SDK error) */
        private IngestRun joined(java.util.concurrent.CompletableFuture<IngestRun> f) {
            try {
                return f.join();
            } catch (java.util.concurrent.CompletionException x) {
                throw x.getCause() instanceof RuntimeException ? (RuntimeException) x.getCause() : x;
            }
        }

        /**
         * Waits until every segment's journal shows all its parts uploaded and closed (for {@code
         * --submit-only}): from then on the jobs need no client, and {@code status} re-attaches to them through
         * the journals. The runs are left going (the client is closed when the last one ends).
         *
         * @return the job ids
         */
        List<String> awaitUploaded() {
            List<String> jobs = new ArrayList<>();
            List<Map.Entry<Integer, IngestRun>> all = started();
            try {
                for (Map.Entry<Integer, IngestRun> e : all) {
                    java.nio.file.Path journal = d.segment(e.getKey()).journal;
                    if (!awaitUploadsOrEnd(journal, e.getValue(), null)) {
                        e.getValue().awaitCompletion(Duration.ofSeconds(1)); // rethrows a failure to upload
                    }
                    JournalStatus status = journalStatus(journal);
                    jobs.addAll(status == null ? List.of() : status.jobIds());
                }
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while uploading", x);
            } catch (BulkException x) {
                throw problem("upload failed", x);
            }
            detached = true;
            java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(all.size());
            for (Map.Entry<Integer, IngestRun> e : all) {
                java.nio.file.Path journal = d.segment(e.getKey()).journal;
                DETACHED.put(journal, e.getValue());
                e.getValue().completionAsync().whenComplete((r, x) -> {
                    DETACHED.remove(journal, e.getValue());
                    if (left.decrementAndGet() == 0) {
                        client.close();
                    }
                });
            }
            if (all.isEmpty()) {
                client.close();
            }
            return jobs;
        }

        /** Waits for every segment's jobs to finish and collects their results. */
        Outcome await() {
            List<IngestResult> results = new ArrayList<>();
            List<Integer> segments = new ArrayList<>();
            long deadline = System.nanoTime() + config.uploadTimeout.toNanos();
            for (Map.Entry<Integer, IngestRun> e : started()) {
                try {
                    results.add(e.getValue().awaitCompletion(Duration.ofNanos(Math.max(1,
                            deadline - System.nanoTime()))));
                    segments.add(e.getKey());
                } catch (BulkException x) {
                    throw problem("upload failed", x);
                }
            }
            return new Outcome(results, segments, config.externalIdField);
        }

        /**
         * After the read failed: segments not started yet are not started (they stay committed, for the next
         * start to send), one being started finishes starting, and those started are given the time to finish
         * uploading, so that the run does not exit
         * leaving a job {@code Open} mid-upload; their processing is collected by the next start through their
         * journals. Waits at most {@code upload.timeout}; never throws (the read's failure is what is reported).
         */
        void settleAfterFailure() {
            stopping = true; // a segment waiting for its turn ends at once; one being started finishes starting
            starter.shutdown();
            java.time.Instant until = java.time.Instant.now().plus(config.uploadTimeout);
            try {
                starter.awaitTermination(Duration.between(java.time.Instant.now(), until).toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
                for (Map.Entry<Integer, java.util.concurrent.CompletableFuture<IngestRun>> e : runs.entrySet()) {
                    java.util.concurrent.CompletableFuture<IngestRun> f = e.getValue();
                    if (!f.isDone() || f.isCompletedExceptionally()) {
                        continue; // never started, or its start failed: no job of it is mid-upload
                    }
                    IngestRun run = f.join();
                    java.nio.file.Path journal = d.segment(e.getKey()).journal;
                    awaitUploadsOrEnd(journal, run, until);
                }
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException x) {
                // a journal that cannot be read: nothing more to wait for
            }
        }

        @Override
        public void close() {
            starter.shutdown();
        }
    }

    /** Progress notes and the crash points of one segment's run. */
    private final class SegmentListener implements IngestListener {
        private final int segment;
        private final Progress progress;

        SegmentListener(int segment, Progress progress) {
            this.segment = segment;
            this.progress = progress;
        }

        @Override
        public void onJobCreated(int round, int partIndex, JobInfo job) {
            if (round == 0 && jobsCreated.incrementAndGet() == 2) {
                CrashPoints.reached("jobCreated");
            }
            progress.note("segment " + (segment + 1) + (partIndex > 0 ? " part " + (partIndex + 1) : "")
                    + (round > 0 ? " (retry round " + round + ")" : "") + " -> job " + job.id());
        }

        @Override
        public void onJobUploaded(int round, int partIndex, String jobId, long bytes) {
            journalMoved(); // the job's close is in the journal
            if (round == 0 && jobsUploaded.incrementAndGet() == 1) {
                CrashPoints.reached("uploaded");
            }
        }

        @Override
        public void onJobDiscarded(int round, int partIndex, String abortedJobId, String reason) {
            journalMoved();
        }

        @Override
        public void onPartFailed(dev.bulk2.core.ingest.FailedPart part) {
            journalMoved();
        }

        @Override
        public void onJobStateChanged(JobInfo job) {
            progress.note("job " + job.id() + ": " + job.state().apiName() + " (" + job.numberRecordsProcessed()
                    + " processed, " + job.numberRecordsFailed() + " failed)");
        }

        @Override
        public void onRetryRound(int round, long delayMillis) {
            progress.note("segment " + (segment + 1) + ": retry round " + round + " for lock errors in "
                    + delayMillis + " ms");
        }
    }

    /**
     * The results of finished ingests (one per segment, or the one Bulk delete), as plain values; the record
     * streams are read once each.
     */
    static final class Outcome {
        private final List<IngestResult> results;
        private final List<Integer> segments;
        private final String keyField;

        Outcome(List<IngestResult> results, List<Integer> segments, String keyField) {
            this.results = List.copyOf(results);
            this.segments = List.copyOf(segments);
            this.keyField = keyField;
        }

        Outcome(IngestResult result, String keyField) {
            this(List.of(result), List.of(0), keyField);
        }

        private long sum(java.util.function.ToLongFunction<IngestResult> f) {
            long n = 0;
            for (IngestResult r : results) {
                n += f.applyAsLong(r);
            }
            return n;
        }

        long submitted() {
            return sum(IngestResult::recordsSubmitted);
        }

        long succeeded() {
            return sum(IngestResult::recordsSucceeded);
        }

        long failed() {
            return sum(IngestResult::recordsFailed);
        }

        long unprocessed() {
            return sum(IngestResult::recordsUnprocessed);
        }

        boolean reconciled() {
            return results.stream().allMatch(IngestResult::isReconciled);
        }

        String reconciliationReport() {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < results.size(); i++) {
                if (!results.get(i).isReconciled()) {
                    b.append(b.length() == 0 ? "" : "; ").append("segment ").append(segments.get(i)).append(": ")
                            .append(results.get(i).reconciliationReport());
                }
            }
            return b.toString();
        }

        List<String> jobIds() {
            List<String> ids = new ArrayList<>();
            results.forEach(r -> ids.addAll(r.jobIds()));
            return ids;
        }

        /** @return Bulk batches charged against the daily limit: one per started 10,000 records of each job */
        long bulkBatches() {
            long n = 0;
            for (IngestResult r : results) {
                for (JobInfo j : r.jobs()) {
                    n += Math.max(1, (j.numberRecordsProcessed() + 9_999) / 10_000);
                }
            }
            return n;
        }

        /** @param each (key, Salesforce id, created) of every successful record */
        void successes(TriConsumer<String, String, Boolean> each) {
            for (IngestResult result : results) {
                try (Stream<SuccessfulRecord> s = result.successfulRecords()) {
                    s.forEach(r -> each.accept(r.field(keyField).orElse(""), r.id(), r.created()));
                }
            }
        }

        /** @param each (key, error code, message, error fields) of every failed record */
        void failures(QuadConsumer<String, String, String, List<String>> each) {
            for (IngestResult result : results) {
                try (Stream<FailedRecord> s = result.failedRecords()) {
                    s.forEach(r -> each.accept(r.field(keyField).orElse(r.id().orElse("")), r.error().code(),
                            r.error().message(), r.error().fields()));
                }
            }
        }

        /** @return rows the SDK's pre-flight left out of the uploads (never sent) */
        long preRejectedCount() {
            return sum(IngestResult::recordsPreRejected);
        }

        /**
         * @param each (segment, 1-based data row of the segment's spool, problem kind, message, field) of every
         *     pre-rejected row
         */
        void preRejected(PentaConsumer<Integer, Long, String, String, String> each) {
            for (int i = 0; i < results.size(); i++) {
                for (dev.bulk2.core.plan.PlanProblem p : results.get(i).preRejectedRows()) {
                    each.accept(segments.get(i), p.record().orElse(0), p.kind().name(), p.message(),
                            p.field().orElse(""));
                }
            }
        }

        /** @param each the key of every unprocessed record */
        void unprocessedKeys(Consumer<String> each) {
            for (IngestResult result : results) {
                try (Stream<UnprocessedRecord> s = result.unprocessedRecords()) {
                    s.forEach(r -> each.accept(r.field(keyField).orElse("")));
                }
            }
        }
    }

    /** (a, b, c, d, e) callback. */
    interface PentaConsumer<A, B, C, D, E> {
        void accept(A a, B b, C c, D d, E e);
    }

    /** (a, b, c) callback. */
    interface TriConsumer<A, B, C> {
        void accept(A a, B b, C c);
    }

    /** (a, b, c, d) callback. */
    interface QuadConsumer<A, B, C, D> {
        void accept(A a, B b, C c, D d);
    }
}
