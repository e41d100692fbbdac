package dev.bulk2.core.auth;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Base class for {@link AuthProvider}s that obtain tokens from somewhere (an OAuth token endpoint) and cache
 * them, implementing the single-flight contract of {@link AuthProvider}: at most one {@link #fetch()} runs at a
 * time, threads arriving meanwhile wait for its result, and {@link #invalidate(AccessToken)} drops the cached
 * token only if it is the rejected one, so many threads that saw the same 401 cause exactly one new fetch.
 *
 * <p>Subclasses implement {@link #fetch()} only. Thread-safe.
 */
public abstract class CachingAuthProvider implements AuthProvider {
    private final ReentrantLock lock = new ReentrantLock();
    private volatile AccessToken current;

    /** Creates a provider with no token cached. */
    protected CachingAuthProvider() {
    }

    /**
     * Obtains a new token, for example by running an OAuth grant. Called with the provider's lock held, never
     * concurrently with itself.
     *
     * @return the new token, never {@code null}
     * @throws dev.bulk2.core.exception.AuthenticationException if no token can be obtained
     */
    protected abstract AccessToken fetch();

    @Override
    public final AccessToken token() {
        AccessToken t = current;
        if (t != null) {
            return t;
        }
        lock.lock();
        try {
            t = current;
            if (t == null) {
                t = fetch();
                if (t == null) {
                    throw new IllegalStateException(getClass().getName() + ".fetch() returned null");
                }
                current = t;
            }
            return t;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final void invalidate(AccessToken rejected) {
        if (rejected == null) {
            return;
        }
        lock.lock();
        try {
            if (rejected.equals(current)) {
                current = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The cached token without fetching.
     *
     * @return the token, or {@code null} when none is cached
     */
    protected final AccessToken cached() {
        return current;
    }
}
