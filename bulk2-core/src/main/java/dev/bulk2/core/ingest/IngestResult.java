package dev.bulk2.core.ingest;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.JobState;
import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.CsvDialect;
import dev.bulk2.csv.FailedRecord;
import dev.bulk2.csv.FailedResultReader;
import dev.bulk2.csv.LineEnding;
import dev.bulk2.csv.SuccessfulRecord;
import dev.bulk2.csv.SuccessfulResultReader;
import dev.bulk2.csv.UnprocessedRecord;
import dev.bulk2.csv.UnprocessedResultReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import dev.bulk2.core.exception.IngestFailedException;
import dev.bulk2.core.exception.LocalIoException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The outcome of a fluent ingest: every job with its final {@link JobInfo}, totals, a per-job reconciliation,
 * and the successful, failed and unprocessed records merged across all jobs.
 *
 * <p>Totals count each input row once, with its last outcome: rows resubmitted by a {@link RecordRetryPolicy}
 * are counted (and streamed) only in the job of their last attempt. {@link #recordsSubmitted()} equals
 * {@code succeeded + failed + unprocessed} whenever {@link #isReconciled()}; when it does not,
 * {@link #reconciliation()} shows the numbers of every job.
 *
 * <p>The record streams are read from Salesforce when you call them (one GET per job that has such rows), never
 * held in memory; each must be closed (try-with-resources), and each call reads again. Row order follows job
 * order, and within a job whatever order Salesforce returns (not the upload order). The value itself is immutable
 * and thread-safe; each returned stream is for one thread.
 */
public final class IngestResult {
    private final IngestJobs api;
    private final List<JobOutcome> outcomes;
    private final List<String> header;
    private final RecordRetryPolicy retryPolicy;
    private final IngestStats stats;
    private final List<String> discardedJobIds;
    private final ColumnDelimiter delimiter;
    private final boolean aborted;
    private final List<FailedPart> failedParts;
    private final CsvDialect inputDialect;
    private final long submitted;
    private final long succeeded;
    private final long failed;
    private final long unprocessed;
    /** Rows the pre-flight left out; set once by the run before the result is published. */
    private List<dev.bulk2.core.plan.PlanProblem> preRejected = List.of();

    IngestResult(IngestJobs api, List<JobOutcome> outcomes, List<String> header, RecordRetryPolicy retryPolicy,
            IngestStats stats, List<String> discardedJobIds, ColumnDelimiter delimiter, boolean aborted,
            List<FailedPart> failedParts, CsvDialect inputDialect) {
        this.api = api;
        this.outcomes = Collections.unmodifiableList(new ArrayList<>(outcomes));
        this.header = header == null ? null : List.copyOf(header);
        this.retryPolicy = retryPolicy;
        this.stats = stats;
        this.discardedJobIds = List.copyOf(discardedJobIds);
        this.delimiter = delimiter;
        this.aborted = aborted;
        this.failedParts = List.copyOf(failedParts);
        this.inputDialect = inputDialect;
        long sub = 0;
        long ok = 0;
        long bad = 0;
        long left = 0;
        for (JobOutcome o : this.outcomes) {
            if (o.round == 0) {
                sub += Math.max(0, o.submitted);
            }
            ok += o.succeeded();
            bad += o.info.numberRecordsFailed() - o.failedResubmitted;
            left += Math.max(0, o.unprocessedAll()) - o.unprocessedResubmitted;
        }
        for (FailedPart p : this.failedParts) {
            if (p.round() == 0) {
                sub += p.records();
            }
            if (!p.isResubmitted()) {
                left += p.records();
            }
        }
        this.submitted = sub;
        this.succeeded = ok;
        this.failed = bad;
        this.unprocessed = left;
    }

    /**
     * The final info of every job that received data, input jobs first, then retry rounds, in part order.
     * Jobs discarded after an upload with an unknown outcome are not included (see {@link #discardedJobIds()}).
     *
     * @return an unmodifiable list
     */
    public List<JobInfo> jobs() {
        List<JobInfo> l = new ArrayList<>();
        for (JobOutcome o : outcomes) {
            l.add(o.info);
        }
        return Collections.unmodifiableList(l);
    }

    /** @return the ids of {@link #jobs()} */
    public List<String> jobIds() {
        List<String> l = new ArrayList<>();
        for (JobOutcome o : outcomes) {
            l.add(o.id());
        }
        return Collections.unmodifiableList(l);
    }

    /**
     * Jobs that ended {@code Failed} or {@code Aborted}; their rows not processed are in
     * {@link #unprocessedRecords()} (unless resubmitted by a retry).
     *
     * @return an unmodifiable list
     */
    public List<JobInfo> failedJobs() {
        List<JobInfo> l = new ArrayList<>();
        for (JobOutcome o : outcomes) {
            if (o.info.state() == JobState.FAILED || o.info.state() == JobState.ABORTED) {
                l.add(o.info);
            }
        }
        return Collections.unmodifiableList(l);
    }

    /**
     * Jobs created but aborted by bulk2 before processing because their upload's outcome was unknown; their
     * part was uploaded again to a new job. They hold no processed rows.
     *
     * @return an unmodifiable list
     */
    public List<String> discardedJobIds() {
        return discardedJobIds;
    }

    /**
     * Parts that could not be handed to Salesforce for good, with the reason; their rows are counted in
     * {@link #recordsUnprocessed()} and streamed by {@link #unprocessedRecords()}, unless a record-retry round
     * resubmitted them ({@link FailedPart#isResubmitted()}).
     *
     * @return an unmodifiable list, empty when every part reached a job
     */
    public List<FailedPart> failedParts() {
        return failedParts;
    }

    /** @return whether the run was stopped by {@link IngestRun#abort()} (the input may not have been read fully) */
    public boolean isAborted() {
        return aborted;
    }

    /** Sets the pre-rejected rows, before the result is published. */
    IngestResult withPreRejected(List<dev.bulk2.core.plan.PlanProblem> rows) {
        this.preRejected = List.copyOf(rows);
        return this;
    }

    /**
     * The rows the pre-flight left out of the upload ({@code Preflight.preRejectInvalidRows(true)}): one problem
     * per row, with its row number, line, column, field and reason. They were never sent, so they are not in
     * {@link #recordsSubmitted()} nor in any job; {@link #recordsRead()} counts them.
     *
     * @return the pre-rejected rows in input order (empty when none)
     */
    public List<dev.bulk2.core.plan.PlanProblem> preRejectedRows() {
        return preRejected;
    }

    /** @return the number of rows the pre-flight left out ({@link #preRejectedRows()}) */
    public long recordsPreRejected() {
        return preRejected.size();
    }

    /**
     * Input rows read: {@link #recordsSubmitted()} plus {@link #recordsPreRejected()}.
     *
     * @return the rows read
     */
    public long recordsRead() {
        return submitted + preRejected.size();
    }

    /** @return input rows uploaded (retry resubmissions not counted again) */
    public long recordsSubmitted() {
        return submitted;
    }

    /** @return rows that succeeded, in any round */
    public long recordsSucceeded() {
        return succeeded;
    }

    /** @return rows whose last attempt failed */
    public long recordsFailed() {
        return failed;
    }

    /** @return rows never attempted by Salesforce (job failed or aborted) and not resubmitted */
    public long recordsUnprocessed() {
        return unprocessed;
    }

    /**
     * Whether every job is terminal and adds up, and {@code submitted == succeeded + failed + unprocessed}.
     *
     * @return {@code true} if every row is accounted for
     */
    public boolean isReconciled() {
        for (JobOutcome o : outcomes) {
            if (!o.reconciliation().isReconciled()) {
                return false;
            }
        }
        return submitted == succeeded + failed + unprocessed;
    }

    /**
     * The verdict of the run, the one value to check before treating a load as done.
     *
     * <p>{@link IngestOutcome#JOBS_FAILED_OR_RECORDS_UNPROCESSED} when a job ended {@code Failed} or
     * {@code Aborted} without its rows being resubmitted, a part was not sent, rows are unprocessed, the run was
     * aborted or the numbers do not reconcile; otherwise {@link IngestOutcome#SOME_RECORDS_FAILED} when rows
     * failed; otherwise {@link IngestOutcome#ALL_SUCCEEDED}. A job that fails as a whole (for example
     * {@code InvalidBatch : Field name not found : Email}) leaves {@link #recordsFailed()} at 0 and can still be
     * {@link #isReconciled() reconciled}: only this verdict (or {@link #failedJobs()}) shows it.
     *
     * @return the verdict
     */
    public IngestOutcome outcome() {
        if (aborted || unprocessed > 0 || !unresolvedFailedJobs().isEmpty() || !unsentParts().isEmpty()
                || !isReconciled()) {
            return IngestOutcome.JOBS_FAILED_OR_RECORDS_UNPROCESSED;
        }
        return failed > 0 || !preRejected.isEmpty() ? IngestOutcome.SOME_RECORDS_FAILED : IngestOutcome.ALL_SUCCEEDED;
    }

    /**
     * Whether every submitted row succeeded: {@code outcome() == ALL_SUCCEEDED}.
     *
     * @return {@code true} only if nothing failed and nothing was left unprocessed
     */
    public boolean isSuccessful() {
        return outcome() == IngestOutcome.ALL_SUCCEEDED;
    }

    /**
     * Throws unless {@link #isSuccessful()}: the call for scripts that must not mistake a failed load for a
     * success.
     *
     * @return this result, when successful
     * @throws IngestFailedException naming the failed jobs with their error message, the parts not sent and the
     *     counts of failed and unprocessed rows
     */
    public IngestResult throwIfNotSuccessful() {
        IngestOutcome o = outcome();
        if (o == IngestOutcome.ALL_SUCCEEDED) {
            return this;
        }
        StringBuilder sb = new StringBuilder("Ingest not successful (").append(o).append("): ");
        List<JobInfo> bad = unresolvedFailedJobs();
        if (!bad.isEmpty()) {
            sb.append(bad.size()).append(" of ").append(outcomes.size()).append(bad.size() == 1 ? " job" : " jobs")
                    .append(" failed (");
            appendFailedJobs(sb, bad);
            sb.append("); ");
        }
        List<FailedPart> unsent = unsentParts();
        if (!unsent.isEmpty()) {
            sb.append(unsent.size()).append(unsent.size() == 1 ? " part" : " parts").append(" not sent (");
            for (int i = 0; i < Math.min(unsent.size(), MAX_LISTED); i++) {
                FailedPart p = unsent.get(i);
                sb.append(i == 0 ? "" : "; ").append("part ").append(p.partIndex()).append(": ").append(p.reason());
            }
            if (unsent.size() > MAX_LISTED) {
                sb.append("; and ").append(unsent.size() - MAX_LISTED).append(" more");
            }
            sb.append("); ");
        }
        if (aborted) {
            sb.append("the run was aborted; ");
        }
        sb.append(failed).append(" rows failed, ").append(unprocessed).append(" rows unprocessed, ").append(succeeded)
                .append(" of ").append(submitted).append(" succeeded");
        if (!preRejected.isEmpty()) {
            sb.append(", ").append(preRejected.size()).append(" rows pre-rejected (not sent, see preRejectedRows())");
        }
        if (!isReconciled()) {
            sb.append(", NOT RECONCILED (see reconciliationReport())");
        }
        sb.append(". ");
        if (unprocessed > 0) {
            sb.append("Fix the cause named above, then load the unprocessed rows again "
                    + "(unprocessedRecords() or writeTo(dir) writes unprocessed.csv)");
            sb.append(failed > 0 ? "; the failed rows and their errors are in failedRecords()." : ".");
        } else {
            sb.append("The failed rows and their errors are in failedRecords() (writeTo(dir) writes failed.csv).");
        }
        throw new IngestFailedException(sb.toString(), this);
    }

    private static final int MAX_LISTED = 5;

    private static void appendFailedJobs(StringBuilder sb, List<JobInfo> bad) {
        for (int i = 0; i < Math.min(bad.size(), MAX_LISTED); i++) {
            JobInfo j = bad.get(i);
            sb.append(i == 0 ? "" : "; ").append("job ").append(j.id()).append(' ').append(j.state());
            j.errorMessage().ifPresent(m -> sb.append(": ").append(m));
        }
        if (bad.size() > MAX_LISTED) {
            sb.append("; and ").append(bad.size() - MAX_LISTED).append(" more");
        }
    }

    /** Failed or aborted jobs whose unprocessed rows were not all resubmitted by a retry round. */
    private List<JobInfo> unresolvedFailedJobs() {
        List<JobInfo> l = new ArrayList<>();
        for (JobOutcome o : outcomes) {
            JobState s = o.info.state();
            if ((s == JobState.FAILED || s == JobState.ABORTED) && !o.unprocessedRetried) {
                l.add(o.info);
            }
        }
        return l;
    }

    private List<FailedPart> unsentParts() {
        List<FailedPart> l = new ArrayList<>();
        for (FailedPart p : failedParts) {
            if (!p.isResubmitted()) {
                l.add(p);
            }
        }
        return l;
    }

    /**
     * The numbers of every job.
     *
     * @return an unmodifiable list, in {@link #jobs()} order
     */
    public List<JobReconciliation> reconciliation() {
        List<JobReconciliation> l = new ArrayList<>();
        for (JobOutcome o : outcomes) {
            l.add(o.reconciliation());
        }
        return Collections.unmodifiableList(l);
    }

    /**
     * A human-readable reconciliation: the {@link #outcome()}, the failed jobs with their error message, the
     * totals, the parts not sent, then one line per job.
     *
     * @return the report
     */
    public String reconciliationReport() {
        StringBuilder sb = new StringBuilder();
        IngestOutcome verdict = outcome();
        sb.append(verdict).append('\n');
        for (JobInfo j : unresolvedFailedJobs()) {
            sb.append("  FAILED JOB ").append(j.id()).append(' ').append(j.state());
            j.errorMessage().ifPresent(m -> sb.append(": ").append(m));
            sb.append('\n');
        }
        sb.append("submitted ").append(submitted).append(" = succeeded ").append(succeeded).append(" + failed ")
                .append(failed).append(" + unprocessed ").append(unprocessed)
                .append(isReconciled() ? ": reconciled" : ": NOT RECONCILED").append('\n');
        if (!preRejected.isEmpty()) {
            sb.append("read ").append(recordsRead()).append(" = submitted ").append(submitted)
                    .append(" + pre-rejected ").append(preRejected.size()).append(" (left out by the pre-flight, see preRejectedRows())\n");
        }
        for (FailedPart p : failedParts) {
            sb.append("  part ").append(p.partIndex()).append(" of round ").append(p.round())
                    .append(" NOT SENT: ").append(p.records()).append(" rows unprocessed: ").append(p.reason())
                    .append('\n');
        }
        for (JobOutcome o : outcomes) {
            sb.append("  ").append(o.reconciliation()).append('\n');
        }
        return sb.toString();
    }

    /** @return the run's statistics */
    public IngestStats stats() {
        return stats;
    }

    /**
     * The successful rows of all jobs: record id, created flag and the input values, streamed from Salesforce.
     *
     * @return a lazy stream; close it
     */
    public Stream<SuccessfulRecord> successfulRecords() {
        return merged(o -> o.succeeded() > 0, o -> {
            SuccessfulResultReader r = SuccessfulResultReader.open(api.successfulResults(o.info), dialect(o));
            return new Opened<>(r.iterator(), r);
        });
    }

    /**
     * The rows whose last attempt failed: error code, message and fields split out of {@code sf__Error}, and the
     * input values. Rows resubmitted by a retry appear only in the job of their last attempt.
     *
     * @return a lazy stream; close it
     */
    public Stream<FailedRecord> failedRecords() {
        return merged(o -> o.info.numberRecordsFailed() > o.failedResubmitted, o -> {
            FailedResultReader r = FailedResultReader.open(api.failedResults(o.info), dialect(o));
            Iterator<FailedRecord> it = r.iterator();
            if (o.failedRetried) {
                it = filter(it, f -> !retryPolicy.isRetryable(f));
            }
            return new Opened<>(it, r);
        });
    }

    /**
     * The rows Salesforce never attempted because their job failed or was aborted (and that were not
     * resubmitted), with the input values.
     *
     * @return a lazy stream; close it
     */
    public Stream<UnprocessedRecord> unprocessedRecords() {
        List<Supplier<Opened<UnprocessedRecord>>> sources = new ArrayList<>();
        for (JobOutcome o : outcomes) {
            if (o.mayHaveUnprocessed() && !o.unprocessedRetried) {
                sources.add(() -> {
                    UnprocessedResultReader r = UnprocessedResultReader.open(api.unprocessedRecords(o.info),
                            dialect(o));
                    return new Opened<>(r.iterator(), r);
                });
            }
        }
        for (FailedPart p : failedParts) {
            if (p.hasRows()) {
                sources.add(() -> {
                    UnprocessedResultReader r = UnprocessedResultReader.open(p.openRows(), inputDialect);
                    return new Opened<>(r.iterator(), r);
                });
            }
        }
        return stream(sources);
    }

    /**
     * Writes {@code successful.csv} ({@code sf__Id, sf__Created}, input columns), {@code failed.csv}
     * ({@code sf__Id, sf__Error}, input columns) and {@code unprocessed.csv} (input columns) into a directory,
     * streaming from Salesforce; files are replaced. The CSV is UTF-8, comma-delimited, LF. Same as
     * {@code writeTo(directory, EnumSet.allOf(ResultFile.class))}.
     *
     * @param directory an existing directory, or one to create
     * @return the rows written per file, in this order: {@code successful.csv}, {@code failed.csv},
     *     {@code unprocessed.csv} (an unmodifiable map from file name to row count)
     * @throws LocalIoException if a file cannot be written (the message names the file)
     * @throws dev.bulk2.core.exception.BulkException if Salesforce cannot be read
     */
    public Map<String, Long> writeTo(Path directory) {
        return writeTo(directory, java.util.EnumSet.allOf(ResultFile.class));
    }

    /**
     * Writes only the chosen result files into a directory, for example
     * {@code writeTo(dir, EnumSet.of(ResultFile.FAILED, ResultFile.UNPROCESSED))} to get the rows to look at
     * without downloading the successful results. Only the chosen files are read from Salesforce and written (and
     * replaced); other files in the directory are left as they are.
     *
     * <p>Files are created with the default permissions, so the process's umask decides them (typically
     * {@code rw-r--r--}), like the query export's output; to keep result files private, write them into a
     * directory only you can read.
     *
     * @param directory an existing directory, or one to create
     * @param files the files to write; not empty
     * @return the rows written per file written, in {@link ResultFile} order (an unmodifiable map from file name
     *     to row count)
     * @throws IllegalArgumentException if {@code files} is empty
     * @throws LocalIoException if a file cannot be written (the message names the file)
     * @throws dev.bulk2.core.exception.BulkException if Salesforce cannot be read
     */
    public Map<String, Long> writeTo(Path directory, java.util.Set<ResultFile> files) {
        return ResultFileWriter.write(this, directory, files);
    }

    private CsvDialect dialect(JobOutcome o) {
        return CsvDialect.of(o.info.columnDelimiter().orElse(delimiter), LineEnding.LF);
    }

    /** @return the input header, if the run read the input (not for attached jobs) */
    public Optional<List<String>> header() {
        return Optional.ofNullable(header);
    }

    @Override
    public String toString() {
        List<JobInfo> bad = unresolvedFailedJobs();
        StringBuilder sb = new StringBuilder("IngestResult{");
        if (!bad.isEmpty()) {
            sb.append("failedJobs=[");
            appendFailedJobs(sb, bad);
            sb.append("], ");
        }
        sb.append("outcome=").append(outcome()).append(", ");
        return sb + "jobs=" + outcomes.size() + ", submitted=" + submitted + ", succeeded=" + succeeded
                + ", failed=" + failed + ", unprocessed=" + unprocessed + ", reconciled=" + isReconciled()
                + (aborted ? ", aborted" : "") + "}";
    }

    private static <T> Iterator<T> filter(Iterator<T> in, Predicate<T> keep) {
        return new Iterator<T>() {
            private T next;

            @Override
            public boolean hasNext() {
                while (next == null && in.hasNext()) {
                    T t = in.next();
                    if (keep.test(t)) {
                        next = t;
                    }
                }
                return next != null;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                T t = next;
                next = null;
                return t;
            }
        };
    }

    private <R> Stream<R> merged(Predicate<JobOutcome> has, Function<JobOutcome, Opened<R>> open) {
        List<Supplier<Opened<R>>> sources = new ArrayList<>();
        for (JobOutcome o : outcomes) {
            if (has.test(o)) {
                sources.add(() -> open.apply(o));
            }
        }
        return stream(sources);
    }

    private static <R> Stream<R> stream(List<Supplier<Opened<R>>> sources) {
        Merged<R> m = new Merged<>(sources);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(m, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(m::close);
    }

    /** An opened result file: its records and what to close. */
    static final class Opened<R> {
        final Iterator<R> records;
        final Closeable resource;

        Opened(Iterator<R> records, Closeable resource) {
            this.records = records;
            this.resource = resource;
        }
    }

    /** Records of several jobs, one job's file open at a time. */
    static final class Merged<R> implements Iterator<R> {
        private final Iterator<Supplier<Opened<R>>> sources;
        private Opened<R> current;
        private boolean closed;

        Merged(List<Supplier<Opened<R>>> sources) {
            this.sources = sources.iterator();
        }

        @Override
        public boolean hasNext() {
            try {
                while (!closed) {
                    if (current != null && current.records.hasNext()) {
                        return true;
                    }
                    closeCurrent();
                    if (!sources.hasNext()) {
                        return false;
                    }
                    current = sources.next().get();
                }
                return false;
            } catch (RuntimeException e) {
                throw translate(e);
            }
        }

        @Override
        public R next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                return current.records.next();
            } catch (RuntimeException e) {
                throw translate(e);
            }
        }

        /**
         * Errors of the result readers as {@code BulkException}s: a result file Salesforce sent that is not valid
         * CSV is a {@link dev.bulk2.core.exception.BulkDataException}, a stream that broke while being read a
         * retryable {@link dev.bulk2.core.exception.TransportException}.
         */
        static RuntimeException translate(RuntimeException e) {
            if (e instanceof dev.bulk2.core.exception.BulkException || e instanceof NoSuchElementException) {
                return e;
            }
            if (e instanceof dev.bulk2.csv.CsvException) {
                return new dev.bulk2.core.exception.BulkDataException("A result file from Salesforce could not be "
                        + "read as CSV: " + e.getMessage(), e);
            }
            if (e instanceof java.io.UncheckedIOException) {
                return new dev.bulk2.core.exception.TransportException("Reading a result file from Salesforce "
                        + "failed: " + e.getCause(), e.getCause(), false);
            }
            return e;
        }

        private void closeCurrent() {
            if (current != null) {
                try {
                    current.resource.close();
                } catch (IOException e) {
                    throw new dev.bulk2.core.exception.BulkException("Closing a result stream failed: "
                            + e.getMessage(), e);
                } finally {
                    current = null;
                }
            }
        }

        void close() {
            closed = true;
            closeCurrent();
        }
    }
}
