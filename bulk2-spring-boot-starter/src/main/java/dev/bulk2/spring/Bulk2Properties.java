package dev.bulk2.spring;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * The {@code bulk2.*} properties the starter builds its {@code BulkClient} from. The OAuth flow follows from what
 * is set: {@code bulk2.auth.client-secret} for client credentials, {@code bulk2.auth.username} with a private key
 * or key store for JWT bearer. {@link #toString()} never prints a secret or password.
 */
@ConfigurationProperties(prefix = "bulk2")
public class Bulk2Properties {
    /**
     * Whether to auto-configure a BulkClient.
     */
    private boolean enabled = true;

    /**
     * The org's instance (My Domain) URL, for example https://acme.my.salesforce.com; scheme, host and port only.
     * Default: the instance_url of the first access token.
     */
    private URI instanceUrl;

    /**
     * The REST API version, for example 64.0. Default: the SDK's default version.
     */
    private String apiVersion;

    /**
     * Time allowed for each request until the response headers arrive.
     */
    private Duration requestTimeout = Duration.ofSeconds(60);

    /**
     * Time allowed for a data upload (PUT), including sending the body.
     */
    private Duration uploadTimeout = Duration.ofMinutes(15);

    /**
     * Time allowed to establish a connection.
     */
    private Duration connectTimeout = Duration.ofSeconds(10);

    /**
     * Text appended to the User-Agent, for example the application's name.
     */
    private String userAgentSuffix;

    private final Auth auth = new Auth();

    private final Retry retry = new Retry();

    private final Health health = new Health();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public URI getInstanceUrl() {
        return instanceUrl;
    }

    public void setInstanceUrl(URI instanceUrl) {
        this.instanceUrl = instanceUrl;
    }

    public String getApiVersion() {
        return apiVersion;
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public Duration getUploadTimeout() {
        return uploadTimeout;
    }

    public void setUploadTimeout(Duration uploadTimeout) {
        this.uploadTimeout = uploadTimeout;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public String getUserAgentSuffix() {
        return userAgentSuffix;
    }

    public void setUserAgentSuffix(String userAgentSuffix) {
        this.userAgentSuffix = userAgentSuffix;
    }

    public Auth getAuth() {
        return auth;
    }

    public Retry getRetry() {
        return retry;
    }

    public Health getHealth() {
        return health;
    }

    @Override
    public String toString() {
        return "Bulk2Properties{enabled=" + enabled + ", instanceUrl=" + instanceUrl + ", apiVersion=" + apiVersion
                + ", requestTimeout=" + requestTimeout + ", uploadTimeout=" + uploadTimeout + ", connectTimeout="
                + connectTimeout + ", userAgentSuffix=" + userAgentSuffix + ", auth=" + auth + ", retry=" + retry
                + ", health=" + health + "}";
    }

    private static String redacted(Object secret) {
        return secret == null ? "null" : "****";
    }

    /** OAuth 2.0: client credentials or JWT bearer. */
    public static class Auth {
        /**
         * The connected app's consumer key (both flows).
         */
        private String clientId;

        /**
         * Client credentials flow: the connected app's consumer secret. Never logged.
         */
        private String clientSecret;

        /**
         * Client credentials flow: the token endpoint or the org's My Domain URL (/services/oauth2/token is added).
         * Default: bulk2.instance-url.
         */
        private URI tokenUrl;

        /**
         * JWT bearer flow: the Salesforce username the token is issued for.
         */
        private String username;

        /**
         * JWT bearer flow: the login URL (https://login.salesforce.com, https://test.salesforce.com or My Domain).
         */
        private URI loginUrl = URI.create("https://login.salesforce.com");

        /**
         * JWT bearer flow: the PEM private key (PKCS#8 or PKCS#1), for example file:/etc/bulk2/server.key.
         */
        private Resource privateKey;

        /**
         * JWT bearer flow: a key store holding the private key, instead of bulk2.auth.private-key.
         */
        private Resource keyStore;

        /**
         * Type of bulk2.auth.key-store: PKCS12 or JKS.
         */
        private String keyStoreType = "PKCS12";

        /**
         * Password of bulk2.auth.key-store and of its key entry. Never logged.
         */
        private String keyStorePassword;

        /**
         * Alias of the key entry in bulk2.auth.key-store.
         */
        private String keyAlias;

        public String getClientId() {
            return clientId;
        }

        public void setClientId(String clientId) {
            this.clientId = clientId;
        }

        public String getClientSecret() {
            return clientSecret;
        }

        public void setClientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
        }

        public URI getTokenUrl() {
            return tokenUrl;
        }

        public void setTokenUrl(URI tokenUrl) {
            this.tokenUrl = tokenUrl;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public URI getLoginUrl() {
            return loginUrl;
        }

        public void setLoginUrl(URI loginUrl) {
            this.loginUrl = loginUrl;
        }

        public Resource getPrivateKey() {
            return privateKey;
        }

        public void setPrivateKey(Resource privateKey) {
            this.privateKey = privateKey;
        }

        public Resource getKeyStore() {
            return keyStore;
        }

        public void setKeyStore(Resource keyStore) {
            this.keyStore = keyStore;
        }

        public String getKeyStoreType() {
            return keyStoreType;
        }

        public void setKeyStoreType(String keyStoreType) {
            this.keyStoreType = keyStoreType;
        }

        public String getKeyStorePassword() {
            return keyStorePassword;
        }

        public void setKeyStorePassword(String keyStorePassword) {
            this.keyStorePassword = keyStorePassword;
        }

        public String getKeyAlias() {
            return keyAlias;
        }

        public void setKeyAlias(String keyAlias) {
            this.keyAlias = keyAlias;
        }

        @Override
        public String toString() {
            return "Auth{clientId=" + clientId + ", clientSecret=" + redacted(clientSecret) + ", tokenUrl=" + tokenUrl
                    + ", username=" + username + ", loginUrl=" + loginUrl + ", privateKey=" + privateKey
                    + ", keyStore=" + keyStore + ", keyStoreType=" + keyStoreType + ", keyStorePassword="
                    + redacted(keyStorePassword) + ", keyAlias=" + keyAlias + "}";
        }
    }

    /** How transient failures are retried (see RetryPolicy). */
    public static class Retry {
        /**
         * Attempts per call, the first one included.
         */
        private int maxAttempts = 4;

        /**
         * The first backoff delay; it doubles with each attempt (with jitter).
         */
        private Duration initialBackoff = Duration.ofSeconds(1);

        /**
         * The largest backoff delay.
         */
        private Duration maxBackoff = Duration.ofSeconds(30);

        /**
         * The time budget of one call and its retries.
         */
        private Duration maxElapsed = Duration.ofMinutes(2);

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public Duration getMaxElapsed() {
            return maxElapsed;
        }

        public void setMaxElapsed(Duration maxElapsed) {
            this.maxElapsed = maxElapsed;
        }

        @Override
        public String toString() {
            return "Retry{maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                    + maxBackoff + ", maxElapsed=" + maxElapsed + "}";
        }
    }

    /** The Actuator health indicator {@code bulk2}. */
    public static class Health {
        /**
         * How long the org's limits are cached: the indicator makes at most one limits call (one API request) per
         * interval, however often health is checked.
         */
        private Duration limitsInterval = Duration.ofMinutes(5);

        /**
         * The indicator reports DOWN when fewer daily API requests than this remain.
         */
        private long minRemainingRequests = 0;

        public Duration getLimitsInterval() {
            return limitsInterval;
        }

        public void setLimitsInterval(Duration limitsInterval) {
            this.limitsInterval = limitsInterval;
        }

        public long getMinRemainingRequests() {
            return minRemainingRequests;
        }

        public void setMinRemainingRequests(long minRemainingRequests) {
            this.minRemainingRequests = minRemainingRequests;
        }

        @Override
        public String toString() {
            return "Health{limitsInterval=" + limitsInterval + ", minRemainingRequests=" + minRemainingRequests + "}";
        }
    }
}
