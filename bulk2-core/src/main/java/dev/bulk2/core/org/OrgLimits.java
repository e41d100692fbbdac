package dev.bulk2.core.org;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The org's limits as the limits REST resource ({@code GET /services/data/vXX.X/limits}) reported them, by name,
 * with typed accessors for the allocations a bulk load consumes. Obtain it with {@code BulkClient.limits()}, which
 * always asks Salesforce (never cached).
 *
 * <pre>{@code
 * OrgLimits limits = client.limits();
 * long batchesLeft = limits.dailyBulkApiBatches().map(OrgLimit::remaining).orElse(Long.MAX_VALUE);
 * }</pre>
 *
 * <p><b>Relation to {@link dev.bulk2.core.LimitInfo}.</b> {@link #dailyApiRequests()} is the same allocation as the
 * {@code api-usage=USED/MAX} figure of the {@code Sforce-Limit-Info} header that every response carries
 * ({@code BulkClient.lastLimitInfo()}): {@code used()} matches {@code LimitInfo.apiUsed()}, {@code max()} matches
 * {@code LimitInfo.apiMax()} and {@code remaining()} matches {@code LimitInfo.apiRemaining()}. Salesforce documents
 * the limits resource as accurate within five minutes, so the two may differ by the calls of the last minutes; the
 * header is the fresher source for API requests, this resource the only one for batches, query jobs and storage.
 *
 * <p>Immutable and thread-safe.
 */
public final class OrgLimits {
    /** {@code DailyApiRequests}: REST and SOAP API requests per rolling 24 hours. */
    public static final String DAILY_API_REQUESTS = "DailyApiRequests";
    /** {@code DailyBulkApiBatches}: Bulk API and Bulk API 2.0 batches per rolling 24 hours (shared). */
    public static final String DAILY_BULK_API_BATCHES = "DailyBulkApiBatches";
    /** {@code DailyBulkApiRequests}: the name older API versions used for the Bulk API batch allocation. */
    public static final String DAILY_BULK_API_REQUESTS = "DailyBulkApiRequests";
    /** {@code DailyBulkV2QueryJobs}: Bulk API 2.0 query jobs per rolling 24 hours. */
    public static final String DAILY_BULK_V2_QUERY_JOBS = "DailyBulkV2QueryJobs";
    /** {@code DailyBulkV2QueryFileStorageMB}: Bulk API 2.0 query results per rolling 24 hours, in MB. */
    public static final String DAILY_BULK_V2_QUERY_FILE_STORAGE_MB = "DailyBulkV2QueryFileStorageMB";

    private final Map<String, OrgLimit> limits;
    private final Instant observedAt;

    private OrgLimits(Map<String, OrgLimit> limits, Instant observedAt) {
        this.limits = Collections.unmodifiableMap(limits);
        this.observedAt = Objects.requireNonNull(observedAt, "observedAt");
    }

    /**
     * Creates the limits from entries; a later entry with the same name replaces an earlier one.
     *
     * @param limits the entries
     * @param observedAt when the response arrived (client clock)
     * @return the limits
     */
    public static OrgLimits of(Collection<OrgLimit> limits, Instant observedAt) {
        Map<String, OrgLimit> m = new LinkedHashMap<>();
        for (OrgLimit l : Objects.requireNonNull(limits, "limits")) {
            Objects.requireNonNull(l, "limits element");
            m.put(l.name(), l);
        }
        return new OrgLimits(m, observedAt);
    }

    /**
     * Every limit the resource listed, by name, in response order.
     *
     * @return an unmodifiable map
     */
    public Map<String, OrgLimit> all() {
        return limits;
    }

    /**
     * One limit by its exact name, for example {@code DataStorageMB}.
     *
     * @param name the limit name (case-sensitive, as Salesforce spells it)
     * @return the limit, empty when the response did not list it
     */
    public Optional<OrgLimit> limit(String name) {
        return Optional.ofNullable(limits.get(Objects.requireNonNull(name, "name")));
    }

    /**
     * {@code DailyApiRequests}: API requests per rolling 24 hours. Count every Bulk API 2.0 HTTP request (create,
     * upload, close, each poll, each result page) against it; Salesforce documents no exemption.
     *
     * @return the limit, empty when the response did not list it
     */
    public Optional<OrgLimit> dailyApiRequests() {
        return limit(DAILY_API_REQUESTS);
    }

    /**
     * {@code DailyBulkApiBatches}: the batch allocation (15,000 per rolling 24 hours in current docs) shared by Bulk
     * API and Bulk API 2.0. Only Bulk API 2.0 <em>ingest</em> consumes it: Salesforce processes an ingest job in
     * internal batches of 10,000 records, so a job of {@code n} records uses {@code ceil(n / 10,000)} batches (the
     * empty parent batch of each job is not counted); query jobs consume none. Responses of older API versions name
     * this allocation {@code DailyBulkApiRequests}; it is used when {@code DailyBulkApiBatches} is absent.
     *
     * @return the limit, empty when the response listed neither name
     */
    public Optional<OrgLimit> dailyBulkApiBatches() {
        Optional<OrgLimit> l = limit(DAILY_BULK_API_BATCHES);
        return l.isPresent() ? l : limit(DAILY_BULK_API_REQUESTS);
    }

    /**
     * {@code DailyBulkV2QueryJobs}: Bulk API 2.0 query jobs per rolling 24 hours (10,000 in current docs).
     *
     * @return the limit, empty when the response did not list it
     */
    public Optional<OrgLimit> dailyBulkV2QueryJobs() {
        return limit(DAILY_BULK_V2_QUERY_JOBS);
    }

    /**
     * {@code DailyBulkV2QueryFileStorageMB}: the volume of Bulk API 2.0 query results per rolling 24 hours, in MB
     * (1 TB in current docs).
     *
     * @return the limit, empty when the response did not list it
     */
    public Optional<OrgLimit> dailyBulkV2QueryFileStorageMB() {
        return limit(DAILY_BULK_V2_QUERY_FILE_STORAGE_MB);
    }

    /**
     * When the response arrived (client clock).
     *
     * @return the time
     */
    public Instant observedAt() {
        return observedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OrgLimits)) {
            return false;
        }
        OrgLimits l = (OrgLimits) o;
        return limits.equals(l.limits) && observedAt.equals(l.observedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(limits, observedAt);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("OrgLimits{");
        dailyApiRequests().ifPresent(l -> sb.append(l).append(", "));
        dailyBulkApiBatches().ifPresent(l -> sb.append(l).append(", "));
        dailyBulkV2QueryJobs().ifPresent(l -> sb.append(l).append(", "));
        dailyBulkV2QueryFileStorageMB().ifPresent(l -> sb.append(l).append(", "));
        return sb.append(limits.size()).append(" limits, observedAt=").append(observedAt).append('}').toString();
    }
}
