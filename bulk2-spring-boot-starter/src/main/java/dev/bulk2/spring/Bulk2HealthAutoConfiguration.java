package dev.bulk2.spring;

import dev.bulk2.core.BulkClient;
import java.time.Clock;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Actuator health indicator {@code bulk2} ({@link Bulk2HealthIndicator}), when Spring Boot Actuator is present
 * and a {@link BulkClient} bean exists. Turned off by {@code management.health.bulk2.enabled=false}.
 */
@AutoConfiguration(after = Bulk2AutoConfiguration.class)
@ConditionalOnClass(name = {"org.springframework.boot.actuate.health.HealthIndicator",
        "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator"})
public class Bulk2HealthAutoConfiguration {
    /** Creates the auto-configuration (Spring does). */
    public Bulk2HealthAutoConfiguration() {
    }

    /** Only read once Actuator is known to be present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(BulkClient.class)
    @ConditionalOnEnabledHealthIndicator("bulk2")
    static class HealthConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "bulk2HealthIndicator")
        Bulk2HealthIndicator bulk2HealthIndicator(BulkClient client, Bulk2Properties properties) {
            return new Bulk2HealthIndicator(client,
                    Bulk2ClientFactory.positive(properties.getHealth().getLimitsInterval(),
                            "bulk2.health.limits-interval"),
                    properties.getHealth().getMinRemainingRequests(), Clock.systemUTC());
        }
    }
}
