package dev.bulk2.auth;

import dev.bulk2.core.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A sleeper that records the delays and returns at once. */
final class RecordingSleeper implements Sleeper {
    private final List<Duration> delays = new ArrayList<>();

    @Override
    public synchronized void sleep(Duration duration) {
        delays.add(duration);
    }

    synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }
}
