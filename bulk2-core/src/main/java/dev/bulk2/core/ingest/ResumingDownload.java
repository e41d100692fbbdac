package dev.bulk2.core.ingest;

import dev.bulk2.core.RetryPolicy;
import dev.bulk2.core.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The body of an ingest result file that survives a connection dropped mid-body: the file is requested again
 * and the bytes already delivered are skipped (a terminal job's result files no longer change), after the retry
 * policy's backoff, for at most {@link RetryPolicy#maxAttempts()} downloads in all. Without it one dropped
 * download ends a record-retry round or a caller's stream of results half-way. Package-private, not thread-safe.
 */
final class ResumingDownload extends InputStream {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.core.ingest");

    private final Supplier<InputStream> reopen;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final String what;
    private InputStream in;
    private long delivered;
    private int downloads = 1;
    private boolean closed;

    /**
     * @param first the body of the first download
     * @param reopen sends the request again and returns the new body (the transport's own retries apply)
     * @param retry bounds the downloads and spaces them
     * @param sleeper waits the backoff
     * @param what names the file in messages, e.g. "the failedResults of job 750..."
     */
    ResumingDownload(InputStream first, Supplier<InputStream> reopen, RetryPolicy retry, Sleeper sleeper,
            String what) {
        this.in = first;
        this.reopen = reopen;
        this.retry = retry;
        this.sleeper = sleeper;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("Stream closed");
        }
        while (true) {
            try {
                int n = in.read(b, off, len);
                if (n > 0) {
                    delivered += n;
                }
                return n;
            } catch (IOException e) {
                resume(e);
            }
        }
    }

    private void resume(IOException failure) throws IOException {
        if (downloads >= retry.maxAttempts()) {
            throw new IOException("Downloading " + what + " broke off after " + delivered + " bytes on each of "
                    + downloads + " attempts (" + failure.getMessage() + ")", failure);
        }
        closeQuietly(in);
        Duration delay = retry.backoff().delay(downloads);
        LOG.log(System.Logger.Level.INFO, "Downloading {0} broke off after {1} bytes ({2}); downloading it again "
                + "in {3} ms (attempt {4} of {5})", what, delivered, failure.getMessage(), delay.toMillis(),
                downloads + 1, retry.maxAttempts());
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            IOException io = new IOException("Interrupted while waiting to download " + what + " again", e);
            io.addSuppressed(failure);
            throw io;
        }
        downloads++;
        in = reopen.get();
        long skip = delivered;
        byte[] buf = new byte[8192];
        while (skip > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, skip));
            if (n < 0) {
                throw new IOException("Downloading " + what + " again returned " + (delivered - skip)
                        + " bytes, fewer than the " + delivered + " already read; the file changed");
            }
            skip -= n;
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            in.close();
        }
    }

    private static void closeQuietly(InputStream s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // the broken download is replaced
        }
    }
}
