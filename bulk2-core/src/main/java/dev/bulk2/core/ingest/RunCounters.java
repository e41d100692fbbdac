package dev.bulk2.core.ingest;

import dev.bulk2.core.internal.ClientContext;
import dev.bulk2.core.internal.poll.JobPoller;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The running figures of one ingest run, turned into {@link IngestStats}. Package-private, thread-safe. */
final class RunCounters {
    final AtomicLong partsRead = new AtomicLong();
    final AtomicLong recordsRead = new AtomicLong();
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong bytesUploaded = new AtomicLong();
    final AtomicLong jobsCreated = new AtomicLong();
    final AtomicLong jobsDiscarded = new AtomicLong();
    final AtomicLong readNanos = new AtomicLong();
    final AtomicLong uploadNanos = new AtomicLong();
    final AtomicLong processingNanos = new AtomicLong();
    final AtomicLong resultsNanos = new AtomicLong();
    final AtomicInteger retryRounds = new AtomicInteger();

    private final ClientContext ctx;
    private final JobPoller poller;
    private final long startNanos = System.nanoTime();
    private final long apiCallsAtStart;
    private volatile long endNanos = -1;
    private volatile long finalApiCalls = -1;

    RunCounters(ClientContext ctx, JobPoller poller) {
        this.ctx = ctx;
        this.poller = poller;
        this.apiCallsAtStart = ctx.transport().apiCallCount();
    }

    /** Freezes the elapsed time and the API call count. */
    void finish() {
        if (endNanos < 0) {
            endNanos = System.nanoTime();
            finalApiCalls = ctx.transport().apiCallCount() - apiCallsAtStart;
        }
    }

    IngestStats snapshot() {
        long end = endNanos >= 0 ? endNanos : System.nanoTime();
        long calls = finalApiCalls >= 0 ? finalApiCalls : ctx.transport().apiCallCount() - apiCallsAtStart;
        return new IngestStats(partsRead.get(), recordsRead.get(), bytesRead.get(), bytesUploaded.get(),
                jobsCreated.get(), jobsDiscarded.get(), retryRounds.get(), calls, poller.polls(),
                Duration.ofNanos(readNanos.get()), Duration.ofNanos(uploadNanos.get()),
                Duration.ofNanos(processingNanos.get()), Duration.ofNanos(resultsNanos.get()),
                Duration.ofNanos(end - startNanos));
    }
}
