package dev.bulk2.core.ingest;

import dev.bulk2.core.JobState;
import dev.bulk2.csv.CsvDialect;
import dev.bulk2.csv.FailedRecord;
import dev.bulk2.csv.FailedResultReader;
import dev.bulk2.csv.UnprocessedRecord;
import dev.bulk2.csv.UnprocessedResultReader;
import java.io.Closeable;
import java.io.IOException;
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
 * Salesforce's failed and unprocessed results (never held in memory). Package-private; used by the driver on an
 * I/O thread.
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

    int maxRounds() {
        return policy.maxRounds();
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
            boolean unprocessed = policy.retryUnprocessed() && o.info.state() == JobState.FAILED
                    && o.unprocessedAll() > 0;
            if (failures || unprocessed) {
                previous.add(o);
            }
        }
        if (previous.isEmpty()) {
            return previous;
        }
        Rows probe = rows(previous);
        try {
            return probe.hasNext() ? previous : List.of();
        } finally {
            probe.closeOpen();
        }
    }

    /** Marks the previous round's jobs as retried once all their qualifying rows were read. */
    void markRetried(List<JobOutcome> previous, Rows rows) {
        if (rows.exhausted) {
            for (JobOutcome o : previous) {
                o.failedRetried = true;
                o.unprocessedRetried = policy.retryUnprocessed() && o.info.state() == JobState.FAILED;
            }
        }
    }

    Rows rows(List<JobOutcome> previous) {
        return new Rows(previous);
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
        boolean exhausted;
        long total;

        Rows(List<JobOutcome> previous) {
            this.jobs = previous.iterator();
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
                if (policy.retryUnprocessed() && o.info.state() == JobState.FAILED && o.unprocessedAll() > 0) {
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
