package dev.bulk2.examples.sync;

import dev.bulk2.core.org.SObjectDescribe;
import dev.bulk2.csv.CsvDialect;
import dev.bulk2.csv.CsvMapping;
import dev.bulk2.csv.CsvRowWriter;
import dev.bulk2.testkit.Bulk2Emulator;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Bench main (docs/performance.md): the CPU cost of the sync's read+spool path alone, in this JVM, without
 * Salesforce. N ERP rows (H2 file database, the demo's seed scaled up, as {@link SyncBench}) are read by the
 * sync's own path {@code repeat} times: {@link ErpSource#changed} from the epoch, the {@link PreFlight} (with the
 * emulated org's describe, so the field-length checks run) on active rows, the SDK's value rules on the mapped
 * values ({@link PreFlight#valueRules}, as {@code Spooler} runs them), then {@link CsvRowWriter} with
 * {@link FieldMapping#csvMapping} into {@code rows.csv}. {@code path=read} only reads the rows from H2 (the
 * database's share of the cost: nothing mapped, checked or written). Each repetition prints its wall time, this
 * thread's CPU time ({@link ThreadMXBean#getCurrentThreadCpuTime}), the rows written and rejected, and the SHA-256
 * of the CSV output, so that a change of the read path can be checked to write the same bytes.
 *
 * <pre>
 * java -Xmx256m -cp bulk2-examples/target/bulk2-erp-sync.jar dev.bulk2.examples.sync.ReadBench \
 *     rows=1000000 repeat=3
 * </pre>
 *
 * <p>The database is seeded once and reused while it holds {@code rows} rows ({@code reseed=true} forces a new
 * seed): the seed's change times follow the clock, so only a reused database gives comparable checksums. The
 * emulated org (describe, record type id) runs only while the bench is set up. The seed connects through
 * {@link ErpSource#connect}, the JVM's first H2 connection as in the sync (which sets H2's system properties).
 */
public final class ReadBench {
    private ReadBench() {
    }

    /**
     * @param args {@code rows=} (default 1,000,000), {@code repeat=} (3), {@code dir=} (target/read-bench),
     *     {@code reseed=} (false), {@code h2cache=} the database's {@code CACHE_SIZE} in KB (1024, as {@link
     *     SyncBench}; {@code default} leaves H2's), {@code path=} {@code full} (default) or {@code read}
     * @throws Exception if the bench cannot run
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String s : args) {
            a.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        }
        int rows = Integer.parseInt(a.getOrDefault("rows", "1000000"));
        int repeat = Integer.parseInt(a.getOrDefault("repeat", "3"));
        boolean reseed = Boolean.parseBoolean(a.getOrDefault("reseed", "false"));
        Path dir = Path.of(a.getOrDefault("dir", "target/read-bench")).toAbsolutePath();
        Files.createDirectories(dir);
        String jdbc = SyncBench.erpUrl(dir, a.getOrDefault("h2cache", "1024"));
        boolean readOnly = "read".equals(a.getOrDefault("path", "full"));
        SyncConfig config;
        SObjectDescribe describe;
        String recordType;
        try (Bulk2Emulator org = SyncDemo.startOrg(Bulk2Emulator.builder())) {
            Path configFile = SyncDemo.writeConfig(dir, jdbc, org, "");
            config = SyncConfig.load(configFile, Map.of(SyncConfig.ENV_CLIENT_SECRET, org.clientSecret()));
            try (SalesforceSink sf = SalesforceSink.connect(config)) {
                describe = sf.describe();
                recordType = sf.recordTypeId(config.recordTypeDeveloperName);
            }
        }
        seed(config, rows, reseed); // through ErpSource.connect, the JVM's first H2 connection as in the sync
        FieldMapping mapping = FieldMapping.load(config.mappingFile);
        PreFlight check = PreFlight.of(config, mapping, describe);
        CsvMapping<ErpRow> csv = mapping.csvMapping(config, recordType);
        dev.bulk2.core.plan.ValueRules rules = check.valueRules(csv.columns());
        Path out = dir.resolve("rows.csv");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.println((readOnly ? "H2 read only: " : "read path: ") + rows + " rows, " + repeat
                + " repetitions, " + jdbc.substring(jdbc.lastIndexOf('/') + 1) + ", JVM "
                + System.getProperty("java.version") + ", " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        try (ErpSource erp = ErpSource.open(config)) {
            for (int i = 1; i <= repeat; i++) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                long read = 0;
                long written = 0;
                long rejected = 0;
                long cpu0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                try (OutputStream os = new BufferedOutputStream(new DigestOutputStream(Files.newOutputStream(out),
                        sha), 1 << 16);
                        CsvRowWriter<List<String>> w = CsvRowWriter.create(os, Spooler.segmentMapping(csv.columns()),
                                CsvDialect.defaults());
                        Stream<ErpRow> changed = erp.changed(Instant.EPOCH, List.of())) {
                    for (ErpRow r : (Iterable<ErpRow>) changed::iterator) {
                        read++;
                        if (readOnly) {
                            continue;
                        }
                        if (r.active && check.check(r) != null) {
                            rejected++;
                            continue;
                        }
                        List<String> values = csv.values(r);
                        if (rules != null && rules.check(read, values).isPresent()) {
                            rejected++;
                            continue;
                        }
                        w.write(values);
                        written++;
                    }
                }
                long wall = System.nanoTime() - t0;
                long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                System.out.printf("run %d: wall %.2f s, thread CPU %.2f s, %,d rows read, %,d written, %,d rejected,"
                        + " %.1f MB, sha256 %s%n", i, wall / 1e9, cpu / 1e9, read, written, rejected,
                        Files.size(out) / 1e6, hex(sha.digest()));
            }
        }
    }

    private static void seed(SyncConfig config, int rows, boolean reseed) throws Exception {
        try (Connection c = ErpSource.connect(config); Statement s = c.createStatement()) {
            ErpSource.runScript(c, "/erp-sync/schema-h2.sql");
            long have;
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM client")) {
                rs.next();
                have = rs.getLong(1);
            }
            if (have == rows && !reseed) {
                System.out.printf("reusing %,d ERP rows%n", rows);
                return;
            }
            long t0 = System.nanoTime();
            s.execute("DELETE FROM client");
            String seed;
            try (InputStream in = ReadBench.class.getResourceAsStream("/erp-sync/seed-h2.sql")) {
                seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            s.execute(seed.replace("SYSTEM_RANGE(1, 3000)", "SYSTEM_RANGE(1, " + rows + ")")
                    .replaceAll("(?m)^--.*$", "").trim().replaceAll(";$", ""));
            System.out.printf("seeded %,d ERP rows in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
        }
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
