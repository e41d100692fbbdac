package dev.bulk2.core.query;

import dev.bulk2.core.exception.TruncatedPageException;
import dev.bulk2.core.exception.AuthenticationException;
import dev.bulk2.core.exception.BulkApiException;
import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.exception.TransportException;
import dev.bulk2.core.internal.ClientContext;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Downloads one page completely into a {@link PageBuffer}, counts its records and checks them against
 * {@code Sforce-NumberOfRecords}; re-fetches the page (and only that page) after a cut-off body, a short count or
 * a transient error, with the client's retry backoff. Package-private; thread-safe (stateless apart from the
 * shared statistics).
 */
final class PageFetcher {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.core.query");

    private final ClientContext ctx;
    private final String jobId;
    private final QuerySettings settings;
    private final QueryStats stats;

    PageFetcher(ClientContext ctx, String jobId, QuerySettings settings, QueryStats stats) {
        this.ctx = ctx;
        this.jobId = jobId;
        this.settings = settings;
        this.stats = stats;
    }

    /**
     * A token refreshed by one download can be expired by the server while another download still replays with
     * it; the transport then gives up after its single refresh. Repeating the page (bounded by maxPageAttempts)
     * is safe: it is idempotent and each attempt refreshes at most once.
     */
    private static boolean tokenRaceLost(BulkException e) {
        return e instanceof AuthenticationException && e.getCause() instanceof BulkApiException
                && ((BulkApiException) e.getCause()).statusCode() == 401;
    }

    DownloadedPage fetch(int index, String locator, Supplier<ResultPage> opener) {
        int attempt = 0;
        while (true) {
            attempt++;
            if (Thread.currentThread().isInterrupted()) {
                throw new BulkException("Interrupted while downloading page " + (index + 1) + " of query job "
                        + jobId + ".");
            }
            RuntimeException failure;
            PageBuffer buffer = new PageBuffer(settings.memoryPerPage, settings.spoolDirectory);
            boolean keep = false;
            try (ResultPage page = opener.get()) {
                RecordCounter counter = new RecordCounter();
                byte[] buf = new byte[64 * 1024];
                try (InputStream in = page.body()) {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        counter.update(buf, 0, n);
                        buffer.write(buf, 0, n);
                    }
                }
                buffer.close();
                long expected = page.numberOfRecords().orElse(-1);
                if (counter.endsCleanly() && (expected < 0 || expected == counter.rows())) {
                    keep = true;
                    stats.pageDone(counter.rows(), buffer.size());
                    return new DownloadedPage(index, locator, page.nextLocator().orElse(null), counter.rows(),
                            counter.headerEnd() < 0 ? buffer.size() : counter.headerEnd(), buffer, attempt);
                }
                String why = !counter.endsCleanly()
                        ? "its body ended inside a record after " + counter.bytes() + " bytes"
                        : "it held " + counter.rows() + " rows but Sforce-NumberOfRecords announced " + expected;
                failure = new TruncatedPageException("Page " + (index + 1) + " of query job " + jobId
                        + (locator == null ? "" : " (locator " + locator + ")") + " arrived incomplete: " + why
                        + (attempt > 1 ? ", in each of " + attempt + " downloads" : "")
                        + ". Nothing was skipped silently; run the export again or resume from this locator.",
                        jobId, locator, expected, counter.rows(), attempt);
            } catch (IOException e) {
                failure = new TransportException("Downloading page " + (index + 1) + " of query job " + jobId
                        + (locator == null ? "" : " (locator " + locator + ")") + " failed mid-body"
                        + (attempt > 1 ? " in each of " + attempt + " attempts" : "") + " (" + e.getClass()
                        .getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                        + "). Check network access and run the export again.", e, false);
            } catch (BulkException e) {
                if (!e.isRetryable() && !tokenRaceLost(e)) {
                    throw e;
                }
                failure = e;
            } finally {
                if (!keep) {
                    buffer.release();
                }
            }
            if (attempt >= settings.maxPageAttempts) {
                throw failure;
            }
            stats.pageRetried();
            LOG.log(System.Logger.Level.DEBUG, "Query job {0}: page {1} failed ({2}); fetching it again (attempt {3})",
                    jobId, index + 1, failure.getClass().getSimpleName(), attempt + 1);
            settings.listener.pageRetried(jobId, index, attempt, failure);
            Duration delay = ctx.retryPolicy().backoff().delay(attempt);
            try {
                ctx.sleeper().sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                BulkException be = new BulkException("Interrupted while waiting to download page " + (index + 1)
                        + " of query job " + jobId + " again.", e);
                be.addSuppressed(failure);
                throw be;
            }
        }
    }
}
