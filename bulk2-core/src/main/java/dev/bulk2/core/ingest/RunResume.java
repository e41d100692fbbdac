package dev.bulk2.core.ingest;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.JobState;
import dev.bulk2.core.exception.InvalidJobStateException;
import dev.bulk2.core.exception.JournalException;
import dev.bulk2.core.internal.journal.IngestResumeState;
import dev.bulk2.core.internal.journal.JournalEntry;
import dev.bulk2.core.internal.journal.PartCheck;
import dev.bulk2.core.internal.journal.ResumeRules;
import dev.bulk2.core.internal.journal.RoundSpool;
import dev.bulk2.core.internal.journal.Sha256;
import dev.bulk2.csv.CsvDialect;
import dev.bulk2.csv.CsvPart;
import dev.bulk2.csv.CsvParts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The journal side of a run (issue 11): journals each step the {@link RunDriver} takes and, when a journal is
 * resumed, decides per part what the resume rules say ({@link ResumeRules}), aborting what must not stay
 * {@code Open} on the way. Without a journal every step does nothing and every part is sent.
 *
 * <p>Package-private. {@link #part} and {@link #roundPlanned} run on the driver's pump (the only reader); the
 * other steps are thread-safe.
 */
final class RunResume {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.core.ingest");

    /** What takes a part's slot instead of sending it. */
    static final class Decision {
        /** The journaled failure to report again, or {@code null}. */
        final String failure;
        /** The journaled job that holds the part (terminal, or to wait for), or {@code null}. */
        final JobInfo job;

        private Decision(String failure, JobInfo job) {
            this.failure = failure;
            this.job = job;
        }
    }

    private final RunJournal journal;
    private final IngestJobs api;
    private final IngestJobRequest request;
    /** The journaled state being resumed, or {@code null} (no journal, or a new one). */
    private final IngestResumeState resume;
    private final boolean complete;
    /** Parts ("round/index") whose failure is journaled already. */
    private final Set<String> failuresJournaled = ConcurrentHashMap.newKeySet();
    /** Jobs whose terminal state is journaled already. */
    private final Set<String> terminalJournaled = ConcurrentHashMap.newKeySet();
    /** Records of the current round's parts planned so far (the next part's first record). */
    private long plannedRecords;

    RunResume(RunJournal journal, IngestJobs api, IngestJobRequest request) {
        this.journal = journal;
        this.api = api;
        this.request = request;
        this.resume = journal.resumeState();
        this.complete = resume != null && resume.isComplete();
        if (resume != null) {
            for (IngestResumeState.Round rd : resume.rounds()) {
                for (IngestResumeState.Part p : rd.parts()) {
                    for (IngestResumeState.Job j : p.jobs()) {
                        if (j.terminalState().isPresent()) {
                            terminalJournaled.add(j.id);
                        }
                    }
                }
            }
        }
    }

    /** @return whether the journal says the run completed: nothing is sent or journaled again */
    boolean isComplete() {
        return complete;
    }

    /** A new round starts: its parts count their records from 0. */
    void roundStarted() {
        plannedRecords = 0;
    }

    /**
     * Journals a part just read, or, resuming, verifies it against the journaled one and applies the resume
     * rules.
     *
     * @return {@code null} when the part goes to the submitter; otherwise its journaled failure to report again
     *     or the journaled job that holds it
     */
    Decision part(int r, int index, String key, CsvPart part) {
        if (!journal.enabled()) {
            return null;
        }
        IngestResumeState.Part journaled = journaledPart(r, index);
        long firstRecord = plannedRecords;
        plannedRecords += part.recordCount();
        boolean byPosition = r == 0 && journal.identifiesPartsByInput();
        if (journaled == null) {
            // a part of a journaled file is identified by its position: the file's SHA-256 covers its bytes
            Sha256.FileDigest d = byPosition ? null : digest(part);
            journal.partPlanned(r, index, firstRecord, part.recordCount(), r == 0 ? part.firstRecordLine() : 0,
                    byPosition ? part.byteSize() : d.size, byPosition ? null : d.sha256);
            return null;
        }
        try (InputStream in = byPosition ? null : part.open()) {
            PartCheck.verify(journal.path(), journaled, part.recordCount(), byPosition ? part.byteSize() : -1, in);
        } catch (IOException e) {
            throw new JournalException(JournalException.Reason.IO, journal.path(), "Cannot read part " + index
                    + " of the input to verify it against the journal " + journal.path() + ": " + e.getMessage(), e);
        }
        ResumeRules.PartPlan plan = ResumeRules.plan(journaled);
        LOG.log(System.Logger.Level.INFO, "Resuming part {0} of round {1} from the journal: {2}", index, r, plan);
        if (journaled.failure().isPresent() && (complete || resume.round(r + 1).isPresent())) {
            // the run went past the failure (its rows went to the next round, or were reported): report it again
            failuresJournaled.add(key);
            return new Decision(journaled.failure().get(), null);
        }
        if (complete) {
            if (plan.step == ResumeRules.Step.REUSE) {
                return new Decision(null, api.info(plan.job.id));
            }
            return null; // cannot happen for a completed run; sending is the safe fallback
        }
        for (IngestResumeState.Job j : plan.abortIfOpen) {
            abortIfOpen(r, index, j.id, "a newer attempt of the part replaced it");
        }
        if (plan.orphanSearchFrom != null) {
            abortOrphans(index, plan.orphanSearchFrom);
        }
        ResumeRules.Step step = plan.step;
        JobInfo info = null;
        if (step == ResumeRules.Step.CHECK_SERVER || step == ResumeRules.Step.WAIT
                || step == ResumeRules.Step.REUSE) {
            info = api.info(plan.job.id);
            if (step == ResumeRules.Step.CHECK_SERVER) {
                step = ResumeRules.onServerState(plan.job, info.state().apiName(), info.numberRecordsProcessed());
                LOG.log(System.Logger.Level.INFO, "Job {0} of part {1} is {2} on Salesforce: {3}", plan.job.id,
                        index, info.state().apiName(), step);
            }
        }
        switch (step) {
            case REUSE:
            case WAIT:
                return new Decision(null, info);
            case ABORT_AND_RESEND:
                abortIfOpen(r, index, plan.job.id, "the process that uploaded to it stopped before closing it");
                return null;
            default:
                return null; // SEND, RESEND
        }
    }

    /** Journals a part given up (once: a failure replayed from the journal is not journaled again). */
    void partFailed(int r, int index, String key, String reason) {
        if (!complete && !failuresJournaled.contains(key)) {
            journal.partFailed(r, index, reason);
        }
    }

    /** Journals a job's terminal state (once per job). */
    void terminal(int r, int index, JobInfo info) {
        if (complete || !info.state().isTerminal() || !terminalJournaled.add(info.id())) {
            return;
        }
        journal.terminal(r, index, info.id(), info.state().apiName(), info.numberRecordsProcessed(),
                info.numberRecordsFailed(), null);
    }

    /** The round's source is exhausted after {@code parts} parts: journal it (or check it against the journal). */
    void roundPlanned(int r, int parts) {
        if (!journal.enabled()) {
            return;
        }
        IngestResumeState.Round rd = resume == null ? null : resume.round(r).orElse(null);
        if (rd != null && parts < rd.parts().size()) {
            throw new JournalException(JournalException.Reason.INPUT_MISMATCH, journal.path(), "The re-supplied "
                    + "input has " + parts + " parts but " + rd.parts().size() + " are journaled in "
                    + journal.path() + ": it is not the input of the journaled run. Resume with the same input, or "
                    + "start over by deleting the journal.", "parts", Integer.toString(rd.parts().size()),
                    Integer.toString(parts));
        }
        if (!complete && (rd == null || !rd.isFullyPlanned())) {
            journal.roundPlanned(r, parts, plannedRecords);
        }
    }

    /** @return the journaled start of retry round {@code next}, or {@code null} when it never started */
    JournalEntry.RetryRound journaledRound(int next) {
        return resume == null ? null : resume.round(next).map(rd -> rd.retry).orElse(null);
    }

    /**
     * The parts of retry round {@code next}: with a journal, spooled and journaled first ({@link #spoolRound});
     * without one, cut straight from the rows as they stream from Salesforce's results.
     */
    CsvParts roundParts(int next, List<JobOutcome> previous, RetryRounds.Rows rows, List<String> header) {
        return journal.enabled() ? spoolRound(next, previous, rows, header)
                : request.chunker().split(rows, dev.bulk2.csv.CsvMapping.forMaps(header));
    }

    /**
     * Spools a retry round's rows next to the journal and journals the round before its first part is cut, so
     * that a resumed round sends exactly the rows journaled (see {@link RoundSpool}).
     */
    CsvParts spoolRound(int next, List<JobOutcome> previous, RetryRounds.Rows rows, List<String> header) {
        RoundSpool.Written w = RoundSpool.write(journal.path(), next, rows, header,
                CsvDialect.of(request.columnDelimiter(), request.lineEnding()));
        List<String> ids = new ArrayList<>();
        List<Long> failed = new ArrayList<>();
        List<Long> unprocessed = new ArrayList<>();
        for (JobOutcome o : previous) {
            ids.add(o.id());
            failed.add(o.failedResubmitted);
            unprocessed.add(o.unprocessedResubmitted);
        }
        List<Long> fromParts = new ArrayList<>();
        for (FailedPart p : rows.parts) {
            fromParts.add((long) p.partIndex());
        }
        journal.retryRound(new JournalEntry.RetryRound(next, ids, failed, unprocessed, fromParts, w.rows, w.name,
                w.sha256));
        return request.chunker().split(w.file);
    }

    /**
     * Resumes retry round {@code next}, which the journal says started: its rows come from its spool (never again
     * from Salesforce's results, checked against the journaled hash) and its source jobs and unsent parts are
     * marked resubmitted with the journaled figures.
     *
     * @param outcomes the resumed run's jobs so far
     * @param failedParts its parts whose submission failed
     * @return the round's parts, cut from its spool
     * @throws JournalException if the round names a job the resumed run does not have
     */
    CsvParts resumeRound(int next, JournalEntry.RetryRound rr, List<JobOutcome> outcomes,
            List<FailedPart> failedParts, RetryRounds retries) {
        Path spool = RoundSpool.verify(journal.path(), rr);
        List<JobOutcome> previous = new ArrayList<>();
        for (int i = 0; i < rr.fromJobs.size(); i++) {
            String id = rr.fromJobs.get(i);
            JobOutcome o = outcomes.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow(() ->
                    new JournalException(JournalException.Reason.CORRUPT, journal.path(), "Record-retry round "
                            + next + " in the journal " + journal.path() + " resubmits rows of job " + id
                            + ", which the resumed run does not have: start over by deleting the journal and "
                            + "its .round*.csv files.", null));
            o.failedResubmitted = rr.failedRows.isEmpty() ? 0 : rr.failedRows.get(i);
            o.unprocessedResubmitted = rr.unprocessedRows.isEmpty() ? 0 : rr.unprocessedRows.get(i);
            previous.add(o);
        }
        List<FailedPart> unsent = new ArrayList<>();
        for (FailedPart p : failedParts) {
            if (p.round() == next - 1 && rr.fromParts.contains((long) p.partIndex())) {
                unsent.add(p);
            }
        }
        retries.markRetried(previous, unsent);
        return request.chunker().split(spool);
    }

    /** Aborts a journaled job if it is still {@code Open} (nothing of it applied) and journals the abort. */
    private void abortIfOpen(int r, int index, String jobId, String reason) {
        JobInfo info = api.info(jobId);
        if (info.state() == JobState.OPEN) {
            try {
                info = api.abort(jobId);
            } catch (InvalidJobStateException e) {
                info = api.info(jobId);
            }
        }
        if (info.state() == JobState.ABORTED && info.numberRecordsProcessed() == 0
                && !terminalJournaled.contains(jobId)) {
            journal.terminal(r, index, jobId, info.state().apiName(), 0, 0, reason);
            terminalJournaled.add(jobId);
        }
    }

    /** A create whose answer may not have reached the journal: abort the single orphan it may have left. */
    private void abortOrphans(int index, Instant since) {
        List<String> orphans = api.openOrphans(request.toCreateRequest(), since, resume.jobIds());
        if (orphans.size() == 1) {
            LOG.log(System.Logger.Level.WARNING, "Part {0}: a create sent before the crash may have left job {1} "
                    + "Open; it is aborted (nothing was uploaded to it)", index, orphans.get(0));
            api.abort(orphans.get(0));
        } else if (!orphans.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Part {0}: a create sent before the crash may have left one of "
                    + "the Open jobs {1}; none is aborted because another process may own them: abort the orphan "
                    + "by hand", index, orphans);
        }
    }

    private IngestResumeState.Part journaledPart(int r, int index) {
        if (resume == null) {
            return null;
        }
        IngestResumeState.Round rd = resume.round(r).orElse(null);
        if (rd == null) {
            return null;
        }
        if (index < rd.parts().size()) {
            return rd.parts().get(index);
        }
        if (rd.isFullyPlanned()) {
            throw new JournalException(JournalException.Reason.INPUT_MISMATCH, journal.path(), "The re-supplied "
                    + "input has more parts than the " + rd.parts().size() + " journaled in " + journal.path()
                    + ": it is not the input of the journaled run. Resume with the same input, or start over by "
                    + "deleting the journal.", "parts", Integer.toString(rd.parts().size()), "more");
        }
        return null;
    }

    private Sha256.FileDigest digest(CsvPart part) {
        try (InputStream in = part.open()) {
            return Sha256.stream(in);
        } catch (IOException e) {
            throw new JournalException(JournalException.Reason.IO, journal.path(), "Cannot read part "
                    + part.index() + " to hash it for the journal " + journal.path() + ": " + e.getMessage(), e);
        }
    }
}
