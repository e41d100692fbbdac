package dev.bulk2.benchmarks.ingest;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.ingest.Ingest;
import dev.bulk2.core.org.FieldDescribe;
import dev.bulk2.core.org.SObjectDescribe;
import dev.bulk2.core.plan.IngestPlan;
import dev.bulk2.core.plan.PlanOptions;
import dev.bulk2.csv.CsvChunker;
import dev.bulk2.csv.CsvPart;
import dev.bulk2.csv.CsvParts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The cost of the pre-flight scan of issue 12 on the 1M-row Person Account file of {@link IngestBench}: the
 * chunker alone (the part cutting every run does anyway), an offline plan (chunker + byte pass for control
 * characters and quoted line breaks: what a run does by default for a {@code Path} before its first job), and a
 * plan against a describe with value checks (every value tokenized and checked against its field's type). No
 * request is sent (offline plans with a given describe).
 *
 * <pre>
 * java -cp bulk2-benchmarks/target/benchmarks.jar dev.bulk2.benchmarks.ingest.PreflightBench \
 *     [records=1000000] [repeat=5] [dir=java.io.tmpdir/bulk2-bench-preflight]
 * </pre>
 *
 * A main may print.
 */
public final class PreflightBench {
    private PreflightBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        int records = Integer.parseInt(a.getOrDefault("records", "1000000"));
        int repeat = Integer.parseInt(a.getOrDefault("repeat", "5"));
        Path dir = Path.of(a.getOrDefault("dir", System.getProperty("java.io.tmpdir") + "/bulk2-bench-preflight"));
        Files.createDirectories(dir);
        Path csv = dir.resolve("people-" + records + ".csv");
        if (!Files.exists(csv)) {
            IngestBench.generate(csv, records);
        }
        long bytes = Files.size(csv);
        System.out.printf(Locale.ROOT, "PreflightBench: %,d records, %,d bytes, repeat=%d, %s, max heap %d MB%n",
                records, bytes, repeat, Runtime.version(), Runtime.getRuntime().maxMemory() >> 20);
        try (BulkClient client = BulkClient.builder().instanceUrl(URI.create("https://bench.invalid"))
                .auth(AuthProvider.ofToken("offline")).build()) {
            Ingest ingest = client.ingest("Account").upsert("External_ID__c");
            CsvChunker chunker = CsvChunker.builder().build();
            PlanOptions offline = PlanOptions.offline();
            PlanOptions described = PlanOptions.offline().withDescribe(personAccount());
            IngestPlan p1 = ingest.plan(csv, offline);
            IngestPlan p2 = ingest.plan(csv, described);
            System.out.printf(Locale.ROOT, "plans: %d parts, %,d records, %d problems (offline); %d problems, "
                    + "describe checked=%s (with describe)%n", p1.jobs(), p1.records(), p1.problemCount(),
                    p2.problemCount(), p2.isDescribeChecked());
            measure("chunker alone (parts only)", repeat, bytes, () -> {
                long n = 0;
                try (CsvParts parts = chunker.split(csv)) {
                    for (CsvPart p : parts) {
                        n += p.recordCount();
                    }
                }
                return n;
            });
            measure("plan offline (run default)", repeat, bytes, () -> ingest.plan(csv, offline).records());
            measure("plan + describe value checks", repeat, bytes, () -> ingest.plan(csv, described).records());
        }
    }

    private static void measure(String what, int repeat, long bytes, LongSupplier op) {
        op.getAsLong(); // warm-up
        long[] ms = new long[repeat];
        for (int i = 0; i < repeat; i++) {
            long t0 = System.nanoTime();
            op.getAsLong();
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        Arrays.sort(ms);
        long median = ms[repeat / 2];
        System.out.printf(Locale.ROOT, "%-32s min %,6d ms  median %,6d ms  (%,.0f MB/s at the median)%n", what,
                ms[0], median, bytes / 1e6 / (median / 1e3));
    }

    static SObjectDescribe personAccount() {
        return SObjectDescribe.builder().name("Account").createable(true).updateable(true).deletable(true)
                .addField(f("External_ID__c", "string", 255).externalId(true).idLookup(true).build())
                .addField(f("Salutation", "picklist", 40).build())
                .addField(f("FirstName", "string", 40).build())
                .addField(f("LastName", "string", 80).build())
                .addField(f("PersonEmail", "email", 80).build())
                .addField(f("PersonBirthdate", "date", 0).build())
                .addField(f("PersonMobilePhone", "phone", 40).build())
                .addField(f("PersonMailingStreet", "textarea", 255).build())
                .addField(f("PersonMailingCity", "string", 40).build())
                .addField(f("PersonMailingPostalCode", "string", 20).build())
                .addField(f("PersonMailingCountry", "string", 80).build())
                .addField(f("PersonHasOptedOutOfEmail", "boolean", 0).build())
                .build();
    }

    private static FieldDescribe.Builder f(String name, String type, int length) {
        return FieldDescribe.builder().name(name).type(type).length(length).createable(true).updateable(true);
    }
}
