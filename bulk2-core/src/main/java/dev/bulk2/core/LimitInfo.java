package dev.bulk2.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The org's API usage as the last {@code Sforce-Limit-Info} response header reported it, for example
 * {@code api-usage=18412/100000}. Immutable and thread-safe.
 */
public final class LimitInfo {
    private final long apiUsed;
    private final long apiMax;
    private final long burstsUsed;
    private final long burstsMax;
    private final String raw;
    private final Instant observedAt;

    private LimitInfo(long apiUsed, long apiMax, long burstsUsed, long burstsMax, String raw, Instant observedAt) {
        this.apiUsed = apiUsed;
        this.apiMax = apiMax;
        this.burstsUsed = burstsUsed;
        this.burstsMax = burstsMax;
        this.raw = raw;
        this.observedAt = observedAt;
    }

    /**
     * Parses a {@code Sforce-Limit-Info} header value. Entries are {@code name=USED/MAX} pairs separated by
     * {@code ;} or {@code ,}; {@code api-usage} is required, {@code api-bursts} optional, others are ignored.
     *
     * @param header the header value
     * @param observedAt when the response arrived
     * @return the parsed info, or empty when the value has no {@code api-usage} entry
     */
    public static Optional<LimitInfo> parse(String header, Instant observedAt) {
        if (header == null) {
            return Optional.empty();
        }
        long[] api = null;
        long[] bursts = null;
        for (String part : header.split("[;,]")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = p.substring(0, eq).trim();
            long[] pair = pair(p.substring(eq + 1).trim());
            if (pair == null) {
                continue;
            }
            if (name.equalsIgnoreCase("api-usage")) {
                api = pair;
            } else if (name.equalsIgnoreCase("api-bursts")) {
                bursts = pair;
            }
        }
        if (api == null) {
            return Optional.empty();
        }
        return Optional.of(new LimitInfo(api[0], api[1], bursts == null ? -1 : bursts[0],
                bursts == null ? -1 : bursts[1], header.trim(), Objects.requireNonNull(observedAt, "observedAt")));
    }

    private static long[] pair(String value) {
        int slash = value.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String max = value.substring(slash + 1);
        int paren = max.indexOf('(');
        if (paren >= 0) {
            max = max.substring(0, paren);
        }
        try {
            return new long[] {Long.parseLong(value.substring(0, slash).trim()), Long.parseLong(max.trim())};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * API requests used in the rolling 24 hours.
     *
     * @return the used count
     */
    public long apiUsed() {
        return apiUsed;
    }

    /**
     * The org's API request allocation for 24 hours.
     *
     * @return the maximum
     */
    public long apiMax() {
        return apiMax;
    }

    /**
     * Requests left ({@code max - used}, never negative).
     *
     * @return the remaining allocation
     */
    public long apiRemaining() {
        return Math.max(0, apiMax - apiUsed);
    }

    /**
     * Burst usage ({@code api-bursts=USED/MAX}) when the header carried it.
     *
     * @return {@code [used, max]}, or empty
     */
    public Optional<long[]> apiBursts() {
        return burstsMax < 0 ? Optional.empty() : Optional.of(new long[] {burstsUsed, burstsMax});
    }

    /**
     * The header value as received.
     *
     * @return the raw header
     */
    public String raw() {
        return raw;
    }

    /**
     * When the response carrying the header arrived (client clock).
     *
     * @return the time
     */
    public Instant observedAt() {
        return observedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LimitInfo)) {
            return false;
        }
        LimitInfo l = (LimitInfo) o;
        return apiUsed == l.apiUsed && apiMax == l.apiMax && burstsUsed == l.burstsUsed && burstsMax == l.burstsMax
                && raw.equals(l.raw) && observedAt.equals(l.observedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(apiUsed, apiMax, burstsUsed, burstsMax, raw, observedAt);
    }

    @Override
    public String toString() {
        return "LimitInfo{" + raw + ", observedAt=" + observedAt + "}";
    }
}
