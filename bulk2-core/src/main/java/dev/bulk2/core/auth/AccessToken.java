package dev.bulk2.core.auth;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An OAuth access token and what the token endpoint said about it.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never prints the token value.
 */
public final class AccessToken {
    private final String value;
    private final URI instanceUrl;
    private final Instant issuedAt;

    private AccessToken(String value, URI instanceUrl, Instant issuedAt) {
        this.value = Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("access token value must not be blank");
        }
        this.instanceUrl = instanceUrl;
        this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
    }

    /**
     * A token with no instance URL, issued now.
     *
     * @param value the bearer token
     * @return the token
     */
    public static AccessToken of(String value) {
        return new AccessToken(value, null, Instant.now());
    }

    /**
     * A token as a token endpoint returned it.
     *
     * @param value the bearer token
     * @param instanceUrl the {@code instance_url} of the response, or {@code null} when unknown
     * @param issuedAt when it was issued ({@code issued_at}, milliseconds in real responses)
     * @return the token
     */
    public static AccessToken of(String value, URI instanceUrl, Instant issuedAt) {
        return new AccessToken(value, instanceUrl, issuedAt);
    }

    /**
     * The bearer token itself. Treat it as a secret: never log it.
     *
     * @return the token value
     */
    public String value() {
        return value;
    }

    /**
     * The base URL for REST and Bulk calls that the token endpoint named, if it named one.
     *
     * @return the instance URL
     */
    public Optional<URI> instanceUrl() {
        return Optional.ofNullable(instanceUrl);
    }

    /**
     * When the token was issued.
     *
     * @return the issue time
     */
    public Instant issuedAt() {
        return issuedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AccessToken)) {
            return false;
        }
        AccessToken other = (AccessToken) o;
        return value.equals(other.value) && Objects.equals(instanceUrl, other.instanceUrl)
                && issuedAt.equals(other.issuedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, instanceUrl, issuedAt);
    }

    /** Describes the token without revealing it. */
    @Override
    public String toString() {
        return "AccessToken{value=<redacted>, instanceUrl=" + instanceUrl + ", issuedAt=" + issuedAt + "}";
    }
}
