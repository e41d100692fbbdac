package dev.bulk2.examples.sync;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of the rows read and sent: a progress bar (me.tongfei:progressbar) on an interactive terminal, plain
 * lines at most every {@code interval} otherwise (no terminal, or {@code CI=true}), so logs of scheduled runs stay
 * readable. Used from the reading thread and the SDK's listener threads: synchronized.
 */
abstract class Progress implements AutoCloseable {

    static Progress choose(PrintStream out, boolean interactive, Clock clock) {
        return interactive ? new Bar(out) : new Lines(out, clock, Duration.ofSeconds(5));
    }

    static boolean isInteractiveTerminal(java.util.Map<String, String> env) {
        return System.console() != null && !"true".equalsIgnoreCase(env.getOrDefault("CI", ""));
    }

    abstract void start(String task, long total);

    abstract void step();

    abstract void note(String message);

    @Override
    public abstract void close();

    /** The terminal bar. */
    static final class Bar extends Progress {
        private final PrintStream out;
        private ProgressBar bar;

        Bar(PrintStream out) {
            this.out = out;
        }

        @Override
        synchronized void start(String task, long total) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(250)
                    .showSpeed().build();
        }

        @Override
        synchronized void step() {
            if (bar != null) {
                bar.step();
            }
        }

        @Override
        synchronized void note(String message) {
            if (bar != null) {
                bar.setExtraMessage(message);
            } else {
                out.println(message);
            }
        }

        @Override
        public synchronized void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    /** Plain periodic lines. */
    static final class Lines extends Progress {
        private final PrintStream out;
        private final Clock clock;
        private final Duration interval;
        private String task = "";
        private long total;
        private long done;
        private long lastPrint;

        Lines(PrintStream out, Clock clock, Duration interval) {
            this.out = out;
            this.clock = clock;
            this.interval = interval;
        }

        @Override
        synchronized void start(String task, long total) {
            this.task = task;
            this.total = total;
            this.done = 0;
            this.lastPrint = clock.millis();
            out.printf("%s: 0/%d%n", task, total);
        }

        @Override
        synchronized void step() {
            done++;
            long now = clock.millis();
            if (now - lastPrint >= interval.toMillis()) {
                lastPrint = now;
                out.printf("%s: %d/%d%n", task, done, total);
            }
        }

        @Override
        synchronized void note(String message) {
            out.println("  " + message);
        }

        @Override
        public synchronized void close() {
            if (!task.isEmpty()) {
                out.printf("%s: %d/%d done%n", task, done, total);
                task = "";
            }
        }
    }
}
