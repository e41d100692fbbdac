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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Every Salesforce call of the sync, through the bulk2 SDK: authentication, the record type look-up, the upsert,
 * re-attaching to submitted jobs, Bulk deletes and the read-back query. The rest of the sync sees only plain
 * values ({@link Outcome}), so that SDK API changes (and the coming run journal and pre-flight) land here only.
 * Thread-safe as the SDK client is.
 */
final class SalesforceSink implements AutoCloseable {
    private final SyncConfig config;
    private final BulkClient client;

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

    /** Starts the upsert of the rows (read lazily on the SDK's reading thread). */
    Submission upsert(Stream<ErpRow> rows, CsvMapping<ErpRow> mapping, Progress progress) {
        Submission s = new Submission(progress);
        Iterator<ErpRow> it = rows.peek(r -> progress.step()).iterator();
        Iterable<ErpRow> watched = () -> new Iterator<ErpRow>() {
            @Override
            public boolean hasNext() {
                boolean more = it.hasNext();
                if (!more) {
                    s.exhausted();
                }
                return more;
            }

            @Override
            public ErpRow next() {
                return it.next();
            }
        };
        s.run = client.ingest(config.sfObject).upsert(config.externalIdField)
                .maxRecordsPerJob(config.maxRecordsPerJob).maxConcurrentJobs(config.maxConcurrentJobs)
                .recordRetryPolicy(RecordRetryPolicy.lockErrors()).pollingPolicy(polling())
                .timeout(config.uploadTimeout).listener(s).upload(watched, mapping);
        return s;
    }

    private static PollingPolicy polling() {
        return PollingPolicy.builder().initialDelay(Duration.ofMillis(200)).maxDelay(Duration.ofSeconds(10)).build();
    }

    /** Deletes records by Salesforce id (a Bulk delete job). */
    Outcome delete(List<String> ids) {
        List<Map<String, ?>> rows = new ArrayList<>();
        for (String id : ids) {
            rows.add(Map.of("Id", id));
        }
        try {
            IngestResult r = client.ingest(config.sfObject).delete().pollingPolicy(polling())
                    .uploadMaps(rows.stream(), List.of("Id")).awaitCompletion(config.uploadTimeout);
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

    /** Re-attaches to jobs submitted by an earlier {@code --submit-only} run and waits for them. */
    Outcome attach(List<String> jobIds) {
        try {
            return new Outcome(client.attachIngestJobs(jobIds).awaitCompletion(config.uploadTimeout),
                    config.externalIdField);
        } catch (BulkException e) {
            throw problem("re-attaching to jobs " + jobIds + " failed", e);
        }
    }

    /** @return API calls made by this client so far */
    long apiCalls() {
        return client.apiCallCount();
    }

    @Override
    public void close() {
        client.close();
    }

    /** A running upsert: its jobs, and when all its parts are uploaded. */
    final class Submission implements IngestListener {
        private final Progress progress;
        private final AtomicBoolean exhausted = new AtomicBoolean();
        private final AtomicBoolean lastPartSeen = new AtomicBoolean();
        private final AtomicLong partsRead = new AtomicLong();
        private final AtomicLong partsUploaded = new AtomicLong();
        private final CountDownLatch allUploaded = new CountDownLatch(1);
        private volatile IngestRun run;

        Submission(Progress progress) {
            this.progress = progress;
        }

        void exhausted() {
            exhausted.set(true);
        }

        @Override
        public void onPartRead(int round, int partIndex, long records, long bytes) {
            if (round == 0) {
                partsRead.incrementAndGet();
                if (exhausted.get()) {
                    lastPartSeen.set(true);
                }
            }
        }

        @Override
        public void onJobCreated(int round, int partIndex, JobInfo job) {
            progress.note("part " + (partIndex + 1) + (round > 0 ? " (retry round " + round + ")" : "") + " -> job "
                    + job.id());
        }

        @Override
        public void onJobUploaded(int round, int partIndex, String jobId, long bytes) {
            if (round == 0 && partsUploaded.incrementAndGet() == partsRead.get() && lastPartSeen.get()) {
                allUploaded.countDown();
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

        /** Waits until every part's job is uploaded and closed (for {@code --submit-only}). */
        List<String> awaitUploaded() {
            try {
                while (!allUploaded.await(200, TimeUnit.MILLISECONDS)) {
                    if (run.isDone()) {
                        run.awaitCompletion(Duration.ofSeconds(1)); // rethrows a failure to read or upload
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while uploading", e);
            } catch (BulkException e) {
                throw problem("upload failed", e);
            }
            return run.jobIds();
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
