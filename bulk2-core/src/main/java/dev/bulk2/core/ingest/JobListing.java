package dev.bulk2.core.ingest;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.internal.http.ApiRequest;
import dev.bulk2.core.internal.http.Transport;
import dev.bulk2.core.internal.paging.Pager;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * A lazy listing of jobs: each iteration starts at the first page and fetches further pages (following
 * {@code nextRecordsUrl}) only when the previous one is used up. Every page is one API call. Thread-safe to share;
 * each iterator is used by one thread.
 */
public final class JobListing implements Iterable<JobInfo> {
    private final Transport transport;
    private final ApiRequest first;

    JobListing(Transport transport, ApiRequest first) {
        this.transport = transport;
        this.first = first;
    }

    /**
     * Iterates over all jobs, fetching pages lazily.
     *
     * @return a new iterator; failures surface as {@link dev.bulk2.core.exception.BulkException}s from
     *     {@code hasNext()}
     */
    @Override
    public Iterator<JobInfo> iterator() {
        return Pager.jobs(transport, first, "job listing");
    }

    /**
     * The jobs as a lazy sequential stream.
     *
     * @return the stream
     */
    public Stream<JobInfo> stream() {
        return Pager.stream(iterator());
    }
}
