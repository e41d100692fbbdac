package dev.bulk2.core.query;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.internal.http.ApiRequest;
import dev.bulk2.core.internal.http.Transport;
import dev.bulk2.core.internal.json.Json;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

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
        return new Iterator<JobInfo>() {
            private Iterator<JobInfo> page;
            private String next;
            private boolean started;
            private final Set<String> seen = new HashSet<>();

            @Override
            public boolean hasNext() {
                while (page == null || !page.hasNext()) {
                    ApiRequest req;
                    if (!started) {
                        started = true;
                        req = first;
                    } else if (next != null) {
                        if (!seen.add(next)) {
                            throw new BulkException("Salesforce returned the same nextRecordsUrl twice (" + next
                                    + "); stopping the query job listing to avoid an endless loop.");
                        }
                        req = ApiRequest.serverPath("GET", next).build();
                    } else {
                        return false;
                    }
                    Json.JobListPage p = transport.sendJson(req, Json::readJobListPage);
                    page = p.records().iterator();
                    next = p.done() ? null : p.nextRecordsUrl();
                }
                return true;
            }

            @Override
            public JobInfo next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
    }

    /**
     * The jobs as a lazy sequential stream.
     *
     * @return the stream
     */
    public Stream<JobInfo> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
