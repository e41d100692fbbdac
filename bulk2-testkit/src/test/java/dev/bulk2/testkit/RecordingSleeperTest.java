package dev.bulk2.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RecordingSleeperTest {
    /** A one-method interface shaped like dev.bulk2.core.Sleeper (which the testkit cannot see). */
    @FunctionalInterface
    interface SleeperLike {
        void sleep(Duration d) throws InterruptedException;
    }

    @Test
    void records_inOrder_withoutAClock() throws Exception {
        RecordingSleeper s = RecordingSleeper.create();
        assertThat(s.delays()).isEmpty();
        assertThat(s.total()).isEqualTo(Duration.ZERO);
        SleeperLike asInterface = s::sleep;
        asInterface.sleep(Duration.ofSeconds(1));
        asInterface.sleep(Duration.ofSeconds(2));
        asInterface.sleep(Duration.ZERO);
        asInterface.sleep(Duration.ofMillis(-5));
        assertThat(s.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ZERO,
                Duration.ofMillis(-5));
        assertThat(s.count()).isEqualTo(4);
        assertThat(s.total()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.toString()).isEqualTo("RecordingSleeper{delays=4, total=PT3S}");
    }

    @Test
    void advancing_movesTheClockByEveryPositiveDelay() {
        FakeClock clock = FakeClock.of(Instant.parse("2025-01-01T00:00:00Z"));
        RecordingSleeper s = RecordingSleeper.advancing(clock);
        s.sleep(Duration.ofMinutes(30));
        s.sleep(Duration.ofMillis(-1));
        s.sleep(Duration.ofMillis(250));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2025-01-01T00:30:00.250Z"));
        assertThat(s.total()).isEqualTo(Duration.ofMinutes(30).plusMillis(250));
    }

    @Test
    void delays_isACopy_andClearForgetsButKeepsTheClock() {
        FakeClock clock = FakeClock.create();
        RecordingSleeper s = RecordingSleeper.advancing(clock);
        s.sleep(Duration.ofSeconds(7));
        List<Duration> before = s.delays();
        assertThatThrownBy(() -> before.add(Duration.ZERO)).isInstanceOf(UnsupportedOperationException.class);
        s.clear();
        assertThat(before).containsExactly(Duration.ofSeconds(7));
        assertThat(s.delays()).isEmpty();
        assertThat(s.count()).isZero();
        assertThat(s.total()).isEqualTo(Duration.ZERO);
        assertThat(clock.instant()).isEqualTo(FakeClock.DEFAULT_START.plusSeconds(7));
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> RecordingSleeper.advancing(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> RecordingSleeper.create().sleep(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void returnsAtOnce_evenWhenInterrupted() {
        RecordingSleeper s = RecordingSleeper.create();
        Thread.currentThread().interrupt();
        try {
            s.sleep(Duration.ofDays(1));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(s.delays()).containsExactly(Duration.ofDays(1));
    }

    @Test
    void concurrentSleeps_allRecorded_clockMovedByTheSum() throws Exception {
        FakeClock clock = FakeClock.create();
        RecordingSleeper s = RecordingSleeper.advancing(clock);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 5_000; i++) {
                        s.sleep(Duration.ofMillis(2));
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
        assertThat(s.count()).isEqualTo(20_000);
        assertThat(s.total()).isEqualTo(Duration.ofMillis(40_000));
        assertThat(clock.instant()).isEqualTo(FakeClock.DEFAULT_START.plusMillis(40_000));
    }
}
