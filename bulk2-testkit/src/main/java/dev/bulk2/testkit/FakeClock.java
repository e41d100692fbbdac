package dev.bulk2.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A {@link Clock} that only moves when told to, for tests of code that takes an injected clock (deadlines, retry
 * budgets, token ages, timestamps).
 *
 * <pre>{@code
 * FakeClock clock = FakeClock.of(Instant.parse("2025-06-02T09:00:00Z"));
 * RecordingSleeper sleeper = RecordingSleeper.advancing(clock);   // every "sleep" moves the clock instead
 * BulkClient client = BulkClient.builder()...clock(clock).sleeper(sleeper::sleep).build();
 * clock.advance(Duration.ofMinutes(30));                          // a 30-minute deadline passes at once
 * }</pre>
 *
 * <p>{@link #withZone(ZoneId)} returns a view in another zone that shares this clock's time: advancing either moves
 * both. Thread-safe: {@link #advance(Duration)} and {@link #set(Instant)} are atomic and every reader sees the latest
 * value.
 */
public final class FakeClock extends Clock {
    /** The start of {@link #create()}: a fixed instant, so that tests do not depend on the day they run. */
    public static final Instant DEFAULT_START = Instant.parse("2025-01-01T00:00:00Z");

    /** The time, shared by this clock and its {@link #withZone(ZoneId)} views. */
    private static final class Time {
        private Instant now;

        Time(Instant now) {
            this.now = now;
        }

        synchronized Instant get() {
            return now;
        }

        synchronized Instant plus(Duration d) {
            now = now.plus(d);
            return now;
        }

        synchronized void set(Instant i) {
            now = i;
        }
    }

    private final Time time;
    private final ZoneId zone;

    private FakeClock(Time time, ZoneId zone) {
        this.time = time;
        this.zone = zone;
    }

    /**
     * A clock standing at {@link #DEFAULT_START} (2025-01-01T00:00:00Z), in UTC.
     *
     * @return a new clock
     */
    public static FakeClock create() {
        return of(DEFAULT_START);
    }

    /**
     * A clock standing at {@code start}, in UTC.
     *
     * @param start the first instant it shows
     * @return a new clock
     */
    public static FakeClock of(Instant start) {
        return new FakeClock(new Time(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /**
     * Moves the clock forward.
     *
     * @param duration how far; zero is allowed
     * @return the instant now shown
     * @throws IllegalArgumentException if {@code duration} is negative (use {@link #set(Instant)} to go back)
     */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, got " + duration
                    + "; use set(Instant) to move the clock back");
        }
        return time.plus(duration);
    }

    /**
     * Sets the clock to an instant, forward or back.
     *
     * @param instant the instant it shows from now on
     */
    public void set(Instant instant) {
        time.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return time.get();
    }

    @Override
    public long millis() {
        return time.get().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /**
     * A view of this clock in another zone; it shares this clock's time (advancing either moves both).
     *
     * @param zone the zone
     * @return the view (this clock if the zone is the same)
     */
    @Override
    public Clock withZone(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return zone.equals(this.zone) ? this : new FakeClock(time, zone);
    }

    @Override
    public String toString() {
        return "FakeClock[" + instant() + "," + zone + "]";
    }
}
