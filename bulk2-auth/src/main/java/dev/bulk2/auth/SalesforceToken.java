package dev.bulk2.auth;

import dev.bulk2.core.auth.AccessToken;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A successful answer of the Salesforce OAuth token endpoint ({@code /services/oauth2/token}), with every field
 * the client credentials and JWT bearer flows return.
 *
 * <p>Salesforce returns no {@code refresh_token} and normally no {@code expires_in} for these flows: a token
 * lives as long as the org's session timeout, and a new one is obtained by repeating the grant.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never prints the access token; treat
 * {@link #accessToken()} as a secret.
 */
public final class SalesforceToken {
    private final String accessToken;
    private final URI instanceUrl;
    private final String id;
    private final Instant issuedAt;
    private final String scope;
    private final String tokenType;
    private final String signature;
    private final URI apiInstanceUrl;

    private SalesforceToken(Builder b) {
        this.accessToken = Objects.requireNonNull(b.accessToken, "accessToken");
        if (accessToken.isBlank()) {
            throw new IllegalArgumentException("accessToken must not be blank");
        }
        this.issuedAt = Objects.requireNonNull(b.issuedAt, "issuedAt");
        this.instanceUrl = b.instanceUrl;
        this.id = b.id;
        this.scope = b.scope;
        this.tokenType = b.tokenType;
        this.signature = b.signature;
        this.apiInstanceUrl = b.apiInstanceUrl;
    }

    /**
     * A new builder; {@code accessToken} and {@code issuedAt} are required, everything else is optional.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder preset with this token's fields.
     *
     * @return a builder holding a copy of this token's fields
     */
    public Builder toBuilder() {
        return new Builder().accessToken(accessToken).instanceUrl(instanceUrl).id(id).issuedAt(issuedAt)
                .scope(scope).tokenType(tokenType).signature(signature).apiInstanceUrl(apiInstanceUrl);
    }

    /**
     * The bearer token ({@code access_token}). A secret: never log it.
     *
     * @return the token value
     */
    public String accessToken() {
        return accessToken;
    }

    /**
     * The base URL for all REST and Bulk calls ({@code instance_url}); always use it rather than the host the
     * token was requested from.
     *
     * @return the instance URL, empty only if the response lacked it
     */
    public Optional<URI> instanceUrl() {
        return Optional.ofNullable(instanceUrl);
    }

    /**
     * The identity URL ({@code id}), {@code https://login.salesforce.com/id/<orgId>/<userId>}.
     *
     * @return the identity URL, if present
     */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /**
     * When the token was issued ({@code issued_at}). Salesforce sends milliseconds since the epoch; a value
     * short enough to be seconds is read as seconds. If the response lacked the field, the time it was received.
     *
     * @return the issue time
     */
    public Instant issuedAt() {
        return issuedAt;
    }

    /**
     * The granted scopes, space-separated ({@code scope}), for example {@code api} or {@code id api}.
     *
     * @return the scopes, if present
     */
    public Optional<String> scope() {
        return Optional.ofNullable(scope);
    }

    /**
     * The token type ({@code token_type}), {@code Bearer}.
     *
     * @return the token type, if present
     */
    public Optional<String> tokenType() {
        return Optional.ofNullable(tokenType);
    }

    /**
     * The integrity signature over {@code id} and {@code issued_at} ({@code signature}); not a secret.
     *
     * @return the signature, if present
     */
    public Optional<String> signature() {
        return Optional.ofNullable(signature);
    }

    /**
     * The Salesforce API Platform base URL ({@code api_instance_url}), present only when the {@code sfap_api}
     * scope was granted; irrelevant to Bulk API 2.0.
     *
     * @return the API instance URL, if present
     */
    public Optional<URI> apiInstanceUrl() {
        return Optional.ofNullable(apiInstanceUrl);
    }

    /**
     * This token as the {@link AccessToken} that bulk2-core sends: value, instance URL and issue time.
     *
     * @return the access token
     */
    public AccessToken toAccessToken() {
        return AccessToken.of(accessToken, instanceUrl, issuedAt);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SalesforceToken)) {
            return false;
        }
        SalesforceToken t = (SalesforceToken) o;
        return accessToken.equals(t.accessToken) && Objects.equals(instanceUrl, t.instanceUrl)
                && Objects.equals(id, t.id) && issuedAt.equals(t.issuedAt) && Objects.equals(scope, t.scope)
                && Objects.equals(tokenType, t.tokenType) && Objects.equals(signature, t.signature)
                && Objects.equals(apiInstanceUrl, t.apiInstanceUrl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accessToken, instanceUrl, id, issuedAt, scope, tokenType, signature, apiInstanceUrl);
    }

    /** Describes the token without revealing the access token. */
    @Override
    public String toString() {
        return "SalesforceToken{accessToken=<redacted>, instanceUrl=" + instanceUrl + ", id=" + id
                + ", issuedAt=" + issuedAt + ", scope=" + scope + ", tokenType=" + tokenType
                + ", apiInstanceUrl=" + apiInstanceUrl + "}";
    }

    /**
     * Builds a {@link SalesforceToken}. Not thread-safe. Every field defaults to absent ({@code null}).
     */
    public static final class Builder {
        private String accessToken;
        private URI instanceUrl;
        private String id;
        private Instant issuedAt;
        private String scope;
        private String tokenType;
        private String signature;
        private URI apiInstanceUrl;

        private Builder() {
        }

        /**
         * Sets the bearer token (required).
         *
         * @param accessToken the token value
         * @return this builder
         */
        public Builder accessToken(String accessToken) {
            this.accessToken = accessToken;
            return this;
        }

        /**
         * Sets the instance URL.
         *
         * @param instanceUrl the instance URL, or {@code null}
         * @return this builder
         */
        public Builder instanceUrl(URI instanceUrl) {
            this.instanceUrl = instanceUrl;
            return this;
        }

        /**
         * Sets the identity URL.
         *
         * @param id the identity URL, or {@code null}
         * @return this builder
         */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /**
         * Sets the issue time (required).
         *
         * @param issuedAt the issue time
         * @return this builder
         */
        public Builder issuedAt(Instant issuedAt) {
            this.issuedAt = issuedAt;
            return this;
        }

        /**
         * Sets the granted scopes.
         *
         * @param scope space-separated scopes, or {@code null}
         * @return this builder
         */
        public Builder scope(String scope) {
            this.scope = scope;
            return this;
        }

        /**
         * Sets the token type.
         *
         * @param tokenType the token type, or {@code null}
         * @return this builder
         */
        public Builder tokenType(String tokenType) {
            this.tokenType = tokenType;
            return this;
        }

        /**
         * Sets the response signature.
         *
         * @param signature the signature, or {@code null}
         * @return this builder
         */
        public Builder signature(String signature) {
            this.signature = signature;
            return this;
        }

        /**
         * Sets the API Platform instance URL.
         *
         * @param apiInstanceUrl the URL, or {@code null}
         * @return this builder
         */
        public Builder apiInstanceUrl(URI apiInstanceUrl) {
            this.apiInstanceUrl = apiInstanceUrl;
            return this;
        }

        /**
         * Builds the token.
         *
         * @return the token
         * @throws NullPointerException if {@code accessToken} or {@code issuedAt} is missing
         * @throws IllegalArgumentException if {@code accessToken} is blank
         */
        public SalesforceToken build() {
            return new SalesforceToken(this);
        }
    }
}
