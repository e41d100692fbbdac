package dev.bulk2.core.ingest;

import dev.bulk2.core.JobState;
import dev.bulk2.csv.CsvDialect;
import dev.bulk2.csv.FailedRecord;
import dev.bulk2.csv.FailedResultReader;
import dev.bulk2.csv.UnprocessedRecord;
import dev.bulk2.csv.UnprocessedResultReader;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Record-retry rounds: which jobs of the previous round have rows to resubmit, and those rows, streamed from
 * Salesforce's failed and unprocessed results (never held in memory), plus the rows of the previous round's parts
 * that could not be sent at all ({@link FailedPart}, read back from the part's bytes). Package-private; used by
 * the driver on an I/O thread.
 *
 * <p>Unprocessed rows are resubmitted (with {@link RecordRetryPolicy#retryUnprocessed()}) only when Salesforce
 * provably never attempted them and the cause may pass: the rows of a part whose jobs were all aborted before
 * processing, and the {@code unprocessedrecords} of a job that ended {@code Failed} for a transient reason (a batch
 * that failed after Salesforce's own retries, a timeout). A job that failed because of its data or its setup
 * ({@code InvalidBatch}, {@code ClientInputError}, ...) or the org's daily allocation ({@code ExceededQuota}) would
 * fail the same way again: its rows are reported, not resubmitted.
 */
final class RetryRounds {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.core.ingest");

    private final IngestJobs api;
    private final IngestJobRequest request;
    private final RecordRetryPolicy policy;
    private final RunCounters counters;

    RetryRounds(IngestJobs api, IngestJobRequest request, RunCounters counters) {
        this.api = api;
        this.request = request;
        this.policy = request.recordRetryPolicy();
        this.counters = counters;
    }

    /**
     * Job error prefixes (reference §5.3) of failures that would repeat with the same rows: bad data or header,
     * setup and permissions, the daily allocation.
     */
    private static final List<String> PERMANENT_FAILURES = List.of("InvalidBatch", "ClientInputError",
            "ExceededQuota", "InvalidJob", "InvalidUser", "FeatureNotEnabled", "InvalidSessionId", "InvalidUrl",
            "MethodNotAllowed", "InvalidJobState");

    int maxRounds() {
        return policy.maxRounds();
    }

    /** What a retry round resubmits, and the backoff waited before it. */
    static final class Plan {
        /** The previous round's jobs with rows to resubmit. */
        final List<JobOutcome> previous;
        /** The previous round's parts that could not be sent. */
        final List<FailedPart> unsent;
        final Duration delay;

        private Plan(List<JobOutcome> previous, List<FailedPart> unsent, Duration delay) {
            this.previous = previous;
            this.unsent = unsent;
            this.delay = delay;
        }
    }

    /**
     * Plans retry round {@code round}.
     *
     * @return what it resubmits, or {@code null} when nothing qualifies or its backoff would end at or after the
     *     run's deadline
     */
    Plan plan(int round, List<JobOutcome> outcomes, List<FailedPart> failed, Instant now, Instant deadline) {
        List<FailedPart> unsent = failedParts(failed, round);
        List<JobOutcome> previous = candidates(outcomes, round);
        if (previous.isEmpty() && unsent.isEmpty()) {
            return null;
        }
        Duration delay = policy.backoff().delay(round);
        return now.plus(delay).isBefore(deadline) ? new Plan(previous, unsent, delay) : null;
    }

    /**
     * Whether a {@code Failed} job failed for a reason that may pass, so that its unprocessed rows are worth
     * resubmitting: any job error but those of {@link #PERMANENT_FAILURES}.
     */
    static boolean failedTransiently(dev.bulk2.core.JobInfo info) {
        if (info.state() != JobState.FAILED) {
            return false;
        }
        String m = info.errorMessage().orElse("").trim();
        for (String p : PERMANENT_FAILURES) {
            if (m.regionMatches(true, 0, p, 0, p.length())
                    && (m.length() == p.length() || !Character.isLetterOrDigit(m.charAt(p.length())))) {
                return false;
            }
        }
        return true;
    }

    private boolean retriesUnprocessed(JobOutcome o) {
        return policy.retryUnprocessed() && failedTransiently(o.info) && o.unprocessedAll() > 0;
    }

    /** The previous round's parts that could not be sent, whose rows go to this round. */
    List<FailedPart> failedParts(List<FailedPart> failed, int round) {
        List<FailedPart> l = new ArrayList<>();
        if (policy.retryUnprocessed()) {
            for (FailedPart p : failed) {
                if (p.round() == round - 1 && p.hasRows()) {
                    l.add(p);
                }
            }
        }
        return l;
    }

    /**
     * The jobs of round {@code round - 1} with rows that may qualify, or an empty list when none does. Reads each
     * failed-results file only up to its first retryable row.
     */
    List<JobOutcome> candidates(List<JobOutcome> outcomes, int round) {
        List<JobOutcome> previous = new ArrayList<>();
        for (JobOutcome o : outcomes) {
            if (o.round != round - 1) {
                continue;
            }
            boolean failures = o.info.numberRecordsFailed() > 0 && o.info.state() != JobState.ABORTED;
            if (failures || retriesUnprocessed(o)) {
                previous.add(o);
            }
        }
        if (previous.isEmpty()) {
            return previous;
        }
        Rows probe = rows(previous, List.of(), null);
        try {
            return probe.hasNext() ? previous : List.of();
        } finally {
            probe.closeOpen();
        }
    }

    /** Marks the previous round's jobs and failed parts as retried once all their qualifying rows were read. */
    void markRetried(List<JobOutcome> previous, Rows rows) {
        if (rows.exhausted) {
            markRetried(previous, rows.parts);
        }
    }

    /** Marks jobs and unsent parts as retried: all their qualifying rows went to the next round. */
    void markRetried(List<JobOutcome> previous, List<FailedPart> parts) {
        for (JobOutcome o : previous) {
            o.failedRetried = true;
            o.unprocessedRetried = retriesUnprocessed(o);
        }
        for (FailedPart p : parts) {
            p.markResubmitted();
        }
    }

    /**
     * The rows to resubmit.
     *
     * @param previous jobs of the previous round (from {@link #candidates})
     * @param parts parts of the previous round that could not be sent (from {@link #failedParts})
     * @param inputDialect the dialect of the parts' bytes
     */
    Rows rows(List<JobOutcome> previous, List<FailedPart> parts, CsvDialect inputDialect) {
        return new Rows(previous, parts, inputDialect);
    }

    private CsvDialect dialect(JobOutcome o) {
        return CsvDialect.of(o.info.columnDelimiter().orElse(request.columnDelimiter()),
                dev.bulk2.csv.LineEnding.LF);
    }

    /** Rows to resubmit, streamed from the previous round's failed and unprocessed results. */
    final class Rows implements Iterator<Map<String, ?>> {
        private final Iterator<JobOutcome> jobs;
        private Iterator<Map<String, ?>> current = Collections.emptyIterator();
        private Closeable open;
        private final List<Supplier<Iterator<Map<String, ?>>>> pending = new ArrayList<>();
        final List<FailedPart> parts;
        boolean exhausted;
        long total;

        Rows(List<JobOutcome> previous, List<FailedPart> parts, CsvDialect inputDialect) {
            this.jobs = previous.iterator();
            this.parts = parts;
            for (FailedPart p : parts) {
                pending.add(() -> {
                    UnprocessedResultReader r = UnprocessedResultReader.open(p.openRows(), inputDialect);
                    open = r;
                    return filterMap(r.iterator(), u -> true, UnprocessedRecord::fields);
                });
            }
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext()) {
                closeOpen();
                if (!pending.isEmpty()) {
                    current = pending.remove(0).get();
                    continue;
                }
                if (!jobs.hasNext()) {
                    exhausted = true;
                    return false;
                }
                JobOutcome o = jobs.next();
                if (o.info.numberRecordsFailed() > 0 && o.info.state() != JobState.ABORTED) {
                    pending.add(() -> {
                        long t0 = System.nanoTime();
                        FailedResultReader r = FailedResultReader.open(api.failedResults(o.info), dialect(o));
                        counters.resultsNanos.addAndGet(System.nanoTime() - t0);
                        open = r;
                        return filterMap(r.iterator(), (FailedRecord f) -> policy.isRetryable(f), f -> {
                            o.failedResubmitted++;
                            return f.fields();
                        });
                    });
                }
                if (retriesUnprocessed(o)) {
                    pending.add(() -> {
                        UnprocessedResultReader r = UnprocessedResultReader.open(api.unprocessedRecords(o.info),
                                dialect(o));
                        open = r;
                        return filterMap(r.iterator(), u -> true, (UnprocessedRecord u) -> {
                            o.unprocessedResubmitted++;
                            return u.fields();
                        });
                    });
                }
            }
            return true;
        }

        @Override
        public Map<String, ?> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            total++;
            return current.next();
        }

        void closeOpen() {
            if (open != null) {
                try {
                    open.close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "Closing a result stream failed: {0}", e.getMessage());
                }
                open = null;
            }
        }
    }

    private static <T> Iterator<Map<String, ?>> filterMap(Iterator<T> in, Predicate<T> keep,
            Function<T, Map<String, String>> map) {
        return new Iterator<Map<String, ?>>() {
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
            public Map<String, ?> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                T t = next;
                next = null;
                return map.apply(t);
            }
        };
    }
}
