package dev.bulk2.benchmarks.results;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Random;

/**
 * Result files shaped like Salesforce's, generated once into {@code java.io.tmpdir/bulk2-bench} (never in the
 * repository): successful results ({@code "sf__Id","sf__Created"} quoted, then the echoed upload columns as
 * uploaded), failed results ({@code "sf__Id","sf__Error"}), unprocessed records (the upload as sent) and a query
 * result page (every value quoted, as Salesforce renders query CSV). Echoed columns are 12 Person Account fields,
 * with ~1 in 6 addresses quoted (a comma, a doubled quote or a line break inside) and some non-ASCII names.
 */
public final class ResultBenchData {

    static final String COLUMNS = "Client_Id__c,Salutation,FirstName,LastName,PersonEmail,PersonBirthdate,"
            + "PersonMobilePhone,PersonMailingStreet,PersonMailingCity,PersonMailingPostalCode,PersonMailingCountry,"
            + "PersonHasOptedOutOfEmail";

    private static final String[] FIRST = {"Ada", "Alan", "Grace", "Katherine", "Linus", "Mary", "Zoë", "José",
        "Søren", "Łucja", "Nguyễn", "Edsger"};
    private static final String[] LAST = {"Lovelace", "Turing", "Hopper", "Johnson", "Pauling", "Jackson",
        "O'Brien", "Müller", "García", "Ødegaard"};
    private static final String[] STREET = {"12 Marylebone Rd", "\"Hollymeade, Adlington Rd\"", "1 Navy Way",
        "\"4 Langley Blvd, \"\"Unit\"\" 7\"", "\"22 Mercury Blvd\nBuilding 2\"", "10 Oregon St"};
    private static final String[] CITY = {"London", "Wilmslow", "New York", "Rotterdam", "Boston", "Zürich"};
    private static final String[] ERRORS = {
        "REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --",
        "INVALID_EMAIL_ADDRESS:Email: invalid email address: ada@@example:PersonEmail --",
        "DUPLICATE_VALUE:duplicate value found: Client_Id__c duplicates value on record with id: 001Ws00000Q1kQZIAZ:--",
        "UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record:--"};

    /** The kinds of file. */
    public enum Kind {
        SUCCESSFUL, FAILED, UNPROCESSED, QUERY
    }

    private ResultBenchData() {
    }

    /** The file of {@code rows} rows of a kind, generated if missing. */
    public static synchronized Path file(Kind kind, int rows) throws IOException {
        Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "bulk2-bench");
        Files.createDirectories(dir);
        Path file = dir.resolve("results-" + kind.name().toLowerCase(Locale.ROOT) + "-" + rows + ".csv");
        if (Files.exists(file)) {
            return file;
        }
        Path part = dir.resolve(file.getFileName() + ".tmp");
        Random rnd = new Random(11);
        StringBuilder sb = new StringBuilder(512);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(part), 1 << 20)) {
            out.write(header(kind).getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < rows; i++) {
                sb.setLength(0);
                row(kind, sb, rnd, i);
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    static String header(Kind kind) {
        switch (kind) {
            case SUCCESSFUL: return "\"sf__Id\",\"sf__Created\"," + COLUMNS + "\n";
            case FAILED: return "\"sf__Id\",\"sf__Error\"," + COLUMNS + "\n";
            case UNPROCESSED: return COLUMNS + "\n";
            default: return "\"Id\",\"" + COLUMNS.replace(",", "\",\"") + "\"\n";
        }
    }

    static void row(Kind kind, StringBuilder sb, Random rnd, int i) {
        String[] v = values(rnd, i);
        String id = "001Ws00000" + (10_000_000 + i);
        switch (kind) {
            case SUCCESSFUL:
                sb.append('"').append(id).append("\",\"").append(rnd.nextBoolean()).append("\",");
                break;
            case FAILED:
                sb.append('"').append(i % 3 == 0 ? id : "").append("\",\"")
                        .append(ERRORS[rnd.nextInt(ERRORS.length)]).append("\",");
                break;
            case QUERY:
                sb.append('"').append(id).append('"');
                for (String s : v) {
                    sb.append(",");
                    if (s.startsWith("\"")) {
                        sb.append(s);
                    } else {
                        sb.append('"').append(s).append('"');
                    }
                }
                sb.append('\n');
                return;
            default:
                break;
        }
        for (int c = 0; c < v.length; c++) {
            if (c > 0) {
                sb.append(',');
            }
            sb.append(v[c]);
        }
        sb.append('\n');
    }

    private static String[] values(Random rnd, int i) {
        String first = FIRST[rnd.nextInt(FIRST.length)];
        return new String[] {
            "ERP-" + (1_000_000 + i),
            rnd.nextBoolean() ? "Mr." : "Ms.",
            first,
            LAST[rnd.nextInt(LAST.length)],
            first.toLowerCase(Locale.ROOT) + "." + i + "@example.com",
            (1940 + rnd.nextInt(60)) + "-0" + (1 + rnd.nextInt(9)) + "-" + (10 + rnd.nextInt(18)),
            "+44 20 7946 " + (1000 + rnd.nextInt(9000)),
            STREET[rnd.nextInt(STREET.length)],
            CITY[rnd.nextInt(CITY.length)],
            "NW" + rnd.nextInt(10) + " 5LR",
            "United Kingdom",
            Boolean.toString(rnd.nextBoolean())};
    }
}
