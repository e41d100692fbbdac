package dev.bulk2.core.internal.paging;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.internal.http.ApiRequest;
import dev.bulk2.core.internal.http.Transport;
import dev.bulk2.core.internal.json.Json;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Lazy iteration over a paged API resource that continues with a server-relative URL ({@code nextRecordsUrl}):
 * the first request is sent on the first {@code hasNext()}, each further page only when the previous one is used
 * up, and a continuation URL seen twice fails instead of looping forever. Each iterator is used by one thread.
 * Internal.
 *
 * @param <T> the item type
 */
public final class Pager<T> implements Iterator<T> {

    /**
     * One fetched page.
     *
     * @param <T> the item type
     */
    public static final class Page<T> {
        private final List<T> items;
        private final String next;

        /**
         * A page.
         *
         * @param items the items of the page, in order
         * @param next the server-relative continuation URL, or {@code null} on the last page
         */
        public Page(List<T> items, String next) {
            this.items = items;
            this.next = next;
        }
    }

    private final ApiRequest first;
    private final Function<String, ApiRequest> nextRequest;
    private final Function<ApiRequest, Page<T>> fetch;
    private final Function<String, String> repeatedMessage;
    private final Set<String> seen = new HashSet<>();
    private Iterator<T> page;
    private String next;
    private boolean started;

    /**
     * A pager.
     *
     * @param first the request for the first page
     * @param nextRequest builds the request for a continuation URL
     * @param fetch sends a request and reads its page
     * @param repeatedMessage the {@link BulkException} message for a continuation URL returned twice
     */
    public Pager(ApiRequest first, Function<String, ApiRequest> nextRequest, Function<ApiRequest, Page<T>> fetch,
            Function<String, String> repeatedMessage) {
        this.first = first;
        this.nextRequest = nextRequest;
        this.fetch = fetch;
        this.repeatedMessage = repeatedMessage;
    }

    /**
     * A pager over a job listing ({@code GET /jobs/ingest} or {@code GET /jobs/query}).
     *
     * @param transport the transport
     * @param first the request for the first page
     * @param listing the listing's name for messages, e.g. {@code "job listing"}
     * @return a new iterator
     */
    public static Iterator<JobInfo> jobs(Transport transport, ApiRequest first, String listing) {
        return new Pager<>(first, next -> ApiRequest.serverPath("GET", next).build(), req -> {
            Json.JobListPage p = transport.sendJson(req, Json::readJobListPage);
            return new Page<>(p.records(), p.done() ? null : p.nextRecordsUrl());
        }, next -> "Salesforce returned the same nextRecordsUrl twice (" + next + "); stopping the " + listing
                + " to avoid an endless loop.");
    }

    /**
     * A lazy sequential, ordered stream over an iterator of non-null items.
     *
     * @param <T> the item type
     * @param iterator the iterator
     * @return the stream
     */
    public static <T> Stream<T> stream(Iterator<T> iterator) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public boolean hasNext() {
        while (page == null || !page.hasNext()) {
            ApiRequest req;
            if (!started) {
                started = true;
                req = first;
            } else if (next != null) {
                if (!seen.add(next)) {
                    throw new BulkException(repeatedMessage.apply(next));
                }
                req = nextRequest.apply(next);
            } else {
                return false;
            }
            Page<T> p = fetch.apply(req);
            page = p.items.iterator();
            next = p.next;
        }
        return true;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.next();
    }
}
