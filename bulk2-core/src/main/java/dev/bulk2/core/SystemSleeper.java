package dev.bulk2.core;

import java.time.Duration;

/** The one system sleeper (see {@link Sleeper#system()}). */
final class SystemSleeper implements Sleeper {
    static final SystemSleeper INSTANCE = new SystemSleeper();

    private SystemSleeper() {
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (!duration.isNegative() && !duration.isZero()) {
            Thread.sleep(duration.toMillis());
        }
    }

    @Override
    public String toString() {
        return "Sleeper.system()";
    }
}
