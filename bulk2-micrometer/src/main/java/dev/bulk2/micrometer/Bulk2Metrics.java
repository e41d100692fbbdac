package dev.bulk2.micrometer;

import dev.bulk2.core.ApiCall;
import dev.bulk2.core.ClientObserver;
import dev.bulk2.core.JobInfo;
import dev.bulk2.core.LimitInfo;
import dev.bulk2.core.ingest.IngestListener;
import dev.bulk2.core.ingest.IngestResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Micrometer meters for bulk2 clients and ingest runs. One instance collects the events of its
 * {@link #observer()} (give it to {@link dev.bulk2.core.BulkClient.Builder#observer(ClientObserver)}) and of its
 * {@link #ingestListener()} (give it to each run with {@code .listener(...)}), and records them on every registry
 * it is {@linkplain #bindTo(MeterRegistry) bound to}:
 *
 * <pre>{@code
 * Bulk2Metrics metrics = Bulk2Metrics.create(Tags.of("org", "prod"));
 * metrics.bindTo(registry);
 * try (BulkClient client = BulkClient.builder().auth(auth).observer(metrics.observer()).build()) {
 *     client.ingest("Account").upsert("External_ID__c").listener(metrics.ingestListener())
 *             .upload(Path.of("clients.csv")).awaitCompletion();
 * }
 * }</pre>
 *
 * <p>The meters, their tags and units are listed in {@code docs/metrics.md}: {@value #API_CALLS} (timer),
 * {@value #API_RETRIES}, {@value #TOKEN_REFRESHES}, {@value #BYTES_SENT}, {@value #BYTES_RECEIVED},
 * {@value #RECORDS_SUBMITTED}, {@value #RECORDS} (counters), {@value #JOB_DURATION} (timer) and
 * {@value #DAILY_API_USED}, {@value #DAILY_API_MAX} (gauges from {@code Sforce-Limit-Info}). Every tag value comes
 * from a small fixed set (resource templates, not URLs; object names, not record ids). Events seen before the first
 * {@code bindTo} are not recorded, except the daily usage, which the gauges show from their registration on.
 * Thread-safe; one instance may serve several clients (their meters add up; tell them apart with separate
 * instances and common tags).
 */
public final class Bulk2Metrics implements MeterBinder {
    /** Timer of HTTP exchanges; tags {@code method}, {@code resource}, {@code status}, {@code outcome}. */
    public static final String API_CALLS = "bulk2.api.calls";
    /** Counter of retried exchanges; tags {@code resource}, {@code cause}. */
    public static final String API_RETRIES = "bulk2.api.retries";
    /** Counter of access-token refreshes; tag {@code cause}. */
    public static final String TOKEN_REFRESHES = "bulk2.auth.token.refreshes";
    /** Counter of request-body bytes sent (on the wire, after gzip); tag {@code resource}. */
    public static final String BYTES_SENT = "bulk2.api.sent";
    /** Counter of response-body bytes received (on the wire, before gunzip); tag {@code resource}. */
    public static final String BYTES_RECEIVED = "bulk2.api.received";
    /** Gauge of the org's API requests used in the last 24 h, from {@code Sforce-Limit-Info}. */
    public static final String DAILY_API_USED = "bulk2.api.daily.used";
    /** Gauge of the org's API request allocation for 24 h, from {@code Sforce-Limit-Info}. */
    public static final String DAILY_API_MAX = "bulk2.api.daily.max";
    /** Counter of records submitted by ingest runs; tags {@code object}, {@code operation}. */
    public static final String RECORDS_SUBMITTED = "bulk2.ingest.records.submitted";
    /**
     * Counter of records by how they ended; tags {@code object}, {@code operation}, {@code result}
     * ({@code succeeded}, {@code failed}, {@code unprocessed}); the sum over {@code result} is
     * {@value #RECORDS_SUBMITTED}.
     */
    public static final String RECORDS = "bulk2.ingest.records";
    /** Timer from job creation to its terminal state; tags {@code object}, {@code operation}, {@code state}. */
    public static final String JOB_DURATION = "bulk2.ingest.job.duration";

    private final Tags commonTags;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final AtomicReference<LimitInfo> lastLimit = new AtomicReference<>();
    private final Map<String, Long> jobStarts = new ConcurrentHashMap<>();
    private final Observer observer = new Observer();
    private final Listener listener = new Listener();

    private Bulk2Metrics(Tags commonTags) {
        this.commonTags = commonTags;
    }

    /**
     * Metrics without tags of their own.
     *
     * @return a new instance, bound to no registry yet
     */
    public static Bulk2Metrics create() {
        return new Bulk2Metrics(Tags.empty());
    }

    /**
     * Metrics with tags added to every meter, for example {@code Tags.of("org", "prod")} to tell the clients of two
     * orgs apart.
     *
     * @param tags the tags
     * @return a new instance, bound to no registry yet
     */
    public static Bulk2Metrics create(Iterable<Tag> tags) {
        return new Bulk2Metrics(Tags.of(Objects.requireNonNull(tags, "tags")));
    }

    /**
     * The observer to give to {@link dev.bulk2.core.BulkClient.Builder#observer(ClientObserver)}.
     *
     * @return the observer (the same instance on every call)
     */
    public ClientObserver observer() {
        return observer;
    }

    /**
     * The listener to give to each ingest run ({@code client.ingest(...).listener(metrics.ingestListener())}):
     * records the run's final counts by object and operation and the duration of each job.
     *
     * @return the listener (the same, thread-safe instance on every call)
     */
    public IngestListener ingestListener() {
        return listener;
    }

    /**
     * Records from now on to this registry as well, and registers the daily-usage gauges there. Binding the same
     * registry twice has no further effect.
     *
     * @param registry the registry
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        synchronized (registries) {
            if (registries.contains(registry)) {
                return;
            }
            registries.add(registry);
        }
        Gauge.builder(DAILY_API_USED, lastLimit, l -> l.get() == null ? Double.NaN : l.get().apiUsed())
                .tags(commonTags).baseUnit("requests")
                .description("API requests the org used in the last 24 hours (Sforce-Limit-Info)").register(registry);
        Gauge.builder(DAILY_API_MAX, lastLimit, l -> l.get() == null ? Double.NaN : l.get().apiMax())
                .tags(commonTags).baseUnit("requests")
                .description("The org's API request allocation for 24 hours (Sforce-Limit-Info)").register(registry);
    }

    private void count(String name, String description, String baseUnit, double amount, String... tags) {
        for (MeterRegistry r : registries) {
            Counter.builder(name).tags(commonTags).tags(tags).description(description).baseUnit(baseUnit)
                    .register(r).increment(amount);
        }
    }

    private void time(String name, String description, long nanos, String... tags) {
        for (MeterRegistry r : registries) {
            Timer.builder(name).tags(commonTags).tags(tags).description(description).register(r)
                    .record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** The client-side events. */
    private final class Observer implements ClientObserver {
        @Override
        public void onApiCall(ApiCall call) {
            time(API_CALLS, "HTTP exchanges with Salesforce, each attempt", call.duration().toNanos(),
                    "method", call.method(), "resource", call.resource(),
                    "status", call.statusCode() == 0 ? "NONE" : String.valueOf(call.statusCode()),
                    "outcome", call.outcome().name());
        }

        @Override
        public void onRetry(String resource, RetryCause cause, int attempt, Duration delay) {
            count(API_RETRIES, "Exchanges sent again after a transient failure", null, 1, "resource", resource,
                    "cause", lower(cause));
        }

        @Override
        public void onTokenRefresh(TokenRefreshCause cause) {
            count(TOKEN_REFRESHES, "New access tokens taken into use", null, 1, "cause", lower(cause));
        }

        @Override
        public void onBytesSent(String resource, long bytes) {
            count(BYTES_SENT, "Request body bytes sent", BaseUnits.BYTES, bytes, "resource", resource);
        }

        @Override
        public void onBytesReceived(String resource, long bytes) {
            count(BYTES_RECEIVED, "Response body bytes received", BaseUnits.BYTES, bytes, "resource", resource);
        }

        @Override
        public void onLimitInfo(LimitInfo limitInfo) {
            lastLimit.set(limitInfo);
        }
    }

    /** The run-side events. */
    private final class Listener implements IngestListener {
        @Override
        public void onJobCreated(int round, int partIndex, JobInfo job) {
            jobStarts.put(job.id(), System.nanoTime());
        }

        @Override
        public void onJobDiscarded(int round, int partIndex, String abortedJobId, String reason) {
            jobStarts.remove(abortedJobId);
        }

        @Override
        public void onJobStateChanged(JobInfo job) {
            if (!job.isTerminal()) {
                return;
            }
            Long start = jobStarts.remove(job.id());
            if (start != null) {
                time(JOB_DURATION, "Ingest jobs from creation to a terminal state", System.nanoTime() - start,
                        "object", job.object().orElse("unknown"), "operation", operation(job),
                        "state", job.state().apiName());
            }
        }

        @Override
        public void onRunCompleted(IngestResult result) {
            List<JobInfo> jobs = result.jobs();
            for (JobInfo j : jobs) {
                jobStarts.remove(j.id());
            }
            if (jobs.isEmpty() && result.recordsSubmitted() == 0) {
                return;
            }
            JobInfo first = jobs.isEmpty() ? null : jobs.get(0);
            String object = first == null ? "unknown" : first.object().orElse("unknown");
            String operation = first == null ? "unknown" : operation(first);
            count(RECORDS_SUBMITTED, "Records submitted by ingest runs", "records", result.recordsSubmitted(),
                    "object", object, "operation", operation);
            count(RECORDS, "Records of ingest runs by how they ended", "records", result.recordsSucceeded(),
                    "object", object, "operation", operation, "result", "succeeded");
            count(RECORDS, "Records of ingest runs by how they ended", "records", result.recordsFailed(),
                    "object", object, "operation", operation, "result", "failed");
            count(RECORDS, "Records of ingest runs by how they ended", "records", result.recordsUnprocessed(),
                    "object", object, "operation", operation, "result", "unprocessed");
        }

        private String operation(JobInfo job) {
            String api = job.operation().apiName();
            return api != null ? api : job.operationAsString().orElse("unknown");
        }
    }
}
