package dev.bulk2.core.ingest;

import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the bytes read into {@code count}, from 0 at every (re)open. */
final class CountingInputStream extends java.io.FilterInputStream {
    private final AtomicLong count;

    CountingInputStream(InputStream in, AtomicLong count) {
        super(in);
        this.count = count;
        count.set(0);
    }

    @Override
    public int read() throws java.io.IOException {
        int c = super.read();
        if (c >= 0) {
            count.incrementAndGet();
        }
        return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count.addAndGet(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws java.io.IOException {
        long k = super.skip(n);
        count.addAndGet(k);
        return k;
    }
}
