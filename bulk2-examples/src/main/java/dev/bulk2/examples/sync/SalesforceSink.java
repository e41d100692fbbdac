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
import java.util.Iterator;
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

    /** Looks the Person Account record type up by developer name ({@code SELECT Id FROM RecordType ...}). */
    String recordTypeId(String developerName) {
        String soql = "SELECT Id FROM RecordType WHERE SobjectType = '" + config.sfObject
                + "' AND DeveloperName = '" + developerName + "'";
        try (QueryRows<Map<String, String>> rows = client.query(soql).stream()) {
            Iterator<Map<String, String>> it = rows.iterator();
            if (!it.hasNext()) {
                throw new ConfigException("no " + config.sfObject + " record type with developer name '"
                        + developerName + "' (sf.recordTypeDeveloperName)");
            }
            return it.next().get("Id");
        } catch (BulkException e) {
            throw problem("record type look-up failed", e);
        }
    }

    /**
     * Starts the upsert of the spooled rows, journaled: a run killed at any point is resumed by the same call with
     * the same spool, journal and key, and sends nothing twice. The SDK's pre-flight checks the spool first
     * against the object's describe (fetched once per process) and the org's limits, and leaves the rows the org
     * would refuse out of the upload ({@link Outcome#preRejected}); a problem of the whole load (a mapped field
     * the user cannot write, a budget exceeded) stops the run before any job exists.
     *
     * @param journalKey identifies the spool in the journal (the run id: the filtered upload is no longer the
     *     file itself)
     */
    Submission upsert(java.nio.file.Path rows, java.nio.file.Path journal, String journalKey, Progress progress) {
        Submission s = new Submission(progress);
        IngestRun earlier = DETACHED.get(journal);
        if (earlier != null) {
            try {
                earlier.completionAsync().join();
            } catch (RuntimeException ignored) {
                // its outcome is read back from the journal and Salesforce below
            }
        }
        try {
            s.run = client.ingest(config.sfObject).upsert(config.externalIdField)
                    .maxRecordsPerJob(config.maxRecordsPerJob).maxConcurrentJobs(config.maxConcurrentJobs)
                    .recordRetryPolicy(RecordRetryPolicy.lockErrors()).pollingPolicy(polling())
                    .timeout(config.uploadTimeout).listener(s).journal(journal).journalKey(journalKey)
                    .preflight(preflight()).upload(rows);
            s.journal = journal;
        } catch (BulkException e) {
            throw problem("upsert failed", e);
        }
        return s;
    }

    /**
     * The SDK's pre-flight of the upsert: with {@code preflight.enabled} (the default) the describe and the
     * limits, value checks, and the refused rows pre-rejected; without, none (only the sync's local checks).
     */
    private dev.bulk2.core.plan.Preflight preflight() {
        if (!config.preflight) {
            return dev.bulk2.core.plan.Preflight.none();
        }
        return dev.bulk2.core.plan.Preflight.with(dev.bulk2.core.plan.PlanOptions.online().withDescribe(describe()))
                .preRejectInvalidRows(true);
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

    private static PollingPolicy polling() {
        return PollingPolicy.builder().initialDelay(Duration.ofMillis(200)).maxDelay(Duration.ofSeconds(10)).build();
    }

    /** Deletes the spooled Salesforce ids (a Bulk delete job, journaled like the upsert). */
    Outcome delete(java.nio.file.Path ids, java.nio.file.Path journal) {
        try {
            IngestResult r = client.ingest(config.sfObject).delete().pollingPolicy(polling())
                    .maxRecordsPerJob(config.maxRecordsPerJob).journal(journal).upload(ids)
                    .awaitCompletion(config.uploadTimeout);
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

    /** A running upsert: its jobs, and when all its parts are uploaded. */
    final class Submission implements IngestListener {
        private final Progress progress;
        private volatile IngestRun run;
        private volatile java.nio.file.Path journal;

        Submission(Progress progress) {
            this.progress = progress;
        }

        @Override
        public void onJobCreated(int round, int partIndex, JobInfo job) {
            if (round == 0 && partIndex == 1) {
                CrashPoints.reached("jobCreated");
            }
            progress.note("part " + (partIndex + 1) + (round > 0 ? " (retry round " + round + ")" : "") + " -> job "
                    + job.id());
        }

        @Override
        public void onJobUploaded(int round, int partIndex, String jobId, long bytes) {
            if (round == 0 && partIndex == 0) {
                CrashPoints.reached("uploaded");
            }
        }

        @Override
        public void onJobStateChanged(JobInfo job) {
            progress.note("job " + job.id() + ": " + job.state().apiName() + " (" + job.numberRecordsProcessed()
                    + " processed, " + job.numberRecordsFailed() + " failed)");
        }

        @Override
        public void onRetryRound(int round, long delayMillis) {
            progress.note("retry round " + round + " for lock errors in " + delayMillis + " ms");
        }

        /**
         * Waits until the journal shows every part of the input uploaded and closed (for {@code --submit-only}):
         * from then on the jobs need no client, and {@code status} re-attaches to them through the journal.
         */
        List<String> awaitUploaded() {
            try {
                while (!JournalView.read(journal).allClosed()) {
                    if (run.isDone()) {
                        run.awaitCompletion(Duration.ofSeconds(1)); // rethrows a failure to read or upload
                        break;
                    }
                    Thread.sleep(100); // the journal is the hand-over: polled, it has no listener of its own
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while uploading", e);
            } catch (BulkException e) {
                throw problem("upload failed", e);
            }
            detach();
            return JournalView.read(journal).jobIds();
        }

        /** Leaves the run going without this caller: the client is closed when it ends. */
        private void detach() {
            detached = true;
            DETACHED.put(journal, run);
            run.completionAsync().whenComplete((r, e) -> {
                DETACHED.remove(journal, run);
                client.close();
            });
        }

        /** Waits for the jobs to finish and collects their results. */
        Outcome await() {
            try {
                return new Outcome(run.awaitCompletion(config.uploadTimeout), config.externalIdField);
            } catch (BulkException e) {
                throw problem("upload failed", e);
            }
        }
    }

    /** The results of a finished ingest, as plain values; the record streams are read once each. */
    static final class Outcome {
        private final IngestResult result;
        private final String keyField;

        Outcome(IngestResult result, String keyField) {
            this.result = result;
            this.keyField = keyField;
        }

        long submitted() {
            return result.recordsSubmitted();
        }

        long succeeded() {
            return result.recordsSucceeded();
        }

        long failed() {
            return result.recordsFailed();
        }

        long unprocessed() {
            return result.recordsUnprocessed();
        }

        boolean reconciled() {
            return result.isReconciled();
        }

        String reconciliationReport() {
            return result.reconciliationReport();
        }

        List<String> jobIds() {
            return result.jobIds();
        }

        long apiCalls() {
            return result.stats().apiCalls();
        }

        /** @return Bulk batches charged against the daily limit: one per started 10,000 records of each job */
        long bulkBatches() {
            long n = 0;
            for (JobInfo j : result.jobs()) {
                n += Math.max(1, (j.numberRecordsProcessed() + 9_999) / 10_000);
            }
            return n;
        }

        /** @param each (key, Salesforce id, created) of every successful record */
        void successes(TriConsumer<String, String, Boolean> each) {
            try (Stream<SuccessfulRecord> s = result.successfulRecords()) {
                s.forEach(r -> each.accept(r.field(keyField).orElse(""), r.id(), r.created()));
            }
        }

        /** @param each (key, error code, message, error fields) of every failed record */
        void failures(QuadConsumer<String, String, String, List<String>> each) {
            try (Stream<FailedRecord> s = result.failedRecords()) {
                s.forEach(r -> each.accept(r.field(keyField).orElse(r.id().orElse("")), r.error().code(),
                        r.error().message(), r.error().fields()));
            }
        }

        /** @return rows the SDK's pre-flight left out of the upload (never sent) */
        long preRejectedCount() {
            return result.recordsPreRejected();
        }

        /** @param each (1-based data row of the spool, problem kind, message, field) of every pre-rejected row */
        void preRejected(QuadConsumer<Long, String, String, String> each) {
            for (dev.bulk2.core.plan.PlanProblem p : result.preRejectedRows()) {
                each.accept(p.record().orElse(0), p.kind().name(), p.message(), p.field().orElse(""));
            }
        }

        /** @param each the key of every unprocessed record */
        void unprocessedKeys(Consumer<String> each) {
            try (Stream<UnprocessedRecord> s = result.unprocessedRecords()) {
                s.forEach(r -> each.accept(r.field(keyField).orElse("")));
            }
        }
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
