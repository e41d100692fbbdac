package dev.bulk2.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.auth.SalesforceToken;
import dev.bulk2.core.auth.AccessToken;
import dev.bulk2.core.exception.AuthenticationException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    final AtomicInteger fetches = new AtomicInteger();

    SalesforceToken token(String value) {
        return SalesforceToken.builder().accessToken(value).issuedAt(CLOCK.instant()).build();
    }

    @Test
    void noMaxAge_tokenKeptUntilInvalidated() {
        TokenCache cache = new TokenCache(() -> token("t" + fetches.incrementAndGet()), CLOCK, null);

        AccessToken a = cache.token();
        assertThat(cache.token()).isSameAs(a);
        cache.invalidate(AccessToken.of("t1", null, CLOCK.instant().plusSeconds(5))); // same value, other fields
        assertThat(cache.token().value()).isEqualTo("t2");
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void nonAuthenticationFailure_reachesWaitersWrapped() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TokenCache cache = new TokenCache(() -> {
            fetching.countDown();
            await(release);
            throw new IllegalStateException("boom");
        }, CLOCK, null);
        AtomicReference<Throwable> ownerFailure = new AtomicReference<>();
        Thread owner = new Thread(() -> {
            try {
                cache.token();
            } catch (Throwable t) {
                ownerFailure.set(t);
            }
        });
        owner.start();
        assertThat(fetching.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicReference<Throwable> waiterFailure = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                cache.token();
            } catch (Throwable t) {
                waiterFailure.set(t);
            }
        });
        waiter.start();
        release.countDown();
        owner.join(10_000);
        waiter.join(10_000);

        assertThat(ownerFailure.get()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        // the waiter either joined the failed flight (wrapped) or started its own after it (same failure)
        assertThat(waiterFailure.get()).satisfiesAnyOf(
                t -> assertThat(t).isInstanceOf(AuthenticationException.class).hasMessageContaining("boom"),
                t -> assertThat(t).isInstanceOf(IllegalStateException.class).hasMessage("boom"));
    }

    @Test
    void interruptedWaiter_getsAuthenticationException_andKeepsInterruptFlag() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TokenCache cache = new TokenCache(() -> {
            fetching.countDown();
            await(release);
            return token("slow");
        }, CLOCK, null);
        Thread owner = new Thread(cache::token);
        owner.start();
        assertThat(fetching.await(10, TimeUnit.SECONDS)).isTrue();

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(cache::token).isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("Interrupted");
            assertThat(Thread.interrupted()).isTrue();
        } finally {
            release.countDown();
            owner.join(10_000);
        }
        assertThat(cache.token().value()).isEqualTo("slow");
        assertThat(cache.last()).map(SalesforceToken::accessToken).contains("slow");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
