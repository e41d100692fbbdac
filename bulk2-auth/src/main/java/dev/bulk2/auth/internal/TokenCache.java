package dev.bulk2.auth.internal;

import dev.bulk2.auth.SalesforceToken;
import dev.bulk2.core.auth.AccessToken;
import dev.bulk2.core.auth.CachingAuthProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The token cache of the bulk2-auth providers: bulk2-core's {@link CachingAuthProvider} (single-flight refresh,
 * shared failures, maximum token age) plus the full response of the last successful token request.
 *
 * <p>Thread-safe. Not part of the supported API.
 */
public final class TokenCache extends CachingAuthProvider {
    private final Supplier<SalesforceToken> fetcher;
    private volatile SalesforceToken last;

    /**
     * Creates the cache.
     *
     * @param fetcher runs the token request; never called concurrently with itself
     * @param clock measures token age
     * @param maxAge replace tokens older than this; {@code null} for no limit
     */
    public TokenCache(Supplier<SalesforceToken> fetcher, Clock clock, Duration maxAge) {
        super(clock, maxAge);
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    }

    @Override
    protected AccessToken fetch() {
        SalesforceToken t = Objects.requireNonNull(fetcher.get(), "fetcher returned null");
        last = t;
        return t.toAccessToken();
    }

    /**
     * The full response of the last successful token request, also after it was invalidated.
     *
     * @return the last token, empty before the first success
     */
    public Optional<SalesforceToken> last() {
        return Optional.ofNullable(last);
    }

    @Override
    public String toString() {
        return "TokenCache{token=<redacted>}";
    }
}
