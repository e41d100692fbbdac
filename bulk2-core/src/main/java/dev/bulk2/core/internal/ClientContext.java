package dev.bulk2.core.internal;

import dev.bulk2.core.RetryPolicy;
import dev.bulk2.core.Sleeper;
import dev.bulk2.core.internal.http.Transport;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Everything a {@code BulkClient} shares with the code that runs on it (ingest, query, polling): the transport
 * and the injected clock, sleeper, the client's two executors and settings.
 *
 * <p>Threads: the client owns one scheduler (timers only: it never runs blocking I/O) and one bounded I/O executor
 * (every HTTP call, part read and poll of runs and exports). Nothing in bulk2 creates a thread of its own.
 * Every wait goes through {@link #delay(Duration)}, that is through the injected {@link Sleeper}: the system
 * sleeper is turned into a scheduler timer (no thread blocked); any other sleeper (a test's fake) is called on
 * an I/O thread, so that tests run on fake time. Obtain it with {@link ClientInternals#context}.
 * Internal, thread-safe.
 */
public final class ClientContext {
    private static final int MAX_REMEMBERED_JOBS = 10_000;

    private final Transport transport;
    private final ApiVersion apiVersion;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ScheduledExecutorService scheduler;
    private final Executor io;
    private final Delays delays;
    private final RetryPolicy retryPolicy;
    private final Duration requestTimeout;
    private final Duration uploadTimeout;
    private final Map<String, Boolean> createdJobs = Collections.synchronizedMap(
            new LinkedHashMap<String, Boolean>(64, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > MAX_REMEMBERED_JOBS;
                }
            });
    private volatile String userId;
    private volatile dev.bulk2.core.internal.org.OrgResources org;
    private final java.util.concurrent.locks.ReentrantLock createLock = new java.util.concurrent.locks.ReentrantLock();

    /**
     * Creates the context.
     *
     * @param transport the transport
     * @param apiVersion the API version
     * @param clock the clock
     * @param sleeper the sleeper
     * @param scheduler the timer executor
     * @param ioExecutor the I/O executor
     * @param retryPolicy the retry policy
     * @param requestTimeout the default request timeout
     * @param uploadTimeout the timeout of a data upload
     */
    public ClientContext(Transport transport, ApiVersion apiVersion, Clock clock, Sleeper sleeper,
            ScheduledExecutorService scheduler, Executor ioExecutor, RetryPolicy retryPolicy, Duration requestTimeout,
            Duration uploadTimeout) {
        this.transport = Objects.requireNonNull(transport);
        this.apiVersion = Objects.requireNonNull(apiVersion);
        this.clock = Objects.requireNonNull(clock);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.scheduler = Objects.requireNonNull(scheduler);
        Executor raw = Objects.requireNonNull(ioExecutor);
        this.io = task -> raw.execute(() -> IoThreads.run(task));
        this.delays = new Delays(sleeper, scheduler, io);
        this.retryPolicy = Objects.requireNonNull(retryPolicy);
        this.requestTimeout = Objects.requireNonNull(requestTimeout);
        this.uploadTimeout = Objects.requireNonNull(uploadTimeout);
    }

    /** @return the transport */
    public Transport transport() {
        return transport;
    }

    /** @return the API version */
    public ApiVersion apiVersion() {
        return apiVersion;
    }

    /** @return the clock */
    public Clock clock() {
        return clock;
    }

    /** @return the sleeper */
    public Sleeper sleeper() {
        return sleeper;
    }

    /** @return the scheduler: timers only, never blocking work */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** @return the I/O executor: HTTP calls, part reads, polls (tasks run marked, see {@link IoThreads}) */
    public Executor io() {
        return io;
    }

    /**
     * Completes after {@code duration}, through the injected sleeper: a timer for the system sleeper, otherwise
     * the sleeper called on an I/O thread. Completes exceptionally when the client's executors are shut down.
     *
     * @param duration how long; zero or negative completes at once
     * @return a future completed after the delay (on a scheduler or I/O thread)
     */
    public CompletableFuture<Void> delay(Duration duration) {
        return delays.after(duration);
    }

    /** @return the retry policy */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** @return the default request timeout */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** @return the timeout of a data upload (PUT) */
    public Duration uploadTimeout() {
        return uploadTimeout;
    }

    /**
     * Remembers a job this client created (bounded), so that orphan recovery never touches it.
     *
     * @param jobId the job id
     * @param createdById the creating user, or {@code null}
     */
    public void rememberCreatedJob(String jobId, String createdById) {
        createdJobs.put(jobId, Boolean.TRUE);
        if (createdById != null) {
            userId = createdById;
        }
    }

    /**
     * Whether this client created the job (among the last 10,000 it created).
     *
     * @param jobId the job id
     * @return {@code true} if known
     */
    public boolean createdJob(String jobId) {
        return createdJobs.containsKey(jobId);
    }

    /**
     * The client's lock around creating an ingest job: a lost create's orphan search must not see the job of a
     * create still in flight on the same client.
     *
     * @return the lock
     */
    public java.util.concurrent.locks.ReentrantLock createLock() {
        return createLock;
    }

    /**
     * Attaches the client's org resources (describe cache and limits), once, right after construction.
     *
     * @param org the org resources
     */
    public void attachOrg(dev.bulk2.core.internal.org.OrgResources org) {
        this.org = Objects.requireNonNull(org, "org");
    }

    /**
     * The client's describe and limits reads, shared by every ingest of the client (one describe cache).
     *
     * @return the org resources
     * @throws IllegalStateException if none was attached (a context built outside {@code BulkClient})
     */
    public dev.bulk2.core.internal.org.OrgResources org() {
        dev.bulk2.core.internal.org.OrgResources o = org;
        if (o == null) {
            throw new IllegalStateException("This client context has no org resources");
        }
        return o;
    }

    /** @return the Salesforce user id seen on jobs this client created, or {@code null} */
    public String userId() {
        return userId;
    }
}
