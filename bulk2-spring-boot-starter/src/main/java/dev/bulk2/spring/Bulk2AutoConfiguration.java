package dev.bulk2.spring;

import dev.bulk2.core.ApiCall;
import dev.bulk2.core.BulkClient;
import dev.bulk2.core.ClientObserver;
import dev.bulk2.core.LimitInfo;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.micrometer.Bulk2Metrics;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures a {@link BulkClient} (closed with the context) and its {@link AuthProvider} from
 * {@link Bulk2Properties} ({@code bulk2.*}), unless the application defines its own beans of these types. When
 * Micrometer is on the class path, a {@link Bulk2Metrics} bean (a {@code MeterBinder}, bound by Spring Boot to the
 * application's registries) observes the client; any {@link ClientObserver} beans observe it too. Turned off by
 * {@code bulk2.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnClass(BulkClient.class)
@ConditionalOnProperty(prefix = "bulk2", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(Bulk2Properties.class)
public class Bulk2AutoConfiguration {
    /** Creates the auto-configuration (Spring does). */
    public Bulk2AutoConfiguration() {
    }

    /**
     * The OAuth provider: client credentials or JWT bearer, as the properties say.
     *
     * @param properties the properties
     * @return the provider
     * @throws Bulk2PropertiesException if the properties are missing or contradict each other
     */
    @Bean
    @ConditionalOnMissingBean
    public AuthProvider bulk2AuthProvider(Bulk2Properties properties) {
        return Bulk2ClientFactory.authProvider(properties);
    }

    /**
     * The client. Building it does no I/O.
     *
     * @param properties the properties
     * @param auth the token source
     * @param metrics the metrics, when Micrometer is present
     * @param observers the application's observers
     * @return the client, closed with the context
     * @throws Bulk2PropertiesException if a property has an invalid value
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public BulkClient bulk2Client(Bulk2Properties properties, AuthProvider auth,
            ObjectProvider<Bulk2Metrics> metrics, ObjectProvider<ClientObserver> observers) {
        List<ClientObserver> all = observers.orderedStream().collect(Collectors.toList());
        Bulk2Metrics m = metrics.getIfAvailable();
        if (m != null) {
            all.add(0, m.observer());
        }
        ClientObserver observer = all.isEmpty() ? ClientObserver.NONE
                : all.size() == 1 ? all.get(0) : new CompositeObserver(all);
        return Bulk2ClientFactory.clientBuilder(properties, auth, observer).build();
    }

    /** The Micrometer binder, when Micrometer is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry", "dev.bulk2.micrometer.Bulk2Metrics"})
    static class MetricsConfiguration {
        @Bean
        @ConditionalOnMissingBean
        Bulk2Metrics bulk2Metrics() {
            return Bulk2Metrics.create();
        }
    }

    /** Hands every event to several observers in order. */
    static final class CompositeObserver implements ClientObserver {
        private final List<ClientObserver> observers;

        CompositeObserver(List<ClientObserver> observers) {
            this.observers = List.copyOf(observers);
        }

        @Override
        public void onApiCall(ApiCall call) {
            observers.forEach(o -> o.onApiCall(call));
        }

        @Override
        public void onRetry(String resource, RetryCause cause, int attempt, Duration delay) {
            observers.forEach(o -> o.onRetry(resource, cause, attempt, delay));
        }

        @Override
        public void onTokenRefresh(TokenRefreshCause cause) {
            observers.forEach(o -> o.onTokenRefresh(cause));
        }

        @Override
        public void onBytesSent(String resource, long bytes) {
            observers.forEach(o -> o.onBytesSent(resource, bytes));
        }

        @Override
        public void onBytesReceived(String resource, long bytes) {
            observers.forEach(o -> o.onBytesReceived(resource, bytes));
        }

        @Override
        public void onLimitInfo(LimitInfo limitInfo) {
            observers.forEach(o -> o.onLimitInfo(limitInfo));
        }
    }
}
