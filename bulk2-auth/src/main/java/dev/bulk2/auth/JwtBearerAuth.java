package dev.bulk2.auth;

import dev.bulk2.auth.internal.EndpointSettings;
import dev.bulk2.auth.internal.JwtAssertions;
import dev.bulk2.auth.internal.PrivateKeys;
import dev.bulk2.auth.internal.TokenCache;
import dev.bulk2.auth.internal.TokenEndpoint;
import dev.bulk2.auth.internal.TokenUrls;
import dev.bulk2.core.Backoff;
import dev.bulk2.core.Sleeper;
import dev.bulk2.core.auth.AccessToken;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.exception.AuthenticationException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The OAuth 2.0 JWT bearer flow: a short-lived assertion ({@code iss} = client id, {@code sub} = username,
 * {@code aud} = login audience, {@code exp} at most 3 minutes ahead), signed RS256 with the private key whose
 * certificate is uploaded to the app, buys a token for that user.
 *
 * <pre>{@code
 * AuthProvider auth = JwtBearerAuth.builder()
 *         .loginUrl(URI.create("https://login.salesforce.com"))   // sandbox: https://test.salesforce.com
 *         .clientId(System.getenv("SF_CLIENT_ID"))
 *         .username("integration@acme.example")
 *         .privateKey(Path.of("server.key"))                      // PEM, PKCS#8 or PKCS#1
 *         .build();
 * }</pre>
 *
 * <p>The user must be pre-authorized for the app (admin-approved users, profile or permission set assigned).
 * The token is fetched on the first {@link #token()} call, cached and shared by all threads; after
 * {@link #invalidate(AccessToken)} with the current token exactly one new token request is made (with a freshly
 * signed assertion) however many threads ask at once.
 *
 * <p>Thread-safe. {@link #toString()} never shows the key, an assertion or a token.
 */
public final class JwtBearerAuth implements AuthProvider {
    /** The longest assertion lifetime Salesforce accepts. */
    public static final Duration MAX_TOKEN_LIFETIME = Duration.ofMinutes(3);

    private static final String GRANT_TYPE = "urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer";

    private final TokenEndpoint endpoint;
    private final JwtAssertions assertions;
    private final String clientId;
    private final String username;
    private final String audience;
    private final TokenCache cache;

    private JwtBearerAuth(Builder b, URI tokenEndpoint, String audience, PrivateKey key) {
        this.clientId = b.clientId;
        this.username = b.username;
        this.audience = audience;
        this.assertions = new JwtAssertions(key, clientId, username, audience, b.tokenLifetime,
                b.settings.clock());
        this.endpoint = b.settings.endpoint(tokenEndpoint, "JWT bearer");
        this.cache = new TokenCache(this::fetch, b.settings.clock(), b.settings.maxTokenAge());
    }

    /**
     * A new builder. {@code clientId}, {@code username} and a private key are required.
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
     * The token endpoint requests go to.
     *
     * @return the token endpoint URL
     */
    public URI tokenUrl() {
        return endpoint.url();
    }

    /**
     * The {@code aud} claim of the assertions.
     *
     * @return the audience
     */
    public String audience() {
        return audience;
    }

    private SalesforceToken fetch() {
        Supplier<String> body = () -> "grant_type=" + GRANT_TYPE + "&assertion=" + assertions.mint();
        return endpoint.requestToken(body, null);
    }

    /** Shows the token URL, client id, username and audience; never the key, an assertion or a token. */
    @Override
    public String toString() {
        return "JwtBearerAuth{tokenUrl=" + endpoint.url() + ", clientId=" + clientId + ", username=" + username
                + ", audience=" + audience + ", privateKey=<redacted>}";
    }

    /**
     * Configures a {@link JwtBearerAuth}. Not thread-safe. Keys given as a file or key store are read by
     * {@link #build()}, which fails fast on a missing, wrong or unreadable key.
     */
    public static final class Builder {
        private URI loginUrl = URI.create(TokenUrls.PRODUCTION_AUDIENCE);
        private String audience;
        private String clientId;
        private String username;
        private Duration tokenLifetime = MAX_TOKEN_LIFETIME;
        private Supplier<PrivateKey> key;
        private final EndpointSettings settings = new EndpointSettings();

        private Builder() {
        }

        /**
         * Where to post the assertion: {@code https://login.salesforce.com} (production, the default),
         * {@code https://test.salesforce.com} (sandboxes) or the org's My Domain. {@code /services/oauth2/token}
         * is appended unless the URL already ends with it. Must be HTTPS (HTTP is allowed for loopback hosts).
         *
         * @param loginUrl the login URL
         * @return this builder
         */
        public Builder loginUrl(URI loginUrl) {
            this.loginUrl = Objects.requireNonNull(loginUrl, "loginUrl");
            return this;
        }

        /**
         * The {@code aud} claim. Default: derived from the login URL as the Salesforce CLI does:
         * {@code https://test.salesforce.com} for {@code test.salesforce.com} and
         * {@code *.sandbox.my.salesforce.com}, {@code https://login.salesforce.com} for every other host. Set it
         * for Experience Cloud sites (the site URL) or unusual domains.
         *
         * @param audience the audience
         * @return this builder
         */
        public Builder audience(String audience) {
            this.audience = Objects.requireNonNull(audience, "audience");
            return this;
        }

        /**
         * The app's client id (consumer key), sent as {@code iss}. Required.
         *
         * @param clientId the client id
         * @return this builder
         */
        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        /**
         * The Salesforce username to act as, sent as {@code sub}. Required.
         *
         * @param username the username, e.g. {@code integration@acme.example}
         * @return this builder
         */
        public Builder username(String username) {
            this.username = Objects.requireNonNull(username, "username");
            return this;
        }

        /**
         * How far in the future the assertion's {@code exp} lies. Default and maximum: 3 minutes (Salesforce
         * rejects longer-lived assertions).
         *
         * @param tokenLifetime positive, at most 3 minutes
         * @return this builder
         */
        public Builder tokenLifetime(Duration tokenLifetime) {
            Objects.requireNonNull(tokenLifetime, "tokenLifetime");
            if (tokenLifetime.compareTo(Duration.ofSeconds(1)) < 0 || tokenLifetime.compareTo(MAX_TOKEN_LIFETIME) > 0) {
                throw new IllegalArgumentException("tokenLifetime must be between 1 second and 3 minutes "
                        + "(Salesforce rejects JWT assertions that expire more than 3 minutes ahead): "
                        + tokenLifetime);
            }
            this.tokenLifetime = tokenLifetime;
            return this;
        }

        /**
         * The RSA private key, from a PEM file: PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}) or PKCS#1
         * ({@code -----BEGIN RSA PRIVATE KEY-----}), unencrypted. Read by {@link #build()}.
         *
         * @param pemFile the PEM file
         * @return this builder
         */
        public Builder privateKey(Path pemFile) {
            Objects.requireNonNull(pemFile, "pemFile");
            this.key = () -> PrivateKeys.fromPemFile(pemFile);
            return this;
        }

        /**
         * The RSA private key as PEM text (PKCS#8 or PKCS#1, unencrypted), e.g. from a secret store.
         *
         * @param pem the PEM text
         * @return this builder
         */
        public Builder privateKeyPem(String pem) {
            Objects.requireNonNull(pem, "pem");
            this.key = () -> PrivateKeys.fromPem(pem, "private key PEM");
            return this;
        }

        /**
         * The RSA private key itself (for example from an HSM provider).
         *
         * @param privateKey an RSA private key
         * @return this builder
         */
        public Builder privateKey(PrivateKey privateKey) {
            Objects.requireNonNull(privateKey, "privateKey");
            this.key = () -> PrivateKeys.checkRsa(privateKey, "private key");
            return this;
        }

        /**
         * The RSA private key from a loaded key store entry.
         *
         * @param keyStore a loaded key store
         * @param alias the entry's alias
         * @param password the entry's password
         * @return this builder
         */
        public Builder keyStore(KeyStore keyStore, String alias, char[] password) {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(alias, "alias");
            Objects.requireNonNull(password, "password");
            this.key = () -> PrivateKeys.fromKeyStore(keyStore, alias, password, "key store");
            return this;
        }

        /**
         * The RSA private key from a key store file; the password opens both the store and the entry.
         *
         * @param keyStoreFile the key store file
         * @param type the key store type, {@code PKCS12} or {@code JKS}
         * @param alias the entry's alias
         * @param password the store and entry password
         * @return this builder
         */
        public Builder keyStore(Path keyStoreFile, String type, String alias, char[] password) {
            Objects.requireNonNull(keyStoreFile, "keyStoreFile");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(alias, "alias");
            Objects.requireNonNull(password, "password");
            this.key = () -> PrivateKeys.fromKeyStoreFile(keyStoreFile, type, alias, password);
            return this;
        }

        /**
         * The HTTP client for token requests. Default: a new client with no redirects and a connect timeout
         * equal to the request timeout.
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
         * ahead of the org's session timeout. Default: none, the token is kept until Salesforce rejects it.
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
         * attempt, each with a new assertion. OAuth errors (4xx) are never retried. Default: 3.
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
         * How to wait between retries. Default: {@link Sleeper#system()}.
         *
         * @param sleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            settings.sleeper(sleeper);
            return this;
        }

        /**
         * The clock for {@code exp}, token age and a missing {@code issued_at}. Default:
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
         * Checks the configuration, loads the key and creates the provider. No request is sent until the first
         * {@link JwtBearerAuth#token()}.
         *
         * @return the provider
         * @throws NullPointerException if {@code clientId}, {@code username} or the key is missing
         * @throws IllegalArgumentException if a value is blank, the URL is not HTTPS, or the key cannot be loaded
         *     or is not an RSA key of at least 2048 bits (the message names the problem)
         */
        public JwtBearerAuth build() {
            Objects.requireNonNull(clientId, "clientId is required (the app's consumer key)");
            Objects.requireNonNull(username, "username is required (the Salesforce username to act as)");
            Objects.requireNonNull(key, "a private key is required: privateKey(Path), privateKeyPem(String), "
                    + "privateKey(PrivateKey) or keyStore(...)");
            if (clientId.isBlank()) {
                throw new IllegalArgumentException("clientId must not be blank");
            }
            if (username.isBlank()) {
                throw new IllegalArgumentException("username must not be blank");
            }
            URI tokenEndpoint = TokenUrls.tokenEndpoint(loginUrl, "loginUrl");
            String aud = audience != null ? audience : TokenUrls.defaultAudience(loginUrl);
            if (aud.isBlank()) {
                throw new IllegalArgumentException("audience must not be blank");
            }
            return new JwtBearerAuth(this, tokenEndpoint, aud, key.get());
        }
    }
}
