package dev.bulk2.auth.internal;

import dev.bulk2.auth.SalesforceToken;
import dev.bulk2.core.auth.AccessToken;
import dev.bulk2.core.exception.AuthenticationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * One cached token shared by all threads, with single-flight refresh: however many threads find the cache empty
 * (or the token too old) at once, one of them fetches and the others wait for and share its result, success or
 * failure. {@link #invalidate(AccessToken)} only drops the token if it is still the current one.
 *
 * <p>Thread-safe. Not part of the supported API.
 */
public final class TokenCache {
    private final Supplier<SalesforceToken> fetcher;
    private final Clock clock;
    private final Duration maxAge;
    private final Object lock = new Object();

    /** Written under {@link #lock}; read without it on the fast path. */
    private volatile Entry current;
    /** Guarded by {@link #lock}. */
    private CompletableFuture<Entry> inFlight;
    private volatile SalesforceToken last;

    /**
     * Creates an empty cache.
     *
     * @param fetcher fetches a new token (blocking); its exceptions reach every waiting caller
     * @param clock measures token age
     * @param maxAge refetch once a token is this old (measured from when it was received), or {@code null} to
     *     keep it until invalidated
     */
    public TokenCache(Supplier<SalesforceToken> fetcher, Clock clock, Duration maxAge) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxAge = maxAge;
    }

    /**
     * The cached token, fetching one first if there is none or it is older than the maximum age.
     *
     * @return the token
     * @throws AuthenticationException if fetching failed
     */
    public AccessToken token() {
        Entry e = current;
        if (e != null && isFresh(e)) {
            return e.access;
        }
        CompletableFuture<Entry> flight;
        boolean owner = false;
        synchronized (lock) {
            e = current;
            if (e != null && isFresh(e)) {
                return e.access;
            }
            if (inFlight == null) {
                inFlight = new CompletableFuture<>();
                owner = true;
            }
            flight = inFlight;
        }
        return owner ? fetch(flight) : await(flight);
    }

    private AccessToken fetch(CompletableFuture<Entry> flight) {
        Entry fetched;
        try {
            SalesforceToken t = Objects.requireNonNull(fetcher.get(), "fetcher returned null");
            fetched = new Entry(t, t.toAccessToken(), clock.instant());
        } catch (RuntimeException | Error x) {
            synchronized (lock) {
                inFlight = null;
            }
            flight.completeExceptionally(x);
            throw x;
        }
        synchronized (lock) {
            inFlight = null;
            current = fetched;
            last = fetched.token;
        }
        flight.complete(fetched);
        return fetched.access;
    }

    private static AccessToken await(CompletableFuture<Entry> flight) {
        try {
            return flight.get().access;
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new AuthenticationException("Interrupted while waiting for another thread to obtain a "
                    + "Salesforce access token.", null, null, false, x);
        } catch (ExecutionException x) {
            Throwable c = x.getCause();
            if (c instanceof AuthenticationException) {
                AuthenticationException a = (AuthenticationException) c;
                // a fresh instance so that this thread's stack trace is recorded too; the original is the cause
                throw new AuthenticationException(a.getMessage(), a.error().orElse(null),
                        a.errorDescription().orElse(null), a.isRetryable(), a);
            }
            if (c instanceof Error) {
                throw (Error) c;
            }
            throw new AuthenticationException("Obtaining a Salesforce access token failed: " + c, null, null, false,
                    c);
        }
    }

    /**
     * Drops the cached token if it is {@code rejected}; a token that was already replaced stays. Never throws.
     *
     * @param rejected the token Salesforce rejected; {@code null} is ignored
     */
    public void invalidate(AccessToken rejected) {
        if (rejected == null) {
            return;
        }
        synchronized (lock) {
            Entry e = current;
            if (e != null && e.access.value().equals(rejected.value())) {
                current = null;
            }
        }
    }

    /**
     * The last token fetched successfully, even if it was invalidated since.
     *
     * @return the last token, empty before the first successful fetch
     */
    public Optional<SalesforceToken> last() {
        return Optional.ofNullable(last);
    }

    private boolean isFresh(Entry e) {
        return maxAge == null || clock.instant().isBefore(e.fetchedAt.plus(maxAge));
    }

    private static final class Entry {
        final SalesforceToken token;
        final AccessToken access;
        final Instant fetchedAt;

        Entry(SalesforceToken token, AccessToken access, Instant fetchedAt) {
            this.token = token;
            this.access = access;
            this.fetchedAt = fetchedAt;
        }
    }
}
