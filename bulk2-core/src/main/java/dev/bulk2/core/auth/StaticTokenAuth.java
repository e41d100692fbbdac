package dev.bulk2.core.auth;

import dev.bulk2.core.exception.AuthenticationException;
import java.util.Objects;

/**
 * An {@link AuthProvider} for a token obtained elsewhere (for example by the Salesforce CLI).
 *
 * <p>It cannot refresh: once Salesforce rejects the token, {@link #token()} throws
 * {@link AuthenticationException}. Thread-safe.
 */
final class StaticTokenAuth implements AuthProvider {
    private final AccessToken token;
    private volatile boolean rejected;

    private StaticTokenAuth(AccessToken token) {
        this.token = Objects.requireNonNull(token, "token");
    }

    /**
     * A provider that always returns the given token.
     *
     * @param token the token
     * @return the provider
     */
    static StaticTokenAuth of(AccessToken token) {
        return new StaticTokenAuth(token);
    }

    /**
     * A provider that always returns the given token value.
     *
     * @param accessToken the bearer token
     * @return the provider
     */
    static StaticTokenAuth of(String accessToken) {
        return new StaticTokenAuth(AccessToken.of(accessToken));
    }

    @Override
    public AccessToken token() {
        if (rejected) {
            throw new AuthenticationException("The static access token was rejected by Salesforce "
                    + "(INVALID_SESSION_ID) and cannot be refreshed; supply a new token or use an OAuth "
                    + "AuthProvider from bulk2-auth.", null, null);
        }
        return token;
    }

    @Override
    public void invalidate(AccessToken rejectedToken) {
        if (token.equals(rejectedToken)) {
            rejected = true;
        }
    }

    @Override
    public String toString() {
        return "StaticTokenAuth{token=<redacted>}";
    }
}
