package dev.bulk2.core.query;

import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.internal.http.ApiRequest;
import dev.bulk2.core.internal.http.Transport;
import dev.bulk2.core.internal.paging.Pager;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

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
        return new Pager<>(first, next -> ApiRequest.serverPath("GET", next).jobId(jobId).build(), req -> {
            QueryJson.LinksPage p = transport.sendJson(req, QueryJson::readLinks);
            List<ResultPageLink> links = new ArrayList<>(p.resultUrls.size());
            for (String url : p.resultUrls) {
                links.add(ResultPageLink.of(jobId, url));
            }
            return new Pager.Page<>(links, p.next);
        }, next -> "Salesforce returned the same resultPages continuation twice (" + next + ") for job " + jobId
                + "; stopping to avoid an endless loop.");
    }

    /**
     * The links as a lazy sequential stream.
     *
     * @return the stream
     */
    public Stream<ResultPageLink> stream() {
        return Pager.stream(iterator());
    }
}
