package dev.bulk2.core.query;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.exception.BulkException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Verified pages of a query result in order, downloaded ahead of the consumer: serially by following
 * {@code Sforce-Locator} on one background thread, or in parallel from {@code resultPages} links on a bounded
 * pool. At most a fixed number of pages is held at once. Package-private; {@link #next()} and {@link #close()} are
 * called by the consuming thread.
 */
abstract class PageSource implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    /**
     * The next page in result order.
     *
     * @return the page (the caller releases it), or {@code null} after the last page
     */
    abstract DownloadedPage next();

    /** Stops downloading and releases pages not handed out. Idempotent. */
    @Override
    public abstract void close();

    static PageSource open(QueryJobs jobs, JobInfo job, QuerySettings settings, QueryStats stats) {
        PageFetcher fetcher = new PageFetcher(jobs.context(), job.id(), settings, stats);
        if (settings.parallelism > 1 && jobs.supportsResultPages()) {
            return new Parallel(jobs, job, settings, stats, fetcher);
        }
        return new Serial(jobs, job, settings, stats, fetcher);
    }

    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name + "-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new BulkException("Downloading query results failed: " + t, t);
    }

    /** One background thread follows the locators, keeping one page ready ahead of the consumer. */
    static final class Serial extends PageSource {
        private static final Object END = new Object();

        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(1);
        private final Thread thread;
        private volatile boolean closed;
        private boolean finished;

        Serial(QueryJobs jobs, JobInfo job, QuerySettings settings, QueryStats stats, PageFetcher fetcher) {
            this.thread = daemon(() -> run(jobs, job, settings, stats, fetcher), "bulk2-query-" + job.id());
            thread.start();
        }

        private void run(QueryJobs jobs, JobInfo job, QuerySettings s, QueryStats stats, PageFetcher fetcher) {
            String locator = null;
            int index = 0;
            try {
                while (!closed) {
                    String loc = locator;
                    DownloadedPage p = fetcher.fetch(index, loc, () -> jobs.resultPage(job.id(), loc,
                            s.maxRecordsPerPage, job.columnDelimiter().orElse(null), job.lineEnding().orElse(null)));
                    stats.buffered(1);
                    s.listener.pageDownloaded(job.id(), index, p.rows, p.bytes());
                    if (!hand(p)) {
                        return;
                    }
                    if (p.nextLocator == null) {
                        hand(END);
                        return;
                    }
                    locator = p.nextLocator;
                    index++;
                }
            } catch (RuntimeException | Error e) {
                hand(e);
            }
        }

        private boolean hand(Object o) {
            try {
                queue.put(o);
            } catch (InterruptedException e) {
                release(o);
                return false;
            }
            if (closed) {
                drain();
                return false;
            }
            return true;
        }

        private static void release(Object o) {
            if (o instanceof DownloadedPage) {
                ((DownloadedPage) o).release();
            }
        }

        private void drain() {
            Object o;
            while ((o = queue.poll()) != null) {
                release(o);
            }
        }

        @Override
        DownloadedPage next() {
            if (finished) {
                return null;
            }
            if (closed) {
                throw new IllegalStateException("The query results were closed");
            }
            Object o;
            try {
                o = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BulkException("Interrupted while waiting for the next page of query results.", e);
            }
            if (o == END) {
                finished = true;
                return null;
            }
            if (o instanceof Throwable) {
                finished = true;
                throw rethrow((Throwable) o);
            }
            return (DownloadedPage) o;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                thread.interrupt();
                drain();
            }
        }
    }

    /** A bounded pool downloads the {@code resultPages} links; the window keeps result order. */
    static final class Parallel extends PageSource {
        private final Iterator<ResultPageLink> links;
        private final ExecutorService pool;
        private final Deque<Future<DownloadedPage>> window = new ArrayDeque<>();
        private final QuerySettings settings;
        private final QueryStats stats;
        private final PageFetcher fetcher;
        private final JobInfo job;
        private final QueryJobs jobs;
        private volatile boolean closed;
        private int nextIndex;

        Parallel(QueryJobs jobs, JobInfo job, QuerySettings settings, QueryStats stats, PageFetcher fetcher) {
            this.jobs = jobs;
            this.job = job;
            this.settings = settings;
            this.stats = stats;
            this.fetcher = fetcher;
            this.links = jobs.resultPages(job.id(), settings.maxRecordsPerPage).iterator();
            String name = "bulk2-query-" + job.id();
            this.pool = Executors.newFixedThreadPool(settings.parallelism, r -> daemon(r, name));
        }

        private void topUp() {
            while (!closed && window.size() < settings.parallelism && links.hasNext()) {
                ResultPageLink link = links.next();
                int index = nextIndex++;
                window.add(pool.submit(() -> download(index, link)));
            }
        }

        private DownloadedPage download(int index, ResultPageLink link) {
            DownloadedPage p = fetcher.fetch(index, link.locator().orElse(null), () -> jobs.resultPage(link,
                    job.columnDelimiter().orElse(null), job.lineEnding().orElse(null)));
            stats.buffered(1);
            if (closed) {
                p.release();
                return p;
            }
            settings.listener.pageDownloaded(job.id(), index, p.rows, p.bytes());
            return p;
        }

        @Override
        DownloadedPage next() {
            if (closed) {
                throw new IllegalStateException("The query results were closed");
            }
            Future<DownloadedPage> head = window.poll();
            if (head == null) {
                topUp();
                head = window.poll();
                if (head == null) {
                    return null;
                }
            }
            topUp();
            try {
                return head.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BulkException("Interrupted while waiting for the next page of query results.", e);
            } catch (ExecutionException e) {
                throw rethrow(e.getCause());
            } catch (CancellationException e) {
                throw new IllegalStateException("The query results were closed", e);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (Future<DownloadedPage> f : window) {
                if (!f.cancel(true) && f.isDone()) {
                    try {
                        f.get().release();
                    } catch (ExecutionException | InterruptedException | CancellationException ignored) {
                        // nothing to release
                    }
                }
            }
            window.clear();
            pool.shutdownNow();
        }
    }
}
