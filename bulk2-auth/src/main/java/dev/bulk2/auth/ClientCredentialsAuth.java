package dev.bulk2.auth;

import dev.bulk2.auth.internal.EndpointSettings;
import dev.bulk2.auth.internal.TokenCache;
import dev.bulk2.auth.internal.TokenEndpoint;
import dev.bulk2.auth.internal.TokenUrls;
import dev.bulk2.core.Backoff;
import dev.bulk2.core.Sleeper;
import dev.bulk2.core.auth.AccessToken;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.exception.AuthenticationException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The OAuth 2.0 client credentials flow: the app's client id and secret buy a token for the app's Run-As
 * (execution) user, at the org's My Domain token endpoint.
 *
 * <pre>{@code
 * AuthProvider auth = ClientCredentialsAuth.builder()
 *         .tokenUrl(URI.create("https://acme.my.salesforce.com"))   // "/services/oauth2/token" is appended
 *         .clientId(System.getenv("SF_CLIENT_ID"))
 *         .clientSecret(System.getenv("SF_CLIENT_SECRET"))
 *         .build();
 * }</pre>
 *
 * <p>The token is fetched on the first {@link #token()} call, cached and shared by all threads. After
 * {@link #invalidate(AccessToken)} with the current token, exactly one new token request is made however many
 * threads ask at once. Salesforce issues no refresh token for this flow; a new token is obtained by repeating
 * the grant.
 *
 * <p>Thread-safe. {@link #toString()} never shows the client secret or a token.
 */
public final class ClientCredentialsAuth implements AuthProvider {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.auth");

    private final TokenEndpoint endpoint;
    private final String clientId;
    private final String clientSecret;
    private final CredentialsPlacement placement;
    private final TokenCache cache;

    private ClientCredentialsAuth(Builder b, URI tokenEndpoint) {
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.placement = b.placement;
        this.endpoint = b.settings.endpoint(tokenEndpoint, "client credentials");
        this.cache = new TokenCache(this::fetch, b.settings.clock(), b.settings.maxTokenAge());
    }

    /**
     * A new builder. {@code tokenUrl}, {@code clientId} and {@code clientSecret} are required.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the cached token, requesting one first if there is none (or it is older than
     * {@link Builder#maxTokenAge(Duration)}). Blocks while a request is under way, also one started by another
     * thread.
     *
     * @return the token, with the {@code instance_url} and {@code issued_at} of the token response
     * @throws AuthenticationException if the token endpoint refuses (with the OAuth {@code error},
     *     {@code error_description} and a hint) or stays unreachable after the configured retries
     */
    @Override
    public AccessToken token() {
        return cache.token();
    }

    /**
     * Drops the cached token if it is {@code rejected}, so that the next {@link #token()} requests a new one.
     * A token that was already replaced is left alone. Never throws.
     *
     * @param rejected the token Salesforce rejected
     */
    @Override
    public void invalidate(AccessToken rejected) {
        cache.invalidate(rejected);
    }

    /**
     * The full response of the last successful token request, also after it was invalidated.
     *
     * @return the last token, empty before the first successful request
     */
    public Optional<SalesforceToken> lastToken() {
        return cache.last();
    }

    /**
     * The token endpoint requests go to (the configured URL, with {@code /services/oauth2/token} appended if it
     * was a base URL).
     *
     * @return the token endpoint URL
     */
    public URI tokenUrl() {
        return endpoint.url();
    }

    private SalesforceToken fetch() {
        LOG.log(System.Logger.Level.DEBUG, "Client credentials token request for client id {0} ({1})", clientId,
                placement);
        if (placement == CredentialsPlacement.BASIC_HEADER) {
            String basic = Base64.getEncoder().encodeToString(
                    (clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
            return endpoint.requestToken(() -> "grant_type=client_credentials", "Basic " + basic);
        }
        String body = "grant_type=client_credentials&client_id=" + form(clientId) + "&client_secret="
                + form(clientSecret);
        return endpoint.requestToken(() -> body, null);
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Shows the token URL, client id and placement; never the secret or a token. */
    @Override
    public String toString() {
        return "ClientCredentialsAuth{tokenUrl=" + endpoint.url() + ", clientId=" + clientId
                + ", clientSecret=<redacted>, credentialsIn=" + placement + "}";
    }

    /**
     * Configures a {@link ClientCredentialsAuth}. Not thread-safe; {@link #build()} may be called more than once,
     * each provider has its own token cache.
     */
    public static final class Builder {
        private URI tokenUrl;
        private String clientId;
        private String clientSecret;
        private CredentialsPlacement placement = CredentialsPlacement.FORM_BODY;
        private final EndpointSettings settings = new EndpointSettings();

        private Builder() {
        }

        /**
         * The org's token endpoint, or its My Domain base URL to which {@code /services/oauth2/token} is
         * appended: {@code https://acme.my.salesforce.com}, or for a sandbox
         * {@code https://acme--uat.sandbox.my.salesforce.com}. Required.
         *
         * <p>The client credentials flow only works on the org's own domain: {@code login.salesforce.com} and
         * {@code test.salesforce.com} are rejected by {@link #build()}. Must be HTTPS (plain HTTP is allowed for
         * loopback hosts, for tests).
         *
         * @param tokenUrl the token URL or My Domain URL
         * @return this builder
         */
        public Builder tokenUrl(URI tokenUrl) {
            this.tokenUrl = Objects.requireNonNull(tokenUrl, "tokenUrl");
            return this;
        }

        /**
         * The app's client id (consumer key). Required.
         *
         * @param clientId the client id
         * @return this builder
         */
        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        /**
         * The app's client secret (consumer secret). Required. Never logged or shown.
         *
         * @param clientSecret the secret
         * @return this builder
         */
        public Builder clientSecret(String clientSecret) {
            this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
            return this;
        }

        /**
         * Where the client id and secret go: form fields ({@link CredentialsPlacement#FORM_BODY}, the default)
         * or an HTTP Basic header ({@link CredentialsPlacement#BASIC_HEADER}). Salesforce accepts both.
         *
         * @param placement the placement
         * @return this builder
         */
        public Builder credentialsIn(CredentialsPlacement placement) {
            this.placement = Objects.requireNonNull(placement, "placement");
            return this;
        }

        /**
         * The HTTP client for token requests. Default: a new client with no redirects and a connect timeout
         * equal to the request timeout. Sharing the {@code BulkClient}'s client is fine.
         *
         * @param httpClient the client
         * @return this builder
         */
        public Builder httpClient(HttpClient httpClient) {
            settings.httpClient(httpClient);
            return this;
        }

        /**
         * The timeout of one token request. Default: 30 seconds. A timeout counts as a transient failure.
         *
         * @param requestTimeout a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            settings.requestTimeout(requestTimeout);
            return this;
        }

        /**
         * Request a new token once the cached one is this old (measured from when it was received), to stay
         * ahead of the org's session timeout (2 hours by default, configurable by the administrator). Default:
         * none, the token is kept until Salesforce rejects it and the client calls
         * {@link ClientCredentialsAuth#invalidate(AccessToken)}.
         *
         * @param maxTokenAge a positive duration, shorter than the org's session timeout
         * @return this builder
         */
        public Builder maxTokenAge(Duration maxTokenAge) {
            settings.maxTokenAge(maxTokenAge);
            return this;
        }

        /**
         * How many times a transient failure (HTTP 5xx, connection failure, timeout) is retried after the first
         * attempt. OAuth errors (4xx) are never retried. Default: 3.
         *
         * @param retryAttempts 0 or more
         * @return this builder
         */
        public Builder retryAttempts(int retryAttempts) {
            settings.retryAttempts(retryAttempts);
            return this;
        }

        /**
         * The delay before each retry. Default: {@code Backoff.exponential(500 ms, 10 s)} (with jitter).
         *
         * @param backoff the backoff
         * @return this builder
         */
        public Builder backoff(Backoff backoff) {
            settings.backoff(backoff);
            return this;
        }

        /**
         * How to wait between retries. Default: {@link Sleeper#system()}; tests pass a recording sleeper.
         *
         * @param sleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            settings.sleeper(sleeper);
            return this;
        }

        /**
         * The clock for token age and for {@code issued_at} when a response lacks it. Default:
         * {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            settings.clock(clock);
            return this;
        }

        /**
         * Checks the configuration and creates the provider. No request is sent until the first
         * {@link ClientCredentialsAuth#token()}.
         *
         * @return the provider
         * @throws NullPointerException if {@code tokenUrl}, {@code clientId} or {@code clientSecret} is missing
         * @throws IllegalArgumentException if a value is blank, the URL is not HTTPS, or it is
         *     {@code login.salesforce.com} / {@code test.salesforce.com}
         */
        public ClientCredentialsAuth build() {
            Objects.requireNonNull(tokenUrl, "tokenUrl is required: the org's My Domain URL, e.g. "
                    + "https://yourdomain.my.salesforce.com");
            Objects.requireNonNull(clientId, "clientId is required");
            Objects.requireNonNull(clientSecret, "clientSecret is required");
            if (clientId.isBlank()) {
                throw new IllegalArgumentException("clientId must not be blank");
            }
            if (clientSecret.isBlank()) {
                throw new IllegalArgumentException("clientSecret must not be blank");
            }
            if (tokenUrl.getHost() != null && TokenUrls.isGenericLoginHost(tokenUrl.getHost())) {
                throw new IllegalArgumentException("tokenUrl " + tokenUrl + " is a generic login host, but "
                        + "Salesforce accepts the client credentials flow only on the org's My Domain (it answers "
                        + "'invalid_grant: request not supported on this domain'). Use the My Domain URL shown in "
                        + "Setup > My Domain, e.g. https://yourdomain.my.salesforce.com (sandbox: "
                        + "https://yourdomain--sandboxname.sandbox.my.salesforce.com).");
            }
            return new ClientCredentialsAuth(this, TokenUrls.tokenEndpoint(tokenUrl, "tokenUrl"));
        }
    }
}
