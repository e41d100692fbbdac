package dev.bulk2.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A corpus of broken inputs, each with its expected error kind, line and column, from a Path and a stream. */
class CsvChunkerErrorCorpusTest {

    @TempDir
    Path tmp;

    private static final CsvDialect LF = CsvDialect.defaults();
    private static final CsvDialect CRLF = CsvDialect.of(ColumnDelimiter.COMMA, LineEnding.CRLF);
    private static final CsvDialect PIPE = CsvDialect.of(ColumnDelimiter.PIPE, LineEnding.LF);

    static Stream<Arguments> corpus() {
        return Stream.of(
                // name, input bytes, dialect, maxBytes, kind, line, column (-1: none), message fragment
                c("unterminated quote at end", "a,b\n1,2\n3,\"open\n4,5\n", LF, 0,
                        CsvFormatException.Kind.UNTERMINATED_QUOTE, 3, 2, "quote opened at line 3, column 2"),
                c("stray quote in unquoted field", "a,b\n1,2\n3,ab\"c\n", LF, 0,
                        CsvFormatException.Kind.STRAY_QUOTE, 3, 2, "line 3, column 2"),
                c("space after closing quote", "a,b\n\"x\" ,2\n", LF, 0,
                        CsvFormatException.Kind.STRAY_QUOTE, 2, 1, "after the closing quote at line 2"),
                c("too many fields", "a,b\n1,2\n1,2,3\n", LF, 0,
                        CsvFormatException.Kind.FIELD_COUNT_MISMATCH, 3, 3, "3 fields, but the header has 2"),
                c("too few fields after multi-line record", "a,b\n\"x\ny\",2\n1\n", LF, 0,
                        CsvFormatException.Kind.FIELD_COUNT_MISMATCH, 4, 1, "line 4: 1 fields"),
                c("pipe delimiter counts pipes only", "a|b\n1,2\n", PIPE, 0,
                        CsvFormatException.Kind.FIELD_COUNT_MISMATCH, 2, 1, "header has 2"),
                c("blank line", "a,b\n1,2\n\n3,4\n", LF, 0,
                        CsvFormatException.Kind.BLANK_LINE, 3, -1, "Blank line at line 3"),
                c("empty input", "", LF, 0, CsvFormatException.Kind.EMPTY_HEADER, 1, -1, "input is empty"),
                c("only a BOM", "\uFEFF", LF, 0, CsvFormatException.Kind.EMPTY_HEADER, 1, -1, "input is empty"),
                c("empty header name", "a,,c\n1,2,3\n", LF, 0,
                        CsvFormatException.Kind.EMPTY_HEADER, 1, 2, "Header name 2"),
                c("trailing delimiter in header", "a,b,\n1,2,3\n", LF, 0,
                        CsvFormatException.Kind.EMPTY_HEADER, 1, 3, "trailing delimiter"),
                c("duplicate header ignoring case", "Name,Phone,NAME\n1,2,3\n", LF, 0,
                        CsvFormatException.Kind.DUPLICATE_HEADER, 1, 3, "repeats column 1"),
                c("header too long", "a" + "x".repeat(32_000) + ",b\n1,2\n", LF, 0,
                        CsvFormatException.Kind.HEADER_TOO_LONG, 1, -1, "at most 32000"),
                c("CRLF data, LF declared", "a,b\r\n1,2\r\n", LF, 0,
                        CsvFormatException.Kind.LINE_ENDING_MISMATCH, 1, -1, "ends with CRLF but the dialect declares LF"),
                c("LF data, CRLF declared, on line 3", "a,b\r\n1,2\r\n3,4\n", CRLF, 0,
                        CsvFormatException.Kind.LINE_ENDING_MISMATCH, 3, -1, "ends with LF but the dialect declares CRLF"),
                c("lone CR", "a,b\n1,2\r3,4\n", LF, 0,
                        CsvFormatException.Kind.LINE_ENDING_MISMATCH, 2, -1, "a lone CR"),
                c("record larger than maxBytes", "a,b\n1,2\n3," + "y".repeat(100) + "\n", LF, 50,
                        CsvFormatException.Kind.RECORD_TOO_LARGE, 3, -1, "exceeds maxBytes (50)"),
                c("unbalanced quote caught by size", "a,b\n1,\"" + "z\n".repeat(200), LF, 60,
                        CsvFormatException.Kind.RECORD_TOO_LARGE, 2, -1, "quote opened at line 2 is never closed"));
    }

    static Stream<Arguments> binaryCorpus() {
        return Stream.of(
                b("Windows-1252 e-acute", bytes("a,b\n1,caf", 0xE9, ",\n")),
                b("lone continuation byte", bytes("a,b\n1,", 0x80, "\n")),
                b("overlong encoding of '/'", bytes("a,b\n1,", 0xC0, 0xAF, "\n")),
                b("UTF-16 surrogate encoded", bytes("a,b\n1,", 0xED, 0xA0, 0x80, "\n")),
                b("truncated sequence at end", bytes("a,b\n1,", 0xE6, 0xB1)),
                b("invalid byte in quoted field", bytes("a,b\n1,\"x", 0xFF, "\"\n")));
    }

    private static Arguments c(String name, String input, CsvDialect dialect, long maxBytes,
            CsvFormatException.Kind kind, long line, int column, String fragment) {
        return Arguments.of(name, input.getBytes(StandardCharsets.UTF_8), dialect, maxBytes, kind, line, column,
                fragment);
    }

    private static Arguments b(String name, byte[] input) {
        return Arguments.of(name, input);
    }

    private static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String) {
                out.writeBytes(((String) p).getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) p);
            }
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void split_brokenInput_failsWithKindLineAndColumn(String name, byte[] input, CsvDialect dialect, long maxBytes,
            CsvFormatException.Kind kind, long line, int column, String fragment) throws IOException {
        Path file = tmp.resolve("broken.csv");
        Files.write(file, input);
        CsvChunker.Builder b = CsvChunker.builder().dialect(dialect).spoolDirectory(tmp);
        if (maxBytes > 0) {
            b.maxBytes(maxBytes);
        }
        for (int bufferSize : new int[] {CsvChunker.DEFAULT_BUFFER_SIZE, 3}) {
            CsvChunker chunker = b.bufferSize(bufferSize).build();
            for (boolean fromPath : new boolean[] {true, false}) {
                assertThatThrownBy(() -> {
                    try (CsvParts parts = fromPath ? chunker.split(file)
                            : chunker.split(new ByteArrayInputStream(input))) {
                        parts.forEachRemaining(CsvPart::release);
                    }
                })
                        .isInstanceOf(CsvFormatException.class)
                        .hasMessageContaining(fragment)
                        .satisfies(e -> {
                            CsvFormatException f = (CsvFormatException) e;
                            assertThat(f.kind()).isEqualTo(kind);
                            assertThat(f.line()).isEqualTo(line);
                            assertThat(f.column()).isEqualTo(column > 0 ? OptionalInt.of(column)
                                    : OptionalInt.empty());
                        });
            }
        }
        try (var files = Files.list(tmp)) {
            assertThat(files.filter(p -> !p.equals(file))).as("no spool left behind").isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryCorpus")
    void split_invalidUtf8_failsOnLineTwoColumnTwo(String name, byte[] input) {
        for (int bufferSize : new int[] {CsvChunker.DEFAULT_BUFFER_SIZE, 2}) {
            CsvChunker chunker = CsvChunker.builder().spoolDirectory(tmp).bufferSize(bufferSize).build();
            assertThatThrownBy(() -> {
                try (CsvParts parts = chunker.split(new ByteArrayInputStream(input))) {
                    parts.toList();
                }
            })
                    .isInstanceOf(CsvFormatException.class)
                    .hasMessageContaining("Invalid UTF-8 at line 2, column 2")
                    .hasMessageContaining("UTF-8")
                    .satisfies(e -> {
                        CsvFormatException f = (CsvFormatException) e;
                        assertThat(f.kind()).isEqualTo(CsvFormatException.Kind.INVALID_UTF8);
                        assertThat(f.line()).isEqualTo(2);
                        assertThat(f.column()).hasValue(2);
                    });
        }
    }
}
