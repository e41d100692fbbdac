package dev.bulk2.benchmarks.csv;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;

/**
 * Generates benchmark inputs once, in {@code java.io.tmpdir/bulk2-bench} (never in the repository): a
 * person-account upload CSV of a given size and a successful-results file.
 */
public final class CsvBenchData {

    /** Size of the upload file, from {@code -Dbulk2.bench.csvBytes} (default 1 GiB). */
    public static final long CSV_BYTES = Long.getLong("bulk2.bench.csvBytes", 1L << 30);

    private static final String[] FIRST = {"Ada", "Alan", "Grace", "Katherine", "Linus", "Mary", "Zoë", "José",
        "Søren", "Łucja", "Nguyễn", "李"};
    private static final String[] LAST = {"Lovelace", "Turing", "Hopper", "Johnson", "Pauling", "Jackson",
        "O'Brien", "Müller", "García", "Ødegaard"};
    private static final String[] STREET = {"12 Marylebone Rd", "\"Hollymeade, Adlington Rd\"", "1 Navy Way",
        "\"4 Langley Blvd, \"\"Unit\"\" 7\"", "\"22 Mercury Blvd\nBuilding 2\"", "10 Oregon St"};

    static final String HEADER = "Client_Id__c,RecordTypeId,Salutation,FirstName,LastName,PersonEmail,"
            + "PersonBirthdate,PersonMobilePhone,PersonMailingStreet,PersonMailingCity,PersonMailingPostalCode,"
            + "PersonMailingCountry,PersonHasOptedOutOfEmail,Balance__c";

    private CsvBenchData() {
    }

    static Path dir() throws IOException {
        Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "bulk2-bench");
        Files.createDirectories(dir);
        return dir;
    }

    /** The upload CSV of about {@code bytes} bytes (LF, comma), generated if missing. */
    public static synchronized Path uploadCsv(long bytes) throws IOException {
        Path file = dir().resolve("upload-" + bytes + ".csv");
        if (Files.exists(file) && Files.size(file) >= bytes) {
            return file;
        }
        Path part = dir().resolve("upload-" + bytes + ".csv.tmp");
        Random rnd = new Random(42);
        StringBuilder sb = new StringBuilder(512);
        long written = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(part), 1 << 20)) {
            byte[] h = (HEADER + "\n").getBytes(StandardCharsets.UTF_8);
            out.write(h);
            written += h.length;
            long i = 0;
            while (written < bytes) {
                sb.setLength(0);
                row(sb, rnd, i++);
                byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
                out.write(b);
                written += b.length;
            }
        }
        Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    static void row(StringBuilder sb, Random rnd, long i) {
        String first = FIRST[rnd.nextInt(FIRST.length)];
        String last = LAST[rnd.nextInt(LAST.length)];
        sb.append("C-").append(i).append(",012Ws000000PxReIAK,").append(rnd.nextBoolean() ? "Mr." : "Ms.")
                .append(',').append(first).append(',').append(last).append(',')
                .append(first.toLowerCase(java.util.Locale.ROOT)).append('.').append(i).append("@example.com,")
                .append(1940 + rnd.nextInt(60)).append("-0").append(1 + rnd.nextInt(9)).append('-')
                .append(10 + rnd.nextInt(18)).append(",+44 20 7946 ").append(1000 + rnd.nextInt(9000)).append(',')
                .append(STREET[rnd.nextInt(STREET.length)]).append(",London,NW1 5LR,United Kingdom,")
                .append(rnd.nextBoolean()).append(',').append(rnd.nextInt(1_000_000)).append('.')
                .append(rnd.nextInt(100)).append('\n');
    }

    /** A successful-results file with {@code rows} rows, generated if missing. */
    public static synchronized Path successfulResults(int rows) throws IOException {
        Path file = dir().resolve("successful-" + rows + ".csv");
        if (Files.exists(file)) {
            return file;
        }
        Path part = dir().resolve("successful-" + rows + ".csv.tmp");
        Random rnd = new Random(7);
        StringBuilder sb = new StringBuilder(512);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(part), 1 << 20)) {
            out.write(("\"sf__Id\",\"sf__Created\"," + HEADER + "\n").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < rows; i++) {
                sb.setLength(0);
                sb.append("\"001Ws00000Q").append(10_000_000 + i).append("\",\"")
                        .append(rnd.nextBoolean()).append("\",");
                row(sb, rnd, i);
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return file;
    }
}
