package dev.bulk2.core.internal;

import dev.bulk2.core.ApiVersion;
import dev.bulk2.core.RetryPolicy;
import dev.bulk2.core.Sleeper;
import dev.bulk2.core.internal.http.Transport;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Everything a {@code BulkClient} shares with the code that runs on it (ingest, query, polling): the transport
 * and the injected clock, sleeper, executor and settings. Obtain it with {@link ClientInternals#context}.
 * Internal, thread-safe.
 */
public final class ClientContext {
    private static final int MAX_REMEMBERED_JOBS = 10_000;

    private final Transport transport;
    private final ApiVersion apiVersion;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ScheduledExecutorService executor;
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

    /**
     * Creates the context.
     *
     * @param transport the transport
     * @param apiVersion the API version
     * @param clock the clock
     * @param sleeper the sleeper
     * @param executor the scheduler
     * @param retryPolicy the retry policy
     * @param requestTimeout the default request timeout
     * @param uploadTimeout the timeout of a data upload
     */
    public ClientContext(Transport transport, ApiVersion apiVersion, Clock clock, Sleeper sleeper,
            ScheduledExecutorService executor, RetryPolicy retryPolicy, Duration requestTimeout,
            Duration uploadTimeout) {
        this.transport = Objects.requireNonNull(transport);
        this.apiVersion = Objects.requireNonNull(apiVersion);
        this.clock = Objects.requireNonNull(clock);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.executor = Objects.requireNonNull(executor);
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

    /** @return the scheduler for polling and async work */
    public ScheduledExecutorService executor() {
        return executor;
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

    /** @return the Salesforce user id seen on jobs this client created, or {@code null} */
    public String userId() {
        return userId;
    }
}
