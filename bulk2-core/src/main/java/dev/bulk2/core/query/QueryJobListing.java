package dev.bulk2.core.query;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.internal.http.ApiRequest;
import dev.bulk2.core.internal.http.Transport;
import dev.bulk2.core.internal.paging.Pager;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * A lazy listing of query jobs ({@code GET /jobs/query}): each iteration starts at the first page and fetches
 * further pages (up to 1,000 jobs each, following {@code nextRecordsUrl}) only when the previous one is used up.
 * Every page is one API call. Thread-safe to share; each iterator is used by one thread.
 */
public final class QueryJobListing implements Iterable<JobInfo> {
    private final Transport transport;
    private final ApiRequest first;

    QueryJobListing(Transport transport, ApiRequest first) {
        this.transport = transport;
        this.first = first;
    }

    /**
     * Iterates over the jobs, fetching pages lazily.
     *
     * @return a new iterator; failures surface as {@link BulkException}s from {@code hasNext()}
     */
    @Override
    public Iterator<JobInfo> iterator() {
        return Pager.jobs(transport, first, "query job listing");
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
