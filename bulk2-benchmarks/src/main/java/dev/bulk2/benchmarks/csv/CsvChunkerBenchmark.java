package dev.bulk2.benchmarks.csv;

import dev.bulk2.csv.CsvChunker;
import dev.bulk2.csv.CsvPart;
import dev.bulk2.csv.CsvParts;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Chunking a generated 1 GiB CSV ({@code -Dbulk2.bench.csvBytes} to change it), beside the raw read speed of the
 * same file and a naive Commons CSV parse-and-rewrite. One operation processes the whole file; MB/s = file size /
 * time per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "-Xms256m"})
public class CsvChunkerBenchmark {

    Path file;
    Path spoolDir;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        file = CsvBenchData.uploadCsv(CsvBenchData.CSV_BYTES);
        spoolDir = Files.createDirectories(CsvBenchData.dir().resolve("spool"));
    }

    /** The physical limit: read every byte of the file once into a 256 KiB buffer. */
    @Benchmark
    public long rawRead() throws IOException {
        long sum = 0;
        ByteBuffer buf = ByteBuffer.allocate(1 << 18);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int n;
            while ((n = ch.read(buf)) >= 0) {
                sum += n + buf.get(0);
                buf.clear();
            }
        }
        return sum;
    }

    /** Chunker over a Path: scan and validate; parts are byte ranges (nothing copied). */
    @Benchmark
    public long chunkPath() {
        long records = 0;
        try (CsvParts parts = CsvChunker.builder().build().split(file)) {
            for (CsvPart part : parts) {
                records += part.recordCount();
            }
        }
        return records;
    }

    /** Chunker over an InputStream: scan, validate and spool every part to disk, then delete it. */
    @Benchmark
    public long chunkStream() throws IOException {
        long records = 0;
        try (InputStream in = Files.newInputStream(file);
                CsvParts parts = CsvChunker.builder().spoolDirectory(spoolDir).build().split(in)) {
            for (CsvPart part : parts) {
                records += part.recordCount();
                part.release();
            }
        }
        return records;
    }

    /** Chunker over an InputStream with gzip spools. */
    @Benchmark
    public long chunkStreamGzip() throws IOException {
        long records = 0;
        try (InputStream in = Files.newInputStream(file);
                CsvParts parts = CsvChunker.builder().spoolDirectory(spoolDir).gzipSpool(true).build().split(in)) {
            for (CsvPart part : parts) {
                records += part.recordCount();
                part.release();
            }
        }
        return records;
    }

    /**
     * Naive baseline: parse every record with Commons CSV and print it again with CSVPrinter (to a discarding
     * stream, so this is cheaper than a real naive chunker, which would also write files).
     */
    @Benchmark
    public long naiveCommonsCsvRewrite(Blackhole bh) throws IOException {
        long records = 0;
        CSVFormat format = CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();
        try (Reader r = new java.io.InputStreamReader(new BufferedInputStream(Files.newInputStream(file), 1 << 16),
                StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(r, format);
                Writer w = new java.io.OutputStreamWriter(new DiscardingOutputStream(bh), StandardCharsets.UTF_8);
                CSVPrinter printer = new CSVPrinter(new java.io.BufferedWriter(w, 1 << 16), format)) {
            for (CSVRecord rec : parser) {
                printer.printRecord(rec);
                records++;
            }
        }
        return records;
    }

    static final class DiscardingOutputStream extends OutputStream {
        private final Blackhole bh;

        DiscardingOutputStream(Blackhole bh) {
            this.bh = bh;
        }

        @Override
        public void write(int b) {
            bh.consume(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bh.consume(len);
        }
    }
}
