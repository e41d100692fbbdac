/**
 * OAuth 2.0 {@link dev.bulk2.core.auth.AuthProvider}s for Salesforce: {@link dev.bulk2.auth.ClientCredentialsAuth}
 * (client credentials flow, posted to the org's My Domain) and {@link dev.bulk2.auth.JwtBearerAuth} (JWT bearer
 * flow, RS256 assertion signed with the private key whose certificate is uploaded to the app).
 *
 * <p>Both providers cache one token shared by all threads, fetch a new one at most once however many threads
 * report the same rejected token, retry transient token-endpoint failures (5xx, connection failures, timeouts) a
 * bounded number of times, and turn OAuth errors into
 * {@link dev.bulk2.core.exception.AuthenticationException}s that carry the OAuth {@code error} and
 * {@code error_description} and say how to fix the problem. Secrets (client secret, private key, assertion,
 * access token) never appear in log lines, exception messages or {@code toString()}. Logging goes through
 * {@link java.lang.System.Logger} named {@code dev.bulk2.auth}.
 */
package dev.bulk2.auth;
