package dev.bulk2.csv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Helpers shared by the tests: Commons CSV as the reference parser. */
final class CsvTestSupport {

    private CsvTestSupport() {
    }

    static CSVFormat referenceFormat(CsvDialect dialect) {
        return CSVFormat.RFC4180.builder()
                .setDelimiter(dialect.delimiter().character())
                .setIgnoreEmptyLines(false)
                .get();
    }

    /** All records of a CSV text, parsed by Commons CSV. */
    static List<List<String>> parse(String text, CsvDialect dialect) {
        try (CSVParser p = CSVParser.parse(new StringReader(text), referenceFormat(dialect))) {
            List<List<String>> out = new ArrayList<>();
            for (CSVRecord r : p) {
                out.add(r.toList());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] readAll(InputStream in) {
        try (InputStream s = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
