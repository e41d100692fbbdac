package dev.bulk2.csv.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.csv.ColumnDelimiter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * Property test: on random valid CSV (seeded, bounded) the tokenizer returns the same records and line numbers as
 * Apache Commons CSV (RFC 4180 with the delimiter, empty lines ignored), whatever the block size and however the
 * stream hands out its bytes.
 */
class CsvTokenizerPropertyTest {

    private static final String ALPHABET = "abcXYZ019 _-.:é✓李😀";
    private static final int SEEDS = 400;

    @Test
    void agreesWithCommonsCsv_onRandomCsv() throws IOException {
        ColumnDelimiter[] delimiters = ColumnDelimiter.values();
        long checkedRecords = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(seed);
            char d = delimiters[seed % delimiters.length].character();
            String csv = randomCsv(rnd, d);
            List<List<String>> expected = new ArrayList<>();
            List<Long> expectedLines = new ArrayList<>();
            try (CSVParser p = CSVParser.parse(new StringReader(csv), CSVFormat.RFC4180.builder().setDelimiter(d)
                    .setIgnoreEmptyLines(true).get())) {
                for (CSVRecord r : p) {
                    expected.add(r.toList());
                    expectedLines.add(p.getCurrentLineNumber());
                }
            }
            int buffer = 16 + rnd.nextInt(200);
            // Commons CSV does not skip a byte-order mark: only the tokenizer gets one, for some seeds
            boolean bom = rnd.nextInt(10) == 0;
            byte[] bytes = ((bom ? "\uFEFF" : "") + csv).getBytes(StandardCharsets.UTF_8);
            CsvTokenizer t = CsvTokenizer.builder(d).bufferBytes(buffer).build(seed % 2 == 0
                    ? new ByteArrayInputStream(bytes) : new CsvTokenizerTest.Trickle(bytes));
            List<List<String>> actual = new ArrayList<>();
            List<Long> lines = new ArrayList<>();
            // half the seeds read Strings (next()), half undecoded records (nextRaw())
            boolean raw = seed % 4 >= 2;
            while (true) {
                String[] r = raw ? toArray(t.nextRaw()) : t.next();
                if (r == null) {
                    break;
                }
                actual.add(Arrays.asList(r));
                lines.add(t.line());
            }
            String what = "seed " + seed + ", delimiter '" + d + "', buffer " + buffer + ", BOM " + bom + ", raw " + raw
                    + ", input:\n" + csv;
            assertThat(actual).as(what).isEqualTo(expected);
            assertThat(lines).as(what).isEqualTo(expectedLines);
            checkedRecords += actual.size();
        }
        assertThat(checkedRecords).as("the generator makes records").isGreaterThan(SEEDS * 5L);
    }

    private static String[] toArray(RawRecord r) {
        return r == null ? null : r.toArray();
    }

    /** Up to 30 records of up to 8 fields, LF or CRLF per record, some empty lines, maybe no final line break. */
    static String randomCsv(Random rnd, char d) {
        StringBuilder sb = new StringBuilder();
        int records = rnd.nextInt(30);
        int width = 1 + rnd.nextInt(8);
        for (int i = 0; i < records; i++) {
            int fields = rnd.nextInt(8) == 0 ? 1 + rnd.nextInt(8) : width;
            for (int f = 0; f < fields; f++) {
                if (f > 0) {
                    sb.append(d);
                }
                field(sb, rnd, d, fields == 1);
            }
            if (i < records - 1 || rnd.nextBoolean()) {
                sb.append(rnd.nextBoolean() ? "\n" : "\r\n");
                while (rnd.nextInt(8) == 0) {
                    sb.append(rnd.nextBoolean() ? "\n" : "\r\n");
                }
            }
        }
        return sb.toString();
    }

    private static void field(StringBuilder sb, Random rnd, char d, boolean only) {
        int len = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(12);
        StringBuilder v = new StringBuilder();
        boolean special = false;
        for (int i = 0; i < len; i++) {
            int k = rnd.nextInt(20);
            char c;
            if (k == 0) {
                c = d;
                special = true;
            } else if (k == 1) {
                c = '"';
                special |= i == 0;
            } else if (k == 2) {
                c = rnd.nextBoolean() ? '\n' : '\r';
                special = true;
            } else if (k == 3) {
                // another Salesforce delimiter, which is text here
                c = ",\t;|^`".charAt(rnd.nextInt(6));
                special |= c == d;
            } else {
                int cp = ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0,
                        rnd.nextInt(ALPHABET.codePointCount(0, ALPHABET.length()))));
                v.appendCodePoint(cp);
                continue;
            }
            v.append(c);
        }
        // an empty single-field record is an empty line: quote it so it stays a record
        boolean quote = special || rnd.nextInt(3) == 0 || only && v.length() == 0;
        if (quote) {
            sb.append('"').append(v.toString().replace("\"", "\"\"")).append('"');
        } else {
            sb.append(v);
        }
    }
}
