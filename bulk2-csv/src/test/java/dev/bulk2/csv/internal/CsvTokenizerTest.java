package dev.bulk2.csv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.CsvFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tokenizer against a spec-style table. Each case is written with {@code ,} as the delimiter and LF as the
 * line break and is run with every delimiter Salesforce supports and with LF and CRLF (both substituted in the
 * input and the expected values alike), each through three ways of reading: whole blocks, one byte per
 * {@code read} and a 16-byte buffer (so that every token crosses a block boundary).
 */
class CsvTokenizerTest {

    /** Hands out one byte per read. */
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

    enum Mode {
        BLOCKS, TRICKLE, TINY_BUFFER
    }

    static CsvTokenizer tokenizer(byte[] bytes, char d, Mode mode, CsvTokenizerBuilder b) {
        if (mode == Mode.TINY_BUFFER) {
            b.bufferBytes(16);
        }
        return b.build(mode == Mode.TRICKLE ? new Trickle(bytes) : new ByteArrayInputStream(bytes));
    }

    static List<List<String>> readAll(CsvTokenizer t) throws IOException {
        List<List<String>> out = new ArrayList<>();
        String[] r;
        while ((r = t.next()) != null) {
            out.add(Arrays.asList(r));
        }
        assertThat(t.next()).as("stays at the end").isNull();
        return out;
    }

    static List<List<String>> read(String csv, char d, Mode mode) throws IOException {
        try (CsvTokenizer t = tokenizer(csv.getBytes(StandardCharsets.UTF_8), d, mode, CsvTokenizer.builder(d))) {
            return readAll(t);
        }
    }

    /** Input (with {@code ,} and LF) to expected records; {@code |} separates fields and {@code /} records. */
    static final Object[][] TABLE = {
        {"empty input", "", List.of()},
        {"only line breaks", "\n\n\n", List.of()},
        {"BOM only", "\uFEFF", List.of()},
        {"one field, no line break", "a", List.of(List.of("a"))},
        {"one field", "a\n", List.of(List.of("a"))},
        {"header only", "Id,Name\n", List.of(List.of("Id", "Name"))},
        {"header and rows", "Id,Name\n1,Ada\n2,Alan\n",
            List.of(List.of("Id", "Name"), List.of("1", "Ada"), List.of("2", "Alan"))},
        {"final line without line break", "Id,Name\n1,Ada",
            List.of(List.of("Id", "Name"), List.of("1", "Ada"))},
        {"BOM then header", "\uFEFFId,Name\n1,2\n", List.of(List.of("Id", "Name"), List.of("1", "2"))},
        {"BOM then quoted header", "\uFEFF\"Id\",\"Name\"\n", List.of(List.of("Id", "Name"))},
        {"quoted fields", "\"a\",\"b\"\n", List.of(List.of("a", "b"))},
        {"quoted delimiter", "\"a,b\",c\n", List.of(List.of("a,b", "c"))},
        {"doubled quotes", "\"say \"\"hi\"\"\",x\n", List.of(List.of("say \"hi\"", "x"))},
        {"only a doubled quote", "\"\"\"\"\n", List.of(List.of("\""))},
        {"doubled quote at the end, no line break", "\"a\"\"\"", List.of(List.of("a\""))},
        {"quoted empty", "\"\",x\n", List.of(List.of("", "x"))},
        {"quoted empty only", "\"\"\n", List.of(List.of(""))},
        {"quoted empty at the end", "a,\"\"", List.of(List.of("a", ""))},
        {"quoted line break", "\"l1\nl2\",x\n", List.of(List.of("l1\nl2", "x"))},
        {"quoted line break, then a record", "\"l1\n\nl3\"\nz\n", List.of(List.of("l1\n\nl3"), List.of("z"))},
        {"quoted everything special", "\"a,\"\"\nb\"\"\",\"\"\n",
            List.of(List.of("a,\"\nb\"", ""))},
        {"empty fields", ",,\n", List.of(List.of("", "", ""))},
        {"trailing delimiter", "a,\n", List.of(List.of("a", ""))},
        {"trailing delimiter at the end", "a,", List.of(List.of("a", ""))},
        {"leading delimiter", ",a\n", List.of(List.of("", "a"))},
        {"quote inside an unquoted field is text", "a\"b,c\"\n", List.of(List.of("a\"b", "c\""))},
        {"spaces are kept", " a , b \n", List.of(List.of(" a ", " b "))},
        {"empty lines between and around", "\n\na\n\n\nb\n\n", List.of(List.of("a"), List.of("b"))},
        {"non-ASCII", "é,✓,李,😀\n\"Zoë, Søren\"\n",
            List.of(List.of("é", "✓", "李", "😀"), List.of("Zoë, Søren"))},
        {"ragged records are returned as they are", "a,b\n1\n1,2,3\n",
            List.of(List.of("a", "b"), List.of("1"), List.of("1", "2", "3"))},
        {"a long field", "x," + "y".repeat(100) + "\n\"" + "z".repeat(50) + "\"\"" + "w".repeat(50) + "\"\n",
            List.of(List.of("x", "y".repeat(100)), List.of("z".repeat(50) + "\"" + "w".repeat(50)))},
    };

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Object[] c : TABLE) {
            for (ColumnDelimiter d : ColumnDelimiter.values()) {
                for (String eol : new String[] {"\n", "\r\n"}) {
                    for (Mode mode : Mode.values()) {
                        out.add(Arguments.of(c[0], d, eol.equals("\n") ? "LF" : "CRLF", mode, c[1], c[2]));
                    }
                }
            }
        }
        return out.stream();
    }

    private static String subst(String s, char d, String eol) {
        return s.replace(',', d).replace("\n", eol);
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0} [{1}, {2}, {3}]")
    @MethodSource("cases")
    void table(String name, ColumnDelimiter delimiter, String lineEnding, Mode mode, String input, Object expected)
            throws IOException {
        char d = delimiter.character();
        String eol = lineEnding.equals("LF") ? "\n" : "\r\n";
        List<List<String>> want = new ArrayList<>();
        for (List<String> r : (List<List<String>>) expected) {
            List<String> row = new ArrayList<>();
            for (String v : r) {
                row.add(subst(v, d, eol));
            }
            want.add(row);
        }
        assertThat(read(subst(input, d, eol), d, mode)).isEqualTo(want);
        assertThat(readRaw(subst(input, d, eol), d, mode)).as("nextRaw()").isEqualTo(want);
    }

    static List<List<String>> readRaw(String csv, char d, Mode mode) throws IOException {
        try (CsvTokenizer t = tokenizer(csv.getBytes(StandardCharsets.UTF_8), d, mode, CsvTokenizer.builder(d))) {
            List<List<String>> out = new ArrayList<>();
            RawRecord r;
            while ((r = t.nextRaw()) != null) {
                List<String> row = new ArrayList<>();
                for (int i = 0; i < r.size(); i++) {
                    String fresh = r.decode(i);
                    assertThat(r.get(i)).isEqualTo(fresh).isSameAs(r.get(i)).as("cached").isSameAs(r.decode(i));
                    row.add(r.get(i));
                }
                assertThat(r.toArray()).containsExactlyElementsOf(row);
                out.add(row);
            }
            assertThat(t.nextRaw()).isNull();
            return out;
        }
    }

    @Test
    void rawRecords_decodeLazily_andCompareAsciiIgnoringCase() throws IOException {
        try (CsvTokenizer t = CsvTokenizer.of(new ByteArrayInputStream(bytes("TRUE,true,tRuE,truex,tru,é,@,\n")),
                ',')) {
            RawRecord r = t.nextRaw();
            assertThat(r.size()).isEqualTo(8);
            assertThat(r.isIgnoringCase(0, "true")).isTrue();
            assertThat(r.isIgnoringCase(1, "true")).isTrue();
            assertThat(r.isIgnoringCase(2, "true")).isTrue();
            assertThat(r.isIgnoringCase(3, "true")).isFalse();
            assertThat(r.isIgnoringCase(4, "true")).isFalse();
            assertThat(r.isIgnoringCase(5, "é")).isFalse();
            assertThat(r.isIgnoringCase(6, "`")).as("'@' | 0x20 is '`' but neither is a letter").isFalse();
            assertThat(r.isIgnoringCase(7, "")).isTrue();
            assertThat(r.get(5)).isEqualTo("é");
            assertThatThrownBy(() -> r.get(8)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void otherDelimitersAreText_andLoneCrEndsARecord(Mode mode) throws IOException {
        assertThat(read("a,b\tc;d|e^f`g\n", '\t', mode)).containsExactly(List.of("a,b", "c;d|e^f`g"));
        assertThat(read("a\rb\r\"c\rd\"\r", ',', mode)).containsExactly(List.of("a"), List.of("b"), List.of("c\rd"));
        assertThat(read("a\r\nb\nc\r\n", ',', mode)).as("mixed LF and CRLF")
                .containsExactly(List.of("a"), List.of("b"), List.of("c"));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void lineAndRecordNumbers_arePhysicalLinesWhereEachRecordEnds(Mode mode) throws IOException {
        String csv = "h1,h2\r\n\r\n\"x\r\ny\",1\n\"a\nb\nc\",2\rlast,3";
        try (CsvTokenizer t = tokenizer(csv.getBytes(StandardCharsets.UTF_8), ',', mode, CsvTokenizer.builder(','))) {
            assertThat(t.line()).isZero();
            long[][] seen = new long[4][];
            for (int i = 0; i < 4; i++) {
                assertThat(t.next()).isNotNull();
                seen[i] = new long[] {t.recordNumber(), t.line()};
            }
            assertThat(t.next()).isNull();
            assertThat(seen).isEqualTo(new long[][] {{1, 1}, {2, 4}, {3, 7}, {4, 8}});
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void unterminatedQuote_namesTheLineAndColumnWhereItOpens(Mode mode) {
        byte[] csv = "Id,Note\n1,\"open\nstill open".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> readAll(tokenizer(csv, ',', mode,
                CsvTokenizer.builder(',').describedAs("successful results"))))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CsvFormatException.Kind.UNTERMINATED_QUOTE);
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).hasValue(2);
                })
                .hasMessageContaining("successful results").hasMessageContaining("line 2, column 2")
                .hasMessageContaining("never closed");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void textAfterClosingQuote_isAnErrorUnlessLenient(Mode mode) throws IOException {
        byte[] csv = "a,b\n\"x\"y,z\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> readAll(tokenizer(csv, ',', mode, CsvTokenizer.builder(','))))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CsvFormatException.Kind.STRAY_QUOTE);
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).hasValue(1);
                })
                .hasMessageContaining("'y' follows the closing quote");
        try (CsvTokenizer t = tokenizer(csv, ',', mode, CsvTokenizer.builder(',').lenientQuotes(true))) {
            assertThat(readAll(t)).containsExactly(List.of("a", "b"), List.of("xy", "z"));
        }
        try (CsvTokenizer t = tokenizer(csv, ',', mode, CsvTokenizer.builder(',').lenientQuotes(true))) {
            assertThat(readAllRaw(t)).as("nextRaw()").containsExactly(List.of("a", "b"), List.of("xy", "z"));
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void lenientRawRecords_joinTheQuotedAndUnquotedParts_andDropNuls(Mode mode) throws IOException {
        byte[] csv = bytes("\"a\"\"b\"c\u0000d\"e\",\"\"x,\"q\"\n\"l1\nl2\"tail\r\n\u0000\"\",\"\"\"\"z");
        CsvTokenizerBuilder b = CsvTokenizer.builder(',').lenientQuotes(true).dropNul(true);
        List<List<String>> want = List.of(List.of("a\"bcd\"e\"", "x", "q"), List.of("l1\nl2tail"), List.of("", "\"z"));
        try (CsvTokenizer t = tokenizer(csv, ',', mode, b)) {
            assertThat(readAll(t)).isEqualTo(want);
        }
        try (CsvTokenizer t = tokenizer(csv, ',', mode, b)) {
            assertThat(readAllRaw(t)).isEqualTo(want);
            assertThat(t.line()).isEqualTo(4);
        }
    }

    /** Every special byte at every offset of a long run, so that the 8-bytes-at-a-time scan meets each lane. */
    @Test
    void specialBytesAtEveryOffset_endRunsWhereTheyAre() throws IOException {
        for (int k = 0; k < 40; k++) {
            String x = "x".repeat(k);
            String y = "y".repeat(40 - k);
            String csv = x + "," + y + "\n\"" + x + "\"\"" + y + "\"\n\"" + x + "\n" + y + "\"\r\n" + x + "\u0000" + y
                    + "\r" + x + "é" + y + "\n";
            List<List<String>> want = List.of(List.of(x, y), List.of(x + "\"" + y), List.of(x + "\n" + y),
                    List.of(x + y), List.of(x + "é" + y));
            for (Mode mode : Mode.values()) {
                CsvTokenizerBuilder b = CsvTokenizer.builder(',').dropNul(true);
                try (CsvTokenizer t = tokenizer(bytes(csv), ',', mode, b)) {
                    assertThat(readAll(t)).as("offset %d, %s", k, mode).isEqualTo(want);
                }
                try (CsvTokenizer t = tokenizer(bytes(csv), ',', mode, b)) {
                    assertThat(readAllRaw(t)).as("raw, offset %d, %s", k, mode).isEqualTo(want);
                    assertThat(t.line()).isEqualTo(6);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void recordOverTheLimit_isRecordTooLarge_althoughEachFieldFits(Mode mode) throws IOException {
        String fields = ("x".repeat(20) + ",").repeat(4);
        try (CsvTokenizer t = tokenizer(bytes("a\n" + fields + "\"last\"\n"), ',', mode,
                CsvTokenizer.builder(',').maxFieldBytes(30).maxRecordBytes(64).bufferBytes(16))) {
            assertThat(t.nextRaw().toArray()).containsExactly("a");
            assertThatThrownBy(t::nextRaw).isInstanceOfSatisfying(CsvFormatException.class, e -> {
                assertThat(e.kind()).isEqualTo(CsvFormatException.Kind.RECORD_TOO_LARGE);
                assertThat(e.line()).isEqualTo(2);
            }).hasMessageContaining("record 2").hasMessageContaining("longer than 64 bytes");
        }
        try (CsvTokenizer t = tokenizer(bytes("a\n" + fields + "\"last\"\n"), ',', mode,
                CsvTokenizer.builder(',').maxFieldBytes(30).maxRecordBytes(128).bufferBytes(16))) {
            assertThat(readAllRaw(t)).containsExactly(List.of("a"),
                    List.of("x".repeat(20), "x".repeat(20), "x".repeat(20), "x".repeat(20), "last"));
        }
        assertThatThrownBy(() -> CsvTokenizer.builder(',').maxRecordBytes(15))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static List<List<String>> readAllRaw(CsvTokenizer t) throws IOException {
        List<List<String>> out = new ArrayList<>();
        RawRecord r;
        while ((r = t.nextRaw()) != null) {
            out.add(Arrays.asList(r.toArray()));
        }
        assertThat(t.nextRaw()).as("stays at the end").isNull();
        return out;
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void nulBytes_areKeptOrDropped(Mode mode) throws IOException {
        byte[] csv = "a\u0000b,\"c\u0000\"\n\u0000\n".getBytes(StandardCharsets.UTF_8);
        try (CsvTokenizer t = tokenizer(csv, ',', mode, CsvTokenizer.builder(','))) {
            assertThat(readAll(t)).containsExactly(List.of("a\u0000b", "c\u0000"), List.of("\u0000"));
        }
        try (CsvTokenizer t = tokenizer(csv, ',', mode, CsvTokenizer.builder(',').dropNul(true))) {
            assertThat(readAll(t)).containsExactly(List.of("ab", "c"));
        }
        try (CsvTokenizer t = tokenizer(csv, ',', mode, CsvTokenizer.builder(',').dropNul(true))) {
            assertThat(readAllRaw(t)).as("nextRaw()").containsExactly(List.of("ab", "c"));
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void fieldOverTheLimit_isRecordTooLarge_quotedOrNot(Mode mode) throws IOException {
        String ok = "a," + "x".repeat(40) + "\n";
        try (CsvTokenizer t = tokenizer(bytes(ok), ',', mode, CsvTokenizer.builder(',').maxFieldBytes(40))) {
            assertThat(readAll(t)).containsExactly(List.of("a", "x".repeat(40)));
        }
        for (String bad : new String[] {"a\nb," + "x".repeat(41) + "\n", "a\nb,\"" + "x".repeat(41) + "\"\n",
            "a\nb,\"" + "x\n".repeat(60)}) {
            assertThatThrownBy(() -> readAll(tokenizer(bytes(bad), ',', mode,
                    CsvTokenizer.builder(',').maxFieldBytes(40))))
                    .isInstanceOfSatisfying(CsvFormatException.class, e -> {
                        assertThat(e.kind()).isEqualTo(CsvFormatException.Kind.RECORD_TOO_LARGE);
                        assertThat(e.column()).hasValue(2);
                        assertThat(e.line()).isBetween(2L, 42L);
                    })
                    .hasMessageContaining("longer than 40 bytes");
        }
    }

    @Test
    void aFieldLargerThanTheBlock_growsTheBufferAndTheNextRecordsStillParse() throws IOException {
        String big = "é".repeat(300_000);
        String csv = "h\n\"" + big + "\"\nafter\n";
        try (CsvTokenizer t = CsvTokenizer.builder(',').bufferBytes(1024).build(new ByteArrayInputStream(bytes(csv)))) {
            assertThat(readAll(t)).containsExactly(List.of("h"), List.of(big), List.of("after"));
        }
    }

    @Test
    void badDelimiters_areRejected() {
        for (char c : new char[] {'"', '\n', '\r', 0, 'é'}) {
            assertThatThrownBy(() -> CsvTokenizer.builder(c)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("column delimiter");
        }
        assertThatThrownBy(() -> CsvTokenizer.builder(',').bufferBytes(8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CsvTokenizer.builder(',').maxFieldBytes(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ioFailures_propagate_andCloseClosesTheInput() throws IOException {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        assertThatThrownBy(() -> CsvTokenizer.of(failing, ',').next()).isInstanceOf(IOException.class)
                .hasMessage("connection reset");
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(bytes("a\nb\n")) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        CsvTokenizer t = CsvTokenizer.of(in, ',');
        assertThat(t.next()).containsExactly("a");
        t.close();
        t.close();
        assertThat(closed[0]).isTrue();
        assertThat(t.next()).isNull();
    }

    @Test
    void malformedUtf8_becomesReplacementCharacters() throws IOException {
        byte[] csv = {'a', ',', (byte) 0xC3, ',', (byte) 0xFF, 'b', '\n'};
        try (CsvTokenizer t = CsvTokenizer.of(new ByteArrayInputStream(csv), ',')) {
            assertThat(t.next()).containsExactly("a", "\uFFFD", "\uFFFDb");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
