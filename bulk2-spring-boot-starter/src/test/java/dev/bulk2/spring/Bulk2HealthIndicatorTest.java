package dev.bulk2.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.testkit.Bulk2Emulator;
import dev.bulk2.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health indicator: remaining daily API requests, at most one limits call per interval. */
class Bulk2HealthIndicatorTest {

    private static long limitsCalls(Bulk2Emulator sf) {
        return sf.requests().stream().filter(r -> r.path().endsWith("/limits")).count();
    }

    @Test
    void reportsRemainingRequests_andCallsLimitsAtMostOncePerInterval() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().port(0).apiCallLimit(15000).build().start();
                BulkClient client = BulkClient.builder().instanceUrl(sf.instanceUrl())
                        .auth(AuthProvider.ofToken(sf.issueToken())).build()) {
            FakeClock clock = FakeClock.of(Instant.parse("2026-12-03T12:00:00Z"));
            Bulk2HealthIndicator health = new Bulk2HealthIndicator(client, Duration.ofMinutes(5), 0, clock);

            Health first = health.health();
            assertThat(first.getStatus()).isEqualTo(Status.UP);
            assertThat(first.getDetails()).containsEntry("dailyApiRequestsMax", 15000L)
                    .containsEntry("instanceUrl", sf.instanceUrl().toString())
                    .containsEntry("checkedAt", "2026-12-03T12:00:00Z");
            long remaining = (Long) first.getDetails().get("dailyApiRequestsRemaining");
            assertThat(remaining).isBetween(1L, 15000L);
            clock.advance(Duration.ofMinutes(4));
            assertThat(health.health()).isSameAs(first);
            assertThat(health.health()).isSameAs(first);
            assertThat(limitsCalls(sf)).isEqualTo(1);

            clock.advance(Duration.ofMinutes(1));
            Health second = health.health();
            assertThat(second.getDetails()).containsEntry("checkedAt", "2026-12-03T12:05:00Z");
            assertThat((Long) second.getDetails().get("dailyApiRequestsRemaining")).isLessThan(remaining);
            assertThat(limitsCalls(sf)).isEqualTo(2);
        }
    }

    @Test
    void belowTheMinimum_isDown_andAFailedCallIsDown_andCachedToo() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().port(0).apiCallLimit(15000).build().start();
                BulkClient client = BulkClient.builder().instanceUrl(sf.instanceUrl())
                        .auth(AuthProvider.ofToken(sf.issueToken())).build()) {
            FakeClock clock = FakeClock.of(Instant.parse("2026-12-03T12:00:00Z"));
            Health low = new Bulk2HealthIndicator(client, Duration.ofMinutes(5), 20000, clock).health();
            assertThat(low.getStatus()).isEqualTo(Status.DOWN);
            assertThat(low.getDetails()).containsEntry("reason", "fewer than 20000 daily API requests remain");
        }
        try (Bulk2Emulator sf = Bulk2Emulator.builder().port(0).build().start();
                BulkClient client = BulkClient.builder().instanceUrl(sf.instanceUrl())
                        .auth(AuthProvider.ofToken("not-a-valid-token"))
                        .retryPolicy(dev.bulk2.core.RetryPolicy.builder().maxAttempts(1).build()).build()) {
            FakeClock clock = FakeClock.of(Instant.parse("2026-12-03T12:00:00Z"));
            Bulk2HealthIndicator indicator = new Bulk2HealthIndicator(client, Duration.ofMinutes(5), 0, clock);
            Health down = indicator.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) down.getDetails().get("error")).startsWith("AuthenticationException: ")
                    .doesNotContain("not-a-valid-token");
            long calls = sf.requests().size();
            assertThat(indicator.health()).isSameAs(down);
            assertThat(sf.requests()).hasSize((int) calls);
        }
    }

    @Test
    void withActuator_theIndicatorBeanUsesTheConfiguredInterval_andCanBeTurnedOff() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().port(0).build().start()) {
            ApplicationContextRunner runner = new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(Bulk2AutoConfiguration.class,
                            Bulk2HealthAutoConfiguration.class, HealthContributorAutoConfiguration.class))
                    .withPropertyValues("bulk2.auth.token-url=" + sf.tokenUrl(),
                            "bulk2.auth.client-id=" + sf.clientId(), "bulk2.auth.client-secret=" + sf.clientSecret(),
                            "bulk2.health.limits-interval=1h");
            runner.run(context -> {
                assertThat(context).hasNotFailed().hasBean("bulk2HealthIndicator");
                Bulk2HealthIndicator indicator = context.getBean(Bulk2HealthIndicator.class);
                assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
                indicator.health();
                assertThat(limitsCalls(sf)).isEqualTo(1);
            });
            runner.withPropertyValues("management.health.bulk2.enabled=false")
                    .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Bulk2HealthIndicator.class));
            runner.withPropertyValues("bulk2.health.limits-interval=0s").run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasRootCauseMessage(
                        "bulk2.health.limits-interval must be a positive duration, was PT0S");
            });
        }
    }
}
