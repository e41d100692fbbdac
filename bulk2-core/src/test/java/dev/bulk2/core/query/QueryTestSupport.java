package dev.bulk2.core.query;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.RetryPolicy;
import dev.bulk2.core.Backoff;
import dev.bulk2.core.auth.AccessToken;
import dev.bulk2.core.auth.CachingAuthProvider;
import dev.bulk2.testkit.Bulk2Emulator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** Helpers for the query tests. */
final class QueryTestSupport {
    static final PollingPolicy FAST_POLL = PollingPolicy.builder().initialDelay(Duration.ofMillis(5))
            .maxDelay(Duration.ofMillis(50)).jitter(0).build();

    private QueryTestSupport() {
    }

    /** Takes tokens from the emulator without an OAuth round trip; counts fetches (refreshes). */
    static final class EmulatorAuth extends CachingAuthProvider {
        final AtomicInteger fetches = new AtomicInteger();
        private final Bulk2Emulator emulator;

        EmulatorAuth(Bulk2Emulator emulator) {
            this.emulator = emulator;
        }

        @Override
        protected AccessToken fetch() {
            fetches.incrementAndGet();
            return AccessToken.of(emulator.issueToken(), emulator.instanceUrl(), Instant.now());
        }
    }

    static BulkClient.Builder clientFor(Bulk2Emulator emulator) {
        return BulkClient.builder()
                .instanceUrl(emulator.instanceUrl())
                .auth(new EmulatorAuth(emulator))
                .retryPolicy(RetryPolicy.builder().maxAttempts(5)
                        .backoff(Backoff.fixed(Duration.ofMillis(1))).build());
    }

    /** The store's records projected on the columns, absent values as "" (what query results show). */
    static List<Map<String, String>> project(List<Map<String, String>> records, List<String> columns) {
        List<Map<String, String>> out = new ArrayList<>(records.size());
        for (Map<String, String> r : records) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String c : columns) {
                String v = r.get(c);
                m.put(c, v == null ? "" : v);
            }
            out.add(m);
        }
        return out;
    }

    /** Parses a whole CSV (header + rows) into maps with Apache Commons CSV, independent of the code under test. */
    static List<Map<String, String>> parse(byte[] csv, char delimiter) {
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).get();
        try (CSVParser p = CSVParser.parse(new InputStreamReader(new ByteArrayInputStream(csv),
                StandardCharsets.UTF_8), format)) {
            List<Map<String, String>> out = new ArrayList<>();
            List<String> header = null;
            for (CSVRecord rec : p) {
                if (header == null) {
                    header = rec.toList();
                    continue;
                }
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    m.put(header.get(i), rec.get(i));
                }
                out.add(m);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a future and unwraps the async failure so that sync and async tests assert the same type. */
    static <T> T join(Future<T> f) {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof CompletionException && c.getCause() != null) {
                c = c.getCause();
            }
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            throw new IllegalStateException(c);
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
