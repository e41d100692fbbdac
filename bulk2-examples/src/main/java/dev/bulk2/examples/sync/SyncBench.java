package dev.bulk2.examples.sync;

import dev.bulk2.auth.ClientCredentialsAuth;
import dev.bulk2.core.BulkClient;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.ingest.IngestResult;
import dev.bulk2.core.ingest.RecordRetryPolicy;
import dev.bulk2.csv.CsvDialect;
import dev.bulk2.csv.CsvMapping;
import dev.bulk2.csv.CsvRowWriter;
import dev.bulk2.testkit.Bulk2Emulator;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Bench main (docs/performance.md): N ERP rows (H2 file database, the demo's seed scaled up) synced into the
 * emulator by the runnable jar in its own JVM, beside the SDK uploading the same rows from a CSV file in its own
 * JVM with the same part size, concurrency and polling. Each child runs under {@code /usr/bin/time} for wall
 * time, client CPU and peak RSS; API calls come from the sync's summary and the plain run's statistics. The
 * emulator runs in this JVM (a fresh one per measurement).
 *
 * <pre>
 * java -Xmx3g -cp bulk2-examples/target/bulk2-erp-sync.jar dev.bulk2.examples.sync.SyncBench \
 *     rows=1000000 repeat=1 xmx=256m
 * </pre>
 *
 * <p>{@code -Dbench.jvmArgs="-XX:StartFlightRecording=filename=/tmp/child.jfr"} adds JVM options to both
 * children (a profile of each); {@code -Dbench.out=true} prints each child's own output (its progress lines and,
 * with a logging configuration in {@code bench.jvmArgs}, the SDK's request log).
 */
public final class SyncBench {
    private static final Pattern TIME = Pattern.compile("BENCH-TIME (\\S+) (\\S+) (\\S+) (\\d+)");

    private SyncBench() {
    }

    /**
     * @param args {@code rows=}, {@code repeat=}, {@code xmx=}, {@code dir=}, {@code recordsPerJob=}, {@code jobs=},
     *     {@code sync=} more sync settings, {@code ;}-separated (e.g. {@code sync=preflight.enabled=false}),
     *     {@code h2cache=} the ERP database's {@code CACHE_SIZE} in KB (1024; {@code default} leaves H2's),
     *     {@code warmup=} rounds of both runs before the {@code repeat} reported ones (1: the emulator runs in this
     *     JVM, and its first run is slower while its code is compiled), {@code poll=} the polling of both runs'
     *     jobs as {@code <first delay>,<multiplier>,<longest delay>} (default: the sync's, {@code PT0.2S,1.5,PT10S})
     * @throws Exception if the bench cannot run
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (String s : args) {
            a.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        }
        int rows = Integer.parseInt(a.getOrDefault("rows", "1000000"));
        int repeat = Integer.parseInt(a.getOrDefault("repeat", "1"));
        String xmx = a.getOrDefault("xmx", "256m");
        String perJob = a.getOrDefault("recordsPerJob", "250000");
        String jobs = a.getOrDefault("jobs", "3");
        String[] poll = a.getOrDefault("poll", SyncConfig.DEFAULT_POLL_INITIAL_DELAY + "," + SyncConfig
                .DEFAULT_POLL_MULTIPLIER + "," + SyncConfig.DEFAULT_POLL_MAX_DELAY).split(",");
        Path dir = Path.of(a.getOrDefault("dir", "target/sync-bench")).toAbsolutePath();
        Path jar = Path.of(SyncBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        SyncDemo.deleteTree(dir);
        Files.createDirectories(dir);
        String jdbc = erpUrl(dir, a.getOrDefault("h2cache", "1024"));
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(jdbc, "sa", "")) {
            ErpSource.runScript(c, "/erp-sync/schema-h2.sql");
            String seed;
            try (InputStream in = SyncBench.class.getResourceAsStream("/erp-sync/seed-h2.sql")) {
                seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            try (Statement s = c.createStatement()) {
                s.execute(seed.replace("SYSTEM_RANGE(1, 3000)", "SYSTEM_RANGE(1, " + rows + ")")
                        .replaceAll("(?m)^--.*$", "").trim().replaceAll(";$", ""));
            }
        }
        System.out.printf("seeded %,d ERP rows in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
        String extra = "upload.maxRecordsPerJob=" + perJob + "\nupload.maxConcurrentJobs=" + jobs
                + "\nreport.countCreated=false\nupload.pollInitialDelay=" + poll[0] + "\nupload.pollMultiplier="
                + poll[1] + "\nupload.pollMaxDelay=" + poll[2] + "\n" + a.getOrDefault("sync", "").replace(';', '\n')
                + "\n";
        // warm-up rounds (not reported): the emulator runs in this JVM, and before them its first measured run (the
        // plain one) got a cold emulator, slower by 1-3 s of the emulator's CPU
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "1"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < warmup + repeat; i++) {
            if (i == warmup && warmup > 0) {
                System.out.printf("%d warm-up round(s) done, not reported%n", warmup);
                lines.clear();
            }
            try (Bulk2Emulator org = SyncDemo.startOrg(Bulk2Emulator.builder())) {
                Path csv = dir.resolve("plain.csv");
                Path config = SyncDemo.writeConfig(dir, jdbc, org, extra);
                long n = writeCsv(config, org, csv);
                String[] r = child(org, List.of("-cp", jar.toString(), Plain.class.getName(), org.instanceUrl()
                        .toString(), org.clientId(), csv.toString(), perJob, jobs, poll[0], poll[1], poll[2]), xmx);
                lines.add(String.format("plain SDK upload of %,d rows (%.1f MB CSV): %s", n, Files.size(csv) / 1e6,
                        String.join(" | ", r)));
            }
            try (Bulk2Emulator org = SyncDemo.startOrg(Bulk2Emulator.builder())) {
                SyncDemo.deleteTree(dir.resolve("reports"));
                try (Connection c = DriverManager.getConnection(jdbc, "sa", ""); Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS sync_watermark");
                    s.execute("DROP TABLE IF EXISTS sync_retry");
                    s.execute("DROP TABLE IF EXISTS sync_run");
                }
                Path config = SyncDemo.writeConfig(dir, jdbc, org, extra);
                String[] r = child(org, List.of("-jar", jar.toString(), "--config", config.toString()), xmx);
                String summary;
                try (Stream<Path> s = Files.walk(dir.resolve("reports"))) {
                    summary = Files.readString(s.filter(p -> p.endsWith("summary.json")).findFirst().orElseThrow());
                }
                lines.add("sync (full run, ERP -> emulator): " + String.join(" | ", r) + " | summary "
                        + field(summary, "\"apiCalls\" : (\\d+)") + " API calls, phases "
                        + field(summary, "\"phaseMillis\" : (\\{[^}]*\\})").replaceAll("\\s+", " ")
                        + ", sent " + field(summary, "\"sent\" : (\\d+)") + ", exit "
                        + field(summary, "\"exitCode\" : (\\d+)"));
            }
        }
        lines.forEach(System.out::println);
    }

    /**
     * @param dir the bench's directory (the database is {@code erp} in it)
     * @param cache H2's {@code CACHE_SIZE} in KB, or {@code default} for H2's own
     * @return the bench's H2 ERP database URL (also {@link ReadBench}'s)
     */
    static String erpUrl(Path dir, String cache) {
        // The ERP database's page cache: H2 sizes it in its own estimate of a page's bytes, which undercounts the
        // Java heap it takes ~7 times (its default, 16 MB at -Xmx256m, kept ~110 MB live); see docs/erp-sync.md
        return "jdbc:h2:file:" + dir.resolve("erp") + ("default".equals(cache) ? "" : ";CACHE_SIZE=" + cache);
    }

    private static String field(String json, String regex) {
        Matcher m = Pattern.compile(regex).matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    /** The rows the sync would send, as the CSV file the plain upload sends. */
    private static long writeCsv(Path configFile, Bulk2Emulator org, Path csv) throws Exception {
        SyncConfig config = SyncConfig.load(configFile, Map.of(SyncConfig.ENV_CLIENT_SECRET, org.clientSecret()));
        FieldMapping mapping = FieldMapping.load(config.mappingFile);
        String rt = org.records("RecordType").stream().filter(r -> SyncDemo.RECORD_TYPE.equals(r.get("DeveloperName")))
                .findFirst().orElseThrow().get("Id");
        CsvMapping<ErpRow> m = mapping.csvMapping(config, rt);
        RowCheck check = new RowCheck(mapping);
        try (ErpSource erp = ErpSource.open(config);
                OutputStream os = new BufferedOutputStream(Files.newOutputStream(csv), 1 << 16);
                CsvRowWriter<ErpRow> w = CsvRowWriter.create(os, m, CsvDialect.defaults());
                Stream<ErpRow> rows = erp.changed(java.time.Instant.EPOCH, List.of())) {
            rows.filter(r -> !r.active || check.check(r) == null).forEach(w::write);
            return w.recordCount();
        }
    }

    private static String[] child(Bulk2Emulator org, List<String> javaArgs, String xmx) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "BENCH-TIME %e %U %S %M",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + xmx,
                "-XX:+UseSerialGC".equals(System.getProperty("bench.gc")) ? "-XX:+UseSerialGC" : "-Xss1m"));
        String extra = System.getProperty("bench.jvmArgs", "").trim(); // e.g. a JFR recording of the child
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.addAll(javaArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put(SyncConfig.ENV_CLIENT_SECRET, org.clientSecret());
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        long cpu0 = os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (Boolean.getBoolean("bench.out")) { // the child's own output (with -Dbench.jvmArgs for its logging)
            System.out.println(out);
        }
        // this JVM does nothing but serve the emulator while the child runs: its CPU is the emulator's
        double emulatorCpu = cpu0 < 0 ? Double.NaN
                : (((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() - cpu0) / 1e9;
        Matcher m = TIME.matcher(out);
        if (code != 0 || !m.find()) {
            throw new IllegalStateException("child failed (exit " + code + "):\n" + out);
        }
        String plain = out.lines().filter(l -> l.startsWith("PLAIN ")).findFirst().orElse("");
        return new String[] {"wall " + m.group(1) + " s", String.format("client CPU %.2f s (user %s + sys %s)",
                Double.parseDouble(m.group(2)) + Double.parseDouble(m.group(3)), m.group(2), m.group(3)),
            "peak RSS " + Long.parseLong(m.group(4)) / 1024 + " MB", String.format("emulator CPU %.2f s",
                    emulatorCpu), plain};
    }

    /** The plain SDK upload of a CSV file, with the sync's settings (a child JVM of the bench). */
    public static final class Plain {
        private Plain() {
        }

        /**
         * @param args instance URL, client id, CSV file, records per job, concurrent jobs, and the polling: first
         *     delay, multiplier, longest delay (ISO-8601 durations)
         */
        public static void main(String[] args) {
            ClientCredentialsAuth auth = ClientCredentialsAuth.builder().tokenUrl(URI.create(args[0]))
                    .clientId(args[1]).clientSecret(System.getenv(SyncConfig.ENV_CLIENT_SECRET)).build();
            try (BulkClient client = BulkClient.builder().auth(auth).build()) {
                IngestResult r = client.ingest("Account").upsert("External_ID__c")
                        .maxRecordsPerJob(Long.parseLong(args[3])).maxConcurrentJobs(Integer.parseInt(args[4]))
                        .recordRetryPolicy(RecordRetryPolicy.lockErrors())
                        .pollingPolicy(PollingPolicy.builder().initialDelay(Duration.parse(args[5]))
                                .multiplier(Double.parseDouble(args[6])).maxDelay(Duration.parse(args[7])).build())
                        .upload(Path.of(args[2])).awaitCompletion();
                System.out.println("PLAIN " + r.recordsSucceeded() + " succeeded, " + r.recordsFailed() + " failed, "
                        + r.jobIds().size() + " jobs, " + client.apiCallCount() + " API calls");
            }
        }
    }
}
