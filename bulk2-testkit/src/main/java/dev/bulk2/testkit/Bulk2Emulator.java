package dev.bulk2.testkit;

import dev.bulk2.testkit.internal.Config;
import dev.bulk2.testkit.internal.Engine;
import dev.bulk2.testkit.internal.SchemaFiles;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A local Salesforce Bulk API 2.0 emulator on the JDK {@code HttpServer}: OAuth token endpoint (client
 * credentials, JWT bearer), ingest and query jobs with the real state machine, result formats, limits and
 * error bodies, an in-memory record store per object, and seeded fault injection.
 *
 * <pre>{@code
 * try (Bulk2Emulator sf = Bulk2Emulator.builder().build().start()) {
 *     URI instance = sf.instanceUrl();          // http://127.0.0.1:PORT
 *     URI token = sf.tokenUrl();                // .../services/oauth2/token
 *     // wire a client with sf.clientId() / sf.clientSecret(), run it, then assert:
 *     List<Map<String, String>> accounts = sf.records("Account");
 * }
 * }</pre>
 *
 * <p>Thread-safe: requests are served concurrently and job processing runs on a worker pool; all accessors
 * may be called from any thread. {@link #close()} stops the server and deletes temporary files.
 */
public final class Bulk2Emulator implements AutoCloseable {
    private final Engine engine;
    private final Config cfg;

    private Bulk2Emulator(Config cfg) {
        this.cfg = cfg;
        this.engine = new Engine(cfg);
    }

    /**
     * Starts a builder with defaults (free port on 127.0.0.1, Account and Contact schemas, no faults).
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port and starts serving. Idempotent.
     *
     * @return this
     * @throws java.io.UncheckedIOException if the port cannot be bound
     */
    public Bulk2Emulator start() {
        engine.start();
        return this;
    }

    /** Stops the server and the workers and deletes temporary files. Idempotent. */
    @Override
    public void close() {
        engine.stop();
    }

    /** @return the instance URL, {@code http://127.0.0.1:PORT} (after {@link #start()}) */
    public URI instanceUrl() {
        return engine.instanceUrl();
    }

    /** @return the OAuth token endpoint, {@code instanceUrl() + /services/oauth2/token} */
    public URI tokenUrl() {
        return URI.create(instanceUrl() + "/services/oauth2/token");
    }

    /** @return the port the server listens on (after {@link #start()}) */
    public int port() {
        return instanceUrl().getPort();
    }

    /** @return the connected app's client id (consumer key) */
    public String clientId() {
        return cfg.clientId;
    }

    /** @return the connected app's client secret */
    public String clientSecret() {
        return cfg.clientSecret;
    }

    /** @return the user name accepted as JWT {@code sub} */
    public String username() {
        return cfg.username;
    }

    /**
     * The private key matching the JWT verification key when the emulator generated the pair (no
     * {@code jwtPublicKey}/{@code jwtCertificate} configured); sign JWT bearer assertions with it.
     *
     * @return the key, if generated here
     */
    public Optional<PrivateKey> jwtPrivateKey() {
        return Optional.ofNullable(cfg.jwtPrivateKey);
    }

    /**
     * Issues a valid access token without an OAuth round trip (for tests that skip authentication).
     *
     * @return the token, for {@code Authorization: Bearer <token>}
     */
    public String issueToken() {
        return engine.issueToken();
    }

    /** Expires every token issued so far: the next REST call with one of them gets 401 INVALID_SESSION_ID. */
    public void expireAllTokens() {
        engine.expireAllTokens();
    }

    /**
     * Live records of an object, in insertion order, keyed by canonical field name (fields without a value
     * are absent); includes {@code Id}. In {@link StoreMode#KEYS_ONLY} only ids and key fields are present.
     *
     * @param object sObject name, any case
     * @return a snapshot
     * @throws IllegalArgumentException if the object is unknown
     */
    public List<Map<String, String>> records(String object) {
        return engine.records(object, false);
    }

    /**
     * Records deleted by {@code delete} jobs (the recycle bin) or {@code hardDelete} (not listed: gone).
     *
     * @param object sObject name
     * @return a snapshot
     */
    public List<Map<String, String>> deletedRecords(String object) {
        return engine.records(object, true);
    }

    /**
     * Seeds records as an insert would (validated, new ids, no fault injection).
     *
     * @param object sObject name
     * @param rows field name to value ({@code null} = no value)
     * @return the new ids in order
     * @throws IllegalArgumentException naming the record error when a row is invalid
     */
    public List<String> insertRecords(String object, List<Map<String, String>> rows) {
        return engine.insertRecords(object, rows);
    }

    /** @return snapshots of all ingest and query jobs, oldest first */
    public List<JobSnapshot> jobs() {
        return engine.jobs();
    }

    /**
     * Snapshot of one job.
     *
     * @param jobId the id
     * @return the job, if it exists (deleted jobs do not)
     */
    public Optional<JobSnapshot> job(String jobId) {
        return engine.job(jobId);
    }

    /**
     * Blocks until the job reaches one of the states (no polling: woken on every state change).
     *
     * @param jobId the id
     * @param timeout maximum wait
     * @param states wanted states, e.g. {@code "JobComplete", "Failed"}
     * @return the job in a wanted state
     * @throws IllegalStateException on timeout, interruption, or unknown job
     */
    public JobSnapshot awaitJobState(String jobId, Duration timeout, String... states) {
        return engine.awaitJobState(jobId, timeout, states);
    }

    /**
     * Blocks until a snapshot of the job satisfies the condition, e.g. {@code s -> s.numberRecordsProcessed() > 0};
     * re-checked on every state and counter change (no polling).
     *
     * @param jobId the id
     * @param timeout maximum wait
     * @param condition the condition
     * @return the first snapshot satisfying it
     * @throws IllegalStateException on timeout, interruption, or unknown job
     */
    public JobSnapshot awaitJob(String jobId, Duration timeout, Predicate<JobSnapshot> condition) {
        return engine.awaitJob(jobId, timeout, condition, "matching the condition");
    }

    /**
     * Holds job processing, so that a test can keep jobs unfinished for as long as it needs instead of racing a
     * {@link Builder#processingDelayPerBatch(Duration) processing delay} against real time. A test control with
     * no counterpart on Salesforce (where processing simply takes an unknown time); without it nothing changes.
     *
     * <p>From this call on, ingest and query jobs handed over for processing (closed with UploadComplete, or a
     * created query) stay {@code UploadComplete}, and jobs already being processed stop at their next internal batch
     * boundary ({@link Builder#batchSize(int)}) and stay {@code InProgress} with their counters so far. Every other
     * request is served as usual: polls see the held state, aborts and deletes work (an aborted job ends at once and
     * is never processed further), results are refused as for any unfinished job.
     * {@link #resumeProcessing()} lets them all go on; {@link #reset()} also ends the pause.
     *
     * <pre>{@code
     * sf.pauseProcessing();
     * IngestRun run = client.ingest("Account").insert().timeout(Duration.ofMinutes(30)).upload(csv);
     * // ... the run's jobs stay UploadComplete: its deadline passes on a FakeClock, deterministically
     * sf.resumeProcessing();
     * }</pre>
     *
     * <p>Idempotent.
     */
    public void pauseProcessing() {
        engine.pauseProcessing();
    }

    /**
     * Ends {@link #pauseProcessing()}: held jobs start, in the order they were closed, and stopped jobs go on.
     * Idempotent; does nothing when processing is not paused.
     */
    public void resumeProcessing() {
        engine.resumeProcessing();
    }

    /** @return whether {@link #pauseProcessing()} is in effect */
    public boolean isProcessingPaused() {
        return engine.isProcessingPaused();
    }

    /** @return the received requests, oldest first (the most recent 10,000 are kept) */
    public List<RecordedRequest> requests() {
        return engine.requests();
    }

    /**
     * @return REST API calls counted against {@code DailyApiRequests}: every authenticated request under
     *     {@code /services/data} (job resources, limits, describe), whatever its answer, except those refused with
     *     403 REQUEST_LIMIT_EXCEEDED; token requests and 401s are not counted
     */
    public long apiCallCount() {
        return engine.apiCallCount();
    }

    /**
     * @return daily Bulk API batches consumed so far ({@code DailyBulkApiBatches}): one per started 10,000 records
     *     processed by each ingest job (as Salesforce cuts a job into batches of 10,000), whatever
     *     {@link Builder#batchSize(int)} is; an empty job takes none
     */
    public long bulkApiBatchCount() {
        return engine.bulkApiBatchCount();
    }

    /** @return Bulk API 2.0 query jobs created so far ({@code DailyBulkV2QueryJobs}) */
    public long queryJobCount() {
        return engine.queryJobCount();
    }

    /** @return ingest jobs now in UploadComplete or InProgress */
    public int inFlightJobs() {
        return engine.inFlightJobs();
    }

    /** @return the highest number of ingest jobs seen in UploadComplete or InProgress at once */
    public int maxObservedInFlightJobs() {
        return engine.maxObservedInFlightJobs();
    }

    /**
     * Drops all jobs, records, tokens, counters and the request log, restarts fault sequences, and ends a
     * {@link #pauseProcessing()} (jobs it held are dropped with the rest).
     */
    public void reset() {
        engine.reset();
    }

    @Override
    public String toString() {
        return "Bulk2Emulator{" + (cfg.host + ":" + cfg.port) + ", objects=" + cfg.schemas.size() + ", mode="
                + cfg.storeMode + "}";
    }

    /** One generated RSA pair per JVM (generation costs up to a second). */
    private static final class DefaultKeys {
        static final KeyPair PAIR = generate();

        private static KeyPair generate() {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                return g.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("RSA is not available", e);
            }
        }
    }

    /** Builder for {@link Bulk2Emulator}. Not thread-safe. */
    public static final class Builder {
        /** The settings so far, with their defaults; copied by {@link #build()}. */
        private final Config c = Config.defaults();
        private final List<String> jwtAudiences = new ArrayList<>();
        private final Map<String, ObjectSchema> schemas = new LinkedHashMap<>();

        private Builder() {
            for (ObjectSchema s : ObjectSchema.defaults()) {
                schemas.put(s.name().toLowerCase(Locale.ROOT), s);
            }
        }

        /**
         * @param port listen port; default 0 (a free port)
         * @return this
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            c.port = port;
            return this;
        }

        /**
         * @param host listen address; default {@code 127.0.0.1}
         * @return this
         */
        public Builder host(String host) {
            c.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * @param clientId consumer key accepted by the token endpoint; default a fixed fake value
         * @return this
         */
        public Builder clientId(String clientId) {
            c.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        /**
         * @param clientSecret secret for client credentials; default a fixed fake value
         * @return this
         */
        public Builder clientSecret(String clientSecret) {
            c.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
            return this;
        }

        /**
         * @param username the user accepted as JWT {@code sub}; default {@code integration.user@bulk2.example}
         * @return this
         */
        public Builder username(String username) {
            c.username = Objects.requireNonNull(username, "username");
            return this;
        }

        /**
         * @param key RSA key verifying JWT assertions; default: a pair generated once per JVM (see
         *     {@link Bulk2Emulator#jwtPrivateKey()})
         * @return this
         */
        public Builder jwtPublicKey(PublicKey key) {
            c.jwtPublicKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * @param certificate the certificate "uploaded to the connected app"; its public key verifies assertions
         * @return this
         */
        public Builder jwtCertificate(X509Certificate certificate) {
            c.jwtPublicKey = Objects.requireNonNull(certificate, "certificate").getPublicKey();
            return this;
        }

        /**
         * Adds accepted JWT {@code aud} values besides {@code https://login.salesforce.com} and
         * {@code https://test.salesforce.com} (e.g. an Experience Cloud site URL); default none.
         *
         * @param audiences URLs
         * @return this
         */
        public Builder jwtAudience(String... audiences) {
            jwtAudiences.addAll(Arrays.asList(audiences));
            return this;
        }

        /**
         * @param ttl access token lifetime; default 2 hours (the org default session timeout)
         * @return this
         */
        public Builder tokenTtl(Duration ttl) {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("tokenTtl must be positive, was " + ttl);
            }
            c.tokenTtl = ttl;
            return this;
        }

        /**
         * @param max REST requests a token may serve before it expires; default 0 (unlimited)
         * @return this
         */
        public Builder tokenMaxRequests(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("tokenMaxRequests must be >= 0, was " + max);
            }
            c.tokenMaxRequests = max;
            return this;
        }

        /**
         * Upload limit per job, as Salesforce states it: size after base64 encoding. Default 150,000,000. An upload
         * is rejected (HTTP 413) when its raw CSV exceeds two thirds of this (100,000,000 bytes by default) or its
         * base64 size exceeds it; gzip uploads are measured after decompression.
         *
         * @param bytes the base64 limit
         * @return this
         */
        public Builder maxUploadBytes(long bytes) {
            if (bytes < 3) {
                throw new IllegalArgumentException("maxUploadBytes must be >= 3, was " + bytes);
            }
            c.maxUploadBytes = bytes;
            return this;
        }

        /**
         * @param delay pause after each processed internal batch (slows jobs down to observe InProgress); default 0
         * @return this
         */
        public Builder processingDelayPerBatch(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("processingDelayPerBatch must not be negative, was " + delay);
            }
            c.processingDelayPerBatch = delay;
            return this;
        }

        /**
         * @param size records per internal batch of the emulator (counters grow, the store lock is released, a
         *     pause or {@link #processingDelayPerBatch(Duration)} applies, per batch); default 10,000. The
         *     {@code DailyBulkApiBatches} allocation is always counted per 10,000 records, as on Salesforce
         * @return this
         */
        public Builder batchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, was " + size);
            }
            c.batchSize = size;
            return this;
        }

        /**
         * Adds or replaces objects (by name, case-insensitive). Account and Contact are present by default.
         *
         * @param objects schemas
         * @return this
         */
        public Builder schema(ObjectSchema... objects) {
            for (ObjectSchema s : objects) {
                schemas.put(s.name().toLowerCase(Locale.ROOT), s);
            }
            return this;
        }

        /**
         * Adds or replaces objects declared in a JSON file (format in docs/testkit.md).
         *
         * @param file the JSON file
         * @return this
         * @throws IllegalArgumentException if the file cannot be read or is invalid
         */
        public Builder schemaFile(Path file) {
            SchemaFiles.read(file, schemas);
            return this;
        }

        /**
         * Adds fields to an object already configured (a built-in such as Account, or one added with
         * {@link #schema(ObjectSchema...)} or {@link #schemaFile(Path)} before), keeping all its other fields:
         * {@code extendObject("Account", FieldSchema.of("PersonGender__pc", FieldType.PICKLIST))}.
         *
         * @param objectName the object, any case
         * @param fields the fields to add
         * @return this
         * @throws IllegalArgumentException if the object is unknown or a field already exists
         */
        public Builder extendObject(String objectName, FieldSchema... fields) {
            ObjectSchema s = schemas.get(Objects.requireNonNull(objectName, "objectName").toLowerCase(Locale.ROOT));
            if (s == null) {
                List<String> known = new ArrayList<>();
                for (ObjectSchema o : schemas.values()) {
                    known.add(o.name());
                }
                throw new IllegalArgumentException("extendObject: unknown object " + objectName + "; known: " + known);
            }
            schemas.put(s.name().toLowerCase(Locale.ROOT), s.extendedWith(fields));
            return this;
        }

        /**
         * @param plan fault injection; default {@link FaultPlan#none()}
         * @return this
         */
        public Builder faults(FaultPlan plan) {
            c.faults = Objects.requireNonNull(plan, "plan");
            return this;
        }

        /**
         * @param clock time source for timestamps, token expiry and JWT {@code exp}; default system UTC
         * @return this
         */
        public Builder clock(Clock clock) {
            c.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param mode what is kept of records; default {@link StoreMode#FULL}
         * @return this
         */
        public Builder storeMode(StoreMode mode) {
            c.storeMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The org's daily API request allocation ({@code DailyApiRequests.Max} of the limits resource and the
         * second figure of {@code Sforce-Limit-Info}): once that many REST calls were counted, every further one
         * gets 403 {@code REQUEST_LIMIT_EXCEEDED}.
         *
         * @param limit REST calls allowed before 403 REQUEST_LIMIT_EXCEEDED; default 100,000
         * @return this
         */
        public Builder apiCallLimit(long limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("apiCallLimit must be >= 0, was " + limit);
            }
            c.apiCallLimit = limit;
            return this;
        }

        /**
         * @param policy what a job does with a record that cannot be parsed; default {@link MalformedCsv#REJECT_FILE}
         * @return this
         */
        public Builder malformedCsv(MalformedCsv policy) {
            c.malformedCsv = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param policy what a job does with a record with more or fewer values than the header has columns;
         *     default {@link WrongValueCount#FAIL_ROW}
         * @return this
         */
        public Builder wrongValueCount(WrongValueCount policy) {
            c.wrongValueCount = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * {@code DailyBulkApiBatches.Max}: Bulk API 2.0 ingest consumes one per started 10,000 records processed by a
         * job (independent of {@link #batchSize(int)}); when none is left for the next 10,000, the job turns
         * {@code Failed} ({@code ExceededQuota}) with the rest unprocessed.
         *
         * @param max batches per day; default 15,000
         * @return this
         */
        public Builder dailyBulkApiBatches(long max) {
            c.dailyBulkApiBatches = nonNegative("dailyBulkApiBatches", max);
            return this;
        }

        /**
         * {@code DailyBulkV2QueryJobs.Max}: each created query job consumes one; when none is left, creating a query
         * job gets 400 {@code EXCEEDEDQUOTA} (the Bulk API 2.0 {@code ExceededQuota} error).
         *
         * @param max query jobs per day; default 10,000
         * @return this
         */
        public Builder dailyBulkV2QueryJobs(long max) {
            c.dailyBulkV2QueryJobs = nonNegative("dailyBulkV2QueryJobs", max);
            return this;
        }

        /**
         * {@code DailyBulkV2QueryFileStorageMB.Max}: query results consume their CSV size; when none is left, a
         * query job turns {@code Failed} ({@code ExceededQuota}).
         *
         * @param max megabytes per day; default 976,562 (1 TB)
         * @return this
         */
        public Builder dailyBulkV2QueryFileStorageMB(long max) {
            c.dailyBulkV2QueryFileStorageMB = nonNegative("dailyBulkV2QueryFileStorageMB", max);
            return this;
        }

        /**
         * {@code DataStorageMB.Max}; stored records use 2 KB each, as Salesforce counts most records (reported
         * only, not enforced).
         *
         * @param max megabytes; default 1,024
         * @return this
         */
        public Builder dataStorageMB(long max) {
            c.dataStorageMB = nonNegative("dataStorageMB", max);
            return this;
        }

        private static long nonNegative(String name, long v) {
            if (v < 0) {
                throw new IllegalArgumentException(name + " must be >= 0, was " + v);
            }
            return v;
        }

        /**
         * @param size jobs per list page; default 1,000 (the real page size)
         * @return this
         */
        public Builder listPageSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("listPageSize must be >= 1, was " + size);
            }
            c.listPageSize = size;
            return this;
        }

        /**
         * @param size query result rows per page when the client gives no {@code maxRecords}; default 100,000
         * @return this
         */
        public Builder queryPageSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("queryPageSize must be >= 1, was " + size);
            }
            c.queryPageSize = size;
            return this;
        }

        /**
         * @param threads job processing threads; default 2
         * @return this
         */
        public Builder workerThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("workerThreads must be >= 1, was " + threads);
            }
            c.workerThreads = threads;
            return this;
        }

        /**
         * Builds the emulator (not started; call {@link Bulk2Emulator#start()}).
         *
         * @return the emulator
         */
        public Bulk2Emulator build() {
            Config c = this.c.copy();
            if (c.jwtPublicKey == null) {
                KeyPair kp = DefaultKeys.PAIR;
                c.jwtPublicKey = kp.getPublic();
                c.jwtPrivateKey = kp.getPrivate();
            }
            c.jwtAudiences = new LinkedHashSet<>();
            for (String a : jwtAudiences) {
                c.jwtAudiences.add(a.endsWith("/") ? a.substring(0, a.length() - 1) : a);
            }
            c.schemas = List.copyOf(schemas.values());
            return new Bulk2Emulator(c);
        }
    }
}
