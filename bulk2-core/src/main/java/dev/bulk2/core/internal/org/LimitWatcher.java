package dev.bulk2.core.internal.org;

import dev.bulk2.core.LimitInfo;
import dev.bulk2.core.org.OrgLimit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Watches the org's daily API usage across successive observations ({@link LimitInfo} from the
 * {@code Sforce-Limit-Info} header, or the {@code DailyApiRequests} {@link OrgLimit}) and reports each threshold
 * (by default 80% and 95%) the first time usage reaches it. A jump over several thresholds in one observation
 * reports all of them, lowest first; a threshold reported once is never reported again by this watcher, even if
 * usage falls (the 24-hour window rolls) and rises again. Create one per run. Internal, thread-safe.
 *
 * <pre>{@code
 * LimitWatcher watcher = LimitWatcher.defaults();
 * // after each API response of the run:
 * client.lastLimitInfo().ifPresent(info -> watcher.observe(info).forEach(c -> LOG.log(WARNING, c.message())));
 * }</pre>
 */
public final class LimitWatcher {
    private final double[] thresholds;
    private int reported;

    private LimitWatcher(double[] thresholds) {
        this.thresholds = thresholds;
    }

    /**
     * A watcher for 80% and 95%.
     *
     * @return a new watcher
     */
    public static LimitWatcher defaults() {
        return of(0.80, 0.95);
    }

    /**
     * A watcher for the given thresholds.
     *
     * @param thresholds fractions of the allocation, each above 0 and at most 1, for example {@code 0.8}
     * @return a new watcher
     * @throws IllegalArgumentException if none is given or one is out of range
     */
    public static LimitWatcher of(double... thresholds) {
        Objects.requireNonNull(thresholds, "thresholds");
        if (thresholds.length == 0) {
            throw new IllegalArgumentException("at least one threshold is required");
        }
        double[] t = thresholds.clone();
        Arrays.sort(t);
        for (int i = 0; i < t.length; i++) {
            if (!(t[i] > 0 && t[i] <= 1)) {
                throw new IllegalArgumentException("threshold must be above 0 and at most 1: " + t[i]);
            }
            if (i > 0 && t[i] == t[i - 1]) {
                throw new IllegalArgumentException("duplicate threshold: " + t[i]);
            }
        }
        return new LimitWatcher(t);
    }

    /**
     * Records an observation from the {@code Sforce-Limit-Info} header.
     *
     * @param info the usage
     * @return the thresholds crossed for the first time, lowest first; empty if none
     */
    public List<Crossing> observe(LimitInfo info) {
        Objects.requireNonNull(info, "info");
        return observe(info.apiUsed(), info.apiMax(), info.observedAt(), "Sforce-Limit-Info");
    }

    /**
     * Records an observation from the limits resource, normally its {@code DailyApiRequests} entry.
     *
     * @param limit the limit
     * @param observedAt when it was read
     * @return the thresholds crossed for the first time, lowest first; empty if none
     */
    public List<Crossing> observe(OrgLimit limit, Instant observedAt) {
        Objects.requireNonNull(limit, "limit");
        return observe(limit.used(), limit.max(), observedAt, limit.name());
    }

    /**
     * Records an observation.
     *
     * @param used requests used
     * @param max the allocation; observations with {@code max <= 0} report nothing
     * @param observedAt when it was observed
     * @param source where the figures came from, for messages
     * @return the thresholds crossed for the first time, lowest first; empty if none
     */
    public synchronized List<Crossing> observe(long used, long max, Instant observedAt, String source) {
        Objects.requireNonNull(observedAt, "observedAt");
        if (max <= 0 || reported == thresholds.length) {
            return Collections.emptyList();
        }
        List<Crossing> out = new ArrayList<>(1);
        while (reported < thresholds.length && (double) used / max >= thresholds[reported]) {
            out.add(new Crossing(thresholds[reported], used, max, observedAt, source));
            reported++;
        }
        return out.isEmpty() ? Collections.emptyList() : Collections.unmodifiableList(out);
    }

    /**
     * The thresholds already reported.
     *
     * @return how many, from the lowest
     */
    public synchronized int reportedCount() {
        return reported;
    }

    /** One threshold crossing. Immutable. */
    public static final class Crossing {
        private final double threshold;
        private final long used;
        private final long max;
        private final Instant observedAt;
        private final String source;

        Crossing(double threshold, long used, long max, Instant observedAt, String source) {
            this.threshold = threshold;
            this.used = used;
            this.max = max;
            this.observedAt = observedAt;
            this.source = source;
        }

        /** @return the threshold crossed, for example 0.8 */
        public double threshold() {
            return threshold;
        }

        /** @return requests used at the observation */
        public long used() {
            return used;
        }

        /** @return the allocation at the observation */
        public long max() {
            return max;
        }

        /** @return when it was observed */
        public Instant observedAt() {
            return observedAt;
        }

        /**
         * A log line, for example "The org has used 80% of its daily API requests (80,000 of 100,000, per
         * Sforce-Limit-Info); 20,000 remain in the rolling 24 hours."
         *
         * @return the message
         */
        public String message() {
            return String.format(Locale.ROOT, "The org has used %d%% of its daily API requests (%,d of %,d, per %s);"
                    + " %,d remain in the rolling 24 hours. Other integrations share this allocation.",
                    Math.round(threshold * 100), used, max, source, Math.max(0, max - used));
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Crossing)) {
                return false;
            }
            Crossing c = (Crossing) o;
            return threshold == c.threshold && used == c.used && max == c.max && observedAt.equals(c.observedAt)
                    && source.equals(c.source);
        }

        @Override
        public int hashCode() {
            return Objects.hash(threshold, used, max, observedAt, source);
        }

        @Override
        public String toString() {
            return "Crossing{" + message() + "}";
        }
    }
}
