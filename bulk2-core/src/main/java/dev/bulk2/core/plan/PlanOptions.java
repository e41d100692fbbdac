package dev.bulk2.core.plan;

import dev.bulk2.core.org.OrgLimits;
import dev.bulk2.core.org.SObjectDescribe;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a plan (or the pre-flight of a run) may ask the org, and the budgets it is checked against.
 *
 * <p>{@link #online()} (the default of {@code plan(...)}) reads the object's describe (and the describes of the
 * objects its relationship columns point to) and the org limits: at most those GETs, never a job.
 * {@link #offline()} sends no request at all: header, key, CSV and character checks still run, field checks run
 * only against describes given with {@link #withDescribe(SObjectDescribe)}, limit checks only against limits given
 * with {@link #withLimits(OrgLimits)}. Immutable and thread-safe; each {@code with...} returns a copy.
 *
 * <pre>{@code
 * PlanOptions o = PlanOptions.online().withMaxBulkBatches(500).withMaxApiRequests(2_000);
 * }</pre>
 */
public final class PlanOptions {
    /** Default {@link #maxListedProblems()}. */
    public static final int DEFAULT_MAX_LISTED_PROBLEMS = 1_000;

    private final boolean online;
    private final Map<String, SObjectDescribe> describes;
    private final OrgLimits limits;
    private final long maxApiRequests;
    private final long maxBulkBatches;
    private final boolean checkValues;
    private final int maxListedProblems;

    private PlanOptions(boolean online, Map<String, SObjectDescribe> describes, OrgLimits limits,
            long maxApiRequests, long maxBulkBatches, boolean checkValues, int maxListedProblems) {
        this.online = online;
        this.describes = describes;
        this.limits = limits;
        this.maxApiRequests = maxApiRequests;
        this.maxBulkBatches = maxBulkBatches;
        this.checkValues = checkValues;
        this.maxListedProblems = maxListedProblems;
    }

    /**
     * Asks the org for the describe(s) and limits the checks need (cached describes are reused).
     *
     * @return the options
     */
    public static PlanOptions online() {
        return new PlanOptions(true, Collections.emptyMap(), null, -1, -1, true, DEFAULT_MAX_LISTED_PROBLEMS);
    }

    /**
     * Sends no request: only local checks, and checks against describes and limits given here.
     *
     * @return the options
     */
    public static PlanOptions offline() {
        return new PlanOptions(false, Collections.emptyMap(), null, -1, -1, true, DEFAULT_MAX_LISTED_PROBLEMS);
    }

    /**
     * Uses this describe instead of asking the org for it (for the ingest's object or a referenced one).
     *
     * @param describe the describe, for example from an earlier {@code client.describe(...)}
     * @return a copy with the describe
     */
    public PlanOptions withDescribe(SObjectDescribe describe) {
        Objects.requireNonNull(describe, "describe");
        Map<String, SObjectDescribe> m = new LinkedHashMap<>(describes);
        m.put(describe.name().toLowerCase(Locale.ROOT), describe);
        return new PlanOptions(online, Collections.unmodifiableMap(m), limits, maxApiRequests, maxBulkBatches,
                checkValues, maxListedProblems);
    }

    /**
     * Uses these limits instead of asking the org for them.
     *
     * @param limits the limits
     * @return a copy with the limits
     */
    public PlanOptions withLimits(OrgLimits limits) {
        return new PlanOptions(online, describes, Objects.requireNonNull(limits, "limits"), maxApiRequests,
                maxBulkBatches, checkValues, maxListedProblems);
    }

    /**
     * A budget of API requests for the load (worst case, polling included), on top of what the org has left.
     *
     * @param requests a positive count
     * @return a copy with the budget
     */
    public PlanOptions withMaxApiRequests(long requests) {
        return new PlanOptions(online, describes, limits, positive(requests, "maxApiRequests"), maxBulkBatches,
                checkValues, maxListedProblems);
    }

    /**
     * A budget of Bulk API batches (one per started 10,000 records of each job), on top of what the org has left.
     *
     * @param batches a positive count
     * @return a copy with the budget
     */
    public PlanOptions withMaxBulkBatches(long batches) {
        return new PlanOptions(online, describes, limits, maxApiRequests, positive(batches, "maxBulkBatches"),
                checkValues, maxListedProblems);
    }

    /**
     * Whether values are checked against their field's type (needs a describe). Default true.
     *
     * @param check false to check only the header, the CSV and the characters
     * @return a copy
     */
    public PlanOptions withValueChecks(boolean check) {
        return new PlanOptions(online, describes, limits, maxApiRequests, maxBulkBatches, check, maxListedProblems);
    }

    /**
     * How many problems a plan lists; more are counted ({@link IngestPlan#problemCount()}) but not kept.
     *
     * @param max a positive count, default {@value #DEFAULT_MAX_LISTED_PROBLEMS}
     * @return a copy
     */
    public PlanOptions withMaxListedProblems(int max) {
        return new PlanOptions(online, describes, limits, maxApiRequests, maxBulkBatches, checkValues,
                (int) positive(max, "maxListedProblems"));
    }

    private static long positive(long v, String what) {
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be positive, was " + v);
        }
        return v;
    }

    /** @return whether the describe and limits resources may be read */
    public boolean isOnline() {
        return online;
    }

    /**
     * A describe given with {@link #withDescribe(SObjectDescribe)}.
     *
     * @param object the object name, any case
     * @return the describe, if given
     */
    public Optional<SObjectDescribe> describe(String object) {
        return Optional.ofNullable(describes.get(object.toLowerCase(Locale.ROOT)));
    }

    /** @return the limits given with {@link #withLimits(OrgLimits)} */
    public Optional<OrgLimits> limits() {
        return Optional.ofNullable(limits);
    }

    /** @return the API request budget, if set */
    public OptionalLong maxApiRequests() {
        return maxApiRequests > 0 ? OptionalLong.of(maxApiRequests) : OptionalLong.empty();
    }

    /** @return the Bulk API batch budget, if set */
    public OptionalLong maxBulkBatches() {
        return maxBulkBatches > 0 ? OptionalLong.of(maxBulkBatches) : OptionalLong.empty();
    }

    /** @return whether values are checked against their field's type */
    public boolean checksValues() {
        return checkValues;
    }

    /** @return how many problems a plan lists */
    public int maxListedProblems() {
        return maxListedProblems;
    }

    @Override
    public String toString() {
        return "PlanOptions{" + (online ? "online" : "offline") + ", describes=" + describes.keySet()
                + (limits != null ? ", limits given" : "") + (maxApiRequests > 0 ? ", maxApiRequests="
                + maxApiRequests : "") + (maxBulkBatches > 0 ? ", maxBulkBatches=" + maxBulkBatches : "")
                + ", valueChecks=" + checkValues + '}';
    }
}
