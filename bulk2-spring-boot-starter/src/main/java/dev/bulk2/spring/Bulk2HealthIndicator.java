package dev.bulk2.spring;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.org.OrgLimit;
import dev.bulk2.core.org.OrgLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Reports the org's remaining daily API requests ({@code DailyApiRequests} of the limits resource). The limits are
 * cached: at most one call ({@code GET /limits}, one API request) per interval ({@code bulk2.health.limits-interval},
 * default 5 minutes), however often health is checked, and a failed call is cached as well. UP with the remaining and
 * maximum requests; DOWN when fewer than {@code bulk2.health.min-remaining-requests} remain or the call fails (the
 * exception type and message, which never carry a secret; a user without the View Setup and Configuration
 * permission gets a 403 here); UNKNOWN when the limits list no {@code DailyApiRequests}. Thread-safe.
 */
public final class Bulk2HealthIndicator implements HealthIndicator {
    private final BulkClient client;
    private final Duration interval;
    private final long minRemaining;
    private final Clock clock;
    private Instant checkedAt;
    private Health cached;

    /**
     * Creates the indicator.
     *
     * @param client the client
     * @param interval at most one limits call per interval
     * @param minRemaining DOWN below this many remaining requests
     * @param clock measures the interval
     */
    public Bulk2HealthIndicator(BulkClient client, Duration interval, long minRemaining, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.minRemaining = minRemaining;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized Health health() {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(checkedAt.plus(interval))) {
            cached = check(now);
            checkedAt = now;
        }
        return cached;
    }

    private Health check(Instant now) {
        OrgLimits limits;
        try {
            limits = client.limits();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName() + ": " + e.getMessage())
                    .withDetail("checkedAt", now.toString()).build();
        }
        Optional<OrgLimit> daily = limits.dailyApiRequests();
        if (daily.isEmpty()) {
            return Health.unknown().withDetail("reason", "the limits resource lists no DailyApiRequests")
                    .withDetail("checkedAt", now.toString()).build();
        }
        OrgLimit d = daily.get();
        Health.Builder b = d.remaining() < minRemaining ? Health.down().withDetail("reason", "fewer than "
                + minRemaining + " daily API requests remain") : Health.up();
        return b.withDetail("dailyApiRequestsRemaining", d.remaining()).withDetail("dailyApiRequestsMax", d.max())
                .withDetail("instanceUrl", client.instanceUrl().toString()).withDetail("checkedAt", now.toString())
                .build();
    }
}
