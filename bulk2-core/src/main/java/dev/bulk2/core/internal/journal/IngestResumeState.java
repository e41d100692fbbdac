package dev.bulk2.core.internal.journal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an ingest journal says happened, replayed line by line: the rounds, their parts, each part's jobs and how
 * far each job got. Memory is O(parts + jobs), never O(rows): rows are not in the journal. Built by
 * {@link Journal}; the run engine reads it (see {@link ResumeRules}) and never changes it. Not thread-safe
 * (read it before the run starts).
 */
public final class IngestResumeState {
    /** How far one job of a part got. */
    public static final class Job {
        /** The job id. */
        public final String id;
        boolean uploaded;
        long uploadedBytes = -1;
        String closedState;
        String terminalState;
        long processed;
        long failed;
        String abortReason;

        Job(String id) {
            this.id = id;
        }

        /** @return whether its single upload succeeded */
        public boolean isUploaded() {
            return uploaded;
        }

        /** @return the bytes its upload sent, or -1 */
        public long uploadedBytes() {
            return uploadedBytes;
        }

        /** @return whether it was closed ({@code UploadComplete}) */
        public boolean isClosed() {
            return closedState != null;
        }

        /** @return its terminal state, if one was journaled */
        public Optional<String> terminalState() {
            return Optional.ofNullable(terminalState);
        }

        /** @return {@code numberRecordsProcessed} at its terminal state */
        public long processed() {
            return processed;
        }

        /** @return {@code numberRecordsFailed} at its terminal state */
        public long failed() {
            return failed;
        }

        /** @return why the run aborted it (a discarded attempt), if it did */
        public Optional<String> abortReason() {
            return Optional.ofNullable(abortReason);
        }

        @Override
        public String toString() {
            return id + (terminalState != null ? "[" + terminalState + "]" : closedState != null ? "[closed]"
                    : uploaded ? "[uploaded]" : "[created]");
        }
    }

    /** One planned part and its jobs, oldest first. */
    public static final class Part {
        /** The plan, as journaled. */
        public final JournalEntry.PartPlanned plan;
        /** When it was planned. */
        public final Instant plannedAt;
        final List<Job> jobs = new ArrayList<>(1);
        String uploadSha256;
        int createsSent;
        Instant lastCreateSentAt;
        boolean createPending;
        String failure;

        Part(JournalEntry.PartPlanned plan, Instant at) {
            this.plan = plan;
            this.plannedAt = at;
        }

        /** @return the round */
        public int round() {
            return plan.round;
        }

        /** @return the part index */
        public int index() {
            return plan.part;
        }

        /** @return the jobs created for it, oldest first (unmodifiable) */
        public List<Job> jobs() {
            return Collections.unmodifiableList(jobs);
        }

        /** @return the newest job, if any */
        public Optional<Job> lastJob() {
            return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(jobs.size() - 1));
        }

        /**
         * Whether a create was sent after the last journaled job and its answer never reached the journal: the
         * job may exist on Salesforce ({@code Open}); the orphan search looks for it from
         * {@link #lastCreateSentAt()}.
         *
         * @return whether a create's outcome is unknown
         */
        public boolean isCreatePending() {
            return createPending;
        }

        /** @return when the last create was sent, if one was */
        public Optional<Instant> lastCreateSentAt() {
            return Optional.ofNullable(lastCreateSentAt);
        }

        /** @return the part's SHA-256: the planned one, else the one taken during its upload, if any */
        public Optional<String> sha256() {
            return Optional.ofNullable(plan.sha256 != null ? plan.sha256 : uploadSha256);
        }

        /** @return why the part failed for good, if it did (its jobs were aborted) */
        public Optional<String> failure() {
            return Optional.ofNullable(failure);
        }

        @Override
        public String toString() {
            return "part " + plan.round + "/" + plan.part + " " + jobs + (createPending ? " create pending" : "")
                    + (failure != null ? " failed" : "");
        }
    }

    /** A round: the input (0) or a record-retry round. */
    public static final class Round {
        /** The round. */
        public final int index;
        /** For a retry round, its start line; {@code null} for round 0. */
        public final JournalEntry.RetryRound retry;
        final List<Part> parts = new ArrayList<>();
        long plannedRecords;
        JournalEntry.RoundPlanned planned;

        Round(int index, JournalEntry.RetryRound retry) {
            this.index = index;
            this.retry = retry;
        }

        /** @return its parts in index order (unmodifiable) */
        public List<Part> parts() {
            return Collections.unmodifiableList(parts);
        }

        /** @return whether all its parts were planned (its source was read to the end) */
        public boolean isFullyPlanned() {
            return planned != null;
        }

        /** @return the records of the parts planned so far */
        public long plannedRecords() {
            return plannedRecords;
        }
    }

    final Path path;
    final JournalHeader header;
    final ReplayOrder order;
    final List<Round> rounds = new ArrayList<>();
    final Map<String, Part> partOfJob = new HashMap<>();
    final Map<String, Job> jobs = new LinkedHashMap<>();
    JournalEntry.RunComplete complete;
    long lines;

    IngestResumeState(Path path, JournalHeader header) {
        this.path = path;
        this.header = header;
        this.order = new ReplayOrder(path);
    }

    /** @return the journal's header */
    public JournalHeader header() {
        return header;
    }

    /** @return the request fields journaled when the run started */
    public Map<String, String> request() {
        return order.request == null ? Map.of() : Collections.unmodifiableMap(order.request);
    }

    /** @return whether nothing but the header and run start is journaled (a fresh run) */
    public boolean isFresh() {
        return rounds.isEmpty();
    }

    /** @return the rounds, round 0 first (unmodifiable) */
    public List<Round> rounds() {
        return Collections.unmodifiableList(rounds);
    }

    /** @return the round, if it was started */
    public Optional<Round> round(int index) {
        return index < rounds.size() ? Optional.of(rounds.get(index)) : Optional.empty();
    }

    /** @return every job id the journal knows (the orphan search must never abort one of them) */
    public Set<String> jobIds() {
        return Collections.unmodifiableSet(jobs.keySet());
    }

    /** @return the part a job was created for, if the journal knows the job */
    public Optional<Part> partOf(String jobId) {
        return Optional.ofNullable(partOfJob.get(jobId));
    }

    /** @return the completion line, if the run completed (nothing is resumed then) */
    public Optional<JournalEntry.RunComplete> completion() {
        return Optional.ofNullable(complete);
    }

    /** @return whether the run completed */
    public boolean isComplete() {
        return complete != null;
    }

    /** @return how many times the journal was resumed before this open */
    public int resumes() {
        return order.resumes;
    }

    // ------------------------------------------------------------------------------------------- replay

    void apply(JournalCodec.Line line) {
        lines++;
        JournalEntry e = line.entry;
        long n = line.number;
        if (order.consume(e, n, complete != null, "runComplete")) {
            return;
        }
        if (e instanceof JournalEntry.PartPlanned) {
            planned(n, (JournalEntry.PartPlanned) e, line.at);
        } else if (e instanceof JournalEntry.RoundPlanned) {
            JournalEntry.RoundPlanned rp = (JournalEntry.RoundPlanned) e;
            Round r = round(n, rp.round);
            if (r.planned != null) {
                throw bad(n, "round " + rp.round + " planned twice");
            }
            if (rp.parts != r.parts.size() || rp.records != r.plannedRecords) {
                throw bad(n, "round " + rp.round + " planned with " + rp.parts + " parts and " + rp.records
                        + " records but " + r.parts.size() + " parts and " + r.plannedRecords
                        + " records are journaled");
            }
            r.planned = rp;
        } else if (e instanceof JournalEntry.CreateSent) {
            JournalEntry.CreateSent c = (JournalEntry.CreateSent) e;
            Part p = part(n, c.round, c.part);
            p.createsSent++;
            p.createPending = true;
            p.lastCreateSentAt = line.at;
        } else if (e instanceof JournalEntry.JobCreated) {
            JournalEntry.JobCreated c = (JournalEntry.JobCreated) e;
            Part p = part(n, c.round, c.part);
            if (jobs.containsKey(c.job)) {
                throw bad(n, "job " + c.job + " created twice");
            }
            Job j = new Job(c.job);
            p.jobs.add(j);
            p.createPending = false;
            jobs.put(c.job, j);
            partOfJob.put(c.job, p);
        } else if (e instanceof JournalEntry.Uploaded) {
            JournalEntry.Uploaded u = (JournalEntry.Uploaded) e;
            Job j = job(n, u.round, u.part, u.job);
            if (j.uploaded) {
                throw bad(n, "a second upload to job " + u.job);
            }
            j.uploaded = true;
            j.uploadedBytes = u.bytes;
            if (u.sha256 != null) {
                partOfJob.get(u.job).uploadSha256 = u.sha256;
            }
        } else if (e instanceof JournalEntry.Closed) {
            JournalEntry.Closed c = (JournalEntry.Closed) e;
            Job j = job(n, c.round, c.part, c.job);
            if (!j.uploaded) {
                throw bad(n, "job " + c.job + " closed before its upload");
            }
            j.closedState = c.state;
        } else if (e instanceof JournalEntry.Terminal) {
            JournalEntry.Terminal t = (JournalEntry.Terminal) e;
            Job j = job(n, t.round, t.part, t.job);
            j.terminalState = t.state;
            j.processed = t.processed;
            j.failed = t.failed;
            j.abortReason = t.reason;
        } else if (e instanceof JournalEntry.PartFailed) {
            JournalEntry.PartFailed f = (JournalEntry.PartFailed) e;
            part(n, f.round, f.part).failure = f.reason;
        } else if (e instanceof JournalEntry.RetryRound) {
            JournalEntry.RetryRound rr = (JournalEntry.RetryRound) e;
            if (rr.round != rounds.size() || rr.round == 0) {
                throw bad(n, "retry round " + rr.round + " started after " + rounds.size() + " round(s)");
            }
            if (rounds.get(rr.round - 1).planned == null) {
                throw bad(n, "retry round " + rr.round + " started before round " + (rr.round - 1)
                        + " was fully planned");
            }
            for (String id : rr.fromJobs) {
                if (!jobs.containsKey(id)) {
                    throw bad(n, "retry round " + rr.round + " resubmits rows of job " + id
                            + " which the journal does not know");
                }
            }
            rounds.add(new Round(rr.round, rr));
        } else if (e instanceof JournalEntry.RunComplete) {
            complete = (JournalEntry.RunComplete) e;
        } else {
            throw bad(n, "'" + e.type() + "' does not belong in an ingest journal");
        }
    }

    private void planned(long n, JournalEntry.PartPlanned p, Instant at) {
        if (p.round == 0 && rounds.isEmpty()) {
            rounds.add(new Round(0, null));
        }
        Round r = round(n, p.round);
        if (r.planned != null) {
            throw bad(n, "part " + p.part + " planned after round " + p.round + " was fully planned");
        }
        if (p.part != r.parts.size()) {
            throw bad(n, "part " + p.part + " of round " + p.round + " planned after " + r.parts.size()
                    + " part(s); parts are planned in order");
        }
        if (p.firstRecord != r.plannedRecords) {
            throw bad(n, "part " + p.part + " of round " + p.round + " starts at record " + p.firstRecord
                    + " but the parts before it end at record " + r.plannedRecords);
        }
        if (p.records < 0 || p.bytes < 0) {
            throw bad(n, "part " + p.part + " has a negative size");
        }
        r.parts.add(new Part(p, at));
        r.plannedRecords += p.records;
    }

    private Round round(long n, int index) {
        if (index >= rounds.size()) {
            throw bad(n, "round " + index + " was never started");
        }
        return rounds.get(index);
    }

    private Part part(long n, int round, int index) {
        Round r = round(n, round);
        if (index >= r.parts.size()) {
            throw bad(n, "part " + index + " of round " + round + " was never planned");
        }
        return r.parts.get(index);
    }

    private Job job(long n, int round, int index, String id) {
        Part p = part(n, round, index);
        Job j = jobs.get(id);
        if (j == null || partOfJob.get(id) != p) {
            throw bad(n, "job " + id + " was never created for part " + index + " of round " + round);
        }
        return j;
    }

    private RuntimeException bad(long line, String what) {
        return JournalErrors.corrupt(path, line, what);
    }
}
