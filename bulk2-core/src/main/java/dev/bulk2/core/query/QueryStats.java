package dev.bulk2.core.query;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of one query run, updated from download threads. Package-private, thread-safe. */
final class QueryStats {
    final AtomicInteger pages = new AtomicInteger();
    final AtomicLong rows = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicInteger pageRetries = new AtomicInteger();
    final AtomicInteger maxBufferedPages = new AtomicInteger();
    private final AtomicInteger buffered = new AtomicInteger();

    void pageDone(long pageRows, long pageBytes) {
        pages.incrementAndGet();
        rows.addAndGet(pageRows);
        bytes.addAndGet(pageBytes);
    }

    void pageRetried() {
        pageRetries.incrementAndGet();
    }

    void buffered(int delta) {
        int now = buffered.addAndGet(delta);
        maxBufferedPages.accumulateAndGet(now, Math::max);
    }
}
