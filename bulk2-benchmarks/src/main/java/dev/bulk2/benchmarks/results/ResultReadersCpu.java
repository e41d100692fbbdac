package dev.bulk2.benchmarks.results;

import dev.bulk2.benchmarks.results.ResultBenchData.Kind;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The bodies of {@link ResultReadersBenchmark} timed by the CPU time of the reading thread, not the wall clock, so
 * that a machine shared with other builds still gives "rows per second per core". For each benchmark: warm-up
 * passes, then measured passes over the whole file (1,000,000 rows), each reporting thread CPU time, wall time,
 * process CPU time (all threads: GC and JIT included), rows and MB per CPU-second and the bytes the thread
 * allocated; at the end the heap's peak (sum of the heap
 * pools' peaks, garbage included) and the machine's load average. A main may print.
 *
 * <pre>
 * java -Xmx64m -Xms64m -cp bulk2-benchmarks/target/benchmarks.jar dev.bulk2.benchmarks.results.ResultReadersCpu \
 *     [warmup=3] [passes=5] [only=regex]
 * </pre>
 */
public final class ResultReadersCpu {

    private interface Body {
        long run(ResultReadersBenchmark b, Blackhole bh) throws Throwable;
    }

    private ResultReadersCpu() {
    }

    public static void main(String[] args) throws Throwable {
        int warmup = 3;
        int passes = 5;
        Pattern only = Pattern.compile(".*");
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "warmup": warmup = Integer.parseInt(kv[1]); break;
                case "passes": passes = Integer.parseInt(kv[1]); break;
                case "only": only = Pattern.compile(kv[1]); break;
                default: throw new IllegalArgumentException("Unknown argument " + a + "; use warmup=, passes=, only=");
            }
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean();
        ResultReadersBenchmark b = new ResultReadersBenchmark();
        b.setup();
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        String[] names = {"successful", "failed", "unprocessed", "queryPage"};
        Kind[] kinds = {Kind.SUCCESSFUL, Kind.FAILED, Kind.UNPROCESSED, Kind.QUERY};
        Body[] bodies = {ResultReadersBenchmark::successful, ResultReadersBenchmark::failed,
            ResultReadersBenchmark::unprocessed, ResultReadersBenchmark::queryPage};
        double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "-Xmx %d MB, %d rows per pass, load average %.2f%n",
                Runtime.getRuntime().maxMemory() >> 20, ResultReadersBenchmark.ROWS, load0);
        List<String> summary = new ArrayList<>();
        for (int k = 0; k < names.length; k++) {
            if (!only.matcher(names[k]).matches()) {
                continue;
            }
            Path file = ResultBenchData.file(kinds[k], ResultReadersBenchmark.ROWS);
            double mb = Files.size(file) / 1e6;
            System.gc();
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                p.resetPeakUsage();
            }
            double best = Double.MAX_VALUE;
            double sum = 0;
            double procSum = 0;
            long alloc = 0;
            for (int pass = -warmup; pass < passes; pass++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long proc0 = os.getProcessCpuTime();
                long a0 = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
                long t0 = System.nanoTime();
                long rows = bodies[k].run(b, bh);
                double wall = (System.nanoTime() - t0) / 1e9;
                double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
                double proc = (os.getProcessCpuTime() - proc0) / 1e9;
                long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - a0;
                System.out.printf(Locale.ROOT, "%-11s %s %d: thread cpu %.3f s, process cpu %.3f s, wall %.3f s,"
                        + " %,.0f rows/cpu-s, %.0f MB/cpu-s, alloc %,d B (%.0f B/row)%n", names[k],
                        pass < 0 ? "warmup" : "pass  ", pass < 0 ? pass + warmup + 1 : pass + 1, cpu, proc, wall,
                        rows / cpu, mb / cpu, allocated, (double) allocated / rows);
                if (pass >= 0) {
                    best = Math.min(best, cpu);
                    sum += cpu;
                    procSum += proc;
                    alloc = allocated;
                }
            }
            long peak = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    peak += p.getPeakUsage().getUsed();
                }
            }
            double mean = sum / passes;
            double procMean = procSum / passes;
            int rows = ResultReadersBenchmark.ROWS;
            summary.add(String.format(Locale.ROOT, "| %s | %.1f MB | %.3f | %.3f | %.3f | %,.0f | %,.0f | %,.0f | %.0f |"
                    + " %.0f | %.1f MB |", names[k], mb, mean, best, procMean, rows / mean, rows / best,
                    rows / procMean, mb / mean, (double) alloc / rows, peak / 1e6));
        }
        double load1 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "%n| benchmark | file | thread CPU s/op (mean) | (best) | process CPU s/op (mean) "
                + "| rows/thread-CPU-s (mean) | (best) | rows/process-CPU-s (mean) | MB/thread-CPU-s (mean) | alloc B/row "
                + "| peak heap |%n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n");
        for (String s : summary) {
            System.out.println(s);
        }
        System.out.printf(Locale.ROOT, "load average %.2f -> %.2f%n", load0, load1);
    }
}
