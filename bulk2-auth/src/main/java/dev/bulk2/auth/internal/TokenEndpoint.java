package dev.bulk2.auth.internal;

import dev.bulk2.auth.SalesforceToken;
import dev.bulk2.core.Backoff;
import dev.bulk2.core.Sleeper;
import dev.bulk2.core.exception.AuthenticationException;
import dev.bulk2.core.internal.net.ConnectionProblems;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Posts token requests to one Salesforce OAuth token endpoint, retrying transient failures (5xx, connection
 * failures, timeouts) with backoff, and turns the answer into a {@link SalesforceToken} or an
 * {@link AuthenticationException}. 4xx answers are never retried. Thread-safe. Not part of the supported API.
 */
public final class TokenEndpoint {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.auth");
    /** Token responses are tiny; anything bigger is an error page and only its status matters. */
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final URI url;
    private final String flow;
    private final HttpClient httpClient;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final Clock clock;

    /**
     * Creates the endpoint.
     *
     * @param url the token endpoint ({@code .../services/oauth2/token})
     * @param flow the flow's name for messages, e.g. {@code client credentials}
     * @param httpClient the HTTP client
     * @param requestTimeout the timeout of one request
     * @param retryAttempts how many times a transient failure is retried after the first attempt
     * @param backoff the delays between attempts
     * @param sleeper how to wait between attempts
     * @param clock the clock, for {@code issued_at} when the response lacks it
     */
    public TokenEndpoint(URI url, String flow, HttpClient httpClient, Duration requestTimeout, int retryAttempts,
            Backoff backoff, Sleeper sleeper, Clock clock) {
        this.url = Objects.requireNonNull(url, "url");
        this.flow = Objects.requireNonNull(flow, "flow");
        this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (retryAttempts < 0) {
            throw new IllegalArgumentException("retryAttempts must not be negative: " + retryAttempts);
        }
        this.maxAttempts = retryAttempts + 1;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The token endpoint URL.
     *
     * @return the URL
     */
    public URI url() {
        return url;
    }

    /**
     * Requests a token.
     *
     * @param formBody supplies the form body; called once per attempt (so a JWT assertion is fresh each time)
     * @param authorization the {@code Authorization} header value, or {@code null} for none
     * @return the token
     * @throws AuthenticationException if no token could be obtained
     */
    public SalesforceToken requestToken(Supplier<String> formBody, String authorization) {
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder rb = HttpRequest.newBuilder(url)
                    .timeout(requestTimeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(formBody.get(), StandardCharsets.UTF_8));
            if (authorization != null) {
                rb.header("Authorization", authorization);
            }
            LOG.log(Level.DEBUG, "Requesting a Salesforce access token ({0} flow) from {1}, attempt {2} of {3}",
                    flow, url, attempt, maxAttempts);
            String transientProblem;
            Throwable cause = null;
            String connectionHint = null;
            String error = null;
            String description = null;
            try {
                HttpResponse<InputStream> response = httpClient.send(rb.build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                byte[] body = readCapped(response.body());
                String contentType = response.headers().firstValue("Content-Type").orElse("(none)");
                if (status >= 200 && status < 300) {
                    SalesforceToken token = parseToken(status, contentType, body);
                    LOG.log(Level.DEBUG, "Obtained a Salesforce access token ({0} flow) for instance {1}",
                            flow, token.instanceUrl().map(URI::toString).orElse("(none)"));
                    return token;
                }
                TokenResponses.OAuthError oauth = TokenResponses.parseError(contentType, body);
                if (status < 500) {
                    throw clientError(status, contentType, oauth, response.headers().firstValue("Location")
                            .orElse(null));
                }
                if (oauth != null) {
                    error = oauth.error;
                    description = oauth.description;
                    transientProblem = "HTTP " + status + " " + oauth.error
                            + (oauth.description == null ? "" : " (" + oauth.description + ")");
                } else {
                    transientProblem = "HTTP " + status + " (Content-Type " + contentType + ")";
                }
            } catch (HttpTimeoutException e) {
                transientProblem = "no answer within the request timeout of " + requestTimeout;
                cause = e;
            } catch (IOException e) {
                // names host and port and tells unknown host, refused connection and TLS failure apart
                transientProblem = "connection failed: " + ConnectionProblems.describe(e, url);
                connectionHint = ConnectionProblems.hint(e, urlSetting());
                cause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AuthenticationException("Interrupted while requesting a Salesforce access token from "
                        + url + ".", null, null, false, e);
            }
            if (attempt >= maxAttempts) {
                throw new AuthenticationException("Could not get a Salesforce access token (" + flow + " flow) from "
                        + url + ": " + transientProblem + ", after " + attempt
                        + (attempt == 1 ? " attempt" : " attempts")
                        + ". " + (connectionHint != null ? connectionHint
                        : "The token endpoint or the network is having trouble; try again later."),
                        error, description, true, cause);
            }
            Duration delay = backoff.delay(attempt);
            LOG.log(Level.WARNING, "Salesforce token request ({0} flow) to {1} failed: {2}; retrying in {3} "
                    + "(attempt {4} of {5})", flow, url, transientProblem, delay, attempt, maxAttempts);
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AuthenticationException("Interrupted while waiting to retry a Salesforce token request to "
                        + url + " (last failure: " + transientProblem + ").", error, description, false, e);
            }
        }
    }

    /** The builder setting that holds this endpoint's URL, for hints. */
    private String urlSetting() {
        return flow.toLowerCase(java.util.Locale.ROOT).contains("jwt") ? "loginUrl" : "tokenUrl";
    }

    private SalesforceToken parseToken(int status, String contentType, byte[] body) {
        try {
            return TokenResponses.parseToken(body, clock);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException("The Salesforce token endpoint " + url + " answered HTTP " + status
                    + " (Content-Type " + contentType + ") but not with a usable token: " + e.getMessage()
                    + ". Check that the token URL points at Salesforce (" + TokenUrls.TOKEN_PATH + ").",
                    null, null, false, null);
        }
    }

    private AuthenticationException clientError(int status, String contentType, TokenResponses.OAuthError oauth,
            String location) {
        if (oauth == null) {
            String where = status >= 300 && status < 400 && location != null ? ", redirecting to " + location : "";
            return new AuthenticationException("The Salesforce token endpoint " + url + " answered HTTP " + status
                    + " with a non-OAuth body (Content-Type " + contentType + where + ") to the " + flow
                    + " request. Check the token/login URL: it must be the org's My Domain (or login/test host "
                    + "for JWT) and reachable without a proxy rewriting the request.", null, null, false, null);
        }
        String desc = oauth.description == null ? "" : " (" + oauth.description + ")";
        return new AuthenticationException("Salesforce refused the " + flow + " token request to " + url + ": "
                + oauth.error + desc + ", HTTP " + status + ". " + OAuthErrors.hint(oauth.error, oauth.description),
                oauth.error, oauth.description, OAuthErrors.isRetryable(oauth.error), null);
    }

    private static byte[] readCapped(InputStream in) throws IOException {
        try (InputStream body = in) {
            return body.readNBytes(MAX_BODY_BYTES);
        }
    }

    @Override
    public String toString() {
        return "TokenEndpoint{" + flow + " " + url + "}";
    }
}
