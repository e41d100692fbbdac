package dev.bulk2.core.query;

import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.internal.http.ApiRequest;
import dev.bulk2.core.internal.http.Transport;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The lazy list of a query job's result page links ({@code GET /jobs/query/{jobId}/resultPages}, API 58.0+).
 * Salesforce answers with up to five links at a time; the next batch is requested (one API call) only when the
 * iteration reaches it, following {@code nextRecordsUrl} (or {@code nextRecordUrl}). Links come in result order.
 * Thread-safe to share; each iterator is used by one thread.
 */
public final class ResultPageLinks implements Iterable<ResultPageLink> {
    private final Transport transport;
    private final ApiRequest first;
    private final String jobId;

    ResultPageLinks(Transport transport, ApiRequest first, String jobId) {
        this.transport = transport;
        this.first = first;
        this.jobId = jobId;
    }

    /**
     * Iterates over the links, fetching batches lazily.
     *
     * @return a new iterator; failures surface as {@link BulkException}s from {@code hasNext()}
     */
    @Override
    public Iterator<ResultPageLink> iterator() {
        return new Iterator<ResultPageLink>() {
            private final Deque<ResultPageLink> batch = new ArrayDeque<>();
            private final Set<String> seen = new HashSet<>();
            private String next;
            private boolean started;

            @Override
            public boolean hasNext() {
                while (batch.isEmpty()) {
                    ApiRequest req;
                    if (!started) {
                        started = true;
                        req = first;
                    } else if (next != null) {
                        if (!seen.add(next)) {
                            throw new BulkException("Salesforce returned the same resultPages continuation twice ("
                                    + next + ") for job " + jobId + "; stopping to avoid an endless loop.");
                        }
                        req = ApiRequest.serverPath("GET", next).jobId(jobId).build();
                    } else {
                        return false;
                    }
                    QueryJson.LinksPage p = transport.sendJson(req, QueryJson::readLinks);
                    for (String url : p.resultUrls) {
                        batch.add(ResultPageLink.of(jobId, url));
                    }
                    next = p.next;
                    if (batch.isEmpty() && next == null) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public ResultPageLink next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.poll();
            }
        };
    }

    /**
     * The links as a lazy sequential stream.
     *
     * @return the stream
     */
    public Stream<ResultPageLink> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
