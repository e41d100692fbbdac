package dev.bulk2.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.JobInfo;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.query.QueryRows;
import dev.bulk2.testkit.Bulk2Emulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client owns its threads: runs, polls and exports borrow one scheduler and one bounded I/O executor, and
 * {@code close()} stops them. Threads are sampled at every listener event, so the bound is checked while the runs
 * are busy, not only at the end.
 */
class ClientThreadsTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** The client's threads (the in-process emulator's own threads are named bulk2-emulator-*). */
    private static Set<String> bulk2Threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("bulk2-") && !n.startsWith("bulk2-emulator-")).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void fiftyConcurrentRuns_useAtMostTheConfiguredThreads_andCloseLeavesNoBulk2Thread() {
        Bulk2Emulator sf = Bulk2Emulator.builder().port(0).build().start();
        open.add(sf);
        Set<String> before = bulk2Threads();
        BulkClient client = BulkClient.builder().instanceUrl(sf.instanceUrl())
                .auth(AuthProvider.ofToken(sf.issueToken())).ioThreads(4).build();
        AtomicInteger maxIo = new AtomicInteger();
        AtomicInteger maxScheduler = new AtomicInteger();
        Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Runnable sample = () -> {
            Set<String> now = bulk2Threads();
            now.removeAll(before);
            seen.addAll(now);
            maxIo.accumulateAndGet((int) now.stream().filter(n -> n.startsWith("bulk2-io-")).count(), Math::max);
            maxScheduler.accumulateAndGet((int) now.stream().filter(n -> n.startsWith("bulk2-scheduler-")).count(),
                    Math::max);
        };
        IngestListener sampling = new IngestListener() {
            @Override
            public void onJobCreated(int round, int partIndex, JobInfo job) {
                sample.run();
            }

            @Override
            public void onJobStateChanged(JobInfo job) {
                sample.run();
            }
        };
        List<CompletableFuture<IngestResult>> runs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            List<Map<String, String>> rows = new ArrayList<>();
            for (int k = 0; k < 6; k++) {
                Map<String, String> m = new LinkedHashMap<>();
                m.put("External_ID__c", "R" + i + "-" + k);
                m.put("LastName", "Last" + i + "-" + k);
                rows.add(m);
            }
            runs.add(client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(3).maxConcurrentJobs(2)
                    .pollingPolicy(FluentIngestTest.FAST).listener(sampling)
                    .uploadMaps(rows.stream(), List.of("External_ID__c", "LastName")).completionAsync());
        }
        long succeeded = 0;
        for (CompletableFuture<IngestResult> f : runs) {
            IngestResult r = f.join();
            assertThat(r.isReconciled()).isTrue();
            succeeded += r.recordsSucceeded();
        }
        // an export on the same client borrows the same threads
        try (QueryRows<Map<String, String>> rows = client.query("SELECT Id FROM Account").pollingPolicy(
                FluentIngestTest.FAST).stream()) {
            assertThat(rows.stream().count()).isEqualTo(300);
        }
        sample.run();
        assertThat(succeeded).isEqualTo(300);
        assertThat(sf.records("Account")).hasSize(300);
        assertThat(maxIo.get()).isBetween(1, 4);
        assertThat(maxScheduler.get()).isEqualTo(1);
        assertThat(seen).allSatisfy(n -> assertThat(n).matches("bulk2-(io|scheduler|http)-\\d+"));

        client.close();
        Set<String> after = bulk2Threads();
        after.removeAll(before);
        assertThat(after).as("bulk2 threads left after close()").isEmpty();
    }

    @Test
    void closeWithoutAnyWork_leavesNoBulk2Thread() {
        Set<String> before = bulk2Threads();
        BulkClient client = BulkClient.builder().instanceUrl(java.net.URI.create("https://acme.my.salesforce.com"))
                .auth(AuthProvider.ofToken("x")).build();
        client.close();
        Set<String> after = bulk2Threads();
        after.removeAll(before);
        assertThat(after).isEmpty();
    }
}
