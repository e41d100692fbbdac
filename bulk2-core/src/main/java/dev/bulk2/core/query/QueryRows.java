package dev.bulk2.core.query;

import dev.bulk2.core.JobInfo;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The rows of a finished query job, read lazily page by page in result order while the next page downloads in
 * the background. Each row is an unmodifiable {@code Map<String, String>} in column (SELECT) order, or whatever
 * the mapping function made of it. Null and empty values both arrive as {@code ""}: Salesforce renders them
 * alike.
 *
 * <pre>{@code
 * try (QueryRows<Map<String, String>> rows = client.query("SELECT Id, Name FROM Account").stream()) {
 *     for (Map<String, String> row : rows) {
 *         erp.markSynced(row.get("Id"), row.get("Name"));
 *     }
 *     log.log(Level.INFO, rows.result().rows() + " rows, " + rows.result().apiCalls() + " API calls");
 * }
 * }</pre>
 *
 * <p>Iterate once, with {@link #iterator()} or {@link #stream()}. Always {@link #close()} it (try-with-resources):
 * closing early stops the downloads and deletes spooled pages. Failures surface as
 * {@link dev.bulk2.core.exception.BulkException}s from the iteration. Not thread-safe.
 *
 * @param <T> the row type
 */
public final class QueryRows<T> implements Iterable<T>, AutoCloseable {
    private final QueryRun run;
    private final JobInfo job;
    private final RowIterator rows;
    private final Function<Map<String, String>, T> mapper;
    private final AtomicBoolean iterated = new AtomicBoolean();
    private boolean finished;

    QueryRows(QueryRun run, JobInfo job, Function<Map<String, String>, T> mapper) {
        this.run = run;
        this.job = job;
        this.rows = new RowIterator(run, job);
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * The query job (state {@code JobComplete}).
     *
     * @return the final job snapshot
     */
    public JobInfo jobInfo() {
        return job;
    }

    /**
     * The result columns in SELECT order. Downloads the first page if iteration has not started.
     *
     * @return an unmodifiable list, empty when the result carried no header
     */
    public List<String> columns() {
        if (run.columns() == null) {
            rows.prime();
        }
        RowMap.Columns c = run.columns();
        return c == null ? List.of() : c.list;
    }

    /**
     * The summary so far: rows delivered up to now, pages and bytes downloaded, API calls spent. Complete once
     * the iteration has ended.
     *
     * @return the summary
     */
    public QueryResult result() {
        return run.result(rows.delivered());
    }

    /**
     * The rows; can be called once.
     *
     * @return the lazy iterator
     * @throws IllegalStateException if called twice
     */
    @Override
    public Iterator<T> iterator() {
        if (!iterated.compareAndSet(false, true)) {
            throw new IllegalStateException("QueryRows can be iterated only once");
        }
        return new Iterator<T>() {
            @Override
            public boolean hasNext() {
                boolean more = rows.hasNext();
                if (!more && !finished) {
                    finished = true;
                    run.finish(rows.delivered());
                }
                return more;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return mapper.apply(rows.next());
            }
        };
    }

    /**
     * The rows as a lazy sequential stream; closing the stream closes this object. Can be called once.
     *
     * @return the stream
     */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::close);
    }

    /**
     * Stops downloading and releases buffered pages. With parallel page downloads it interrupts the running ones
     * and waits for them to end (at most 10 s), so their responses are closed when it returns; the serial page
     * source lets its one page read ahead finish and releases it then. Idempotent.
     */
    @Override
    public void close() {
        rows.close();
    }

    @Override
    public String toString() {
        return "QueryRows{jobId=" + job.id() + ", delivered=" + rows.delivered() + "}";
    }
}
