package dev.bulk2.core.ingest;

import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.internal.ApiBridge;
import dev.bulk2.core.internal.ClientContext;
import java.util.List;

/** Installs the ingest entry points into {@link ApiBridge} (loaded by it on first use). Package-private. */
final class IngestBridge implements ApiBridge.Ingests {
    static {
        ApiBridge.install(new IngestBridge());
    }

    private IngestBridge() {
    }

    @Override
    public Ingest ingest(ClientContext ctx, IngestJobRequest.Builder request) {
        return new Ingest(ctx, request);
    }

    @Override
    public IngestJob ingestJob(ClientContext ctx, String jobId, PollingPolicy policy) {
        return IngestJob.attach(ctx, jobId, policy);
    }

    @Override
    public IngestRun attach(ClientContext ctx, List<String> jobIds, PollingPolicy policy) {
        return IngestRun.attached(ctx, new AttachedJobs(ctx, List.copyOf(jobIds), policy));
    }

    @Override
    public IngestJobs ingestJobs(ClientContext ctx) {
        return IngestJobs.forContext(ctx);
    }
}
