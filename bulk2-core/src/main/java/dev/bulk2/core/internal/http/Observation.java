package dev.bulk2.core.internal.http;

import dev.bulk2.core.ApiCall;
import dev.bulk2.core.ClientObserver;
import dev.bulk2.core.ClientObserver.RetryCause;
import dev.bulk2.core.ClientObserver.TokenRefreshCause;
import dev.bulk2.core.LimitInfo;
import dev.bulk2.core.auth.AccessToken;
import dev.bulk2.core.exception.BulkApiException;
import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.exception.TransportException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLSession;

/**
 * The transport's side of a {@link ClientObserver}: derives the resource template of a request, counts the bytes
 * of request and response bodies, recognises token changes and retry causes, and shields the transport from an
 * observer that throws. With {@link ClientObserver#NONE} nothing is wrapped. Internal, thread-safe.
 */
final class Observation {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.core.http");
    private static final int REMEMBERED_TOKENS = 8;

    private final ClientObserver observer;
    private final boolean active;
    /** Hashes of the latest tokens seen (never the tokens themselves), newest last. */
    private final Deque<Integer> seenTokens = new ArrayDeque<>();
    private final AtomicBoolean rejectionPending = new AtomicBoolean();
    private final AtomicBoolean warned = new AtomicBoolean();

    Observation(ClientObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.active = observer != ClientObserver.NONE;
    }

    /**
     * The resource template of a request: the path after {@code /services/data/vXX.X} without the query, with the
     * job id, object name or record id replaced by {@code {jobId}}, {@code {object}} or {@code {id}}.
     *
     * @param request the request
     * @return for example {@code /jobs/ingest/{jobId}/batches}
     */
    static String resource(ApiRequest request) {
        String p = request.path();
        if (p == null) {
            p = request.serverPath();
            int q = p.indexOf('?');
            if (q >= 0) {
                p = p.substring(0, q);
            }
            if (p.startsWith("/services/data/v")) {
                int slash = p.indexOf('/', "/services/data/v".length());
                p = slash < 0 ? "/" : p.substring(slash);
            }
        }
        String[] segments = p.split("/");
        StringBuilder sb = new StringBuilder();
        String previous = "";
        String beforePrevious = "";
        for (String s : segments) {
            if (s.isEmpty()) {
                continue;
            }
            String t = s;
            if ("jobs".equals(beforePrevious) && ("ingest".equals(previous) || "query".equals(previous))) {
                t = "{jobId}";
            } else if ("sobjects".equals(previous)) {
                t = "{object}";
            } else if (looksLikeId(s)) {
                t = "{id}";
            }
            sb.append('/').append(t);
            beforePrevious = previous;
            previous = s;
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    private static boolean looksLikeId(String s) {
        if (s.length() != 15 && s.length() != 18) {
            return false;
        }
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isLetterOrDigit(c) || c > 127) {
                return false;
            }
            digit |= Character.isDigit(c);
        }
        return digit;
    }

    /** Reports a token in use; a token not seen before (other than the first) is a refresh. */
    void tokenUsed(AccessToken token) {
        if (!active) {
            return;
        }
        int h = token.value().hashCode();
        boolean refreshed;
        synchronized (seenTokens) {
            if (seenTokens.contains(h)) {
                return;
            }
            refreshed = !seenTokens.isEmpty();
            seenTokens.addLast(h);
            if (seenTokens.size() > REMEMBERED_TOKENS) {
                seenTokens.removeFirst();
            }
        }
        if (refreshed) {
            TokenRefreshCause cause = rejectionPending.getAndSet(false) ? TokenRefreshCause.REJECTED
                    : TokenRefreshCause.RENEWED;
            safely(o -> o.onTokenRefresh(cause));
        }
    }

    /** Reports that Salesforce rejected a token (401): the next new token is a {@code REJECTED} refresh. */
    void tokenRejected() {
        rejectionPending.set(true);
    }

    void call(ApiRequest request, String resource, int status, long startNanos, int attempt) {
        if (!active) {
            return;
        }
        Duration d = Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos));
        ApiCall call = ApiCall.of(request.method(), resource, status, d, attempt);
        safely(o -> o.onApiCall(call));
    }

    void retry(String resource, BulkException cause, int attempt, Duration delay) {
        if (!active) {
            return;
        }
        RetryCause c = retryCause(cause);
        safely(o -> o.onRetry(resource, c, attempt, delay));
    }

    static RetryCause retryCause(BulkException cause) {
        if (cause instanceof TransportException) {
            return ((TransportException) cause).isTimeout() ? RetryCause.TIMEOUT : RetryCause.CONNECTION;
        }
        if (cause instanceof BulkApiException) {
            BulkApiException e = (BulkApiException) cause;
            int s = e.statusCode();
            if (s == 429 || s == 503 || "SERVER_UNAVAILABLE".equals(e.errorCode().orElse(null))) {
                return RetryCause.THROTTLED;
            }
        }
        return RetryCause.SERVER_ERROR;
    }

    void limit(Optional<LimitInfo> info) {
        if (active && info.isPresent()) {
            LimitInfo l = info.get();
            safely(o -> o.onLimitInfo(l));
        }
    }

    /** The response with a body that counts its bytes and reports them once when it is closed. */
    HttpResponse<InputStream> received(HttpResponse<InputStream> response, String resource) {
        if (!active) {
            return response;
        }
        InputStream body = received(response.body(), resource);
        return new HttpResponse<InputStream>() {
            @Override
            public int statusCode() {
                return response.statusCode();
            }

            @Override
            public HttpRequest request() {
                return response.request();
            }

            @Override
            public Optional<HttpResponse<InputStream>> previousResponse() {
                return response.previousResponse();
            }

            @Override
            public HttpHeaders headers() {
                return response.headers();
            }

            @Override
            public InputStream body() {
                return body;
            }

            @Override
            public Optional<SSLSession> sslSession() {
                return response.sslSession();
            }

            @Override
            public URI uri() {
                return response.uri();
            }

            @Override
            public HttpClient.Version version() {
                return response.version();
            }
        };
    }

    /** Counts the bytes read from a response body and reports them once when it is closed. */
    private InputStream received(InputStream raw, String resource) {
        if (!active) {
            return raw;
        }
        AtomicLong n = new AtomicLong();
        AtomicBoolean reported = new AtomicBoolean();
        return new FilterInputStream(raw) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    n.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int r = super.read(b, off, len);
                if (r > 0) {
                    n.addAndGet(r);
                }
                return r;
            }

            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    if (reported.compareAndSet(false, true)) {
                        long bytes = n.get();
                        safely(o -> o.onBytesReceived(resource, bytes));
                    }
                }
            }
        };
    }

    /** Counts the bytes a request body publisher hands to the HTTP client; reported when it completes. */
    BodyPublisher sent(BodyPublisher publisher, String resource) {
        if (!active) {
            return publisher;
        }
        return new BodyPublisher() {
            @Override
            public long contentLength() {
                return publisher.contentLength();
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                AtomicLong n = new AtomicLong();
                publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {
                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        subscriber.onSubscribe(subscription);
                    }

                    @Override
                    public void onNext(ByteBuffer item) {
                        n.addAndGet(item.remaining());
                        subscriber.onNext(item);
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        report();
                        subscriber.onError(throwable);
                    }

                    @Override
                    public void onComplete() {
                        report();
                        subscriber.onComplete();
                    }

                    private void report() {
                        long bytes = n.get();
                        safely(o -> o.onBytesSent(resource, bytes));
                    }
                });
            }
        };
    }

    private void safely(Consumer<ClientObserver> event) {
        try {
            event.accept(observer);
        } catch (RuntimeException e) {
            if (warned.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "A ClientObserver threw {0}; ignored (logged once)", e.toString());
            } else {
                LOG.log(System.Logger.Level.DEBUG, "A ClientObserver threw {0}; ignored", e.toString());
            }
        }
    }
}
