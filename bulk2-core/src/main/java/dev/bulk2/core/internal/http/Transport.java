package dev.bulk2.core.internal.http;

import dev.bulk2.core.ClientObserver;
import dev.bulk2.core.LimitInfo;
import dev.bulk2.core.RetryPolicy;
import dev.bulk2.core.Sleeper;
import dev.bulk2.core.auth.AccessToken;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.exception.AuthenticationException;
import dev.bulk2.core.exception.BulkApiException;
import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.exception.TransportException;
import dev.bulk2.core.internal.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;

/**
 * The one HTTP transport of a {@code BulkClient}: adds the bearer token, {@code Accept-Encoding: gzip} (decoded
 * transparently), the User-Agent and timeouts; refreshes the token once on 401; retries what is safe to replay per
 * the {@link RetryPolicy}; parses {@code Sforce-Limit-Info}; maps errors to typed exceptions; logs each exchange
 * at DEBUG without headers or tokens. Internal but public so that the {@code ingest} and {@code query} packages
 * (and later modules) can reuse it. Thread-safe.
 */
public final class Transport {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.core.http");
    private static final int MAX_ERROR_BODY = 1024 * 1024;
    /** Fresh tokens one call may ask for when Salesforce keeps rejecting them (each must differ from the last). */
    static final int MAX_REFRESHES_PER_CALL = 3;

    private final HttpClient http;
    private final AuthProvider auth;
    private final String apiVersion;
    private final Duration requestTimeout;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final String userAgent;
    private final AtomicReference<URI> instanceUrl = new AtomicReference<>();
    private final AtomicLong apiCalls = new AtomicLong();
    private final AtomicInteger openBodies = new AtomicInteger();
    private final AtomicReference<LimitInfo> lastLimit = new AtomicReference<>();
    private final Observation observation;

    /**
     * Creates a transport.
     *
     * @param http the HTTP client
     * @param auth the token source
     * @param instanceUrl the instance URL, or {@code null} to take it from the first token
     * @param apiVersion the version, for example {@code 64.0}
     * @param requestTimeout default per-request timeout
     * @param retryPolicy the retry policy
     * @param clock the clock (elapsed-time budget, Retry-After dates, limit timestamps)
     * @param sleeper the sleeper for backoff delays
     * @param userAgent the User-Agent header value
     */
    public Transport(HttpClient http, AuthProvider auth, URI instanceUrl, String apiVersion, Duration requestTimeout,
            RetryPolicy retryPolicy, Clock clock, Sleeper sleeper, String userAgent) {
        this(http, auth, instanceUrl, apiVersion, requestTimeout, retryPolicy, clock, sleeper, userAgent,
                ClientObserver.NONE);
    }

    /**
     * Creates a transport that reports to an observer.
     *
     * @param http the HTTP client
     * @param auth the token source
     * @param instanceUrl the instance URL, or {@code null} to take it from the first token
     * @param apiVersion the version, for example {@code 64.0}
     * @param requestTimeout default per-request timeout
     * @param retryPolicy the retry policy
     * @param clock the clock (elapsed-time budget, Retry-After dates, limit timestamps)
     * @param sleeper the sleeper for backoff delays
     * @param userAgent the User-Agent header value
     * @param observer sees exchanges, retries, token refreshes, bytes and limit info
     */
    public Transport(HttpClient http, AuthProvider auth, URI instanceUrl, String apiVersion, Duration requestTimeout,
            RetryPolicy retryPolicy, Clock clock, Sleeper sleeper, String userAgent, ClientObserver observer) {
        this.observation = new Observation(observer);
        this.http = Objects.requireNonNull(http, "http");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
        if (instanceUrl != null) {
            this.instanceUrl.set(Hosts.checkInstanceUrl(instanceUrl, "instanceUrl"));
        }
    }

    /** @return HTTP requests sent so far (every attempt, replay and retry counts) */
    public long apiCallCount() {
        return apiCalls.get();
    }

    /** @return the last parsed {@code Sforce-Limit-Info} */
    public Optional<LimitInfo> lastLimitInfo() {
        return Optional.ofNullable(lastLimit.get());
    }

    /** @return response bodies handed out and not yet closed (for leak checks in tests) */
    public int openResponseBodies() {
        return openBodies.get();
    }

    /** @return the API version string */
    public String apiVersion() {
        return apiVersion;
    }

    /** @return the clock */
    public Clock clock() {
        return clock;
    }

    /**
     * The instance URL, resolving it from a token if it was not configured.
     *
     * @return the instance URL without trailing slash
     */
    public URI instanceUrl() {
        URI u = instanceUrl.get();
        if (u == null) {
            u = resolveInstanceUrl(auth.token());
        }
        return u;
    }

    private URI resolveInstanceUrl(AccessToken token) {
        URI u = instanceUrl.get();
        if (u != null) {
            return u;
        }
        URI fromToken = token.instanceUrl().orElseThrow(() -> new IllegalStateException(
                "No instance URL: set BulkClient.builder().instanceUrl(...) or use an AuthProvider whose tokens "
                        + "carry the instance_url of the token response"));
        instanceUrl.compareAndSet(null, Hosts.checkInstanceUrl(fromToken, "the token's instance_url"));
        return instanceUrl.get();
    }

    /**
     * Whether a failure of a non-replayable request (POST, PUT) leaves its outcome unknown: the request may have
     * reached Salesforce. True for transport failures other than connection-refused/connect-timeout, and for
     * HTTP 5xx answers.
     *
     * @param failure what {@link #send(ApiRequest)} threw
     * @return whether the server may have processed the request
     */
    public static boolean outcomeUnknown(Throwable failure) {
        if (failure instanceof TransportException) {
            return !isNotSent(failure.getCause());
        }
        if (failure instanceof BulkApiException) {
            int s = ((BulkApiException) failure).statusCode();
            return s >= 500;
        }
        return false;
    }

    private static boolean isNotSent(Throwable e) {
        return e instanceof ConnectException || e instanceof HttpConnectTimeoutException
                || e instanceof UnresolvedAddressException
                || (e instanceof IOException && e.getCause() instanceof ConnectException);
    }

    /**
     * Sends a request and returns the successful response; the caller closes it.
     *
     * @param request the request
     * @return the 2xx response with its decoded body
     * @throws BulkApiException for error answers (after retries)
     * @throws TransportException for I/O failures (after retries)
     * @throws AuthenticationException if no token can be obtained or Salesforce rejects a refreshed token
     */
    public ApiResponse send(ApiRequest request) {
        Instant start = clock.instant();
        int attempt = 0;
        int refreshes = 0;
        String rejected = null;
        BulkApiException lastRejection = null;
        String resource = Observation.resource(request);
        while (true) {
            attempt++;
            AccessToken token = auth.token();
            if (rejected != null && rejected.equals(token.value())) {
                // the provider handed out the token Salesforce just rejected: asking again cannot help
                throw rejectedAgain(request, uri(resolveInstanceUrl(token), request).getRawPath(), lastRejection);
            }
            observation.tokenUsed(token);
            URI base = resolveInstanceUrl(token);
            URI uri = uri(base, request);
            String logPath = uri.getRawPath();
            HttpResponse<InputStream> response;
            long t0 = System.nanoTime();
            RequestBody.Opened body = null;
            try {
                HttpRequest.Builder hb = HttpRequest.newBuilder(uri)
                        .timeout(request.timeout() != null ? request.timeout() : requestTimeout)
                        .header("Authorization", "Bearer " + token.value())
                        .header("Accept-Encoding", "gzip")
                        .header("User-Agent", userAgent);
                if (request.accept() != null) {
                    hb.header("Accept", request.accept());
                }
                for (Map.Entry<String, String> h : request.headers().entrySet()) {
                    hb.header(h.getKey(), h.getValue());
                }
                if (request.body() != null) {
                    try {
                        body = request.body().open();
                    } catch (IOException e) {
                        throw new BulkException("Cannot read the data to send for " + request.method() + " "
                                + logPath + jobSuffix(request) + ": " + e.getMessage()
                                + ". Check that the source file exists and is readable.", e);
                    }
                    hb.header("Content-Type", request.body().contentType());
                    if (request.body().contentEncoding() != null) {
                        hb.header("Content-Encoding", request.body().contentEncoding());
                    }
                    hb.method(request.method(), observation.sent(body.publisher(), resource));
                } else {
                    hb.method(request.method(), HttpRequest.BodyPublishers.noBody());
                }
                apiCalls.incrementAndGet();
                response = observation.received(http.send(hb.build(), HttpResponse.BodyHandlers.ofInputStream()),
                        resource);
            } catch (IOException e) {
                observation.call(request, resource, 0, t0, attempt);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                boolean timeout = e instanceof HttpTimeoutException;
                LOG.log(System.Logger.Level.DEBUG, "{0} {1} -> {2} after {3} ms (attempt {4})", request.method(),
                        logPath, e.getClass().getSimpleName(), String.valueOf(ms), attempt);
                TransportException te = new TransportException(request.method() + " " + logPath + jobSuffix(request)
                        + " failed without an answer from Salesforce: " + ConnectionProblem.describe(e, uri)
                        + (attempt > 1 ? " (after " + attempt + " attempts)" : "")
                        + ". " + ConnectionProblem.hint(e), e, timeout);
                boolean retry = request.replay() == Replay.SAFE || isNotSent(e);
                if (retry && mayRetry(attempt, start, Duration.ZERO)) {
                    pause(request, attempt, Duration.ZERO, logPath, te);
                    continue;
                }
                throw te;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BulkException("Interrupted during " + request.method() + " " + logPath
                        + jobSuffix(request) + "; the outcome is unknown.", e);
            } finally {
                if (body != null) {
                    body.close();
                }
            }
            int status = response.statusCode();
            observation.call(request, resource, status, t0, attempt);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            LOG.log(System.Logger.Level.DEBUG, "{0} {1} -> {2} in {3} ms (attempt {4})", request.method(), logPath,
                    String.valueOf(status), String.valueOf(ms), attempt);
            Optional<LimitInfo> limit = response.headers().firstValue("Sforce-Limit-Info")
                    .flatMap(h -> LimitInfo.parse(h, clock.instant()));
            limit.ifPresent(lastLimit::set);
            observation.limit(limit);
            if (status >= 200 && status < 300 && NotRestEndpoint.isHtml(response.headers(), null)) {
                throw NotRestEndpoint.exception(request.method(), logPath, base, status, readErrorBody(response));
            }
            if (status >= 200 && status < 300) {
                try {
                    InputStream decoded = decode(response);
                    openBodies.incrementAndGet();
                    return new ApiResponse(status, response.headers(), decoded, openBodies::decrementAndGet);
                } catch (IOException e) {
                    closeQuietly(response.body());
                    throw new TransportException(request.method() + " " + logPath + jobSuffix(request)
                            + ": could not decode the response body (" + describe(e) + ")", e, false);
                }
            }
            byte[] errorBody = readErrorBody(response);
            boolean html = NotRestEndpoint.isHtml(response.headers(), errorBody);
            if (html && !NotRestEndpoint.isUnavailableStatus(status)) {
                throw NotRestEndpoint.exception(request.method(), logPath, base, status, errorBody);
            }
            // an HTML 503/504 is a maintenance or gateway-timeout page: transient, retried like any 5xx
            BulkApiException error = html ? NotRestEndpoint.unavailableError(request.method(), logPath, base, status,
                    errorBody, request.jobId()) : ErrorMapper.map(status, errorBody, request.method(), logPath,
                    request.jobId());
            if (status == 401) {
                if (refreshes < MAX_REFRESHES_PER_CALL) {
                    refreshes++;
                    attempt--;
                    rejected = token.value();
                    lastRejection = error;
                    LOG.log(System.Logger.Level.DEBUG, "{0} {1}: access token rejected, fetching a fresh one ({2} of "
                            + "{3})", request.method(), logPath, refreshes, MAX_REFRESHES_PER_CALL);
                    observation.tokenRejected();
                    auth.invalidate(token);
                    if (refreshes > 1) {
                        // rejected right after a refresh: give the org's session a moment before the next token
                        pause(request, refreshes - 1, Duration.ZERO, logPath, error);
                    }
                    continue;
                }
                throw rejectedAgain(request, logPath, error);
            }
            if (shouldRetry(request.replay(), status, error.errorCode().orElse(null))) {
                Duration retryAfter = retryAfter(response.headers());
                if (mayRetry(attempt, start, retryAfter)) {
                    pause(request, attempt, retryAfter, logPath, error);
                    continue;
                }
            }
            throw error;
        }
    }

    /**
     * Sends a request and parses the JSON response body.
     *
     * @param request the request
     * @param reader the JSON reader
     * @param <T> the result type
     * @return the parsed value
     */
    public <T> T sendJson(ApiRequest request, Json.Reader<T> reader) {
        try (ApiResponse r = send(request)) {
            try {
                return Json.read(r.body(), reader);
            } catch (IOException e) {
                throw new BulkException(request + jobSuffix(request)
                        + ": Salesforce answered with malformed JSON (" + e.getMessage() + ")", e);
            }
        }
    }

    /**
     * Sends a request and discards the response body.
     *
     * @param request the request
     * @return the HTTP status
     */
    public int sendDiscard(ApiRequest request) {
        try (ApiResponse r = send(request)) {
            drain(r.body());
            return r.statusCode();
        }
    }

    private static void drain(InputStream in) {
        byte[] buf = new byte[8192];
        try {
            while (in.read(buf) >= 0) {
                // discard
            }
        } catch (IOException ignored) {
            // the status was received; a broken trailing body does not matter
        }
    }

    private boolean shouldRetry(Replay replay, int status, String code) {
        if ("REQUEST_LIMIT_EXCEEDED".equals(code)) {
            return false;
        }
        boolean throttled = status == 429 || status == 503 || "SERVER_UNAVAILABLE".equals(code);
        switch (replay) {
            case SAFE:
                return status >= 500 || throttled;
            case UPLOAD:
                return throttled;
            default:
                return status == 429;
        }
    }

    private boolean mayRetry(int attempt, Instant start, Duration minDelay) {
        if (attempt >= retryPolicy.maxAttempts()) {
            return false;
        }
        Duration delay = max(retryPolicy.backoff().delay(attempt), minDelay);
        Duration elapsed = Duration.between(start, clock.instant());
        return elapsed.plus(delay).compareTo(retryPolicy.maxElapsed()) <= 0;
    }

    private static AuthenticationException rejectedAgain(ApiRequest request, String logPath, BulkApiException error) {
        return new AuthenticationException("Salesforce rejected the access token for " + request.method() + " "
                + logPath + jobSuffix(request) + " again after a refresh ("
                + (error == null ? "HTTP 401" : error.errorCode().orElse("HTTP 401")) + "). Check the user's session "
                + "settings, the connected app policies and the AuthProvider configuration.", null, null, false,
                error);
    }

    private void pause(ApiRequest request, int attempt, Duration retryAfter, String logPath, BulkException cause) {
        Duration delay = max(retryPolicy.backoff().delay(attempt), retryAfter);
        if (!(cause instanceof BulkApiException) || ((BulkApiException) cause).statusCode() != 401) {
            observation.retry(Observation.resource(request), cause, attempt, delay);
        }
        LOG.log(System.Logger.Level.DEBUG, "{0} {1}: retrying in {2} ms after attempt {3} ({4})", request.method(),
                logPath, String.valueOf(delay.toMillis()), attempt, cause.getClass().getSimpleName());
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            BulkException be = new BulkException("Interrupted while waiting to retry " + request.method() + " "
                    + logPath + jobSuffix(request) + ".", e);
            be.addSuppressed(cause);
            throw be;
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private Duration retryAfter(HttpHeaders headers) {
        Optional<String> v = headers.firstValue("Retry-After");
        if (v.isEmpty()) {
            return Duration.ZERO;
        }
        String s = v.get().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(s)));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return Duration.ZERO;
            }
        }
    }

    private URI uri(URI base, ApiRequest request) {
        StringBuilder sb = new StringBuilder(base.toString());
        if (request.serverPath() != null) {
            sb.append(request.serverPath());
        } else {
            sb.append("/services/data/v").append(apiVersion).append(request.path());
        }
        boolean first = request.serverPath() == null || request.serverPath().indexOf('?') < 0;
        for (Map.Entry<String, String> q : request.query().entrySet()) {
            sb.append(first ? '?' : '&');
            first = false;
            sb.append(encode(q.getKey())).append('=').append(encode(q.getValue()));
        }
        return URI.create(sb.toString());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static InputStream decode(HttpResponse<InputStream> response) throws IOException {
        InputStream raw = response.body();
        String enc = response.headers().firstValue("Content-Encoding").orElse("").trim().toLowerCase(Locale.ROOT);
        if (!enc.equals("gzip")) {
            return raw;
        }
        PushbackInputStream pb = new PushbackInputStream(raw, 1);
        int first = pb.read();
        if (first < 0) {
            return pb;
        }
        pb.unread(first);
        return new GZIPInputStream(pb, 64 * 1024);
    }

    private static byte[] readErrorBody(HttpResponse<InputStream> response) {
        try (InputStream in = decode(response)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0 && out.size() < MAX_ERROR_BODY) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            closeQuietly(response.body());
            return new byte[0];
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private static String jobSuffix(ApiRequest request) {
        return request.jobId() == null ? "" : " (job " + request.jobId() + ")";
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
