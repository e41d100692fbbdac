package dev.bulk2.core.internal.journal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The resume rules of an ingest journal (issue 11), as pure functions of the journaled state and, where the
 * journal cannot know, the job's state on Salesforce. They keep the one-upload-per-job rule strictly: a job that
 * may hold data is never uploaded to again, and a job is only ever aborted while it is {@code Open} (nothing of
 * it applied) unless it was the run's own discarded attempt. Internal, stateless.
 */
public final class ResumeRules {
    private ResumeRules() {
    }

    /** What to do with a part when the run resumes. */
    public enum Step {
        /** Nothing was sent for it: send it (a new job). */
        SEND,
        /** Its job is terminal ({@code JobComplete}, {@code Failed}, or aborted after processing): reuse it. */
        REUSE,
        /** Its job was closed and is processing: wait for it. */
        WAIT,
        /** Read the job's state on Salesforce, then apply {@link #onServerState}. */
        CHECK_SERVER,
        /** The job is {@code Open} (nothing applied): abort it and send the part to a new job. */
        ABORT_AND_RESEND,
        /** Every job of it was aborted before processing (or it failed for good): send it to a new job. */
        RESEND
    }

    /** The plan for one part. */
    public static final class PartPlan {
        /** The step. */
        public final Step step;
        /** The job the step is about ({@code REUSE}, {@code WAIT}, {@code CHECK_SERVER}), or {@code null}. */
        public final IngestResumeState.Job job;
        /**
         * Earlier, discarded jobs of the part whose abort was not journaled: abort each one that is still
         * {@code Open}, so that no job is left {@code Open}.
         */
        public final List<IngestResumeState.Job> abortIfOpen;
        /**
         * When a create may have been lost before its answer reached the journal: search for an orphan
         * {@code Open} job created since then (not in {@link IngestResumeState#jobIds()}) and abort it before
         * sending; {@code null} when no create is pending.
         */
        public final Instant orphanSearchFrom;

        PartPlan(Step step, IngestResumeState.Job job, List<IngestResumeState.Job> abortIfOpen,
                Instant orphanSearchFrom) {
            this.step = step;
            this.job = job;
            this.abortIfOpen = Collections.unmodifiableList(abortIfOpen);
            this.orphanSearchFrom = orphanSearchFrom;
        }

        @Override
        public String toString() {
            return step + (job == null ? "" : " " + job.id) + (abortIfOpen.isEmpty() ? "" : " abortIfOpen="
                    + abortIfOpen) + (orphanSearchFrom == null ? "" : " orphanSearchFrom=" + orphanSearchFrom);
        }
    }

    /**
     * The plan for a journaled part.
     *
     * @param part the part
     * @return what to do
     */
    public static PartPlan plan(IngestResumeState.Part part) {
        List<IngestResumeState.Job> abortIfOpen = new ArrayList<>();
        List<IngestResumeState.Job> jobs = part.jobs;
        for (int i = 0; i < jobs.size() - 1; i++) {
            if (jobs.get(i).terminalState == null) {
                abortIfOpen.add(jobs.get(i));
            }
        }
        Instant orphan = part.createPending ? part.lastCreateSentAt : null;
        if (part.failure != null) {
            IngestResumeState.Job last = part.lastJob().orElse(null);
            if (last != null && last.terminalState == null) {
                abortIfOpen.add(last);
            }
            return new PartPlan(Step.RESEND, null, abortIfOpen, orphan);
        }
        if (part.createPending || jobs.isEmpty()) {
            IngestResumeState.Job last = part.lastJob().orElse(null);
            if (last != null && last.terminalState == null) {
                abortIfOpen.add(last); // a newer create was sent: this one had been discarded
            }
            return new PartPlan(jobs.isEmpty() && orphan == null ? Step.SEND : Step.RESEND, null, abortIfOpen,
                    orphan);
        }
        IngestResumeState.Job last = jobs.get(jobs.size() - 1);
        if (last.terminalState != null) {
            boolean discarded = last.abortReason != null || ("Aborted".equals(last.terminalState)
                    && !last.isClosed() && last.processed == 0);
            return new PartPlan(discarded ? Step.RESEND : Step.REUSE, discarded ? null : last, abortIfOpen, null);
        }
        return new PartPlan(last.isClosed() ? Step.WAIT : Step.CHECK_SERVER, last, abortIfOpen, null);
    }

    /**
     * The step for a job once its state on Salesforce is known (for {@code CHECK_SERVER}, and to confirm
     * {@code WAIT}).
     *
     * @param job the journaled job
     * @param serverState the state Salesforce reports ({@code Open}, {@code UploadComplete}, ...)
     * @param processed the job's {@code numberRecordsProcessed}
     * @return {@code ABORT_AND_RESEND}, {@code WAIT}, {@code REUSE} or {@code RESEND}
     */
    public static Step onServerState(IngestResumeState.Job job, String serverState, long processed) {
        switch (serverState) {
            case "Open":
                return Step.ABORT_AND_RESEND; // never closed: nothing of it was applied
            case "UploadComplete":
            case "InProgress":
                return Step.WAIT; // closed (its answer may have been lost before the journal): never send again
            case "JobComplete":
            case "Failed":
                return Step.REUSE;
            case "Aborted":
                // aborted by someone before it was closed holds nothing; after processing started its rows stand
                return !job.isClosed() && processed == 0 ? Step.RESEND : Step.REUSE;
            default:
                return Step.WAIT; // an unknown state: wait for a known one, never send twice
        }
    }
}
