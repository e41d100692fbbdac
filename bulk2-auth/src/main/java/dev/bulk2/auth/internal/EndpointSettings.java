package dev.bulk2.auth.internal;

import dev.bulk2.core.Backoff;
import dev.bulk2.core.Sleeper;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP, retry, clock and cache settings both providers' builders share, with their defaults. Mutable, not
 * thread-safe (builder state). Not part of the supported API.
 */
public final class EndpointSettings {
    /** Default timeout of one token request. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Default number of retries of a transient failure after the first attempt. */
    public static final int DEFAULT_RETRY_ATTEMPTS = 3;
    /** Default first retry delay. */
    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(500);
    /** Default maximum retry delay. */
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(10);

    private HttpClient httpClient;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration maxTokenAge;
    private int retryAttempts = DEFAULT_RETRY_ATTEMPTS;
    private Backoff backoff;
    private Sleeper sleeper = Sleeper.system();
    private Clock clock = Clock.systemUTC();

    /**
     * Sets the HTTP client.
     *
     * @param httpClient the client
     */
    public void httpClient(HttpClient httpClient) {
        this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
    }

    /**
     * Sets the request timeout.
     *
     * @param timeout positive
     */
    public void requestTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "requestTimeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive: " + timeout);
        }
        this.requestTimeout = timeout;
    }

    /**
     * Sets the maximum token age.
     *
     * @param age positive
     */
    public void maxTokenAge(Duration age) {
        Objects.requireNonNull(age, "maxTokenAge");
        if (age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("maxTokenAge must be positive: " + age);
        }
        this.maxTokenAge = age;
    }

    /**
     * Sets the retry count.
     *
     * @param attempts zero or more
     */
    public void retryAttempts(int attempts) {
        if (attempts < 0) {
            throw new IllegalArgumentException("retryAttempts must be 0 or more: " + attempts);
        }
        this.retryAttempts = attempts;
    }

    /**
     * Sets the backoff.
     *
     * @param backoff the backoff
     */
    public void backoff(Backoff backoff) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /**
     * Sets the sleeper.
     *
     * @param sleeper the sleeper
     */
    public void sleeper(Sleeper sleeper) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Sets the clock.
     *
     * @param clock the clock
     */
    public void clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The clock.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * The maximum token age.
     *
     * @return the age, or {@code null} for none
     */
    public Duration maxTokenAge() {
        return maxTokenAge;
    }

    /**
     * Creates the endpoint, with a default HTTP client (no redirects, connect timeout = request timeout) if
     * none was given.
     *
     * @param url the token endpoint
     * @param flow the flow name for messages
     * @return the endpoint
     */
    public TokenEndpoint endpoint(URI url, String flow) {
        HttpClient client = httpClient != null ? httpClient
                : HttpClient.newBuilder()
                        .connectTimeout(requestTimeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        Backoff b = backoff != null ? backoff : Backoff.exponential(DEFAULT_BACKOFF_BASE, DEFAULT_BACKOFF_MAX);
        return new TokenEndpoint(url, flow, client, requestTimeout, retryAttempts, b, sleeper, clock);
    }
}
