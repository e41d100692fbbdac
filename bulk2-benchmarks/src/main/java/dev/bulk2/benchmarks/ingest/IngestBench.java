package dev.bulk2.benchmarks.ingest;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.ingest.IngestResult;
import dev.bulk2.core.ingest.IngestStats;
import dev.bulk2.testkit.Bulk2Emulator;
import dev.bulk2.testkit.StoreMode;
import com.sun.management.GarbageCollectionNotificationInfo;
import dev.bulk2.csv.SuccessfulRecord;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Upserts generated Person Account rows through the emulator with the fluent ingest, and prints wall time,
 * records/s, MB/s, peak heap, API calls and time per phase, with compression off and on. Afterwards it streams
 * every successful result row back ({@code IngestResult.successfulRecords()}, reading each row's id, created flag
 * and {@code External_ID__c}; only counted with {@code resultRead=count}) {@code resultPasses} times, and prints rows/s, the client's CPU time (all threads)
 * and the reading thread's CPU time and allocation.
 *
 * <pre>
 * java -Xmx256m -cp bulk2-benchmarks/target/benchmarks.jar dev.bulk2.benchmarks.ingest.IngestBench \
 *     [records=1000000] [partMb=50] [concurrency=3] [compression=both|none|gzip] [source=path|stream] \
 *     [emulator=process|inprocess] [emulatorHeapMb=1024] [results=true|false] [resultPasses=1] \
 *     [resultRead=fields|count] [journal=off|on|both] [repeat=1]
 * </pre>
 *
 * <p>{@code journal=both} runs each configuration without and with {@code journal(Path)} (a fresh journal in a
 * temp directory each time), alternating, {@code repeat} times, to show the journal's overhead on the whole run.
 *
 * <p>By default the emulator runs in a separate JVM ({@code Bulk2EmulatorMain --keys-only}, its own heap), so the
 * heap figures are those of the SDK alone. Even in {@code KEYS_ONLY} mode the emulator keeps about 285 bytes per
 * stored record (record, packed id + key, the key index), ~280 MB for a million rows: in-process
 * ({@code emulator=inprocess}) a million rows do not fit in {@code -Xmx256m}. The resulting OutOfMemoryError
 * killed the emulator's HTTP dispatcher and the client's HttpClient selector thread, which is what made the first
 * attempt of this bench hang.
 *
 * <p>Heap: "peak" is the sum of the heap pools' peak usage (an upper bound: it includes garbage not yet
 * collected); "live" is the largest heap usage seen right after a garbage collection. A main may print.
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
        String emulator = "process";
        int emulatorHeapMb = 1024;
        boolean results = true;
        int resultPasses = 1;
        boolean resultFields = true;
        String journal = "off";
        int repeat = 1;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "records": records = Integer.parseInt(kv[1]); break;
                case "partMb": partMb = Long.parseLong(kv[1]); break;
                case "concurrency": concurrency = Integer.parseInt(kv[1]); break;
                case "compression": compression = kv[1]; break;
                case "source": source = kv[1]; break;
                case "emulator": emulator = kv[1]; break;
                case "emulatorHeapMb": emulatorHeapMb = Integer.parseInt(kv[1]); break;
                case "results": results = Boolean.parseBoolean(kv[1]); break;
                case "resultPasses": resultPasses = Integer.parseInt(kv[1]); break;
                case "resultRead": resultFields = kv[1].equals("fields"); break;
                case "journal": journal = kv[1]; break;
                case "repeat": repeat = Integer.parseInt(kv[1]); break;
                default: throw new IllegalArgumentException("Unknown argument " + a
                        + "; use records=, partMb=, concurrency=, compression=none|gzip|both, source=path|stream, "
                        + "emulator=process|inprocess, emulatorHeapMb=, results=true|false, resultPasses=, "
                        + "resultRead=fields|count, journal=off|on|both, repeat=");
            }
        }
        LiveHeap.install();
        Path csv = Files.createTempFile("bulk2-ingest-bench", ".csv");
        try {
            long t0 = System.nanoTime();
            generate(csv, records);
            System.out.printf(Locale.ROOT, "generated %,d rows, %.1f MB in %.1f s (-Xmx %d MB, emulator %s)%n",
                    records, Files.size(csv) / 1e6, (System.nanoTime() - t0) / 1e9,
                    Runtime.getRuntime().maxMemory() >> 20, emulator);
            java.util.List<Boolean> journals = journal.equals("both") ? java.util.List.of(false, true)
                    : java.util.List.of(journal.equals("on"));
            for (int i = 0; i < repeat; i++) {
                for (boolean j : journals) {
                    if (!compression.equals("gzip")) {
                        run(csv, records, partMb, concurrency, false, source, emulator, emulatorHeapMb,
                                results, resultPasses, resultFields, j);
                    }
                    if (!compression.equals("none")) {
                        run(csv, records, partMb, concurrency, true, source, emulator, emulatorHeapMb,
                                results, resultPasses, resultFields, j);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    /** An emulator for one run: in this JVM, or a child JVM with its own heap. */
    private interface Emulator extends AutoCloseable {
        URI instanceUrl();

        String token() throws Exception;

        @Override
        void close();
    }

    private static Emulator inProcess() {
        Bulk2Emulator sf = Bulk2Emulator.builder().port(0).storeMode(StoreMode.KEYS_ONLY).apiCallLimit(10_000_000)
                .workerThreads(2).build().start();
        return new Emulator() {
            @Override
            public URI instanceUrl() {
                return sf.instanceUrl();
            }

            @Override
            public String token() {
                return sf.issueToken();
            }

            @Override
            public void close() {
                sf.close();
            }
        };
    }

    private static Emulator childProcess(int heapMb) throws Exception {
        String clientId = "bench-" + Long.toHexString(System.nanoTime());
        String clientSecret = java.util.UUID.randomUUID().toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx" + heapMb + "m", "-cp", System.getProperty("java.class.path"),
                "dev.bulk2.testkit.Bulk2EmulatorMain", "--port", "0", "--keys-only", "--api-call-limit", "10000000",
                "--client-id", clientId, "--client-secret", clientSecret)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        URI url = null;
        long until = System.nanoTime() + 60_000_000_000L;
        String line;
        while (url == null && System.nanoTime() < until && (line = out.readLine()) != null) {
            if (line.trim().startsWith("instance URL")) {
                url = URI.create(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        if (url == null) {
            p.destroyForcibly();
            throw new IllegalStateException("The emulator process did not print its URL");
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (java.io.IOException ignored) {
                // process ended
            }
        }, "emulator-stdout");
        drain.setDaemon(true);
        drain.start();
        URI instance = url;
        return new Emulator() {
            @Override
            public URI instanceUrl() {
                return instance;
            }

            @Override
            public String token() throws Exception {
                HttpClient http = HttpClient.newHttpClient();
                String form = "grant_type=client_credentials&client_id=" + clientId + "&client_secret="
                        + clientSecret;
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(instance
                        + "/services/oauth2/token")).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
                Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
                if (r.statusCode() != 200 || !m.find()) {
                    throw new IllegalStateException("No token from the emulator: HTTP " + r.statusCode());
                }
                return m.group(1);
            }

            @Override
            public void close() {
                p.destroy();
                try {
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    p.destroyForcibly();
                }
            }
        };
    }

    private static void run(Path csv, int records, long partMb, int concurrency, boolean gzip,
            String source, String emulator, int emulatorHeapMb, boolean readResults, int resultPasses,
            boolean resultFields, boolean journaled)
            throws Exception {
        Path journalDir = journaled ? Files.createTempDirectory("bulk2-bench-journal") : null;
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        LiveHeap.reset();
        try (Emulator sf = emulator.equals("inprocess") ? inProcess() : childProcess(emulatorHeapMb);
             BulkClient client = BulkClient.builder().instanceUrl(sf.instanceUrl())
                     .auth(AuthProvider.ofToken(sf.token())).build()) {
            com.sun.management.OperatingSystemMXBean osBean = (com.sun.management.OperatingSystemMXBean)
                    ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = osBean.getProcessCpuTime();
            long t0 = System.nanoTime();
            var chain = client.ingest("Account").upsert("External_ID__c")
                    .maxBytesPerJob(partMb * 1_000_000L).maxConcurrentJobs(concurrency).gzip(gzip)
                    .pollingPolicy(PollingPolicy.builder().initialDelay(Duration.ofMillis(200))
                            .maxDelay(Duration.ofSeconds(2)).build());
            if (journaled) {
                chain.journal(journalDir.resolve("bench.journal")).journalKey("bench");
            }
            IngestResult r;
            if (source.equals("stream")) {
                try (InputStream in = Files.newInputStream(csv)) {
                    r = chain.upload(in).awaitCompletion();
                }
            } else {
                r = chain.upload(csv).awaitCompletion();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double runCpu = (osBean.getProcessCpuTime() - cpuStart) / 1e9;
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            IngestStats s = r.stats();
            long[] resultRows = new long[resultPasses];
            double[] resultSecs = new double[resultPasses];
            double[] resultCpu = new double[resultPasses];
            double[] readerCpu = new double[resultPasses];
            long[] readerAlloc = new long[resultPasses];
            long[] resultCreated = new long[resultPasses];
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    ManagementFactory.getOperatingSystemMXBean();
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
                    ManagementFactory.getThreadMXBean();
            long self = Thread.currentThread().getId();
            for (int pass = 0; readResults && pass < resultPasses; pass++) {
                long cpu0 = os.getProcessCpuTime();
                long thread0 = threads.getCurrentThreadCpuTime();
                long alloc0 = threads.getThreadAllocatedBytes(self);
                long t1 = System.nanoTime();
                long n = 0;
                try (Stream<SuccessfulRecord> ok = r.successfulRecords()) {
                    if (!resultFields) {
                        resultRows[pass] = ok.count();
                    } else {
                        // every row as an application reads it: the id, the created flag, the external id
                        for (java.util.Iterator<SuccessfulRecord> it = ok.iterator(); it.hasNext(); ) {
                            SuccessfulRecord rec = it.next();
                            if (rec.id().isEmpty() || rec.field("External_ID__c").isEmpty()) {
                                throw new IllegalStateException("A successful row without id or key: " + rec);
                            }
                            n += rec.created() ? 1 : 0;
                            resultRows[pass]++;
                        }
                    }
                }
                resultCreated[pass] = n;
                resultSecs[pass] = (System.nanoTime() - t1) / 1e9;
                resultCpu[pass] = (os.getProcessCpuTime() - cpu0) / 1e9;
                readerCpu[pass] = (threads.getCurrentThreadCpuTime() - thread0) / 1e9;
                readerAlloc[pass] = threads.getThreadAllocatedBytes(self) - alloc0;
            }
            long peak = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    peak += p.getPeakUsage().getUsed();
                }
            }
            System.out.printf(Locale.ROOT, "%n== compression=%s source=%s partMb=%d concurrency=%d emulator=%s "
                    + "journal=%s%n", gzip ? "gzip" : "none", source, partMb, concurrency, emulator,
                    journaled ? "on" : "off");
            System.out.printf(Locale.ROOT, "records %,d succeeded %,d failed %,d reconciled %s, jobs %d, parts %d%n",
                    r.recordsSubmitted(), r.recordsSucceeded(), r.recordsFailed(), r.isReconciled(),
                    r.jobs().size(), s.partsRead());
            System.out.printf(Locale.ROOT, "wall %.2f s, %,.0f records/s, %.1f MB/s (raw CSV), uploaded %.1f MB "
                    + "(load average at end %.2f), client CPU %.2f s%n", secs, records / secs,
                    s.bytesRead() / 1e6 / secs, s.bytesUploaded() / 1e6, load, runCpu);
            System.out.printf(Locale.ROOT, "client heap: peak %.1f MB (sum of pool peaks), live %.1f MB (max after GC)"
                    + "%s%n", peak / 1e6, LiveHeap.max() / 1e6,
                    emulator.equals("inprocess") ? " - whole JVM incl. emulator" : "");
            System.out.printf(Locale.ROOT, "API calls %d (polls %d)%n", s.apiCalls(), s.polls());
            System.out.printf(Locale.ROOT, "phases: read+split %.1f s, create+upload+close %.1f s (summed over jobs), "
                    + "processing %.1f s (summed close->terminal over jobs)%n", s.readTime().toMillis() / 1e3,
                    s.uploadTime().toMillis() / 1e3, s.processingTime().toMillis() / 1e3);
            for (int pass = 0; readResults && pass < resultPasses; pass++) {
                System.out.printf(Locale.ROOT, "results%s: streamed %,d successful rows (%,d created) in %.1f s (%,.0f rows/s); "
                        + "client CPU %.2f s (%,.0f rows per CPU-second, all client threads incl. HTTP and gzip); "
                        + "reading thread CPU %.2f s (%,.0f rows per CPU-second: gzip inflation and parsing), "
                        + "allocated %.0f B/row%n",
                        resultPasses > 1 ? " pass " + (pass + 1) : "", resultRows[pass], resultCreated[pass],
                        resultSecs[pass], resultRows[pass] / resultSecs[pass], resultCpu[pass],
                        resultRows[pass] / resultCpu[pass], readerCpu[pass], resultRows[pass] / readerCpu[pass],
                        (double) readerAlloc[pass] / resultRows[pass]);
            }
        }
    }

    /** Largest heap usage right after a garbage collection, from the GC notifications. */
    static final class LiveHeap {
        private static final AtomicLong MAX = new AtomicLong();

        static void install() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter) {
                    ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                            return;
                        }
                        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                                .from((CompositeData) n.getUserData());
                        long used = 0;
                        for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                            used += u.getUsed();
                        }
                        long u = used;
                        MAX.accumulateAndGet(u, Math::max);
                    }, null, null);
                }
            }
        }

        static void reset() {
            MAX.set(0);
        }

        static long max() {
            return MAX.get();
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
