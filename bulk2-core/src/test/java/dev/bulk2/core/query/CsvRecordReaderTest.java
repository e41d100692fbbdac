package dev.bulk2.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.csv.internal.RawRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvRecordReaderTest {
    /** Hands out one byte per read, so that every token crosses a buffer boundary. */
    static final class Trickle extends InputStream {
        private final InputStream in;

        Trickle(byte[] data) {
            this.in = new ByteArrayInputStream(data);
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, Math.min(1, len));
        }
    }

    private static List<List<String>> readAll(String csv, char d, boolean trickle) throws IOException {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        CsvRecordReader r = new CsvRecordReader(trickle ? new Trickle(bytes) : new ByteArrayInputStream(bytes), d);
        List<List<String>> out = new ArrayList<>();
        String[] v;
        while ((v = r.next()) != null) {
            out.add(Arrays.asList(v));
        }
        // the rows of Query.stream() are read undecoded: both ways give the same records
        CsvRecordReader raw = new CsvRecordReader(trickle ? new Trickle(bytes) : new ByteArrayInputStream(bytes), d);
        List<List<String>> rawOut = new ArrayList<>();
        RawRecord rec;
        while ((rec = raw.nextRaw()) != null) {
            rawOut.add(Arrays.asList(rec.toArray()));
        }
        assertThat(rawOut).as("nextRaw()").isEqualTo(out);
        return out;
    }

    @Test
    void rowMap_readsUndecodedValuesByName_inColumnOrder() throws IOException {
        byte[] bytes = "\"Id\",\"Name\",\"Note\"\n\"1\",\"Zoë\",\"a \"\"b\"\"\nc\"\n".getBytes(StandardCharsets.UTF_8);
        CsvRecordReader r = new CsvRecordReader(new ByteArrayInputStream(bytes), ',');
        RowMap.Columns columns = new RowMap.Columns(r.next());
        RowMap row = new RowMap(columns, r.nextRaw());
        assertThat(row.get("Name")).isEqualTo("Zoë").isSameAs(row.get("Name"));
        assertThat(row.get("name")).isNull();
        assertThat(row.containsKey("Note")).isTrue();
        assertThat(row).hasSize(3).containsExactly(Map.entry("Id", "1"), Map.entry("Name", "Zoë"),
                Map.entry("Note", "a \"b\"\nc"));
        Map<String, String> copy = new LinkedHashMap<>(row);
        assertThat(row).isEqualTo(copy).hasSameHashCodeAs(copy);
        assertThat(row.valueList()).containsExactly("1", "Zoë", "a \"b\"\nc");
        assertThatThrownBy(() -> row.valueList().set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> row.put("Id", "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(r.nextRaw()).isNull();
    }

    @ParameterizedTest(name = "trickle={0}")
    @ValueSource(booleans = {false, true})
    void parsesQuotesDelimitersLineBreaksCrlfNulsAndUtf8(boolean trickle) throws IOException {
        String csv = "\"Id\"|\"Note\"|\"Empty\"\r\n"
                + "\"1\"|\"a \"\"b\"\" | c\r\nd\"|\"\"\r\n"
                + "\"2\"|\"é ✓ \u0000x\"|\"\"\r\n"
                + "3|plain|\r\n";
        assertThat(readAll(csv, '|', trickle)).containsExactly(
                List.of("Id", "Note", "Empty"),
                List.of("1", "a \"b\" | c\r\nd", ""),
                List.of("2", "é ✓ x", ""),
                List.of("3", "plain", ""));
    }

    @Test
    void lastRecordWithoutLineBreak_andBlankLines() throws IOException {
        assertThat(readAll("\"a\",\"b\"\n\n\"1\",\"2\"", ',', false))
                .containsExactly(List.of("a", "b"), List.of("1", "2"));
        assertThat(readAll("", ',', false)).isEmpty();
    }

    @Test
    void unclosedQuote_isAnError() {
        assertThatThrownBy(() -> readAll("\"a\"\n\"cut", ',', false)).isInstanceOf(IOException.class)
                .hasMessageContaining("never closed");
    }

    @ParameterizedTest(name = "trickle={0}")
    @ValueSource(booleans = {false, true})
    void bomSkipped_textAfterClosingQuoteKept(boolean trickle) throws IOException {
        assertThat(readAll("\uFEFF\"Id\";\"Name\"\n\"1\"x;\"a;b\"\n", ';', trickle))
                .containsExactly(List.of("Id", "Name"), List.of("1x", "a;b"));
    }

    @Test
    void unclosedQuote_namesRecordLineAndColumn() {
        assertThatThrownBy(() -> readAll("\"a\",\"b\"\n\"1\",\"cut\nhere", ',', false))
                .isInstanceOfSatisfying(CsvRecordReader.MalformedPageException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(2);
                })
                .hasMessage("a quoted value in record 2 (line 2, column 2) is never closed: the data is cut off");
    }

    @Test
    void recordCounter_countsRecordsOutsideQuotesAndDetectsCutBodies() {
        RecordCounter c = new RecordCounter();
        byte[] b = "\"h\"\n\"x\ny\"\n\"z\"\n".getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
            c.update(new byte[] {x}, 0, 1);
        }
        assertThat(c.records()).isEqualTo(3);
        assertThat(c.rows()).isEqualTo(2);
        assertThat(c.headerEnd()).isEqualTo(4);
        assertThat(c.endsCleanly()).isTrue();
        RecordCounter cut = new RecordCounter();
        byte[] half = "\"h\"\n\"x\ny".getBytes(StandardCharsets.UTF_8);
        cut.update(half, 0, half.length);
        assertThat(cut.endsCleanly()).isFalse();
        assertThat(cut.rows()).isZero();
    }
}
