package dev.bulk2.core;

import dev.bulk2.core.internal.ApiVersion;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.ingest.IngestJobs;
import dev.bulk2.core.internal.ApiBridge;
import dev.bulk2.core.internal.ClientContext;
import dev.bulk2.core.internal.ClientInternals;
import dev.bulk2.core.internal.IoThreads;
import dev.bulk2.core.internal.http.Hosts;
import dev.bulk2.core.internal.http.SdkVersion;
import dev.bulk2.core.internal.http.Transport;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The entry point of bulk2: a configured connection to one Salesforce org for Bulk API 2.0 calls.
 *
 * <pre>{@code
 * try (BulkClient client = BulkClient.builder()
 *         .instanceUrl(URI.create("https://mydomain.my.salesforce.com"))
 *         .auth(authProvider)
 *         .build()) {
 *     JobInfo job = client.ingestJobs().create(CreateIngestJobRequest.builder()
 *             .object("Account").operation(Operation.INSERT).build());
 * }
 * }</pre>
 *
 * <p>Create one per org and application and share it: it is thread-safe and immutable once built. Every call goes
 * through one transport (auth, gzip, User-Agent, timeouts, retries, limit tracking). {@link #close()} releases the
 * executor the client created itself; it never throws a checked exception.
 */
public final class BulkClient implements AutoCloseable {
    private static final int DEFAULT_IO_THREADS = 8;
    private static final System.Logger LOG = System.getLogger("dev.bulk2.core");
    static {
        ClientInternals.install(c -> c.context);
    }

    private final Builder config;
    private final ClientContext context;
    private final SharedExecutors sharedExecutors;
    private final HttpClient httpClient;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final IngestJobs jobs;
    private final dev.bulk2.core.query.QueryJobs queryJobs;
    private final dev.bulk2.core.internal.org.OrgResources org;

    private BulkClient(Builder b, HttpClient httpClient, SharedExecutors executors) {
        this.config = b.copy();
        this.httpClient = httpClient;
        this.sharedExecutors = executors;
        Transport transport = new Transport(httpClient, b.auth, b.instanceUrl, b.apiVersion.value(),
                b.requestTimeout, b.retryPolicy, b.clock, b.sleeper, SdkVersion.userAgent(b.userAgentSuffix),
                b.observer);
        this.context = new ClientContext(transport, b.apiVersion, b.clock, b.sleeper, executors.scheduler,
                executors.io, b.retryPolicy, b.requestTimeout, b.uploadTimeout);
        this.jobs = ApiBridge.ingests().ingestJobs(context);
        this.queryJobs = ApiBridge.queries().queryJobs(context);
        this.org = new dev.bulk2.core.internal.org.OrgResources(context, b.describeCacheTtl);
        context.attachOrg(org);
    }

    /**
     * A builder with the defaults described on each setter.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with this client's configuration. A client built from it shares this client's HTTP client (unless
     * the connect timeout or HTTP client is changed) and executor; the executor is shut down when the last client
     * sharing it is closed.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = config.copy();
        b.inheritedHttpClient = httpClient;
        b.inheritedExecutors = sharedExecutors;
        return b;
    }

    /**
     * The low-level ingest job operations, one method per REST resource.
     *
     * @return the ingest jobs API (thread-safe, cheap to call)
     */
    public IngestJobs ingestJobs() {
        return jobs;
    }

    /**
     * Starts a fluent ingest: choose the operation and options, then {@code upload(...)} any amount of data.
     * Input larger than one job is split, one job per part, up to {@code maxConcurrentJobs} at a time.
     *
     * <pre>{@code
     * IngestResult r = client.ingest("Account").upsert("External_ID__c")
     *         .upload(Path.of("clients.csv"))
     *         .awaitCompletion();
     * }</pre>
     *
     * @param object the sObject API name, for example {@code Account}
     * @return the chain (not thread-safe; each {@code upload} starts a new run)
     */
    public dev.bulk2.core.ingest.Ingest ingest(String object) {
        return ApiBridge.ingests().ingest(context, dev.bulk2.core.ingest.IngestJobRequest.builder()
                .object(Objects.requireNonNull(object, "object")));
    }

    /**
     * Starts a fluent ingest from a request value built with {@code IngestJobRequest.builder()}.
     *
     * @param request the request
     * @return the chain, preset with the request
     */
    public dev.bulk2.core.ingest.Ingest ingest(dev.bulk2.core.ingest.IngestJobRequest request) {
        return ApiBridge.ingests().ingest(context, Objects.requireNonNull(request, "request").toBuilder());
    }

    /**
     * A handle on an ingest job submitted earlier (for example one named by a timeout), to wait for it and read
     * its results. Does no I/O; polls with {@link PollingPolicy#defaults()}.
     *
     * @param jobId the job id
     * @return the handle (thread-safe)
     */
    public dev.bulk2.core.ingest.IngestJob ingestJob(String jobId) {
        return ApiBridge.ingests().ingestJob(context, jobId, PollingPolicy.defaults());
    }

    /**
     * Re-attaches to several ingest jobs submitted earlier (for example all jobs of a run that timed out), to
     * wait for them and read their merged results. Does no I/O; polls with {@link PollingPolicy#defaults()}.
     *
     * @param jobIds one or more job ids
     * @return the handle (thread-safe)
     */
    public dev.bulk2.core.ingest.IngestRun attachIngestJobs(java.util.List<String> jobIds) {
        return ApiBridge.ingests().attach(context, List.copyOf(jobIds), PollingPolicy.defaults());
    }

    /**
     * The low-level query job operations ({@code /jobs/query}), one method per REST resource: create, info,
     * abort, delete, list, one result page by locator, and the {@code resultPages} links (API 58.0+).
     *
     * @return the query jobs API (thread-safe, cheap to call)
     */
    public dev.bulk2.core.query.QueryJobs queryJobs() {
        return queryJobs;
    }

    /**
     * Starts a bulk query (extract): configure it ({@code queryAll()}, page size, parallelism, deadline, ...),
     * then a terminal such as {@code stream()}, {@code toPath(Path)} or {@code forEachRow(...)} creates the job,
     * waits for it and reads every result page with flat memory.
     *
     * <pre>{@code
     * try (QueryRows<Map<String, String>> rows = client.query("SELECT Id, Name FROM Account").stream()) {
     *     rows.forEach(row -> names.add(row.get("Name")));
     * }
     * }</pre>
     *
     * @param soql the SOQL query
     * @return the configurable query (not thread-safe; each terminal runs a new job)
     */
    public dev.bulk2.core.query.Query query(String soql) {
        return ApiBridge.queries().query(context, dev.bulk2.core.query.QueryJobRequest.of(soql));
    }

    // ---- Org resources: describe and limits

    /**
     * The sObject describe of an object ({@code GET /services/data/vXX.X/sobjects/{object}/describe}): its fields,
     * their types and what the integration user may do with them.
     *
     * <p>Cached per client for {@link Builder#describeCacheTtl(Duration)} (default 15 minutes, on the client's
     * clock), keyed by the object name ignoring case; concurrent callers asking for the same object share one
     * call. Failures are not cached. Thread-safe.
     *
     * <pre>{@code
     * SObjectDescribe account = client.describe("Account");
     * account.field("External_Id__c").filter(FieldDescribe::isExternalId).isPresent();
     * }</pre>
     *
     * @param object the sObject API name, for example {@code Account} or {@code My_Object__c}
     * @return the describe
     * @throws IllegalArgumentException if the name cannot be an API name
     * @throws dev.bulk2.core.exception.NotFoundException if the org has no such object or the user cannot see it
     * @throws dev.bulk2.core.exception.BulkDataException if the answer cannot be read
     * @throws dev.bulk2.core.exception.BulkApiException for other error answers (after retries)
     */
    public dev.bulk2.core.org.SObjectDescribe describe(String object) {
        return org.describe(object);
    }

    /**
     * The org's limits ({@code GET /services/data/vXX.X/limits}): daily API requests, the Bulk API batch allowance
     * that ingest consumes, Bulk API 2.0 query jobs and result storage, and every other limit listed. Never
     * cached: each call is one API request. Needs the View Setup and Configuration permission. Thread-safe.
     *
     * @return the limits
     * @throws dev.bulk2.core.exception.BulkDataException if the answer cannot be read
     * @throws dev.bulk2.core.exception.BulkApiException if Salesforce refuses (after retries)
     */
    public dev.bulk2.core.org.OrgLimits limits() {
        return org.limits();
    }

    /**
     * A fail-fast check for start-up: fetches an access token and reads one cheap REST resource
     * ({@code GET /services/data/vXX.X/limits}, one API call), so a bad secret, instance URL or API version is found
     * before the first upload of a nightly run, not during it. A user without the View Setup and Configuration
     * permission (not needed for the Bulk API) passes, with {@link ClientVerification#limits()} empty.
     *
     * @return the instance URL, API version and, when readable, the org limits
     * @throws dev.bulk2.core.exception.AuthenticationException if no token can be obtained (wrong client id,
     *     secret, key or user) or Salesforce rejects it
     * @throws dev.bulk2.core.exception.NotFoundException if the org does not offer the API version (the message
     *     says to set {@link Builder#apiVersion(String)})
     * @throws dev.bulk2.core.exception.TransportException if the instance cannot be reached (unknown host, refused,
     *     TLS failure, timeout)
     * @throws dev.bulk2.core.exception.NotSalesforceEndpointException if the instance URL answers HTML
     * @throws dev.bulk2.core.exception.BulkApiException for other refusals, for example API access disabled
     */
    public ClientVerification verify() {
        try {
            return new ClientVerification(instanceUrl(), apiVersion(), org.limits());
        } catch (dev.bulk2.core.exception.NotFoundException e) {
            throw new dev.bulk2.core.exception.NotFoundException(e.method() + " " + e.path() + " failed: HTTP "
                    + e.statusCode() + ": API version " + apiVersion() + " is not available at "
                    + instanceUrl() + ". Set BulkClient.builder().apiVersion(...) to a version the org offers "
                    + "(GET " + instanceUrl() + "/services/data/ lists them), and check that instanceUrl is the org's "
                    + "My Domain URL", e.statusCode(), e.errorCode().orElse(null), e.errors(), e.method(), e.path(),
                    null);
        } catch (dev.bulk2.core.exception.BulkApiException e) {
            if (e.getClass() == dev.bulk2.core.exception.BulkApiException.class && e.statusCode() == 403
                    && "INSUFFICIENT_ACCESS".equals(e.errorCode().orElse(null))) {
                // authenticated and the version exists; only the limits are not visible to this user
                return new ClientVerification(instanceUrl(), apiVersion(), null);
            }
            throw e;
        }
    }

    // ---- end of org resources

    /**
     * The API usage reported by the latest response that carried {@code Sforce-Limit-Info}.
     *
     * @return the last limit info, empty before the first such response
     */
    public Optional<LimitInfo> lastLimitInfo() {
        return context.transport().lastLimitInfo();
    }

    /**
     * HTTP requests this client has sent, counting every retry and token-refresh replay. Each counts toward the
     * org's API request allocation.
     *
     * @return the count since the client was built
     */
    public long apiCallCount() {
        return context.transport().apiCallCount();
    }

    /**
     * The API version used in every URL.
     *
     * @return the version, for example {@code "64.0"}
     */
    public String apiVersion() {
        return context.apiVersion().value();
    }

    /**
     * The instance URL: the configured one, or the one of the first access token.
     *
     * @return the URL without a trailing slash; may fetch a token when not configured
     */
    public URI instanceUrl() {
        return context.transport().instanceUrl();
    }

    /**
     * Releases resources: shuts down the executor if this client created it (and no client built with
     * {@link #toBuilder()} still uses it). A supplied executor or HTTP client is left alone. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            sharedExecutors.release();
        }
    }

    @Override
    public String toString() {
        return "BulkClient{instanceUrl=" + config.instanceUrl + ", apiVersion=" + config.apiVersion + "}";
    }

    /** The client's scheduler and I/O executor, which of them it owns, and how many clients share them. */
    static final class SharedExecutors {
        final ScheduledExecutorService scheduler;
        final ExecutorService io;
        private final boolean ownsScheduler;
        private final boolean ownsIo;
        private final AtomicInteger users = new AtomicInteger(1);
        /** The executor of the HTTP client the client created itself, or {@code null}. */
        ExecutorService http;

        SharedExecutors(ScheduledExecutorService scheduler, boolean ownsScheduler, ExecutorService io,
                boolean ownsIo) {
            this.scheduler = scheduler;
            this.io = io;
            this.ownsScheduler = ownsScheduler;
            this.ownsIo = ownsIo;
        }

        SharedExecutors retain() {
            users.incrementAndGet();
            return this;
        }

        void release() {
            if (users.decrementAndGet() == 0) {
                if (ownsScheduler) {
                    scheduler.shutdownNow();
                }
                if (ownsIo) {
                    io.shutdownNow();
                }
                if (http != null) {
                    http.shutdownNow();
                }
                awaitStop(ownsScheduler ? scheduler : null);
                awaitStop(ownsIo ? io : null);
                awaitStop(http);
            }
        }

        /** Waits a little for the owned threads to end, so that none is left after {@code close()}. */
        private static void awaitStop(ExecutorService ex) {
            if (ex == null) {
                return;
            }
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                if (!ex.awaitTermination(5, TimeUnit.SECONDS)
                        || !dev.bulk2.core.internal.IoThreads.joinThreads(ex, deadline)) {
                    LOG.log(System.Logger.Level.WARNING, "A bulk2 executor did not stop within 5 s of close(); "
                            + "a task is still blocked (for example an HTTP call without an answer)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Configures a {@link BulkClient}. Not thread-safe; {@link #build()} checks the configuration and fails with
     * {@link IllegalArgumentException} or {@link NullPointerException} naming the setting.
     */
    public static final class Builder {
        private URI instanceUrl;
        private ApiVersion apiVersion = ApiVersion.DEFAULT;
        private AuthProvider auth;
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration uploadTimeout = Duration.ofMinutes(15);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private ScheduledExecutorService scheduler;
        private ExecutorService ioExecutor;
        private int ioThreads = DEFAULT_IO_THREADS;
        private HttpClient httpClient;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        private String userAgentSuffix;
        private ClientObserver observer = ClientObserver.NONE;
        private HttpClient inheritedHttpClient;
        private SharedExecutors inheritedExecutors;
        private Duration describeCacheTtl = dev.bulk2.core.internal.org.OrgResources.DEFAULT_DESCRIBE_TTL;

        private Builder() {
        }

        Builder copy() {
            Builder b = new Builder();
            b.instanceUrl = instanceUrl;
            b.apiVersion = apiVersion;
            b.auth = auth;
            b.requestTimeout = requestTimeout;
            b.uploadTimeout = uploadTimeout;
            b.connectTimeout = connectTimeout;
            b.retryPolicy = retryPolicy;
            b.scheduler = scheduler;
            b.ioExecutor = ioExecutor;
            b.ioThreads = ioThreads;
            b.httpClient = httpClient;
            b.clock = clock;
            b.sleeper = sleeper;
            b.userAgentSuffix = userAgentSuffix;
            b.observer = observer;
            b.describeCacheTtl = describeCacheTtl;
            return b;
        }

        /**
         * The org's instance URL, for example {@code https://mydomain.my.salesforce.com}. Must be {@code https}
         * unless the host is loopback ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}). Default: none, in
         * which case the {@code instance_url} of the first access token is used. Only scheme, host and port: a
         * path such as {@code /services/data/v62.0} is refused (bulk2 adds it; set the version with
         * {@link #apiVersion(String)}).
         *
         * @param instanceUrl the URL
         * @return this builder
         * @throws IllegalArgumentException if the URL is not absolute, not https (for a non-loopback host), or has a
         *     path, query or fragment; the message says what to pass instead
         */
        public Builder instanceUrl(URI instanceUrl) {
            this.instanceUrl = Hosts.checkInstanceUrl(Objects.requireNonNull(instanceUrl, "instanceUrl"),
                    "instanceUrl");
            return this;
        }

        /**
         * The REST API version for every URL. Default {@code 64.0}.
         *
         * @param apiVersion for example {@code "62.0"} (a leading {@code v} is accepted); at least {@code 41.0}
         * @return this builder
         * @throws IllegalArgumentException if the value is not a version such as {@code 62.0}
         */
        public Builder apiVersion(String apiVersion) {
            this.apiVersion = ApiVersion.of(apiVersion);
            return this;
        }

        /**
         * The source of access tokens (required), for example
         * {@link dev.bulk2.core.auth.AuthProvider#ofToken(String) AuthProvider.ofToken} or an OAuth provider from bulk2-auth.
         *
         * @param auth the provider
         * @return this builder
         */
        public Builder auth(AuthProvider auth) {
            this.auth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        /**
         * Time allowed for each request until the response headers arrive. Default 60 seconds. Uploads use
         * {@link #uploadTimeout(Duration)}.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /**
         * Time allowed for a data upload (PUT), including sending the body. Default 15 minutes.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder uploadTimeout(Duration timeout) {
            this.uploadTimeout = positive(timeout, "uploadTimeout");
            return this;
        }

        /**
         * Time allowed to establish a connection. Default 10 seconds. Ignored when an {@link #httpClient} is
         * supplied (configure it there).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            this.inheritedHttpClient = null;
            return this;
        }

        /**
         * How transient failures are retried. Default {@link RetryPolicy#defaults()}.
         *
         * @param retryPolicy the policy
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /**
         * The scheduler that times polls, retry backoffs and deadlines. It only fires timers: blocking work runs on
         * the {@link #ioExecutor(ExecutorService) I/O executor}. Default: one daemon thread
         * {@code bulk2-scheduler-1} that the client creates and stops on {@link BulkClient#close()}; a supplied
         * scheduler is never shut down by the client.
         *
         * @param scheduler the scheduler
         * @return this builder
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            this.inheritedExecutors = null;
            return this;
        }

        /**
         * The executor that runs every blocking step of runs and exports: HTTP calls, reading input parts,
         * polls, downloading result pages. Every run, poll and export of the client borrows it; bulk2 creates no
         * thread of its own. Default: at most {@link #ioThreads(int)} daemon threads {@code bulk2-io-N}, created on
         * demand, retired after 30 s idle, stopped on {@link BulkClient#close()}; a supplied executor is never
         * shut down by the client. A supplied executor must be able to run several tasks at once (at least 2).
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder ioExecutor(ExecutorService executor) {
            this.ioExecutor = Objects.requireNonNull(executor, "ioExecutor");
            this.inheritedExecutors = null;
            return this;
        }

        /**
         * The bound of the default I/O executor: how many HTTP calls (uploads, polls, downloads) the client makes
         * at once, across all its runs and exports. Default 8. Ignored when an {@link #ioExecutor(ExecutorService)}
         * is supplied.
         *
         * @param threads at least 2
         * @return this builder
         */
        public Builder ioThreads(int threads) {
            if (threads < 2) {
                throw new IllegalArgumentException("ioThreads must be at least 2, was " + threads);
            }
            this.ioThreads = threads;
            this.inheritedExecutors = null;
            return this;
        }

        /**
         * The HTTP client. Default: a new JDK {@link HttpClient} using HTTP/1.1, no redirects and the
         * {@link #connectTimeout(Duration)}.
         *
         * @param httpClient the client
         * @return this builder
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            this.inheritedHttpClient = null;
            return this;
        }

        /**
         * The clock for retry budgets and timestamps (tests inject a fake). Default {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How the client waits between retries and polls (tests inject a recording fake). Default
         * {@link Sleeper#system()}.
         *
         * @param sleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Text appended to the User-Agent {@code bulk2-java/<version> Java/<runtime>}, for example your
         * application's name. Default none.
         *
         * @param suffix the suffix (no line breaks)
         * @return this builder
         */
        public Builder userAgentSuffix(String suffix) {
            if (suffix != null && (suffix.indexOf('\r') >= 0 || suffix.indexOf('\n') >= 0)) {
                throw new IllegalArgumentException("userAgentSuffix must not contain line breaks");
            }
            this.userAgentSuffix = suffix;
            return this;
        }

        /**
         * Sees every HTTP exchange of the client (resource, outcome, duration), retries by cause, token refreshes,
         * bytes sent and received and the {@code Sforce-Limit-Info} usage; for example
         * {@code Bulk2Metrics.observer()} of {@code bulk2-micrometer}. Default {@link ClientObserver#NONE}.
         *
         * @param observer a thread-safe, quick observer
         * @return this builder
         */
        public Builder observer(ClientObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        // ---- org resources

        /**
         * How long {@link BulkClient#describe(String)} keeps an object's describe before asking Salesforce again,
         * measured on the {@link #clock(Clock)}. Default 15 minutes. {@link Duration#ZERO} turns the cache off
         * (concurrent callers still share one call). Shorten it while fields are being deployed to the org.
         *
         * @param ttl zero or a positive duration
         * @return this builder
         */
        public Builder describeCacheTtl(Duration ttl) {
            this.describeCacheTtl = dev.bulk2.core.internal.org.OrgResources.checkTtl(ttl);
            return this;
        }

        // ---- end of org resources

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }

        /**
         * Builds the client. Does no I/O.
         *
         * @return the client
         * @throws NullPointerException if {@link #auth(AuthProvider)} was not set
         */
        public BulkClient build() {
            if (auth == null) {
                throw new NullPointerException("auth is required: call BulkClient.builder().auth(...) with an "
                        + "AuthProvider (AuthProvider.ofToken(...), or ClientCredentialsAuth/JwtBearerAuth from bulk2-auth)");
            }
            SharedExecutors ex;
            if (inheritedExecutors != null) {
                ex = inheritedExecutors.retain();
            } else {
                ex = new SharedExecutors(scheduler != null ? scheduler : IoThreads.newScheduler(), scheduler == null,
                        ioExecutor != null ? ioExecutor : IoThreads.newIoExecutor(ioThreads), ioExecutor == null);
            }
            HttpClient http;
            if (httpClient != null) {
                http = httpClient;
            } else if (inheritedHttpClient != null && ex.http != null) {
                http = inheritedHttpClient;
            } else {
                // the HTTP client's own async work gets a small executor of ours (never the I/O executor, whose
                // threads block in send() waiting for it), stopped with the client
                if (ex.http == null) {
                    ex.http = IoThreads.newHttpExecutor();
                }
                http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(connectTimeout)
                        .executor(ex.http)
                        .build();
            }
            return new BulkClient(this, http, ex);
        }
    }
}
