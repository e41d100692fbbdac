package dev.bulk2.core.ingest;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.JobInfo;
import dev.bulk2.core.auth.AuthProvider;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The child JVM of {@link JournalCrashTest}: runs a journaled three-part upsert (one job at a time) against the
 * emulator in the test JVM, and at the crash point it is told (always in part 1, the second part) prints
 * {@code AT <point>} and blocks, so that the test can kill it there with SIGKILL. Prints {@code DONE <summary>}
 * when the run ends without reaching the point.
 *
 * <p>Arguments: instance URL, token, CSV file, journal file, crash point (see {@link JournalCrashTest}), and
 * optionally {@code retry}: record-retry rounds on (the points of {@link JournalRetryCrashTest}, in round 1), and
 * the successful results read after the run.
 */
public final class JournalCrashMain {
    private JournalCrashMain() {
    }

    public static void main(String[] args) throws Exception {
        URI instance = URI.create(args[0]);
        String token = args[1];
        Path csv = Path.of(args[2]);
        Path journal = Path.of(args[3]);
        String point = args[4];
        boolean retry = args.length > 5 && args[5].equals("retry");
        HttpClient http = new PausingHttpClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .build(), point);
        Map<String, Integer> partOfJob = new ConcurrentHashMap<>();
        IngestListener listener = new IngestListener() {
            @Override
            public void onPartRead(int round, int partIndex, long records, long bytes) {
                if (round == 1 && partIndex == 0) {
                    reached(point, "retryPlanned");
                }
                if (partIndex == 1) {
                    reached(point, "planned");
                }
            }

            @Override
            public void onJobCreated(int round, int partIndex, JobInfo job) {
                partOfJob.put(job.id(), round == 1 ? 100 + partIndex : partIndex);
                if (round == 1 && partIndex == 0) {
                    reached(point, "retryCreated");
                }
                if (partIndex == 1) {
                    reached(point, "created");
                }
            }

            @Override
            public void onJobUploaded(int round, int partIndex, String jobId, long bytes) {
                if (round == 1 && partIndex == 0) {
                    reached(point, "retryClosed");
                }
                if (partIndex == 1) {
                    reached(point, "closed");
                }
            }

            @Override
            public void onJobStateChanged(JobInfo info) {
                Integer part = partOfJob.get(info.id());
                if (part != null && part == 1) {
                    reached(point, "polling");
                }
                if (part != null && part == 2 && info.state().isTerminal()) {
                    reached(point, "lastPolled");
                }
                if (part != null && part == 100) {
                    reached(point, info.state().isTerminal() ? "retryTerminal" : "retryPolling");
                }
            }
        };
        try (BulkClient client = BulkClient.builder().instanceUrl(instance).auth(AuthProvider.ofToken(token))
                .httpClient(http).build()) {
            Ingest ingest = client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(10)
                    .maxConcurrentJobs(1).pollingPolicy(JournalCrashTest.FAST).listener(listener).journal(journal);
            if (retry) {
                ingest.recordRetryPolicy(JournalRetryCrashTest.RETRY);
            }
            IngestResult r = ingest.upload(csv).awaitCompletion(Duration.ofMinutes(2));
            long reported = 0;
            if (retry) {
                try (java.util.stream.Stream<dev.bulk2.csv.SuccessfulRecord> s = r.successfulRecords()) {
                    reported = s.count();
                }
            }
            System.out.println("DONE submitted=" + r.recordsSubmitted() + " succeeded=" + r.recordsSucceeded()
                    + " reported=" + reported);
        }
    }

    /** At the crash point: says so and blocks until killed. */
    public static void reached(String point, String here) {
        if (!point.equals(here)) {
            return;
        }
        System.out.println("AT " + here);
        System.out.flush();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Wraps the client's HttpClient to stop at points inside calls: create answered, mid-PUT, PUT answered... */
    static final class PausingHttpClient extends HttpClient {
        private final HttpClient d;
        private final String point;
        private final AtomicInteger creates = new AtomicInteger();
        private final AtomicInteger puts = new AtomicInteger();
        private final AtomicInteger patches = new AtomicInteger();

        PausingHttpClient(HttpClient delegate, String point) {
            this.d = delegate;
            this.point = point;
        }

        /** @return the point this request is at, in part 1, for "before" and "after" the call */
        private String[] pointsOf(HttpRequest req) {
            String path = req.uri().getPath();
            if (req.method().equals("GET") && path.endsWith("/failedResults/")) {
                return new String[] {"retryReading", null};
            }
            if (req.method().equals("GET") && path.endsWith("/successfulResults/")) {
                return new String[] {"results", null};
            }
            if (req.method().equals("POST") && path.endsWith("/jobs/ingest") && creates.incrementAndGet() == 2) {
                return new String[] {null, "createAnswered"};
            }
            if (req.method().equals("PUT") && puts.incrementAndGet() == 2) {
                return new String[] {null, "putAnswered"};
            }
            if (req.method().equals("PATCH") && patches.incrementAndGet() == 2) {
                return new String[] {"beforeClose", "closeAnswered"};
            }
            return new String[2];
        }

        private HttpRequest maybeStopMidBody(HttpRequest req, String[] at) {
            if (!"putAnswered".equals(at[1]) || !point.equals("midPut") || req.bodyPublisher().isEmpty()) {
                return req;
            }
            HttpRequest.BodyPublisher body = req.bodyPublisher().get();
            long half = body.contentLength() / 2;
            HttpRequest.BodyPublisher halfThenStop = new HttpRequest.BodyPublisher() {
                @Override
                public long contentLength() {
                    return body.contentLength();
                }

                @Override
                public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
                    body.subscribe(new Flow.Subscriber<ByteBuffer>() {
                        long sent;

                        @Override
                        public void onSubscribe(Flow.Subscription subscription) {
                            s.onSubscribe(subscription);
                        }

                        @Override
                        public void onNext(ByteBuffer b) {
                            if (sent + b.remaining() >= half) {
                                ByteBuffer first = b.slice();
                                first.limit((int) (half - sent));
                                s.onNext(first);
                                reached(point, "midPut");
                            }
                            sent += b.remaining();
                            s.onNext(b);
                        }

                        @Override
                        public void onError(Throwable t) {
                            s.onError(t);
                        }

                        @Override
                        public void onComplete() {
                            s.onComplete();
                        }
                    });
                }
            };
            HttpRequest.Builder b = HttpRequest.newBuilder(req.uri()).method(req.method(), halfThenStop)
                    .expectContinue(req.expectContinue());
            req.timeout().ifPresent(b::timeout);
            req.version().ifPresent(b::version);
            req.headers().map().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
            return b.build();
        }

        @Override
        public <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> h)
                throws IOException, InterruptedException {
            String[] at = pointsOf(req);
            if (at[0] != null) {
                reached(point, at[0]);
            }
            HttpResponse<T> r = d.send(maybeStopMidBody(req, at), h);
            if (at[1] != null) {
                reached(point, at[1]);
            }
            return r;
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest req, HttpResponse.BodyHandler<T> h) {
            String[] at = pointsOf(req);
            if (at[0] != null) {
                reached(point, at[0]);
            }
            return d.sendAsync(maybeStopMidBody(req, at), h).thenApply(r -> {
                if (at[1] != null) {
                    reached(point, at[1]);
                }
                return r;
            });
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest req, HttpResponse.BodyHandler<T> h,
                HttpResponse.PushPromiseHandler<T> p) {
            return sendAsync(req, h);
        }

        @Override
        public Optional<CookieHandler> cookieHandler() {
            return d.cookieHandler();
        }

        @Override
        public Optional<Duration> connectTimeout() {
            return d.connectTimeout();
        }

        @Override
        public Redirect followRedirects() {
            return d.followRedirects();
        }

        @Override
        public Optional<ProxySelector> proxy() {
            return d.proxy();
        }

        @Override
        public SSLContext sslContext() {
            return d.sslContext();
        }

        @Override
        public SSLParameters sslParameters() {
            return d.sslParameters();
        }

        @Override
        public Optional<Authenticator> authenticator() {
            return d.authenticator();
        }

        @Override
        public Version version() {
            return d.version();
        }

        @Override
        public Optional<Executor> executor() {
            return d.executor();
        }
    }
}
