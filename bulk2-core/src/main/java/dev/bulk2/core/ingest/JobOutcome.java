package dev.bulk2.core.ingest;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.JobState;

/** One accepted job of a run and what happened to its rows. Internal; fields are guarded by the run. */
final class JobOutcome {
    final int round;
    final int partIndex;
    /** Rows uploaded, or -1 when unknown (attached jobs). */
    volatile long submitted;
    volatile JobInfo info;
    volatile boolean failedRetried;
    volatile boolean unprocessedRetried;
    volatile long failedResubmitted;
    volatile long unprocessedResubmitted;

    JobOutcome(int round, int partIndex, long submitted, JobInfo info) {
        this.round = round;
        this.partIndex = partIndex;
        this.submitted = submitted;
        this.info = info;
    }

    String id() {
        return info.id();
    }

    long succeeded() {
        return info.numberRecordsProcessed() - info.numberRecordsFailed();
    }

    long unprocessedAll() {
        if (info.state() == JobState.JOB_COMPLETE) {
            return 0;
        }
        if (submitted < 0) {
            return -1;
        }
        return submitted - info.numberRecordsProcessed();
    }

    boolean mayHaveUnprocessed() {
        JobState s = info.state();
        return (s == JobState.FAILED || s == JobState.ABORTED) && (submitted < 0 || unprocessedAll() > 0);
    }

    JobReconciliation reconciliation() {
        return new JobReconciliation(info.id(), info.state(), round, submitted, succeeded(),
                info.numberRecordsFailed(), unprocessedAll(), failedResubmitted + unprocessedResubmitted);
    }
}
