package dev.bulk2.spring;

import dev.bulk2.auth.ClientCredentialsAuth;
import dev.bulk2.auth.JwtBearerAuth;
import dev.bulk2.core.Backoff;
import dev.bulk2.core.BulkClient;
import dev.bulk2.core.ClientObserver;
import dev.bulk2.core.RetryPolicy;
import dev.bulk2.core.auth.AuthProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import org.springframework.core.io.Resource;

/**
 * Turns {@link Bulk2Properties} into an {@link AuthProvider} and a {@link BulkClient.Builder}, checking them
 * first: a missing or contradictory property fails with a {@link Bulk2PropertiesException} naming it, and an
 * invalid value with the SDK's message prefixed by the property name. Package-private.
 */
final class Bulk2ClientFactory {
    private Bulk2ClientFactory() {
    }

    static AuthProvider authProvider(Bulk2Properties p) {
        Bulk2Properties.Auth a = p.getAuth();
        boolean cc = a.getClientSecret() != null;
        boolean jwt = a.getUsername() != null || a.getPrivateKey() != null || a.getKeyStore() != null;
        if (cc && jwt) {
            throw new Bulk2PropertiesException("bulk2.auth.client-secret", "bulk2.auth.client-secret (client "
                    + "credentials flow) is set together with " + (a.getUsername() != null ? "bulk2.auth.username"
                    : a.getPrivateKey() != null ? "bulk2.auth.private-key" : "bulk2.auth.key-store")
                    + " (JWT bearer flow): set the properties of one flow only");
        }
        if (!cc && !jwt) {
            throw new Bulk2PropertiesException("bulk2.auth.client-secret", "bulk2.auth.client-secret is not set: "
                    + "set bulk2.auth.client-id and bulk2.auth.client-secret (client credentials flow), or "
                    + "bulk2.auth.client-id, bulk2.auth.username and bulk2.auth.private-key or bulk2.auth.key-store "
                    + "(JWT bearer flow), or define an AuthProvider bean");
        }
        require(a.getClientId(), "bulk2.auth.client-id", "the connected app's consumer key");
        if (cc) {
            java.net.URI tokenUrl = a.getTokenUrl() != null ? a.getTokenUrl() : p.getInstanceUrl();
            if (tokenUrl == null) {
                throw new Bulk2PropertiesException("bulk2.auth.token-url", "bulk2.auth.token-url is not set (nor "
                        + "bulk2.instance-url): set the org's My Domain URL, for example "
                        + "https://acme.my.salesforce.com");
            }
            return valid(a.getTokenUrl() != null ? "bulk2.auth.token-url" : "bulk2.instance-url",
                    () -> ClientCredentialsAuth.builder().tokenUrl(tokenUrl).clientId(a.getClientId())
                            .clientSecret(a.getClientSecret()).build());
        }
        require(a.getUsername(), "bulk2.auth.username", "the Salesforce username the token is issued for");
        if (a.getPrivateKey() != null && a.getKeyStore() != null) {
            throw new Bulk2PropertiesException("bulk2.auth.private-key", "bulk2.auth.private-key and "
                    + "bulk2.auth.key-store are both set: set one of them");
        }
        if (a.getPrivateKey() == null && a.getKeyStore() == null) {
            throw new Bulk2PropertiesException("bulk2.auth.private-key", "bulk2.auth.private-key is not set (nor "
                    + "bulk2.auth.key-store): the JWT bearer flow needs the private key of the connected app's "
                    + "certificate");
        }
        JwtBearerAuth.Builder b = JwtBearerAuth.builder().loginUrl(a.getLoginUrl()).clientId(a.getClientId())
                .username(a.getUsername());
        if (a.getPrivateKey() != null) {
            String pem = read(a.getPrivateKey(), "bulk2.auth.private-key");
            valid("bulk2.auth.private-key", () -> b.privateKeyPem(pem));
        } else {
            require(a.getKeyAlias(), "bulk2.auth.key-alias", "the alias of the key entry in bulk2.auth.key-store");
            require(a.getKeyStorePassword(), "bulk2.auth.key-store-password", "the key store's password");
            char[] password = a.getKeyStorePassword().toCharArray();
            KeyStore ks = loadKeyStore(a.getKeyStore(), a.getKeyStoreType(), password);
            valid("bulk2.auth.key-alias", () -> b.keyStore(ks, a.getKeyAlias(), password));
        }
        return valid("bulk2.auth", b::build);
    }

    static BulkClient.Builder clientBuilder(Bulk2Properties p, AuthProvider auth, ClientObserver observer) {
        BulkClient.Builder b = BulkClient.builder().auth(auth).observer(observer);
        if (p.getInstanceUrl() != null) {
            valid("bulk2.instance-url", () -> b.instanceUrl(p.getInstanceUrl()));
        }
        if (p.getApiVersion() != null) {
            valid("bulk2.api-version", () -> b.apiVersion(p.getApiVersion()));
        }
        valid("bulk2.request-timeout", () -> b.requestTimeout(p.getRequestTimeout()));
        valid("bulk2.upload-timeout", () -> b.uploadTimeout(p.getUploadTimeout()));
        valid("bulk2.connect-timeout", () -> b.connectTimeout(p.getConnectTimeout()));
        if (p.getUserAgentSuffix() != null) {
            valid("bulk2.user-agent-suffix", () -> b.userAgentSuffix(p.getUserAgentSuffix()));
        }
        Bulk2Properties.Retry r = p.getRetry();
        Backoff backoff = valid("bulk2.retry.initial-backoff",
                () -> Backoff.exponential(r.getInitialBackoff(), r.getMaxBackoff()));
        RetryPolicy.Builder policy = RetryPolicy.builder();
        valid("bulk2.retry.max-attempts", () -> policy.maxAttempts(r.getMaxAttempts()));
        valid("bulk2.retry.max-elapsed", () -> policy.maxElapsed(r.getMaxElapsed()));
        b.retryPolicy(policy.backoff(backoff).build());
        return b;
    }

    static Duration positive(Duration d, String property) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new Bulk2PropertiesException(property, property + " must be a positive duration, was " + d);
        }
        return d;
    }

    private static void require(String value, String property, String what) {
        if (value == null || value.isBlank()) {
            throw new Bulk2PropertiesException(property, property + " is not set: " + what);
        }
    }

    private interface Step<T> {
        T run();
    }

    /** Runs an SDK builder step; its IllegalArgumentException or NullPointerException names the property. */
    private static <T> T valid(String property, Step<T> step) {
        try {
            return step.run();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new Bulk2PropertiesException(property, property + ": " + e.getMessage());
        }
    }

    private static String read(Resource r, String property) {
        try (InputStream in = r.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new Bulk2PropertiesException(property, property + ": cannot read " + r.getDescription() + " ("
                    + e.getMessage() + ")");
        }
    }

    private static KeyStore loadKeyStore(Resource r, String type, char[] password) {
        try (InputStream in = r.getInputStream()) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password);
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            // never the password: the exception messages of KeyStore.load do not carry it
            throw new Bulk2PropertiesException("bulk2.auth.key-store", "bulk2.auth.key-store: cannot load "
                    + r.getDescription() + " as " + type + " (" + e.getMessage() + ")");
        }
    }
}
