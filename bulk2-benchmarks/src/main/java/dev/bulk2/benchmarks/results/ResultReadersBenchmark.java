package dev.bulk2.benchmarks.results;

import dev.bulk2.benchmarks.results.ResultBenchData.Kind;
import dev.bulk2.csv.CsvDialect;
import dev.bulk2.csv.FailedRecord;
import dev.bulk2.csv.FailedResultReader;
import dev.bulk2.csv.SuccessfulRecord;
import dev.bulk2.csv.SuccessfulResultReader;
import dev.bulk2.csv.UnprocessedRecord;
import dev.bulk2.csv.UnprocessedResultReader;
import dev.bulk2.csv.internal.RawRecord;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * End-to-end result reading through the public readers on 1,000,000 generated rows (see {@link ResultBenchData}):
 * {@link SuccessfulResultReader}, {@link FailedResultReader}, {@link UnprocessedResultReader}, and a query result
 * page through bulk2-core's page reader ({@code query.CsvRecordReader} plus the {@code RowMap} that
 * {@code Query.stream()} hands out, reached by method handles because both are package-private). Each record is
 * used as an application would: its id, its created flag or error code, and one echoed field by name.
 *
 * <p>One operation reads the whole file (1,000,000 rows), in a fork limited to {@code -Xmx64m}: rows/s is
 * 1,000,000 / (s/op). The files sit in the page cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx64m", "-Xms64m"})
public class ResultReadersBenchmark {

    static final int ROWS = Integer.getInteger("bulk2.bench.resultRows", 1_000_000);

    private static final MethodHandle NEW_READER;
    private static final MethodHandle NEXT;
    private static final MethodHandle NEXT_RAW;
    private static final MethodHandle NEW_COLUMNS;
    private static final MethodHandle NEW_ROW;

    static {
        try {
            Class<?> reader = Class.forName("dev.bulk2.core.query.CsvRecordReader");
            Class<?> rowMap = Class.forName("dev.bulk2.core.query.RowMap");
            Class<?> columns = Class.forName("dev.bulk2.core.query.RowMap$Columns");
            MethodHandles.Lookup r = MethodHandles.privateLookupIn(reader, MethodHandles.lookup());
            NEW_READER = r.findConstructor(reader, MethodType.methodType(void.class, InputStream.class, char.class))
                    .asType(MethodType.methodType(Object.class, InputStream.class, char.class));
            NEXT = r.findVirtual(reader, "next", MethodType.methodType(String[].class))
                    .asType(MethodType.methodType(String[].class, Object.class));
            NEW_COLUMNS = r.findConstructor(columns, MethodType.methodType(void.class, String[].class))
                    .asType(MethodType.methodType(Object.class, String[].class));
            NEXT_RAW = r.findVirtual(reader, "nextRaw", MethodType.methodType(RawRecord.class))
                    .asType(MethodType.methodType(RawRecord.class, Object.class));
            NEW_ROW = r.findConstructor(rowMap, MethodType.methodType(void.class, columns, RawRecord.class))
                    .asType(MethodType.methodType(Map.class, Object.class, RawRecord.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    Path successful;
    Path failed;
    Path unprocessed;
    Path query;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        successful = ResultBenchData.file(Kind.SUCCESSFUL, ROWS);
        failed = ResultBenchData.file(Kind.FAILED, ROWS);
        unprocessed = ResultBenchData.file(Kind.UNPROCESSED, ROWS);
        query = ResultBenchData.file(Kind.QUERY, ROWS);
    }

    @Benchmark
    public long successful(Blackhole bh) throws IOException {
        long n = 0;
        try (InputStream in = Files.newInputStream(successful);
                SuccessfulResultReader reader = SuccessfulResultReader.open(in, CsvDialect.defaults())) {
            for (SuccessfulRecord r : reader) {
                bh.consume(r.id());
                bh.consume(r.created());
                bh.consume(r.field("Client_Id__c"));
                n++;
            }
        }
        return check(n);
    }

    @Benchmark
    public long failed(Blackhole bh) throws IOException {
        long n = 0;
        try (InputStream in = Files.newInputStream(failed);
                FailedResultReader reader = FailedResultReader.open(in, CsvDialect.defaults())) {
            for (FailedRecord r : reader) {
                bh.consume(r.id());
                bh.consume(r.error().code());
                bh.consume(r.field("Client_Id__c"));
                n++;
            }
        }
        return check(n);
    }

    @Benchmark
    public long unprocessed(Blackhole bh) throws IOException {
        long n = 0;
        try (InputStream in = Files.newInputStream(unprocessed);
                UnprocessedResultReader reader = UnprocessedResultReader.open(in, CsvDialect.defaults())) {
            for (UnprocessedRecord r : reader) {
                bh.consume(r.field("Client_Id__c"));
                bh.consume(r.field("PersonEmail"));
                n++;
            }
        }
        return check(n);
    }

    /**
     * A query page read as {@code Query.stream()} does: the header, then one {@code RowMap} per row over the
     * undecoded record, two values by name.
     */
    @Benchmark
    public long queryPage(Blackhole bh) throws Throwable {
        long n = 0;
        try (InputStream in = Files.newInputStream(query)) {
            Object reader = NEW_READER.invokeExact(in, ',');
            String[] header = (String[]) NEXT.invokeExact(reader);
            Object columns = NEW_COLUMNS.invokeExact(header);
            RawRecord values;
            while ((values = (RawRecord) NEXT_RAW.invokeExact(reader)) != null) {
                Map<?, ?> row = (Map<?, ?>) NEW_ROW.invokeExact(columns, values);
                bh.consume(row.get("Id"));
                bh.consume(row.get("PersonEmail"));
                n++;
            }
        }
        return check(n);
    }

    private static long check(long n) {
        if (n != ROWS) {
            throw new IllegalStateException("read " + n + " rows, expected " + ROWS);
        }
        return n;
    }
}
