package dev.bulk2.core.ingest;

import dev.bulk2.core.JobState;

/**
 * How the records of one job add up: {@code submitted == succeeded + failed + unprocessed}, where failed and
 * unprocessed include rows later resubmitted by a record retry ({@link #resubmitted()}). Immutable and
 * thread-safe.
 */
public final class JobReconciliation {
    private final String jobId;
    private final JobState state;
    private final int round;
    private final long submitted;
    private final long succeeded;
    private final long failed;
    private final long unprocessed;
    private final long resubmitted;

    JobReconciliation(String jobId, JobState state, int round, long submitted, long succeeded, long failed,
            long unprocessed, long resubmitted) {
        this.jobId = jobId;
        this.state = state;
        this.round = round;
        this.submitted = submitted;
        this.succeeded = succeeded;
        this.failed = failed;
        this.unprocessed = unprocessed;
        this.resubmitted = resubmitted;
    }

    /** @return the job id */
    public String jobId() {
        return jobId;
    }

    /** @return the job's last known state */
    public JobState state() {
        return state;
    }

    /** @return 0 for input jobs, n for jobs of retry round n */
    public int round() {
        return round;
    }

    /** @return rows uploaded to the job ({@code -1} when unknown) */
    public long submitted() {
        return submitted;
    }

    /** @return processed minus failed, per the job info */
    public long succeeded() {
        return succeeded;
    }

    /** @return {@code numberRecordsFailed} of the job info */
    public long failed() {
        return failed;
    }

    /** @return rows never attempted: 0 for {@code JobComplete}, else submitted minus processed */
    public long unprocessed() {
        return unprocessed;
    }

    /** @return failed or unprocessed rows resubmitted in the next retry round */
    public long resubmitted() {
        return resubmitted;
    }

    /**
     * Whether the job is terminal and {@code submitted == succeeded + failed + unprocessed}.
     *
     * @return {@code true} when the job's numbers add up
     */
    public boolean isReconciled() {
        return state.isTerminal() && submitted >= 0 && unprocessed >= 0 && resubmitted <= failed + unprocessed
                && submitted == succeeded + failed + unprocessed;
    }

    @Override
    public String toString() {
        return "job " + jobId + " (" + state + ", round " + round + "): submitted " + submitted + ", succeeded "
                + succeeded + ", failed " + failed + ", unprocessed " + unprocessed
                + (resubmitted > 0 ? ", resubmitted " + resubmitted : "")
                + (isReconciled() ? " - reconciled" : " - NOT RECONCILED");
    }
}
