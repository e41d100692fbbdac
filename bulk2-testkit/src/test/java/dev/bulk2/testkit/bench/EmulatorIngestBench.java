package dev.bulk2.testkit.bench;

import dev.bulk2.testkit.Bulk2Emulator;
import dev.bulk2.testkit.JobSnapshot;
import dev.bulk2.testkit.StoreMode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Bench main (not a unit test): ingests N Person Account rows (default 1,000,000, about 150 MB) into the
 * emulator over raw HTTP, split into jobs under the 100 MB upload limit, and reports records/s and heap.
 *
 * <pre>
 * ./mvnw -o -q -B -pl bulk2-testkit test-compile
 * java -Xmx1g -cp bulk2-testkit/target/test-classes:bulk2-testkit/target/classes:$JACKSON:$BULK2CSV \
 *     dev.bulk2.testkit.bench.EmulatorIngestBench 1000000 KEYS_ONLY
 * </pre>
 */
public final class EmulatorIngestBench {
    private EmulatorIngestBench() {
    }

    private static final String HEADER = "Client_Id__c,RecordTypeId,Salutation,FirstName,LastName,PersonEmail,"
            + "PersonBirthdate,PersonMobilePhone,PersonMailingStreet,PersonMailingCity,PersonMailingState,"
            + "PersonMailingPostalCode,PersonMailingCountry,PersonHasOptedOutOfEmail,Marital_Status__pc\n";

    static List<Path> generate(Path dir, int rows, int rowsPerJob) throws IOException {
        List<Path> files = new ArrayList<>();
        String[] sal = {"Mr.", "Ms.", "Mrs.", "Dr."};
        String[] marital = {"Single", "Married", "Divorced", "Widowed"};
        for (int start = 0; start < rows; start += rowsPerJob) {
            Path f = dir.resolve("part-" + files.size() + ".csv");
            try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
                w.write(HEADER);
                for (int i = start; i < Math.min(rows, start + rowsPerJob); i++) {
                    w.write("C-" + (1_000_000 + i) + ",012Ws000000PxReIAK," + sal[i % 4] + ",F" + i
                            + ",L" + i + ",p" + i + "@example.com,19" + (50 + i % 50) + "-0" + (1 + i % 9)
                            + "-1" + (i % 10) + ",+44 20 7946 " + (1000 + i % 9000) + ",\"" + (i % 500)
                            + " High St, Apt " + (i % 90) + "\",Leeds,R" + (i % 50) + ",SP"
                            + (i % 100000) + ",United Kingdom," + (i % 2 == 0) + "," + marital[i % 4] + "\n");
                }
            }
            files.add(f);
        }
        return files;
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == java.lang.management.MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /**
     * Runs the bench.
     *
     * @param args [rows] [FULL|KEYS_ONLY]
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        StoreMode mode = args.length > 1 ? StoreMode.valueOf(args[1]) : StoreMode.KEYS_ONLY;
        Path dir = Files.createTempDirectory("bulk2-bench");
        List<Path> files = generate(dir, rows, 250_000);
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        System.out.printf("rows=%d mode=%s csv=%.1f MB in %d jobs%n", rows, mode, bytes / 1e6, files.size());
        HttpClient http = HttpClient.newHttpClient();
        try (Bulk2Emulator sf = Bulk2Emulator.builder().storeMode(mode).build().start()) {
            String token = sf.issueToken();
            String base = sf.instanceUrl() + "/services/data/v64.0/jobs/ingest";
            long heapBefore = usedHeapAfterGc();
            long t0 = System.nanoTime();
            long uploadNanos = 0;
            List<String> ids = new ArrayList<>();
            for (Path f : files) {
                HttpResponse<String> c = http.send(HttpRequest.newBuilder(URI.create(base))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"object\":\"Account\",\"operation\":\"upsert\","
                                + "\"externalIdFieldName\":\"Client_Id__c\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                String id = c.body().replaceAll(".*\"id\":\"(\\w+)\".*", "$1");
                long u0 = System.nanoTime();
                HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/batches"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                        .PUT(HttpRequest.BodyPublishers.ofFile(f)).build(), HttpResponse.BodyHandlers.ofString());
                uploadNanos += System.nanoTime() - u0;
                if (put.statusCode() != 201) {
                    throw new IllegalStateException("upload failed " + put.statusCode() + " " + put.body());
                }
                http.send(HttpRequest.newBuilder(URI.create(base + "/" + id))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"state\":\"UploadComplete\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                ids.add(id);
            }
            long processed = 0;
            for (String id : ids) {
                JobSnapshot s = sf.awaitJobState(id, Duration.ofMinutes(10), "JobComplete", "Failed");
                if (!s.state().equals("JobComplete") || s.numberRecordsFailed() != 0) {
                    throw new IllegalStateException("job did not complete cleanly: " + s);
                }
                processed += s.numberRecordsProcessed();
            }
            long t1 = System.nanoTime();
            long heapAfter = usedHeapAfterGc();
            double secs = (t1 - t0) / 1e9;
            System.out.printf("processed=%d total=%.1fs upload=%.1fs rate=%.0f records/s (%.1f MB/s)%n", processed,
                    secs, uploadNanos / 1e9, processed / secs, bytes / 1e6 / secs);
            System.out.printf("heap after GC: before=%.0f MB after=%.0f MB (jobs: %d) peak=%.0f MB max=%.0f MB%n",
                    heapBefore / 1e6, heapAfter / 1e6, sf.jobs().size(), peakHeap() / 1e6,
                    Runtime.getRuntime().maxMemory() / 1e6);
        } finally {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        }
    }
}
