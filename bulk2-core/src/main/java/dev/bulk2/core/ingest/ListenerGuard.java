package dev.bulk2.core.ingest;

import dev.bulk2.core.JobInfo;

/**
 * Isolates the user's {@link IngestListener}: an exception thrown by a callback is logged and never reaches the
 * run. Package-private, thread-safe if the wrapped listener is.
 */
final class ListenerGuard implements IngestListener {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.core.ingest");

    private final IngestListener l;

    ListenerGuard(IngestListener l) {
        this.l = l;
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "An IngestListener threw {0}; ignored", e.toString());
        }
    }

    @Override
    public void onPartRead(int round, int partIndex, long records, long bytes) {
        safely(() -> l.onPartRead(round, partIndex, records, bytes));
    }

    @Override
    public void onJobCreated(int round, int partIndex, JobInfo job) {
        safely(() -> l.onJobCreated(round, partIndex, job));
    }

    @Override
    public void onJobUploaded(int round, int partIndex, String jobId, long bytes) {
        safely(() -> l.onJobUploaded(round, partIndex, jobId, bytes));
    }

    @Override
    public void onJobDiscarded(int round, int partIndex, String abortedJobId, String reason) {
        safely(() -> l.onJobDiscarded(round, partIndex, abortedJobId, reason));
    }

    @Override
    public void onPartFailed(FailedPart part) {
        safely(() -> l.onPartFailed(part));
    }

    @Override
    public void onJobStateChanged(JobInfo job) {
        safely(() -> l.onJobStateChanged(job));
    }

    @Override
    public void onProgress(RunProgress progress) {
        safely(() -> l.onProgress(progress));
    }

    @Override
    public void onRecordsProcessed(String jobId, long recordsProcessed, long recordsFailed) {
        safely(() -> l.onRecordsProcessed(jobId, recordsProcessed, recordsFailed));
    }

    @Override
    public void onRetryRound(int round, long delayMillis) {
        safely(() -> l.onRetryRound(round, delayMillis));
    }

    @Override
    public void onApiUsageThreshold(double threshold, long used, long max, String message) {
        safely(() -> l.onApiUsageThreshold(threshold, used, max, message));
    }

    @Override
    public void onRunCompleted(IngestResult result) {
        safely(() -> l.onRunCompleted(result));
    }
}
