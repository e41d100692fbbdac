package dev.bulk2.core.auth;

/**
 * Supplies the OAuth access token that {@code BulkClient} sends as {@code Authorization: Bearer}.
 *
 * <p>The SPI between bulk2-core and the OAuth flows of bulk2-auth. Implementations cache the token and
 * must be thread-safe: many threads of one client call {@link #token()} at once.
 *
 * <p>Refresh protocol: when Salesforce answers 401 {@code INVALID_SESSION_ID}, the client calls
 * {@link #invalidate(AccessToken)} with the token it sent, then {@link #token()} again and replays the request
 * once. An implementation fetches a new token only if the rejected token is still its current one, so that
 * many threads that saw the same 401 cause exactly one token request (single-flight).
 */
public interface AuthProvider {

    /**
     * Returns a usable access token, fetching one if none is cached. Blocks while a fetch is under way.
     *
     * @return the current token, never {@code null}
     * @throws dev.bulk2.core.exception.AuthenticationException if no token can be obtained
     */
    AccessToken token();

    /**
     * Marks a token as rejected by Salesforce. The next {@link #token()} call returns a different token
     * (fetching a new one), unless another thread already replaced it. Never throws.
     *
     * @param rejected the token the failed request carried
     */
    void invalidate(AccessToken rejected);

    /**
     * A fixed token (for example one obtained by another tool, such as {@code sf org display}). It is never
     * refreshed: a 401 fails with an {@code AuthenticationException}. Its {@code toString()} never shows the token.
     *
     * @param accessToken the token value
     * @return the provider
     */
    static AuthProvider ofToken(String accessToken) {
        return StaticTokenAuth.of(accessToken);
    }

    /**
     * A fixed token with its metadata (instance URL, issue time); see {@link #ofToken(String)}.
     *
     * @param token the token
     * @return the provider
     */
    static AuthProvider ofToken(AccessToken token) {
        return StaticTokenAuth.of(token);
    }
}
