package dev.bulk2.benchmarks.csv;

import dev.bulk2.csv.CsvChunker;
import dev.bulk2.csv.CsvPart;
import dev.bulk2.csv.CsvParts;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bench main: chunks the benchmark file from a Path and from an InputStream and prints the peak heap use (sum
 * of the heap pools' peaks) for each, so that heap can be compared across input sizes. Run with
 * {@code java -cp bulk2-benchmarks/target/benchmarks.jar -Xmx256m dev.bulk2.benchmarks.csv.CsvPeakHeap [bytes]}.
 */
public final class CsvPeakHeap {

    private CsvPeakHeap() {
    }

    public static void main(String[] args) throws Exception {
        long bytes = args.length > 0 ? Long.parseLong(args[0]) : CsvBenchData.CSV_BYTES;
        Path file = CsvBenchData.uploadCsv(bytes);
        Path spool = Files.createDirectories(CsvBenchData.dir().resolve("spool"));
        for (String mode : new String[] {"path", "stream"}) {
            System.gc();
            resetPeaks();
            long start = System.nanoTime();
            long records = 0;
            long parts = 0;
            try (InputStream in = Files.newInputStream(file);
                    CsvParts ps = mode.equals("path") ? CsvChunker.builder().build().split(file)
                            : CsvChunker.builder().spoolDirectory(spool).build().split(in)) {
                for (CsvPart p : ps) {
                    records += p.recordCount();
                    parts++;
                    p.release();
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("mode=%s fileBytes=%d parts=%d records=%d seconds=%.2f MB/s=%.0f peakHeapMB=%.1f%n",
                    mode, Files.size(file), parts, records, secs, Files.size(file) / 1e6 / secs, peakHeap() / 1e6);
        }
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
}
