package dev.bulk2.benchmarks.journal;

import dev.bulk2.core.internal.journal.InputIdentity;
import dev.bulk2.core.internal.journal.Journal;
import dev.bulk2.core.internal.journal.JournalEntry;
import dev.bulk2.core.internal.journal.JournalKind;
import dev.bulk2.core.internal.journal.JournalRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The run journal's costs (issue 11): one forced append (the price of each journaled step), the same write
 * without the force, the input identity's SHA-256 scan of a file (MB/s), and replaying a large journal on open.
 *
 * <pre>
 * java -cp bulk2-benchmarks/target/benchmarks.jar dev.bulk2.benchmarks.journal.JournalBench \
 *     [appends=2000] [fileMb=512] [replayParts=10000] [dir=java.io.tmpdir/bulk2-bench-journal]
 * </pre>
 *
 * The journal and the file are written to {@code dir} (on the same file system as the journal of a real run
 * would be); the file is generated once and then sits in the page cache, so the hash figure is CPU-bound, not
 * disk-bound. A main may print.
 */
public final class JournalBench {
    private JournalBench() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        int appends = Integer.parseInt(a.getOrDefault("appends", "2000"));
        int fileMb = Integer.parseInt(a.getOrDefault("fileMb", "512"));
        int replayParts = Integer.parseInt(a.getOrDefault("replayParts", "10000"));
        Path dir = Path.of(a.getOrDefault("dir", System.getProperty("java.io.tmpdir") + "/bulk2-bench-journal"));
        Files.createDirectories(dir);
        System.out.printf(Locale.ROOT, "JournalBench: appends=%d fileMb=%d replayParts=%d dir=%s, %s%n", appends,
                fileMb, replayParts, dir, Runtime.version());

        JournalRequest request = request();
        InputIdentity input = InputIdentity.ofKey("bench");

        // 1. forced appends through the journal (one line per step, like jobCreated)
        Path jf = dir.resolve("append.journal");
        Files.deleteIfExists(jf);
        long[] ns = new long[appends];
        try (Journal j = Journal.open(jf, request, input, Clock.systemUTC())) {
            for (int i = 0; i < 50; i++) { // warm-up
                j.append(new JournalEntry.JobCreated(0, i, "750Ws00000Bx" + i));
            }
            for (int i = 0; i < appends; i++) {
                JournalEntry e = new JournalEntry.JobCreated(0, i, "750Ws00000Cy" + i);
                long t0 = System.nanoTime();
                j.append(e);
                ns[i] = System.nanoTime() - t0;
            }
        }
        report("append + force(false)", ns);

        // 2. the same bytes written without forcing (what the fsync costs)
        byte[] line = ("{\"type\":\"jobCreated\",\"at\":\"2026-12-02T13:00:00.123456Z\",\"round\":0,\"part\":17,"
                + "\"job\":\"750Ws00000Cy17\"}\n").getBytes(StandardCharsets.UTF_8);
        Path raw = dir.resolve("raw.journal");
        long[] rawNs = new long[appends];
        try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long pos = 0;
            for (int i = 0; i < appends; i++) {
                long t0 = System.nanoTime();
                pos += ch.write(ByteBuffer.wrap(line), pos);
                rawNs[i] = System.nanoTime() - t0;
            }
        }
        report("write, no force", rawNs);

        // 3. input identity: size + SHA-256 of a file, one streamed scan
        Path file = dir.resolve("input-" + fileMb + "mb.bin");
        long size = (long) fileMb * 1024 * 1024;
        if (!Files.exists(file) || Files.size(file) != size) {
            byte[] block = new byte[1024 * 1024];
            new Random(11).nextBytes(block);
            try (OutputStream out = Files.newOutputStream(file)) {
                for (int i = 0; i < fileMb; i++) {
                    out.write(block);
                }
            }
        }
        InputIdentity.ofFile(file); // warm the page cache and the JIT
        double best = 0;
        double[] rates = new double[3];
        for (int r = 0; r < 3; r++) {
            long t0 = System.nanoTime();
            InputIdentity id = InputIdentity.ofFile(file);
            double s = (System.nanoTime() - t0) / 1e9;
            rates[r] = id.size() / 1e6 / s;
            best = Math.max(best, rates[r]);
        }
        System.out.printf(Locale.ROOT, "%-24s %d MB file: %.0f / %.0f / %.0f MB/s (best %.0f MB/s; 155.5 MB, the "
                + "1M-row load, takes %.2f s)%n", "input SHA-256", fileMb, rates[0], rates[1], rates[2], best,
                155.5 / best);

        // 4. replaying a journal of replayParts parts (6 lines each) on open
        Path rf = dir.resolve("replay.journal");
        Files.deleteIfExists(rf);
        try (Journal j = Journal.open(rf, request, input, Clock.systemUTC())) {
            for (int p = 0; p < replayParts; p++) {
                String job = "750Ws0000" + p;
                j.append(new JournalEntry.PartPlanned(0, p, 1000L * p, 1000, 1000L * p + 2, 150_000L * p, 150_000,
                        "ab".repeat(32)));
                j.append(new JournalEntry.CreateSent(0, p, 1));
                j.append(new JournalEntry.JobCreated(0, p, job));
                j.append(new JournalEntry.Uploaded(0, p, job, 150_000, null));
                j.append(new JournalEntry.Closed(0, p, job, "UploadComplete"));
                j.append(new JournalEntry.Terminal(0, p, job, "JobComplete", 1000, 0, null));
            }
        }
        long bytes = Files.size(rf);
        long[] open = new long[5];
        for (int r = 0; r < open.length; r++) {
            long t0 = System.nanoTime();
            try (Journal j = Journal.open(rf, request, input, Clock.systemUTC())) {
                if (j.ingestState().rounds().get(0).parts().size() != replayParts) {
                    throw new IllegalStateException("replay lost parts");
                }
            }
            open[r] = System.nanoTime() - t0;
        }
        Arrays.sort(open);
        System.out.printf(Locale.ROOT, "%-24s %d parts, %d lines, %.1f MB: median %.0f ms (min %.0f ms)%n",
                "replay on open", replayParts, replayParts * 6 + 2 + open.length, bytes / 1e6, open[2] / 1e6,
                open[0] / 1e6);
    }

    private static JournalRequest request() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("object", "Account");
        f.put("operation", "upsert");
        f.put("externalIdFieldName", "External_ID__c");
        f.put("lineEnding", "LF");
        f.put("columnDelimiter", "COMMA");
        return JournalRequest.of(JournalKind.INGEST, f);
    }

    private static void report(String what, long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(0) / 1e3;
        System.out.printf(Locale.ROOT, "%-24s n=%d: mean %.1f us, p50 %.1f us, p90 %.1f us, p99 %.1f us, max %.1f "
                + "us%n", what, s.length, mean, s[s.length / 2] / 1e3, s[(int) (s.length * 0.9)] / 1e3,
                s[(int) (s.length * 0.99)] / 1e3, s[s.length - 1] / 1e3);
    }
}
