package dev.bulk2.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.ClientObserver;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.ingest.IngestResult;
import dev.bulk2.micrometer.Bulk2Metrics;
import dev.bulk2.testkit.Bulk2Emulator;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The starter in an application context: properties -> a working client against the emulator, or a clear failure. */
class Bulk2AutoConfigurationTest {
    private static Bulk2Emulator sf;

    @TempDir
    Path tmp;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(Bulk2AutoConfiguration.class));

    @BeforeAll
    static void startEmulator() {
        sf = Bulk2Emulator.builder().port(0).build().start();
    }

    @AfterAll
    static void stopEmulator() {
        sf.close();
    }

    private String[] clientCredentials() {
        return new String[] {"bulk2.auth.token-url=" + sf.tokenUrl(), "bulk2.auth.client-id=" + sf.clientId(),
                "bulk2.auth.client-secret=" + sf.clientSecret(), "bulk2.retry.initial-backoff=10ms",
                "bulk2.retry.max-backoff=50ms"};
    }

    private IngestResult upsert(BulkClient client, String prefix, int rows) throws Exception {
        StringBuilder csv = new StringBuilder("External_ID__c,LastName\n");
        for (int i = 1; i <= rows; i++) {
            csv.append(prefix).append(i).append(",Spring").append(i).append('\n');
        }
        Path file = Files.writeString(tmp.resolve(prefix + ".csv"), csv);
        return client.ingest("Account").upsert("External_ID__c").upload(file).awaitCompletion(Duration.ofMinutes(1));
    }

    private static long stored(String prefix) {
        return sf.records("Account").stream().filter(r -> r.getOrDefault("External_ID__c", "").startsWith(prefix))
                .count();
    }

    private static Bulk2PropertiesException failure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable t = context.getStartupFailure();
        while (t != null && !(t instanceof Bulk2PropertiesException)) {
            t = t.getCause();
        }
        assertThat(t).as("a Bulk2PropertiesException in the cause chain of %s", context.getStartupFailure())
                .isNotNull();
        return (Bulk2PropertiesException) t;
    }

    @Test
    void clientCredentialsProperties_giveAWorkingClient_whoseUpsertIsStoredInTheEmulator() {
        runner.withPropertyValues(clientCredentials()).withPropertyValues("bulk2.api-version=62.0",
                "bulk2.request-timeout=20s", "bulk2.retry.max-attempts=6").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(BulkClient.class).hasSingleBean(AuthProvider.class)
                    .hasSingleBean(Bulk2Metrics.class);
            BulkClient client = context.getBean(BulkClient.class);
            assertThat(client.apiVersion()).isEqualTo("62.0");
            IngestResult r = upsert(client, "CC-", 4);
            assertThat(r.recordsSucceeded()).isEqualTo(4);
            assertThat(stored("CC-")).isEqualTo(4);
            assertThat(client.instanceUrl()).isEqualTo(sf.instanceUrl());
        });
    }

    @Test
    void jwtBearerWithAPemKeyFile_givesAWorkingClient() throws Exception {
        Path key = tmp.resolve("server.key");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(sf.jwtPrivateKey().orElseThrow().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        runner.withPropertyValues("bulk2.auth.login-url=" + sf.instanceUrl(), "bulk2.auth.client-id=" + sf.clientId(),
                "bulk2.auth.username=" + sf.username(), "bulk2.auth.private-key=file:" + key).run(context -> {
            assertThat(context).hasNotFailed();
            IngestResult r = upsert(context.getBean(BulkClient.class), "JWT-", 3);
            assertThat(r.recordsSucceeded()).isEqualTo(3);
            assertThat(stored("JWT-")).isEqualTo(3);
        });
    }

    @Test
    void withMicrometerMetrics_theClientsCallsAreRecordedInTheApplicationsRegistry() {
        runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
                .withPropertyValues(clientCredentials()).run(context -> {
                    assertThat(context).hasNotFailed();
                    BulkClient client = context.getBean(BulkClient.class);
                    client.limits();
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get(Bulk2Metrics.API_CALLS).tag("resource", "/limits")
                            .tag("outcome", "SUCCESS").timer().count()).isEqualTo(1);
                    assertThat(registry.get(Bulk2Metrics.DAILY_API_MAX).gauge().value())
                            .isEqualTo(client.lastLimitInfo().orElseThrow().apiMax());
                });
    }

    @Test
    void applicationBeans_win_andClientObserverBeansObserveTheClient() {
        AtomicInteger calls = new AtomicInteger();
        runner.withPropertyValues("bulk2.instance-url=" + sf.instanceUrl())
                .withBean(AuthProvider.class, () -> AuthProvider.ofToken(sf.issueToken()))
                .withBean(ClientObserver.class, () -> new ClientObserver() {
                    @Override
                    public void onApiCall(dev.bulk2.core.ApiCall call) {
                        calls.incrementAndGet();
                    }
                }).run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean(BulkClient.class).limits();
                    assertThat(calls.get()).isEqualTo(1);
                });
    }

    @Test
    void disabled_noClient() {
        runner.withPropertyValues("bulk2.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(BulkClient.class));
    }

    @Test
    void noAuthProperties_failsStartup_sayingWhatToSet() {
        runner.run(context -> {
            Bulk2PropertiesException e = failure(context);
            assertThat(e.property()).isEqualTo("bulk2.auth.client-secret");
            assertThat(e.getMessage()).startsWith("bulk2.auth.client-secret is not set: set bulk2.auth.client-id "
                    + "and bulk2.auth.client-secret (client credentials flow), or bulk2.auth.client-id, "
                    + "bulk2.auth.username and bulk2.auth.private-key");
        });
    }

    @Test
    void missingClientId_failsStartup_namingIt() {
        runner.withPropertyValues("bulk2.auth.token-url=https://acme.my.salesforce.com",
                "bulk2.auth.client-secret=s3cr3t-value").run(context -> {
            Bulk2PropertiesException e = failure(context);
            assertThat(e.property()).isEqualTo("bulk2.auth.client-id");
            assertThat(e.getMessage()).isEqualTo("bulk2.auth.client-id is not set: the connected app's consumer key");
            assertThat(context.getStartupFailure()).hasStackTraceContaining("bulk2.auth.client-id")
                    .satisfies(t -> assertThat(stackTrace(t)).doesNotContain("s3cr3t-value"));
        });
    }

    @Test
    void missingTokenUrl_failsStartup_namingIt() {
        runner.withPropertyValues("bulk2.auth.client-id=id", "bulk2.auth.client-secret=secret")
                .run(context -> assertThat(failure(context).property()).isEqualTo("bulk2.auth.token-url"));
    }

    @Test
    void bothFlows_failStartup_namingBothProperties() {
        runner.withPropertyValues(clientCredentials()).withPropertyValues("bulk2.auth.username=u@example.com")
                .run(context -> {
                    Bulk2PropertiesException e = failure(context);
                    assertThat(e.property()).isEqualTo("bulk2.auth.client-secret");
                    assertThat(e.getMessage()).isEqualTo("bulk2.auth.client-secret (client credentials flow) is set "
                            + "together with bulk2.auth.username (JWT bearer flow): set the properties of one flow "
                            + "only");
                });
    }

    @Test
    void jwtWithKeyFileAndKeyStore_failsStartup() throws Exception {
        Path key = Files.writeString(tmp.resolve("k.pem"), "x");
        runner.withPropertyValues("bulk2.auth.client-id=id", "bulk2.auth.username=u@example.com",
                "bulk2.auth.private-key=file:" + key, "bulk2.auth.key-store=file:" + key).run(context -> {
            Bulk2PropertiesException e = failure(context);
            assertThat(e.getMessage()).isEqualTo("bulk2.auth.private-key and bulk2.auth.key-store are both set: set "
                    + "one of them");
        });
    }

    @Test
    void jwtWithoutKey_andUnreadableKeyStore_failStartup_namingTheProperty() throws Exception {
        runner.withPropertyValues("bulk2.auth.client-id=id", "bulk2.auth.username=u@example.com")
                .run(context -> assertThat(failure(context).property()).isEqualTo("bulk2.auth.private-key"));
        Path notAStore = Files.writeString(tmp.resolve("store.p12"), "not a key store");
        runner.withPropertyValues("bulk2.auth.client-id=id", "bulk2.auth.username=u@example.com",
                "bulk2.auth.key-store=file:" + notAStore, "bulk2.auth.key-alias=bulk2",
                "bulk2.auth.key-store-password=st0re-pass").run(context -> {
                    Bulk2PropertiesException e = failure(context);
                    assertThat(e.property()).isEqualTo("bulk2.auth.key-store");
                    assertThat(e.getMessage()).startsWith("bulk2.auth.key-store: cannot load").doesNotContain(
                            "st0re-pass");
                });
    }

    @Test
    void invalidValues_failStartup_withTheSdksReasonAfterThePropertyName() {
        runner.withPropertyValues(clientCredentials()).withPropertyValues(
                "bulk2.instance-url=https://acme.my.salesforce.com/services/data/v62.0").run(context -> {
                    Bulk2PropertiesException e = failure(context);
                    assertThat(e.property()).isEqualTo("bulk2.instance-url");
                    assertThat(e.getMessage()).startsWith("bulk2.instance-url: ");
                });
        runner.withPropertyValues(clientCredentials()).withPropertyValues("bulk2.retry.max-attempts=0")
                .run(context -> assertThat(failure(context).property()).isEqualTo("bulk2.retry.max-attempts"));
        runner.withPropertyValues(clientCredentials()).withPropertyValues("bulk2.api-version=latest")
                .run(context -> assertThat(failure(context).property()).isEqualTo("bulk2.api-version"));
        runner.withPropertyValues(clientCredentials()).withPropertyValues("bulk2.request-timeout=0s")
                .run(context -> assertThat(failure(context).property()).isEqualTo("bulk2.request-timeout"));
    }

    @Test
    void propertiesToString_redactsTheSecretAndThePasswords() {
        runner.withPropertyValues(clientCredentials()).withPropertyValues("bulk2.auth.key-store-password=st0re-pass")
                .run(context -> {
                    Bulk2Properties p = context.getBean(Bulk2Properties.class);
                    assertThat(p.getAuth().getClientSecret()).isEqualTo(sf.clientSecret());
                    assertThat(p.toString()).doesNotContain(sf.clientSecret()).doesNotContain("st0re-pass")
                            .contains("clientSecret=****", "keyStorePassword=****",
                                    "clientId=" + sf.clientId());
                });
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
