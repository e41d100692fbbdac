package dev.bulk2.csv;

import dev.bulk2.csv.internal.CsvTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Small CSV parsing helpers on the shared {@link CsvTokenizer} (kept out of the public API). */
final class Formats {

    private Formats() {
    }

    /** Parses one line of CSV text (no terminator) into its fields. */
    static List<String> parseLine(String text, CsvDialect dialect) {
        try (CsvTokenizer t = CsvTokenizer.builder(dialect.delimiter().character()).describedAs("header")
                .build(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            String[] fields = t.next();
            return fields == null ? Collections.emptyList() : Arrays.asList(fields);
        } catch (IOException | RuntimeException e) {
            throw new CsvFormatException(CsvFormatException.Kind.MALFORMED, 1, -1,
                    "Cannot parse the header: " + e.getMessage());
        }
    }
}
