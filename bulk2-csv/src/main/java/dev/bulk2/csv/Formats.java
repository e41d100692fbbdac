package dev.bulk2.csv;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** The Commons CSV formats for a dialect (kept out of the public API). */
final class Formats {

    private Formats() {
    }

    /** RFC 4180 with the dialect's delimiter and record separator; empty lines are records. */
    static CSVFormat format(CsvDialect dialect) {
        return CSVFormat.RFC4180.builder()
                .setDelimiter(dialect.delimiter().character())
                .setRecordSeparator(dialect.lineEnding().separator())
                .setIgnoreEmptyLines(false)
                .get();
    }

    /** Parses one line of CSV text (no terminator) into its fields. */
    static List<String> parseLine(String text, CsvDialect dialect) {
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format(dialect))) {
            List<String> out = new ArrayList<>();
            for (CSVRecord r : parser) {
                for (String v : r) {
                    out.add(v);
                }
                break;
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new CsvFormatException(CsvFormatException.Kind.MALFORMED, 1, -1,
                    "Cannot parse the header: " + e.getMessage());
        }
    }
}
