package dev.bulk2.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FakeClockTest {
    private static final Instant T0 = Instant.parse("2025-06-02T09:14:06Z");

    @Test
    void create_standsAtTheFixedDefaultStart_inUtc() {
        FakeClock c = FakeClock.create();
        assertThat(c.instant()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z")).isEqualTo(FakeClock.DEFAULT_START);
        assertThat(c.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(c.millis()).isEqualTo(FakeClock.DEFAULT_START.toEpochMilli());
    }

    @Test
    void doesNotMoveByItself_advanceAndSetMoveIt() {
        FakeClock c = FakeClock.of(T0);
        assertThat(c.instant()).isEqualTo(T0);
        assertThat(c.instant()).isEqualTo(T0);
        assertThat(c.advance(Duration.ofMinutes(30))).isEqualTo(T0.plusSeconds(1800));
        assertThat(c.advance(Duration.ZERO)).isEqualTo(T0.plusSeconds(1800));
        assertThat(c.instant()).isEqualTo(T0.plusSeconds(1800));
        assertThat(c.millis()).isEqualTo(T0.plusSeconds(1800).toEpochMilli());
        c.set(T0.minusSeconds(5));
        assertThat(c.instant()).isEqualTo(T0.minusSeconds(5));
        assertThat(c.toString()).isEqualTo("FakeClock[2025-06-02T09:14:01Z,Z]");
    }

    @Test
    void advance_rejectsNegativeAndNull() {
        FakeClock c = FakeClock.of(T0);
        assertThatThrownBy(() -> c.advance(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative").hasMessageContaining("set(Instant)");
        assertThatThrownBy(() -> c.advance(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> c.set(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> FakeClock.of(null)).isInstanceOf(NullPointerException.class);
        assertThat(c.instant()).isEqualTo(T0);
    }

    @Test
    void withZone_sharesTheTime() {
        FakeClock c = FakeClock.of(T0);
        assertThat(c.withZone(ZoneOffset.UTC)).isSameAs(c);
        Clock paris = c.withZone(ZoneId.of("Europe/Paris"));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        c.advance(Duration.ofHours(1));
        assertThat(paris.instant()).isEqualTo(T0.plusSeconds(3600));
        ((FakeClock) paris).advance(Duration.ofHours(1));
        assertThat(c.instant()).isEqualTo(T0.plusSeconds(7200));
    }

    @Test
    void concurrentAdvances_noneIsLost() throws Exception {
        FakeClock c = FakeClock.of(T0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 10_000; i++) {
                        c.advance(Duration.ofMillis(1));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(c.instant()).isEqualTo(T0.plusMillis(40_000));
    }
}
