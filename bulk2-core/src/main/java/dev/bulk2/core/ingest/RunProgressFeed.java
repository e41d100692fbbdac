package dev.bulk2.core.ingest;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.internal.ClientContext;
import dev.bulk2.core.internal.org.LimitWatcher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * What a {@link RunDriver} tells about its progress: the listener's poll events ({@link
 * IngestListener#onJobStateChanged}, {@link IngestListener#onRecordsProcessed}), the org's API usage crossing a
 * threshold, the run's totals ({@link IngestListener#onProgress}, only when one changed, in order) and the
 * watchers registered through {@link IngestRun}'s progress view.
 *
 * <p>Package-private, thread-safe.
 */
final class RunProgressFeed {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.core.ingest");

    private final ClientContext ctx;
    private final ListenerGuard listener;
    private final RunCounters counters;
    private final List<JobOutcome> outcomes;
    private final List<FailedPart> failedParts;
    private final BooleanSupplier inputFullyRead;
    private final List<Runnable> watchers = new CopyOnWriteArrayList<>();
    private final LimitWatcher limitWatcher = LimitWatcher.defaults();
    private final Object lock = new Object();
    /** The totals last given to {@link IngestListener#onProgress(RunProgress)}; guarded by lock. */
    private RunProgress last;

    /**
     * @param outcomes the run's jobs (read, never changed here)
     * @param failedParts the parts given up (read, never changed here)
     * @param inputFullyRead whether the run's input has been read to its end
     */
    RunProgressFeed(ClientContext ctx, ListenerGuard listener, RunCounters counters, List<JobOutcome> outcomes,
            List<FailedPart> failedParts, BooleanSupplier inputFullyRead) {
        this.ctx = ctx;
        this.listener = listener;
        this.counters = counters;
        this.outcomes = outcomes;
        this.failedParts = failedParts;
        this.inputFullyRead = inputFullyRead;
    }

    /** Registers a watcher run on every change; the returned action removes it. */
    Runnable watch(Runnable watcher) {
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    /** Reports the org's API usage crossing 80% and 95% (once per threshold per run). */
    void watchLimits() {
        ctx.transport().lastLimitInfo().ifPresent(info -> {
            for (LimitWatcher.Crossing c : limitWatcher.observe(info)) {
                LOG.log(System.Logger.Level.WARNING, c.message());
                listener.onApiUsageThreshold(c.threshold(), c.used(), c.max(), c.message());
            }
        });
    }

    /** A poll of {@code o}'s job answered {@code info}: the listener hears what changed. */
    void polled(JobOutcome o, JobInfo info) {
        watchLimits();
        JobInfo before = o.info;
        o.info = info;
        if (before == null || before.state() != info.state()) {
            listener.onJobStateChanged(info);
        }
        if (before == null || before.numberRecordsProcessed() != info.numberRecordsProcessed()
                || before.numberRecordsFailed() != info.numberRecordsFailed()) {
            listener.onRecordsProcessed(info.id(), info.numberRecordsProcessed(), info.numberRecordsFailed());
        }
        changed();
    }

    /** Something changed: the watchers run, and the listener hears the totals if they moved. */
    void changed() {
        for (Runnable w : watchers) {
            w.run();
        }
        totals();
    }

    /** Tells the listener the run's totals when one of them changed since the last call; in order. */
    void totals() {
        synchronized (lock) {
            long sent = 0;
            long processed = 0;
            long failed = 0;
            long done = failedParts.size();
            for (JobOutcome o : outcomes) {
                JobInfo i = o.info;
                sent += o.submitted;
                processed += i.numberRecordsProcessed();
                failed += i.numberRecordsFailed();
                if (i.state().isTerminal()) {
                    done++;
                }
            }
            RunProgress p = new RunProgress(counters.bytesRead.get(), counters.recordsRead.get(), sent, processed,
                    failed, done, counters.partsRead.get(), inputFullyRead.getAsBoolean());
            if (!p.equals(last)) {
                last = p;
                listener.onProgress(p);
            }
        }
    }
}
