package dev.bulk2.csv;

import static dev.bulk2.csv.CsvTestSupport.parse;
import static dev.bulk2.csv.CsvTestSupport.readAll;
import static dev.bulk2.csv.CsvTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property tests: generated CSV (quotes, embedded line breaks, unicode, every delimiter, both line endings, BOM)
 * split into parts gives back exactly the input records, every part parses with Commons CSV, and no part exceeds
 * its limits.
 */
class CsvChunkerPropertyTest {

    private static final String[] ATOMS = {
        "a", "b", "Zz", "0", "42", " ", "  lead", "trail ", "\"", "\"\"", "\n", "\r\n", "é", "汉字", "😀", "ß",
        ",", ";", "|", "^", "`", "\t", "#N/A", "x y", "'", "\\", "=1+2", "-", "Ω", "\u00a0"
    };

    @TempDir
    Path tmp;

    static List<Long> seeds() {
        return seeds(150);
    }

    static List<Long> fewerSeeds() {
        return seeds(50);
    }

    static List<Long> seeds(int n) {
        List<Long> seeds = new ArrayList<>();
        for (long s = 1; s <= n; s++) {
            seeds.add(s * 7919);
        }
        return seeds;
    }

    /** Small buffers for a third of the seeds, so that records straddle buffer refills. */
    static int bufferSize(Random rnd) {
        return rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(64) : CsvChunker.DEFAULT_BUFFER_SIZE;
    }

    /** A generated input: its bytes, its records (header first) and the physical line of every record. */
    static final class Generated {
        final CsvDialect dialect;
        final byte[] data;
        final List<List<String>> records = new ArrayList<>();
        final List<Long> lines = new ArrayList<>();
        int maxRecordBytes;
        int headerBytes;

        Generated(CsvDialect dialect, byte[] data) {
            this.dialect = dialect;
            this.data = data;
        }
    }

    static Generated generate(Random rnd, CsvDialect dialect, boolean bom, boolean trailingTerminator) {
        int columns = 1 + rnd.nextInt(6);
        int rows = rnd.nextInt(60);
        CsvEncoder enc = new CsvEncoder(dialect);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (bom) {
            out.write(0xEF);
            out.write(0xBB);
            out.write(0xBF);
        }
        List<List<String>> recs = new ArrayList<>();
        List<String> header = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            header.add(c % 2 == 0 ? "Field" + c + "__c" : "Name é" + c);
        }
        recs.add(header);
        for (int r = 0; r < rows; r++) {
            List<String> rec = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                StringBuilder v = new StringBuilder();
                int atoms = rnd.nextInt(4);
                for (int a = 0; a < atoms; a++) {
                    v.append(ATOMS[rnd.nextInt(ATOMS.length)]);
                }
                if (rnd.nextInt(20) == 0) {
                    v.append("x".repeat(rnd.nextInt(300)));
                }
                rec.add(v.toString());
            }
            recs.add(rec);
        }
        List<Long> lines = new ArrayList<>();
        long line = 1;
        Generated g = null;
        List<byte[]> encoded = new ArrayList<>();
        for (int i = 0; i < recs.size(); i++) {
            enc.reset();
            enc.record(recs.get(i));
            byte[] b = Arrays.copyOf(enc.buffer(), enc.size());
            if (i == recs.size() - 1 && !trailingTerminator) {
                b = Arrays.copyOf(b, b.length - dialect.lineEnding().separator().length());
            }
            encoded.add(b);
            out.write(b, 0, b.length);
            lines.add(line);
            line += physicalLines(utf8(b)) - 1 + 1;
        }
        g = new Generated(dialect, out.toByteArray());
        g.records.addAll(recs);
        g.lines.addAll(lines);
        g.headerBytes = encoded.get(0).length;
        for (int i = 1; i < encoded.size(); i++) {
            g.maxRecordBytes = Math.max(g.maxRecordBytes, encoded.get(i).length
                    + (i == encoded.size() - 1 && !trailingTerminator ? 0 : 0));
        }
        return g;
    }

    /** Line breaks in a record's text, excluding its own terminator: LF, CRLF and lone CR each count one. */
    static long physicalLines(String recordWithTerminator) {
        String s = recordWithTerminator;
        if (s.endsWith("\r\n")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("\n") || s.endsWith("\r")) {
            s = s.substring(0, s.length() - 1);
        }
        long n = 1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= s.length() || s.charAt(i + 1) != '\n'))) {
                n++;
            }
        }
        return n;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void split_generatedInput_partsGiveBackExactlyTheRecords(long seed) throws IOException {
        Random rnd = new Random(seed);
        ColumnDelimiter delimiter = ColumnDelimiter.values()[rnd.nextInt(ColumnDelimiter.values().length)];
        LineEnding ending = rnd.nextBoolean() ? LineEnding.LF : LineEnding.CRLF;
        CsvDialect dialect = CsvDialect.of(delimiter, ending);
        boolean bom = rnd.nextInt(4) == 0;
        boolean trailing = rnd.nextInt(5) != 0;
        Generated g = generate(rnd, dialect, bom, trailing);

        long maxBytes = g.headerBytes + g.maxRecordBytes + rnd.nextInt(2000);
        CsvChunker.Builder b = CsvChunker.builder().dialect(dialect).maxBytes(maxBytes).spoolDirectory(tmp)
                .bufferSize(bufferSize(rnd));
        long maxRecords = Long.MAX_VALUE;
        if (rnd.nextBoolean()) {
            maxRecords = 1 + rnd.nextInt(15);
            b.maxRecords(maxRecords);
        }
        int mode = rnd.nextInt(3);
        b.gzipSpool(mode == 2);
        CsvChunker chunker = b.build();

        // Commons CSV agrees with the generator on the records (the generator is the ground truth).
        String text = utf8(bom ? Arrays.copyOfRange(g.data, 3, g.data.length) : g.data);
        assertThat(parse(text, dialect)).isEqualTo(g.records);

        Path file = tmp.resolve("in.csv");
        Files.write(file, g.data);
        List<List<String>> got = new ArrayList<>();
        ByteArrayOutputStream bodies = new ByteArrayOutputStream();
        int expectedIndex = 0;
        try (CsvParts parts = mode == 0 ? chunker.split(file) : chunker.split(new ByteArrayInputStream(g.data))) {
            for (CsvPart part : parts) {
                assertThat(part.index()).isEqualTo(expectedIndex++);
                byte[] content = readAll(part.open());
                assertThat(readAll(part.open())).as("replayable").isEqualTo(content);
                if (mode == 2) {
                    byte[] unzipped = readAll(new GZIPInputStream(part.openGzipped().orElseThrow()));
                    assertThat(unzipped).isEqualTo(content);
                    assertThat(part.gzippedByteSize()).isNotEmpty();
                } else {
                    assertThat(part.openGzipped()).isEmpty();
                }
                assertThat((long) content.length).isEqualTo(part.byteSize()).isLessThanOrEqualTo(maxBytes);
                assertThat(part.recordCount()).isBetween(1L, maxRecords);
                assertThat(part.header()).isEqualTo(g.records.get(0));

                List<List<String>> recs = parse(utf8(content), dialect);
                assertThat(recs.get(0)).isEqualTo(g.records.get(0));
                assertThat(recs).hasSize((int) part.recordCount() + 1);
                assertThat(part.firstRecordLine()).isEqualTo(g.lines.get(got.size() + 1));
                got.addAll(recs.subList(1, recs.size()));
                bodies.write(content, g.headerBytes, content.length - g.headerBytes);
            }
        }
        assertThat(got).isEqualTo(g.records.subList(1, g.records.size()));
        int rows = g.records.size() - 1;
        assertThat((long) expectedIndex).as("part count").isGreaterThanOrEqualTo(
                maxRecords == Long.MAX_VALUE ? Math.min(rows, 1) : (rows + maxRecords - 1) / maxRecords);
        byte[] expectedBody = Arrays.copyOfRange(g.data, g.headerBytes + (bom ? 3 : 0), g.data.length);
        assertThat(bodies.toByteArray()).as("parts are exact byte ranges").isEqualTo(expectedBody);
        try (var files = Files.list(tmp)) {
            assertThat(files.filter(p -> !p.equals(file))).as("spools deleted on close").isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("fewerSeeds")
    void split_withNormalise_rewritesOnlyRecordTerminators(long seed) throws IOException {
        Random rnd = new Random(seed);
        ColumnDelimiter delimiter = ColumnDelimiter.values()[rnd.nextInt(ColumnDelimiter.values().length)];
        LineEnding written = rnd.nextBoolean() ? LineEnding.LF : LineEnding.CRLF;
        LineEnding declared = written == LineEnding.LF ? LineEnding.CRLF : LineEnding.LF;
        Generated g = generate(rnd, CsvDialect.of(delimiter, written), false, true);
        CsvDialect dialect = CsvDialect.of(delimiter, declared);
        CsvChunker chunker = CsvChunker.builder().dialect(dialect).lineEndingPolicy(LineEndingPolicy.NORMALISE)
                .maxBytes(g.headerBytes + g.maxRecordBytes + 1 + rnd.nextInt(500)).spoolDirectory(tmp)
                .bufferSize(bufferSize(rnd)).build();
        Path file = tmp.resolve("n.csv");
        Files.write(file, g.data);
        for (boolean fromPath : new boolean[] {true, false}) {
            List<List<String>> got = new ArrayList<>();
            try (CsvParts parts = fromPath ? chunker.split(file) : chunker.split(new ByteArrayInputStream(g.data))) {
                for (CsvPart part : parts) {
                    byte[] content = readAll(part.open());
                    assertThat((long) content.length).isEqualTo(part.byteSize());
                    String s = utf8(content);
                    assertThat(s).endsWith(declared.separator());
                    List<List<String>> recs = parse(s, dialect);
                    got.addAll(recs.subList(1, recs.size()));
                    // every part passes the strict check of the declared line ending
                    try (CsvParts again = CsvChunker.builder().dialect(dialect).spoolDirectory(tmp).build()
                            .split(new ByteArrayInputStream(content))) {
                        assertThat(again.toList()).hasSize(1);
                    }
                }
            }
            assertThat(got).isEqualTo(g.records.subList(1, g.records.size()));
        }
    }

    @ParameterizedTest
    @MethodSource("fewerSeeds")
    void split_typedRows_sameRecordsAsRowWriter(long seed) throws IOException {
        Random rnd = new Random(seed);
        CsvDialect dialect = CsvDialect.of(ColumnDelimiter.values()[rnd.nextInt(6)],
                rnd.nextBoolean() ? LineEnding.LF : LineEnding.CRLF);
        Generated g = generate(rnd, dialect, false, true);
        List<String> header = g.records.get(0);
        List<java.util.Map<String, ?>> rows = new ArrayList<>();
        for (List<String> rec : g.records.subList(1, g.records.size())) {
            java.util.Map<String, Object> m = new java.util.HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                m.put(header.get(i), rec.get(i));
            }
            rows.add(m);
        }
        CsvMapping<java.util.Map<String, ?>> mapping = CsvMapping.forMaps(header);
        long maxRecords = 1 + rnd.nextInt(10);
        CsvChunker chunker = CsvChunker.builder().dialect(dialect).maxRecords(maxRecords)
                .maxBytes(g.headerBytes + g.maxRecordBytes + 3 + rnd.nextInt(800)).spoolDirectory(tmp)
                .gzipSpool(rnd.nextBoolean()).build();
        ByteArrayOutputStream bodies = new ByteArrayOutputStream();
        try (CsvParts parts = chunker.split(rows.iterator(), mapping)) {
            long seen = 0;
            for (CsvPart part : parts) {
                byte[] content = readAll(part.open());
                assertThat((long) content.length).isEqualTo(part.byteSize()).isLessThanOrEqualTo(chunker.maxBytes());
                assertThat(part.recordCount()).isLessThanOrEqualTo(maxRecords);
                assertThat(part.firstRecordLine()).isEqualTo(g.lines.get((int) seen + 1));
                seen += part.recordCount();
                bodies.write(content, g.headerBytes, content.length - g.headerBytes);
            }
        }
        assertThat(bodies.toByteArray()).isEqualTo(Arrays.copyOfRange(g.data, g.headerBytes, g.data.length));
    }
}
