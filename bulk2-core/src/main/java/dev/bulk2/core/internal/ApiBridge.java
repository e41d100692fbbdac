package dev.bulk2.core.internal;

import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.ingest.Ingest;
import dev.bulk2.core.ingest.IngestJob;
import dev.bulk2.core.ingest.IngestJobRequest;
import dev.bulk2.core.ingest.IngestJobs;
import dev.bulk2.core.ingest.IngestRun;
import dev.bulk2.core.query.Query;
import dev.bulk2.core.query.QueryJobRequest;
import dev.bulk2.core.query.QueryJobs;
import java.util.List;
import java.util.Objects;

/**
 * How {@code BulkClient} creates the entry points of the {@code ingest} and {@code query} packages without a
 * public factory there: each package installs its bridge when its bridge class initialises, and this class loads
 * that class on first use. So {@code client.ingest(...)} is the one way to start an ingest. Internal.
 */
public final class ApiBridge {
    private static volatile Ingests ingests;
    private static volatile Queries queries;

    private ApiBridge() {
    }

    /** The entry points of the ingest package. */
    public interface Ingests {
        /**
         * @param ctx the client
         * @param request the request builder's starting point
         * @return a fluent ingest
         */
        Ingest ingest(ClientContext ctx, IngestJobRequest.Builder request);

        /**
         * @param ctx the client
         * @param jobId the job
         * @param policy how to poll
         * @return the handle
         */
        IngestJob ingestJob(ClientContext ctx, String jobId, PollingPolicy policy);

        /**
         * @param ctx the client
         * @param jobIds the jobs
         * @param policy how to poll
         * @return the handle
         */
        IngestRun attach(ClientContext ctx, List<String> jobIds, PollingPolicy policy);

        /**
         * @param ctx the client
         * @return the low-level API
         */
        IngestJobs ingestJobs(ClientContext ctx);
    }

    /** The entry points of the query package. */
    public interface Queries {
        /**
         * @param ctx the client
         * @param request the job request
         * @return a fluent query
         */
        Query query(ClientContext ctx, QueryJobRequest request);

        /**
         * @param ctx the client
         * @return the low-level API
         */
        QueryJobs queryJobs(ClientContext ctx);
    }

    /**
     * Installs the ingest bridge; called once by the ingest package.
     *
     * @param bridge the bridge
     */
    public static void install(Ingests bridge) {
        ingests = Objects.requireNonNull(bridge);
    }

    /**
     * Installs the query bridge; called once by the query package.
     *
     * @param bridge the bridge
     */
    public static void install(Queries bridge) {
        queries = Objects.requireNonNull(bridge);
    }

    /** @return the ingest entry points */
    public static Ingests ingests() {
        if (ingests == null) {
            load("dev.bulk2.core.ingest.IngestBridge");
        }
        return ingests;
    }

    /** @return the query entry points */
    public static Queries queries() {
        if (queries == null) {
            load("dev.bulk2.core.query.QueryBridge");
        }
        return queries;
    }

    private static void load(String name) {
        try {
            Class.forName(name, true, ApiBridge.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("bulk2-core is incomplete: " + name + " is missing", e);
        }
    }
}
