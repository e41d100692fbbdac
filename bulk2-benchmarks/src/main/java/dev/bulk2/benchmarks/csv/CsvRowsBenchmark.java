package dev.bulk2.benchmarks.csv;

import dev.bulk2.csv.CsvDialect;
import dev.bulk2.csv.CsvMapping;
import dev.bulk2.csv.CsvRowWriter;
import dev.bulk2.csv.NullValue;
import dev.bulk2.csv.SuccessfulRecord;
import dev.bulk2.csv.SuccessfulResultReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
 * Typed-row writing ({@link CsvRowWriter}, 1,000,000 rows of 10 typed columns, created on the fly as a streaming
 * source would, to a counting sink) and result reading ({@link SuccessfulResultReader} over a 1,000,000-row
 * successful-results file).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "-Xms256m"})
public class CsvRowsBenchmark {

    static final int ROWS = 1_000_000;

    /** A typical typed row. */
    public static final class Client {
        final String id;
        final String first;
        final String last;
        final String email;
        final LocalDate birth;
        final Instant seen;
        final Boolean optedOut;
        final BigDecimal balance;
        final String street;
        final String phone;

        Client(int i) {
            id = "C-" + i;
            first = i % 7 == 0 ? "Zoë" : "Ada";
            last = i % 5 == 0 ? null : "Lovelace";
            email = "ada." + i + "@example.com";
            birth = LocalDate.of(1950 + i % 50, 1 + i % 12, 1 + i % 28);
            seen = Instant.ofEpochSecond(1_700_000_000L + i);
            optedOut = i % 2 == 0;
            balance = BigDecimal.valueOf(i, 2);
            street = i % 3 == 0 ? "Hollymeade, Adlington Rd" : "12 Marylebone Rd";
            phone = "+44 20 7946 0101";
        }
    }

    CsvMapping<Client> mapping;
    Path results;
    /** 1,000 distinct rows of 15 text columns, as the ERP sync spools them (a few multi-byte and quoted values). */
    List<List<String>> textRows;
    CsvMapping<List<String>> textMapping;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        mapping = CsvMapping.<Client>builder()
                .column("Client_Id__c", c -> c.id)
                .column("FirstName", c -> c.first)
                .column("LastName", c -> c.last, NullValue.SET_NULL)
                .column("PersonEmail", c -> c.email)
                .dateColumn("PersonBirthdate", c -> c.birth)
                .dateTimeColumn("Last_Seen__c", c -> c.seen)
                .booleanColumn("PersonHasOptedOutOfEmail", c -> c.optedOut)
                .decimalColumn("Balance__c", c -> c.balance)
                .column("PersonMailingStreet", c -> c.street)
                .column("PersonMobilePhone", c -> c.phone)
                .build();
        results = CsvBenchData.successfulResults(ROWS);
        textRows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            textRows.add(List.of("C-" + (1_000_000 + i), i % 7 == 0 ? "Zoë" : "Grace",
                    i % 9 == 0 ? "García" : "Hopper", "client" + i + "@example.com", "Female",
                    "+44 7700 " + (100_000 + i), (1 + i % 200) + " High Street", i % 10 == 0 ? "Zürich" : "London", "VA", "0" + (1000 + i), "United Kingdom",
                    "1970-01-0" + (1 + i % 9), "012000000000001AAA", "false",
                    i % 50 == 0 ? "a \"quoted\", value" : "x"));
        }
        CsvMapping.Builder<List<String>> b = CsvMapping.builder();
        for (int c = 0; c < 15; c++) {
            int k = c;
            b.column("F" + c, row -> row.get(k));
        }
        textMapping = b.build();
    }

    /** 1,000,000 rows of 15 text columns through {@link CsvRowWriter} (the encoding alone: rows exist already). */
    @Benchmark
    public long writeTextRows() {
        CountingOutputStream out = new CountingOutputStream();
        try (CsvRowWriter<List<String>> w = CsvRowWriter.create(out, textMapping, CsvDialect.defaults())) {
            for (int i = 0; i < ROWS; i++) {
                w.write(textRows.get(i % 1000));
            }
        }
        return out.count;
    }

    /** Bytes written per operation are returned so MB/s can be derived. */
    @Benchmark
    public long writeTypedRows() {
        CountingOutputStream out = new CountingOutputStream();
        CsvRowWriter.writeAll(IntStream.range(0, ROWS).mapToObj(Client::new).iterator(), mapping,
                CsvDialect.defaults(), out);
        return out.count;
    }

    @Benchmark
    public long readSuccessfulResults(Blackhole bh) throws IOException {
        long n = 0;
        try (InputStream in = Files.newInputStream(results);
                SuccessfulResultReader reader = SuccessfulResultReader.open(in, CsvDialect.defaults())) {
            for (SuccessfulRecord r : reader) {
                bh.consume(r.id());
                bh.consume(r.created());
                bh.consume(r.field("Client_Id__c"));
                n++;
            }
        }
        return n;
    }

    static final class CountingOutputStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
