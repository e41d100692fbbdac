package dev.bulk2.core.query;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.exception.BulkException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The raw result pages of a finished query job, in order, each already downloaded completely and checked against
 * {@code Sforce-NumberOfRecords} (so a page handed out is never cut off). Every page is a complete CSV with its
 * own header row, in the job's delimiter and line ending. The next pages download in the background.
 *
 * <p>Close each {@link ResultPage} after reading it (that frees its buffer or spool file), and close this object
 * (try-with-resources) to stop downloading. Iterate once. Not thread-safe.
 */
public final class QueryPages implements Iterable<ResultPage>, AutoCloseable {
    private final QueryRun run;
    private final JobInfo job;
    private final AtomicBoolean iterated = new AtomicBoolean();
    private PageSource source;
    private boolean done;
    private boolean finished;
    private boolean closed;
    private long rows;

    QueryPages(QueryRun run, JobInfo job) {
        this.run = run;
        this.job = job;
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
     * The summary so far (rows counts the rows of the pages handed out).
     *
     * @return the summary
     */
    public QueryResult result() {
        return run.result(rows);
    }

    /**
     * The pages; can be called once.
     *
     * @return the lazy iterator
     */
    @Override
    public Iterator<ResultPage> iterator() {
        if (!iterated.compareAndSet(false, true)) {
            throw new IllegalStateException("QueryPages can be iterated only once");
        }
        return new Iterator<ResultPage>() {
            private DownloadedPage next;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                if (done) {
                    if (!finished && !closed) {
                        finished = true;
                        run.finish(rows);
                    }
                    return false;
                }
                if (source == null) {
                    source = run.pages(job);
                }
                next = source.next();
                if (next == null) {
                    done = true;
                    source.close();
                    return hasNext();
                }
                return true;
            }

            @Override
            public ResultPage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                DownloadedPage p = next;
                next = null;
                rows += p.rows;
                InputStream body;
                try {
                    body = new FilterInputStream(p.open()) {
                        private boolean closed;

                        @Override
                        public void close() throws IOException {
                            if (!closed) {
                                closed = true;
                                try {
                                    super.close();
                                } finally {
                                    run.release(p);
                                }
                            }
                        }
                    };
                } catch (IOException e) {
                    run.release(p);
                    throw new BulkException("Cannot read the downloaded page " + (p.index + 1) + " of query job "
                            + job.id() + ": " + e, e);
                }
                return new ResultPage(job.id(), p.locator, p.nextLocator, p.rows, body,
                        job.columnDelimiter().orElse(null), job.lineEnding().orElse(null));
            }
        };
    }

    /**
     * The pages as a lazy sequential stream; closing the stream closes this object.
     *
     * @return the stream
     */
    public Stream<ResultPage> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::close);
    }

    /** Stops downloading and releases pages not handed out. Idempotent. */
    @Override
    public void close() {
        closed = true;
        done = true;
        if (source != null) {
            source.close();
        }
    }

    @Override
    public String toString() {
        return "QueryPages{jobId=" + job.id() + "}";
    }
}
