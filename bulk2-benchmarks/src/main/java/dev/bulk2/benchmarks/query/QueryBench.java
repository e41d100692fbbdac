package dev.bulk2.benchmarks.query;

import dev.bulk2.core.BulkClient;
import dev.bulk2.csv.ByteSource;
import dev.bulk2.core.JobInfo;
import dev.bulk2.core.Operation;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.auth.AccessToken;
import dev.bulk2.core.auth.CachingAuthProvider;
import dev.bulk2.core.ingest.CreateIngestJobRequest;
import dev.bulk2.core.query.Query;
import dev.bulk2.core.query.QueryListener;
import dev.bulk2.core.query.QueryResult;
import dev.bulk2.core.query.QueryRows;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bench main: exports N rows (default 1,000,000, about 150 MB of CSV) from the standalone emulator, running in
 * its own JVM with a full record store, to a file and to a row stream, serially and with parallel pages. Prints
 * wall time, rows/s, MB/s, peak heap of this JVM and API calls per run.
 *
 * <pre>
 * java -Xmx256m -cp bulk2-benchmarks/target/benchmarks.jar dev.bulk2.benchmarks.query.QueryBench \
 *     [rows=1000000] [maxRecordsPerPage=100000] [parallelism=4] [emulatorJar] [journal=both repeat=N]
 * </pre>
 *
 * <p>With {@code journal=both} it runs only serial file exports ({@code toPath}), N pairs alternating without
 * and with a journal (a fresh one each time: {@code queryJob}, then one forced page line per page after forcing
 * the output), and prints the client process CPU of each run too.
 *
 * "total" runs from the terminal call (create, wait, download); "download" from the poll that saw the job
 * complete to the last row. The emulator jar defaults to the standalone testkit jar in the local Maven repository. The emulator JVM gets
 * {@code -Xmx3g}; it is seeded through bulk ingest (insert jobs of 250,000 rows, under the 100 MB upload limit)
 * and stopped at the end.
 */
public final class QueryBench {
    private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private QueryBench() {
    }

    /** Client credentials against the emulator's token endpoint (bulk2-auth is not a dependency here). */
    static final class EmulatorTokens extends CachingAuthProvider {
        private final HttpClient http = HttpClient.newHttpClient();
        private final URI instance;
        private final String clientId;
        private final String secret;

        EmulatorTokens(URI instance, String clientId, String secret) {
            this.instance = instance;
            this.clientId = clientId;
            this.secret = secret;
        }

        @Override
        protected AccessToken fetch() {
            String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId,
                    StandardCharsets.UTF_8) + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(instance
                        + "/services/oauth2/token")).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
                Matcher m = TOKEN.matcher(r.body());
                if (r.statusCode() != 200 || !m.find()) {
                    throw new IllegalStateException("token request failed: HTTP " + r.statusCode());
                }
                return AccessToken.of(m.group(1), instance, Instant.now());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String journalMode = null;
        int repeat = 3;
        List<String> positional = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("journal=")) {
                journalMode = a.substring(8);
            } else if (a.startsWith("repeat=")) {
                repeat = Integer.parseInt(a.substring(7));
            } else {
                positional.add(a);
            }
        }
        args = positional.toArray(new String[0]);
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int pageSize = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int parallel = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path jar = args.length > 3 ? Paths.get(args[3]) : Paths.get(System.getProperty("user.home"),
                ".m2/repository/dev/bulk2/bulk2-testkit/0.1.0-SNAPSHOT/bulk2-testkit-0.1.0-SNAPSHOT-standalone.jar");
        Path dir = Files.createTempDirectory("bulk2-querybench");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process emulator = new ProcessBuilder(java, "-Xmx3g", "-jar", jar.toString(), "--port",
                Integer.toString(port), "--host", "127.0.0.1", "--client-id", "bench", "--client-secret", "bench-secret")
                .redirectErrorStream(true).redirectOutput(dir.resolve("emulator.log").toFile()).start();
        try {
            URI instance = URI.create("http://127.0.0.1:" + port);
            waitForLog(dir.resolve("emulator.log"), "listening on", emulator);
            try (BulkClient client = BulkClient.builder().instanceUrl(instance)
                    .auth(new EmulatorTokens(instance, "bench", "bench-secret")).build()) {
                long t0 = System.nanoTime();
                seed(client, dir, rows);
                System.out.printf("seeded rows=%d in %.1f s (bulk ingest into the emulator)%n", rows,
                        (System.nanoTime() - t0) / 1e9);
                if (journalMode != null) {
                    for (int i = 0; i < repeat; i++) {
                        run(client, "file", 1, pageSize, dir);
                        run(client, "journal", 1, pageSize, dir);
                    }
                } else {
                    for (int p : new int[] {1, parallel}) {
                        run(client, "file", p, pageSize, dir);
                        run(client, "stream", p, pageSize, dir);
                    }
                }
            }
        } finally {
            emulator.destroy();
            if (!emulator.waitFor(10, TimeUnit.SECONDS)) {
                emulator.destroyForcibly();
            }
            deleteTree(dir);
        }
    }

    private static void run(BulkClient client, String target, int parallelism, int pageSize, Path dir) {
        System.gc();
        resetPeaks();
        Query q = client.query("SELECT Id, Name, Description, Phone, Website FROM Account")
                .maxRecordsPerPage(pageSize).parallelism(parallelism).spoolDirectory(dir)
                .pollingPolicy(PollingPolicy.builder().initialDelay(Duration.ofMillis(200))
                        .maxDelay(Duration.ofSeconds(2)).build());
        long[] completeAt = {0};
        q.listener(new QueryListener() {
            @Override
            public void jobPolled(JobInfo job) {
                if (job.isTerminal()) {
                    completeAt[0] = System.nanoTime();
                }
            }
        });
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        QueryResult r;
        long checksum = 0;
        if (target.equals("file") || target.equals("journal")) {
            Path out = dir.resolve("export.csv");
            Path journal = dir.resolve("export.journal");
            if (target.equals("journal")) {
                q.journal(journal);
            }
            r = q.toPath(out);
            try {
                checksum = Files.size(out);
                Files.delete(out);
                Files.deleteIfExists(journal);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            try (QueryRows<Map<String, String>> rs = q.stream()) {
                for (Map<String, String> row : rs) {
                    checksum += row.get("Name").length();
                }
                r = rs.result();
            }
        }
        long end = System.nanoTime();
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        double secs = (end - t0) / 1e9;
        double dl = (end - (completeAt[0] == 0 ? t0 : completeAt[0])) / 1e9;
        System.out.printf("target=%s parallelism=%d pageSize=%d rows=%d pages=%d MB=%.1f total_s=%.2f rows/s=%.0f "
                + "MB/s=%.1f | download_s=%.2f download_rows/s=%.0f download_MB/s=%.1f | peakHeapMB=%.1f "
                + "apiCalls=%d pageRetries=%d clientCpu_s=%.2f (check %d)%n", target, parallelism, pageSize, r.rows(),
                r.pages(), r.bytes() / 1e6, secs, r.rows() / secs, r.bytes() / 1e6 / secs, dl, r.rows() / dl,
                r.bytes() / 1e6 / dl, peakHeap() / 1e6, r.apiCalls(), r.pageRetries(), cpu, checksum);
    }

    private static void seed(BulkClient client, Path dir, int rows) throws IOException {
        int perJob = 250_000;
        List<String> jobs = new ArrayList<>();
        for (int from = 0; from < rows; from += perJob) {
            int to = Math.min(rows, from + perJob);
            Path csv = dir.resolve("seed-" + from + ".csv");
            try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                w.write("Name,Description,Phone,Website\n");
                for (int i = from; i < to; i++) {
                    w.write("Account " + String.format("%07d", i) + ",\"Customer since " + (1990 + i % 35)
                            + ", segment " + (i % 17) + "; notes: prefers email, \"\"key\"\" account " + i + "\","
                            + "+1 555 " + String.format("%07d", i) + ",https://example.com/a/" + i + "\n");
                }
            }
            JobInfo job = client.ingestJobs().create(CreateIngestJobRequest.builder().object("Account")
                    .operation(Operation.INSERT).build());
            client.ingestJobs().upload(job.id(), ByteSource.ofPath(csv));
            client.ingestJobs().close(job.id());
            jobs.add(job.id());
            Files.delete(csv);
        }
        for (String id : jobs) {
            while (!client.ingestJobs().info(id).isTerminal()) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            JobInfo done = client.ingestJobs().info(id);
            if (done.numberRecordsFailed() > 0 || !"JobComplete".equals(done.stateAsString().orElse(""))) {
                throw new IllegalStateException("seeding failed: " + done);
            }
        }
    }

    private static void waitForLog(Path log, String text, Process p) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("emulator exited: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("emulator did not start within 60 s");
    }

    /** CPU time of this (client) process, or 0 where the JVM does not tell. */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return 0;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
