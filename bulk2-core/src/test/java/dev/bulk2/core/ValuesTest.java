package dev.bulk2.core;

import dev.bulk2.core.internal.ApiVersion;
import dev.bulk2.csv.ByteSource;
import dev.bulk2.core.exception.InvalidInputException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.auth.AccessToken;
import dev.bulk2.core.auth.CachingAuthProvider;
import dev.bulk2.core.internal.http.GzipCompressingInputStream;
import dev.bulk2.core.internal.http.Hosts;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValuesTest {

    @Test
    void limitInfo_parsesUsageAndBursts() {
        Instant t = Instant.EPOCH;
        LimitInfo l = LimitInfo.parse("api-usage=18412/100000", t).orElseThrow();
        assertThat(l.apiUsed()).isEqualTo(18412);
        assertThat(l.apiMax()).isEqualTo(100000);
        assertThat(l.apiRemaining()).isEqualTo(81588);
        assertThat(l.apiBursts()).isEmpty();
        LimitInfo b = LimitInfo.parse("api-usage=25/15000; per-app-api-usage=17/250(appName=sample-app), "
                + "api-bursts=3/40", t).orElseThrow();
        assertThat(b.apiUsed()).isEqualTo(25);
        assertThat(b.apiBursts()).hasValueSatisfying(x -> assertThat(x).containsExactly(3, 40));
        assertThat(LimitInfo.parse("per-app-api-usage=1/2", t)).isEmpty();
        assertThat(LimitInfo.parse("garbage", t)).isEmpty();
        assertThat(LimitInfo.parse(null, t)).isEmpty();
    }

    @Test
    void apiVersion_validates() {
        assertThat(ApiVersion.of("v62.0").value()).isEqualTo("62.0");
        assertThat(ApiVersion.DEFAULT.major()).isEqualTo(64);
        assertThat(ApiVersion.of("62.0")).isEqualTo(ApiVersion.of("v62.0")).isLessThan(ApiVersion.of("64.0"));
        assertThatThrownBy(() -> ApiVersion.of("62")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiVersion.of("40.0")).hasMessageContaining("41.0");
        assertThatThrownBy(() -> ApiVersion.of("64.0/../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retryPolicy_defaultsAndValidation() {
        RetryPolicy d = RetryPolicy.defaults();
        assertThat(d.maxAttempts()).isEqualTo(4);
        assertThat(d.maxElapsed()).isEqualTo(Duration.ofMinutes(2));
        assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
        assertThat(d.toBuilder().build()).isEqualTo(d);
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0)).hasMessageContaining("counts the first call");
    }

    @Test
    void hosts_loopbackAndHttps() {
        assertThat(Hosts.isLoopback("localhost")).isTrue();
        assertThat(Hosts.isLoopback("127.0.0.1")).isTrue();
        assertThat(Hosts.isLoopback("127.255.3.4")).isTrue();
        assertThat(Hosts.isLoopback("[::1]")).isTrue();
        assertThat(Hosts.isLoopback("128.0.0.1")).isFalse();
        assertThat(Hosts.isLoopback("127.0.0.1.evil.com")).isFalse();
        assertThat(Hosts.isLoopback("localhost.evil.com")).isFalse();
        assertThat(Hosts.checkInstanceUrl(URI.create("https://acme.my.salesforce.com/"), "x").toString())
                .isEqualTo("https://acme.my.salesforce.com");
        assertThat(Hosts.checkInstanceUrl(URI.create("http://[::1]:8080"), "x").toString()).isEqualTo("http://[::1]:8080");
        assertThatThrownBy(() -> Hosts.checkInstanceUrl(URI.create("http://acme.my.salesforce.com"), "instanceUrl"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instanceUrl must use https");
        assertThatThrownBy(() -> Hosts.checkInstanceUrl(URI.create("acme.my.salesforce.com"), "instanceUrl"))
                .hasMessageContaining("absolute URL");
    }

    @Test
    void byteSource_pathRangeIsReplayable(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.csv");
        Files.writeString(f, "0123456789");
        ByteSource s = ByteSource.ofPath(f, 2, 5);
        assertThat(s.length()).isEqualTo(5);
        assertThat(s.isGzip()).isFalse();
        for (int i = 0; i < 2; i++) {
            try (InputStream in = s.open()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("23456");
            }
        }
        assertThat(ByteSource.ofPath(f).length()).isEqualTo(10);
        assertThatThrownBy(() -> ByteSource.ofPath(dir.resolve("missing"))).hasMessageContaining("missing");
        assertThatThrownBy(() -> ByteSource.ofPath(f, -1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ByteSource.ofGzip(() -> new ByteArrayInputStream(new byte[0]), 0).isGzip()).isTrue();
    }

    @Test
    void gzipCompressingStream_roundTrips() throws Exception {
        byte[] data = new byte[300_000];
        new Random(42).nextBytes(data);
        for (int i = 0; i < data.length; i += 3) {
            data[i] = 'a';
        }
        byte[] compressed;
        try (InputStream in = new GzipCompressingInputStream(new ByteArrayInputStream(data))) {
            compressed = in.readAllBytes();
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        byte[] empty;
        try (InputStream in = new GzipCompressingInputStream(new ByteArrayInputStream(new byte[0]))) {
            empty = in.readAllBytes();
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(empty))) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void cachingAuthProvider_invalidatesOnlyTheRejectedToken() {
        int[] n = {0};
        CachingAuthProvider p = new CachingAuthProvider() {
            @Override
            protected AccessToken fetch() {
                return AccessToken.of("t" + (++n[0]), null, Instant.EPOCH);
            }
        };
        AccessToken t1 = p.token();
        assertThat(p.token()).isSameAs(t1);
        p.invalidate(t1);
        AccessToken t2 = p.token();
        assertThat(t2.value()).isEqualTo("t2");
        p.invalidate(t1); // stale rejection: no effect
        assertThat(p.token()).isSameAs(t2);
        assertThat(n[0]).isEqualTo(2);
    }

    @Test
    void enums_roundTripApiNames() {
        for (JobState s : JobState.values()) {
            assertThat(JobState.fromApiName(s.apiName())).isEqualTo(s);
        }
        for (Operation o : Operation.values()) {
            assertThat(Operation.fromApiName(o.apiName())).isEqualTo(o);
        }
        assertThat(Operation.HARD_DELETE.apiName()).isEqualTo("hardDelete");
        assertThat(Operation.QUERY.isIngest()).isFalse();
        assertThat(JobType.V2_INGEST.apiName()).isEqualTo("V2Ingest");
        assertThat(JobState.fromApiName("open")).isEqualTo(JobState.UNKNOWN);
    }

    @Test
    void exceptionsForHigherLayers_carryTheirContext() {
        JobInfo failed = JobInfo.builder().id("750f").state(JobState.FAILED).errorMessage("InvalidBatch : x").build();
        var jf = new dev.bulk2.core.exception.JobFailedException("Job 750f failed: InvalidBatch : x", failed);
        assertThat(jf.jobInfo()).isSameAs(failed);
        assertThat(jf.isRetryable()).isFalse();

        var wt = new dev.bulk2.core.exception.WaitTimeoutException("still running", java.util.List.of(failed), 7,
                Duration.ofMinutes(30));
        assertThat(wt.unfinishedJobIds()).containsExactly("750f");
        assertThat(wt.attempts()).isEqualTo(7);
        assertThat(wt.elapsed()).isEqualTo(Duration.ofMinutes(30));
        assertThat(wt.isRetryable()).isTrue();

        var ii = new dev.bulk2.core.exception.InvalidInputException("Unterminated quote", 12, 4, null);
        assertThat(ii.line()).hasValue(12);
        assertThat(ii.column()).hasValue(4);
        assertThat(new dev.bulk2.core.exception.InvalidInputException("x", -1, 0, null).line()).isEmpty();

        var te = new dev.bulk2.core.exception.TransportException("timed out", new java.io.IOException("x"), true);
        assertThat(te.isTimeout()).isTrue();
        assertThat(te.isRetryable()).isTrue();
    }

    @Test
    void accessTokenAndStaticAuth_neverPrintTheToken() {
        AccessToken t = AccessToken.of("00Dsecret!value");
        assertThat(t.toString()).doesNotContain("secret");
        assertThat(dev.bulk2.core.auth.AuthProvider.ofToken(t).toString()).doesNotContain("secret");
    }
}
