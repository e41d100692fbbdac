package dev.bulk2.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A sleeper for tests: it records every delay it is asked for and returns at once, moving a {@link FakeClock}
 * forward by that delay when it has one, so that code waiting 30 minutes runs in milliseconds and the exact delay
 * sequence can be asserted.
 *
 * <p>bulk2-testkit does not depend on bulk2-core, so this class does not implement {@code dev.bulk2.core.Sleeper};
 * that interface is functional, and a method reference fits it (and any other one-method {@code sleep(Duration)}
 * interface, such as the bulk2-auth builders' {@code sleeper(...)}):
 *
 * <pre>{@code
 * FakeClock clock = FakeClock.create();
 * RecordingSleeper sleeper = RecordingSleeper.advancing(clock);
 * BulkClient client = BulkClient.builder()
 *         .instanceUrl(sf.instanceUrl()).auth(AuthProvider.ofToken(sf.issueToken()))
 *         .clock(clock)
 *         .sleeper(sleeper::sleep)
 *         .build();
 * // ... run the code under test, then:
 * assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
 * }</pre>
 *
 * <p>It never blocks and ignores interruption. Thread-safe: concurrent {@link #sleep(Duration)} calls are recorded
 * in the order they happen, and each moves the clock by its own delay.
 */
public final class RecordingSleeper {
    private final FakeClock clock;
    private final List<Duration> delays = new ArrayList<>();

    private RecordingSleeper(FakeClock clock) {
        this.clock = clock;
    }

    /**
     * A sleeper that only records (no clock moves).
     *
     * @return a new sleeper
     */
    public static RecordingSleeper create() {
        return new RecordingSleeper(null);
    }

    /**
     * A sleeper that records and moves {@code clock} forward by every positive delay.
     *
     * @param clock the clock to advance
     * @return a new sleeper
     */
    public static RecordingSleeper advancing(FakeClock clock) {
        return new RecordingSleeper(Objects.requireNonNull(clock, "clock"));
    }

    /**
     * "Sleeps": records {@code duration} as given (zero and negative delays too, as the caller asked for them) and
     * advances the clock, if any, by it when it is positive. Returns at once.
     *
     * @param duration the requested delay
     */
    public void sleep(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        synchronized (delays) {
            delays.add(duration);
            if (clock != null && !duration.isNegative() && !duration.isZero()) {
                clock.advance(duration);
            }
        }
    }

    /**
     * The delays asked for so far, oldest first.
     *
     * @return an unmodifiable copy
     */
    public List<Duration> delays() {
        synchronized (delays) {
            return Collections.unmodifiableList(new ArrayList<>(delays));
        }
    }

    /**
     * How many times {@link #sleep(Duration)} was called.
     *
     * @return the count
     */
    public int count() {
        synchronized (delays) {
            return delays.size();
        }
    }

    /**
     * The sum of the positive delays asked for so far (what a real sleeper would have waited, and how far the
     * clock was moved).
     *
     * @return the total, {@link Duration#ZERO} when none
     */
    public Duration total() {
        synchronized (delays) {
            Duration sum = Duration.ZERO;
            for (Duration d : delays) {
                if (!d.isNegative()) {
                    sum = sum.plus(d);
                }
            }
            return sum;
        }
    }

    /** Forgets the delays recorded so far (the clock stays where it is). */
    public void clear() {
        synchronized (delays) {
            delays.clear();
        }
    }

    @Override
    public String toString() {
        return "RecordingSleeper{delays=" + count() + ", total=" + total() + (clock != null ? ", " + clock : "")
                + "}";
    }
}
