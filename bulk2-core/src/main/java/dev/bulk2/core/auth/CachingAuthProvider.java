package dev.bulk2.core.auth;

import dev.bulk2.core.exception.AuthenticationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Base class for {@link AuthProvider}s that obtain tokens from somewhere (an OAuth token endpoint) and cache
 * them, implementing the single-flight contract of {@link AuthProvider}: at most one {@link #fetch()} runs at a
 * time, threads arriving meanwhile wait for its result (or share its failure), and
 * {@link #invalidate(AccessToken)} drops the cached token only if it is the rejected one, so many threads that
 * saw the same 401 cause exactly one new fetch. Optionally a token older than a maximum age is replaced before
 * Salesforce rejects it (to stay ahead of the org's session timeout).
 *
 * <p>Subclasses implement {@link #fetch()} only. The bulk2-auth providers are built on it. Thread-safe.
 */
public abstract class CachingAuthProvider implements AuthProvider {
    private final Clock clock;
    private final Duration maxTokenAge;
    private final Object lock = new Object();
    private volatile Entry current;
    private CompletableFuture<AccessToken> inFlight;

    /** A cache without a maximum token age: a token is kept until it is invalidated. */
    protected CachingAuthProvider() {
        this(Clock.systemUTC(), null);
    }

    /**
     * A cache that also replaces tokens older than {@code maxTokenAge}.
     *
     * @param clock the clock that measures token age
     * @param maxTokenAge the maximum age, measured from when the token was received; {@code null} for none
     * @throws IllegalArgumentException if the age is zero or negative
     */
    protected CachingAuthProvider(Clock clock, Duration maxTokenAge) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxTokenAge != null && (maxTokenAge.isZero() || maxTokenAge.isNegative())) {
            throw new IllegalArgumentException("maxTokenAge must be positive: " + maxTokenAge);
        }
        this.maxTokenAge = maxTokenAge;
    }

    /**
     * Obtains a new token, for example by running an OAuth grant. Never called concurrently with itself.
     *
     * @return the new token, never {@code null}
     * @throws dev.bulk2.core.exception.AuthenticationException if no token can be obtained
     */
    protected abstract AccessToken fetch();

    @Override
    public final AccessToken token() {
        Entry e = current;
        if (e != null && isFresh(e)) {
            return e.token;
        }
        CompletableFuture<AccessToken> flight;
        boolean owner = false;
        synchronized (lock) {
            e = current;
            if (e != null && isFresh(e)) {
                return e.token;
            }
            if (inFlight == null) {
                inFlight = new CompletableFuture<>();
                owner = true;
            }
            flight = inFlight;
        }
        return owner ? fetchFor(flight) : await(flight);
    }

    private AccessToken fetchFor(CompletableFuture<AccessToken> flight) {
        AccessToken fetched;
        try {
            fetched = fetch();
            if (fetched == null) {
                throw new IllegalStateException(getClass().getName() + ".fetch() returned null");
            }
        } catch (RuntimeException | Error x) {
            synchronized (lock) {
                inFlight = null;
            }
            flight.completeExceptionally(x);
            throw x;
        }
        synchronized (lock) {
            inFlight = null;
            current = new Entry(fetched, clock.instant());
        }
        flight.complete(fetched);
        return fetched;
    }

    private static AccessToken await(CompletableFuture<AccessToken> flight) {
        try {
            return flight.get();
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

    /** Drops the cached token if it carries the rejected value; a token already replaced is left alone. */
    @Override
    public final void invalidate(AccessToken rejected) {
        if (rejected == null) {
            return;
        }
        synchronized (lock) {
            Entry e = current;
            if (e != null && e.token.value().equals(rejected.value())) {
                current = null;
            }
        }
    }

    /**
     * The cached token, without fetching.
     *
     * @return the token, or {@code null} when none is cached
     */
    protected final AccessToken cached() {
        Entry e = current;
        return e == null ? null : e.token;
    }

    private boolean isFresh(Entry e) {
        return maxTokenAge == null || clock.instant().isBefore(e.fetchedAt.plus(maxTokenAge));
    }

    private static final class Entry {
        final AccessToken token;
        final Instant fetchedAt;

        Entry(AccessToken token, Instant fetchedAt) {
            this.token = token;
            this.fetchedAt = fetchedAt;
        }
    }
}
