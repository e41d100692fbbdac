package dev.bulk2.core.org;

import java.util.Objects;

/**
 * One entry of the org limits REST resource ({@code GET /services/data/vXX.X/limits}): a named allocation with its
 * {@code Max} and {@code Remaining} figures, for example {@code DailyApiRequests}. Immutable and thread-safe.
 */
public final class OrgLimit {
    private final String name;
    private final long max;
    private final long remaining;

    private OrgLimit(String name, long max, long remaining) {
        this.name = Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        this.max = max;
        this.remaining = remaining;
    }

    /**
     * Creates a limit.
     *
     * @param name the limit name, for example {@code DailyBulkApiBatches}
     * @param max the allocation ({@code Max})
     * @param remaining what is left ({@code Remaining})
     * @return the limit
     */
    public static OrgLimit of(String name, long max, long remaining) {
        return new OrgLimit(name, max, remaining);
    }

    /**
     * The limit name as Salesforce spells it.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The org's allocation ({@code Max}).
     *
     * @return the maximum
     */
    public long max() {
        return max;
    }

    /**
     * What is left of the allocation ({@code Remaining}).
     *
     * @return the remaining amount
     */
    public long remaining() {
        return remaining;
    }

    /**
     * What is used: {@code max - remaining}.
     *
     * @return the used amount
     */
    public long used() {
        return max - remaining;
    }

    /**
     * The used share of the allocation, {@code used / max}.
     *
     * @return a fraction (1.0 = all used; above 1.0 if Salesforce reports an overdraft), 0 when {@code max} is 0
     */
    public double usedFraction() {
        return max <= 0 ? 0.0 : (double) used() / max;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OrgLimit)) {
            return false;
        }
        OrgLimit l = (OrgLimit) o;
        return max == l.max && remaining == l.remaining && name.equals(l.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, max, remaining);
    }

    @Override
    public String toString() {
        return name + "{used=" + used() + ", max=" + max + ", remaining=" + remaining + "}";
    }
}
