package dev.bulk2.core.query;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.exception.BulkException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import dev.bulk2.core.internal.IoThreads;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * Verified pages of a query result in order, downloaded ahead of the consumer: serially by following
 * {@code Sforce-Locator} one page ahead, or in parallel from {@code resultPages} links, as tasks on the client's
 * I/O executor (inline, without read-ahead, when the consumer itself is an I/O task). At most a fixed number of pages is held at once. Package-private; {@link #next()} and {@link #close()} are
 * called by the consuming thread.
 */
abstract class PageSource implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.core.query");
    /** How long {@link Parallel#close()} waits for the downloads it interrupted to end. */
    private static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(10);

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
        if (settings.parallelism > 1 && jobs.supportsResultPages() && !IoThreads.onIoThread()) {
            return new Parallel(jobs, job, settings, stats, fetcher);
        }
        return new Serial(jobs, job, settings, stats, fetcher, null, 0);
    }

    /**
     * Serial pages from a given locator on (a resumed export): the first page handed out is the one fetched with
     * {@code locator}, numbered {@code index}.
     */
    static PageSource serialFrom(QueryJobs jobs, JobInfo job, QuerySettings settings, QueryStats stats,
            String locator, int index) {
        return new Serial(jobs, job, settings, stats, new PageFetcher(jobs.context(), job.id(), settings, stats),
                locator, index);
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

    /**
     * Follows the locators one page ahead of the consumer: each page's download runs as a task on the client's
     * I/O executor, started as soon as the previous page (which names its locator) has arrived. When the consumer
     * itself runs on an I/O thread (an async terminal), nothing is downloaded ahead: a task of the bounded I/O
     * executor must never wait for another one.
     */
    static final class Serial extends PageSource {
        private final QueryJobs jobs;
        private final JobInfo job;
        private final QuerySettings settings;
        private final QueryStats stats;
        private final PageFetcher fetcher;
        private final boolean inline;
        private volatile boolean closed;
        private boolean finished;
        private CompletableFuture<DownloadedPage> ahead;
        private String locator;
        private int index;

        Serial(QueryJobs jobs, JobInfo job, QuerySettings settings, QueryStats stats, PageFetcher fetcher,
                String locator, int index) {
            this.jobs = jobs;
            this.job = job;
            this.settings = settings;
            this.stats = stats;
            this.fetcher = fetcher;
            this.inline = IoThreads.onIoThread();
            this.locator = locator;
            this.index = index;
            if (!inline) {
                ahead = start(locator, index);
            }
        }

        private DownloadedPage download(String loc, int i) {
            DownloadedPage p = fetcher.fetch(i, loc, () -> jobs.resultPage(job.id(), loc,
                    settings.maxRecordsPerPage, job.columnDelimiter().orElse(null), job.lineEnding().orElse(null)));
            stats.buffered(1);
            if (closed) {
                p.release();
                return p;
            }
            settings.listener.pageDownloaded(job.id(), i, p.rows, p.bytes());
            return p;
        }

        private CompletableFuture<DownloadedPage> start(String loc, int i) {
            CompletableFuture<DownloadedPage> f = new CompletableFuture<>();
            try {
                jobs.context().io().execute(() -> {
                    try {
                        f.complete(download(loc, i));
                    } catch (RuntimeException | Error e) {
                        f.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                f.completeExceptionally(new BulkException("Cannot download query results: the client's I/O "
                        + "executor is shut down (was the BulkClient closed?)", e));
            }
            return f;
        }

        @Override
        DownloadedPage next() {
            if (finished) {
                return null;
            }
            if (closed) {
                throw new IllegalStateException("The query results were closed");
            }
            DownloadedPage p;
            try {
                p = inline ? download(locator, index) : join(ahead);
            } catch (RuntimeException | Error e) {
                finished = true;
                throw e;
            }
            index++;
            locator = p.nextLocator;
            if (p.nextLocator == null) {
                finished = true;
                ahead = null;
            } else if (!inline) {
                ahead = start(p.nextLocator, index);
            }
            return p;
        }

        private static DownloadedPage join(CompletableFuture<DownloadedPage> f) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BulkException("Interrupted while waiting for the next page of query results.", e);
            } catch (ExecutionException e) {
                throw rethrow(e.getCause());
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                CompletableFuture<DownloadedPage> f = ahead;
                ahead = null;
                if (f != null) {
                    f.thenAccept(DownloadedPage::release);
                }
            }
        }
    }

    /** A bounded pool downloads the {@code resultPages} links; the window keeps result order. */
    static final class Parallel extends PageSource {
        private final Iterator<ResultPageLink> links;
        private final java.util.concurrent.Executor pool;
        private final Deque<Future<DownloadedPage>> window = new ArrayDeque<>();
        private final QuerySettings settings;
        private final QueryStats stats;
        private final PageFetcher fetcher;
        private final JobInfo job;
        private final QueryJobs jobs;
        private volatile boolean closed;
        private int nextIndex;
        /** Downloads running on the pool (their bodies open until they end); guarded by itself. */
        private final int[] running = {0};

        Parallel(QueryJobs jobs, JobInfo job, QuerySettings settings, QueryStats stats, PageFetcher fetcher) {
            this.jobs = jobs;
            this.job = job;
            this.settings = settings;
            this.stats = stats;
            this.fetcher = fetcher;
            this.links = jobs.resultPages(job.id(), settings.maxRecordsPerPage).iterator();
            this.pool = jobs.context().io();
        }

        private void topUp() {
            while (!closed && window.size() < settings.parallelism && links.hasNext()) {
                ResultPageLink link = links.next();
                int index = nextIndex++;
                java.util.concurrent.FutureTask<DownloadedPage> task = new java.util.concurrent.FutureTask<>(() -> {
                    synchronized (running) {
                        running[0]++;
                    }
                    try {
                        return download(index, link);
                    } finally {
                        synchronized (running) {
                            running[0]--;
                            running.notifyAll();
                        }
                    }
                });
                pool.execute(task);
                window.add(task);
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
            awaitRunningDownloads();
        }

        /**
         * Waits until the downloads cancelled by {@link #close()} while running have ended, so that their response
         * bodies are closed and their pages released when {@code close()} returns (they were interrupted and see
         * {@code closed}); bounded, in case a download does not answer its interrupt.
         */
        private void awaitRunningDownloads() {
            long end = System.nanoTime() + CLOSE_WAIT.toNanos();
            synchronized (running) {
                while (running[0] > 0) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        LOG.log(System.Logger.Level.DEBUG, "Query job {0}: {1} page download(s) still running {2}"
                                + " after the results were closed; they end on their own", job.id(), running[0],
                                CLOSE_WAIT);
                        return;
                    }
                    try {
                        running.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
