package dev.bulk2.benchmarks.ingest;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.auth.StaticTokenAuth;
import dev.bulk2.core.ingest.IngestResult;
import dev.bulk2.core.ingest.IngestStats;
import dev.bulk2.core.ingest.UploadCompression;
import dev.bulk2.testkit.Bulk2Emulator;
import dev.bulk2.testkit.StoreMode;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Upserts generated Person Account rows through the in-process emulator (KEYS_ONLY store) with the fluent ingest,
 * and prints wall time, records/s, MB/s, peak heap, API calls and time per phase, with compression off and on.
 *
 * <pre>
 * java -Xmx256m -cp bulk2-benchmarks/target/bulk2-benchmarks-*.jar dev.bulk2.benchmarks.ingest.IngestBench \
 *     [records=1000000] [partMb=50] [concurrency=3] [compression=both|none|gzip] [source=path|stream]
 * </pre>
 *
 * <p>The heap figure covers the whole JVM, emulator included. A main may print.
 */
public final class IngestBench {
    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        int records = 1_000_000;
        long partMb = 50;
        int concurrency = 3;
        String compression = "both";
        String source = "path";
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "records": records = Integer.parseInt(kv[1]); break;
                case "partMb": partMb = Long.parseLong(kv[1]); break;
                case "concurrency": concurrency = Integer.parseInt(kv[1]); break;
                case "compression": compression = kv[1]; break;
                case "source": source = kv[1]; break;
                default: throw new IllegalArgumentException("Unknown argument " + a
                        + "; use records=, partMb=, concurrency=, compression=none|gzip|both, source=path|stream");
            }
        }
        Path csv = Files.createTempFile("bulk2-ingest-bench", ".csv");
        try {
            long t0 = System.nanoTime();
            generate(csv, records);
            System.out.printf(Locale.ROOT, "generated %,d rows, %.1f MB in %.1f s (-Xmx %d MB)%n", records,
                    Files.size(csv) / 1e6, (System.nanoTime() - t0) / 1e9,
                    Runtime.getRuntime().maxMemory() >> 20);
            if (!compression.equals("gzip")) {
                run(csv, records, partMb, concurrency, UploadCompression.NONE, source);
            }
            if (!compression.equals("none")) {
                run(csv, records, partMb, concurrency, UploadCompression.GZIP, source);
            }
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    private static void run(Path csv, int records, long partMb, int concurrency, UploadCompression compression,
            String source) throws Exception {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        try (Bulk2Emulator sf = Bulk2Emulator.builder().port(0).storeMode(StoreMode.KEYS_ONLY)
                .apiCallLimit(10_000_000).workerThreads(2).build().start();
             BulkClient client = BulkClient.builder().instanceUrl(sf.instanceUrl())
                     .auth(StaticTokenAuth.of(sf.issueToken())).build()) {
            long t0 = System.nanoTime();
            var chain = client.ingest("Account").upsert("External_ID__c")
                    .maxBytesPerJob(partMb * 1_000_000L).maxConcurrentJobs(concurrency).compression(compression)
                    .pollingPolicy(PollingPolicy.builder().initialDelay(Duration.ofMillis(200))
                            .maxDelay(Duration.ofSeconds(2)).build());
            IngestResult r;
            if (source.equals("stream")) {
                try (InputStream in = Files.newInputStream(csv)) {
                    r = chain.upload(in).awaitCompletion();
                }
            } else {
                r = chain.upload(csv).awaitCompletion();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            long peak = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    peak += p.getPeakUsage().getUsed();
                }
            }
            IngestStats s = r.stats();
            System.out.printf(Locale.ROOT, "%n== compression=%s source=%s partMb=%d concurrency=%d%n", compression,
                    source, partMb, concurrency);
            System.out.printf(Locale.ROOT, "records %,d succeeded %,d failed %,d reconciled %s, jobs %d, parts %d%n",
                    r.recordsSubmitted(), r.recordsSucceeded(), r.recordsFailed(), r.isReconciled(),
                    r.jobs().size(), s.partsRead());
            System.out.printf(Locale.ROOT, "wall %.1f s, %,.0f records/s, %.1f MB/s (raw CSV), uploaded %.1f MB%n",
                    secs, records / secs, s.bytesRead() / 1e6 / secs, s.bytesUploaded() / 1e6);
            System.out.printf(Locale.ROOT, "peak heap (sum of heap pool peaks, whole JVM incl. emulator) %.1f MB%n",
                    peak / 1e6);
            System.out.printf(Locale.ROOT, "API calls %d (polls %d)%n", s.apiCalls(), s.polls());
            System.out.printf(Locale.ROOT, "phases: read %.1f s, create+upload+close %.1f s (summed over jobs), "
                    + "processing %.1f s (summed close->terminal)%n", s.readTime().toMillis() / 1e3,
                    s.uploadTime().toMillis() / 1e3, s.processingTime().toMillis() / 1e3);
        }
    }

    static void generate(Path csv, int records) throws Exception {
        String[] first = {"Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "Niklaus"};
        String[] last = {"Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Wirth"};
        String[] city = {"London", "Wilmslow", "New York", "Rotterdam", "Boston", "Stanford", "Zurich"};
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("External_ID__c,Salutation,FirstName,LastName,PersonEmail,PersonBirthdate,PersonMobilePhone,"
                    + "PersonMailingStreet,PersonMailingCity,PersonMailingPostalCode,PersonMailingCountry,"
                    + "PersonHasOptedOutOfEmail\n");
            StringBuilder sb = new StringBuilder(256);
            for (int i = 0; i < records; i++) {
                sb.setLength(0);
                String f = first[i % first.length];
                String l = last[(i / 7) % last.length];
                sb.append("ERP-").append(1_000_000 + i).append(',').append(i % 2 == 0 ? "Ms." : "Mr.").append(',')
                        .append(f).append(',').append(l).append('-').append(i).append(',')
                        .append(f.toLowerCase(Locale.ROOT)).append('.').append(i).append("@example.com,")
                        .append(1940 + i % 60).append("-0").append(1 + i % 9).append('-').append(10 + i % 18)
                        .append(",+44 20 7946 ").append(1000 + i % 9000).append(",\"")
                        .append(i % 300).append(" Marylebone Rd, Flat ").append(i % 40).append("\",")
                        .append(city[i % city.length]).append(",NW").append(i % 10).append(" 5LR,United Kingdom,")
                        .append(i % 3 == 0).append('\n');
                w.append(sb);
            }
        }
    }
}
