package dev.bulk2.csv;

import static dev.bulk2.csv.CsvTestSupport.bytes;
import static dev.bulk2.csv.CsvTestSupport.readAll;
import static dev.bulk2.csv.CsvTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvChunkerTest {

    @TempDir
    Path tmp;

    private CsvChunker.Builder chunker() {
        return CsvChunker.builder().spoolDirectory(tmp);
    }

    private long spoolCount() throws IOException {
        try (var s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("bulk2-part-")).count();
        }
    }

    @Test
    void builder_defaults_matchSalesforceLimits() {
        CsvChunker c = CsvChunker.builder().build();
        assertThat(c.maxBytes()).isEqualTo(100_000_000L);
        assertThat(c.maxRecords()).isEqualTo(Long.MAX_VALUE);
        assertThat(c.dialect()).isEqualTo(CsvDialect.defaults());
        assertThat(c.lineEndingPolicy()).isEqualTo(LineEndingPolicy.REJECT_MISMATCH);
        assertThat(c.gzipSpool()).isFalse();
        assertThat(c.spoolDirectory()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
        assertThat(c.toString()).contains("maxRecords=unlimited");
        assertThat(c.toBuilder().maxRecords(10).build().maxRecords()).isEqualTo(10);
        assertThatThrownBy(() -> CsvChunker.builder().maxBytes(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBytes");
        assertThatThrownBy(() -> CsvChunker.builder().maxRecords(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRecords");
    }

    @Test
    void split_bomIsStrippedFromFirstHeaderName() throws IOException {
        byte[] data = bytes("\uFEFFId,Name\n1,a\n");
        Path file = tmp.resolve("bom.csv");
        Files.write(file, data);
        try (CsvParts parts = chunker().build().split(file)) {
            CsvPart part = parts.next();
            assertThat(part.header()).containsExactly("Id", "Name");
            assertThat(utf8(readAll(part.open()))).isEqualTo("Id,Name\n1,a\n");
            assertThat(part.byteSize()).isEqualTo(12);
            assertThat(part.firstRecordLine()).isEqualTo(2);
            assertThat(parts.hasNext()).isFalse();
        }
    }

    @Test
    void split_headerOnly_givesNoParts() {
        try (CsvParts parts = chunker().build().split(new ByteArrayInputStream(bytes("Id,Name\n")))) {
            assertThat(parts.hasNext()).isFalse();
            assertThatThrownBy(parts::next).isInstanceOf(NoSuchElementException.class);
        }
        try (CsvParts parts = chunker().build().split(new ByteArrayInputStream(bytes("Id,Name")))) {
            assertThat(parts.toList()).isEmpty();
        }
    }

    @Test
    void split_lastRecordWithoutLineBreak_isKeptAsIs() {
        try (CsvParts parts = chunker().maxRecords(1).build()
                .split(new ByteArrayInputStream(bytes("Id\n1\n2")))) {
            List<CsvPart> list = parts.toList();
            assertThat(list).extracting(p -> utf8(readAll(p.open()))).containsExactly("Id\n1\n", "Id\n2");
        }
    }

    @Test
    void split_byteLimitIsInclusiveAndCountsTheHeader() {
        // header 3 bytes + records of 2 bytes: maxBytes 7 holds exactly two records
        try (CsvParts parts = chunker().maxBytes(7).build()
                .split(new ByteArrayInputStream(bytes("Id\n1\n2\n3\n4\n5\n")))) {
            assertThat(parts.stream().map(CsvPart::recordCount)).containsExactly(2L, 2L, 1L);
        }
    }

    @Test
    void split_pathParts_areFileRangesThatSurviveReopening() throws IOException {
        Path file = tmp.resolve("in.csv");
        Files.write(file, bytes("Id,Name\n1,\"a\nb\"\n2,c\n3,d\n"));
        try (CsvParts parts = chunker().maxRecords(2).build().split(file)) {
            CsvPart first = parts.next();
            CsvPart second = parts.next();
            assertThat(parts.hasNext()).isFalse();
            assertThat(first.toString()).contains("file range [8, 20)");
            assertThat(utf8(readAll(first.open()))).isEqualTo("Id,Name\n1,\"a\nb\"\n2,c\n");
            assertThat(utf8(readAll(first.open()))).isEqualTo("Id,Name\n1,\"a\nb\"\n2,c\n");
            assertThat(utf8(readAll(second.open()))).isEqualTo("Id,Name\n3,d\n");
            assertThat(second.firstRecordLine()).isEqualTo(5);
            assertThat(spoolCount()).isZero();
        }
        assertThat(Files.exists(file)).as("the source is never deleted").isTrue();
    }

    @Test
    void split_stream_isLazyAndSpoolsOnlyWhatWasAskedFor() throws IOException {
        StringBuilder sb = new StringBuilder("Id\n");
        for (int i = 0; i < 100_000; i++) {
            sb.append(i).append('\n');
        }
        AtomicLong read = new AtomicLong();
        InputStream counting = new FilterInputStream(new ByteArrayInputStream(bytes(sb.toString()))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    read.addAndGet(n);
                }
                return n;
            }
        };
        try (CsvParts parts = chunker().maxRecords(10).bufferSize(4096).build().split(counting)) {
            CsvPart first = parts.next();
            assertThat(first.recordCount()).isEqualTo(10);
            assertThat(read.get()).isLessThanOrEqualTo(8192);
            assertThat(spoolCount()).isEqualTo(1);
            CsvPart second = parts.next();
            assertThat(spoolCount()).isEqualTo(2);
            first.release();
            first.release();
            assertThat(first.isReleased()).isTrue();
            assertThat(spoolCount()).isEqualTo(1);
            assertThatThrownBy(first::open).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Part 0 was released");
            assertThat(utf8(readAll(second.open()))).startsWith("Id\n10\n11\n");
        }
        assertThat(spoolCount()).as("close deletes every spool").isZero();
    }

    @Test
    void split_gzipSpool_storesCompressedAndOpensUncompressed() throws IOException {
        String csv = "Id,Name\n" + "1,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n".repeat(500);
        try (CsvParts parts = chunker().gzipSpool(true).build().split(new ByteArrayInputStream(bytes(csv)))) {
            CsvPart part = parts.next();
            assertThat(utf8(readAll(part.open()))).isEqualTo(csv);
            assertThat(part.byteSize()).isEqualTo(csv.length());
            assertThat(part.gzippedByteSize().getAsLong()).isLessThan(csv.length() / 10);
            byte[] gz = readAll(part.openGzipped().orElseThrow());
            assertThat(gz.length).isEqualTo(part.gzippedByteSize().getAsLong());
            assertThat(gz[0] & 0xFF).isEqualTo(0x1F);
            assertThat(gz[1] & 0xFF).isEqualTo(0x8B);
            assertThat(part.toString()).contains("gzip spool");
        }
    }

    @Test
    void split_errorAfterFirstPart_keepsEarlierPartsAndStopsIteration() {
        try (CsvParts parts = chunker().maxRecords(1).build()
                .split(new ByteArrayInputStream(bytes("a,b\n1,2\n3\n")))) {
            CsvPart first = parts.next();
            assertThatThrownBy(parts::hasNext).isInstanceOf(CsvFormatException.class)
                    .hasMessageContaining("line 3");
            assertThat(utf8(readAll(first.open()))).isEqualTo("a,b\n1,2\n");
            assertThat(parts.hasNext()).isFalse();
        }
    }

    @Test
    void split_normaliseOnPath_rewritesOnlyPartsThatNeedIt() throws IOException {
        Path file = tmp.resolve("mixed.csv");
        Files.write(file, bytes("Id,Note\n1,x\n2,\"multi\r\nline\"\r\n3,y\r"));
        CsvChunker c = chunker().lineEndingPolicy(LineEndingPolicy.NORMALISE).maxRecords(1).build();
        try (CsvParts parts = c.split(file)) {
            List<CsvPart> list = parts.toList();
            assertThat(list).extracting(p -> utf8(readAll(p.open())))
                    .containsExactly("Id,Note\n1,x\n", "Id,Note\n2,\"multi\r\nline\"\n", "Id,Note\n3,y\n");
            assertThat(list).extracting(CsvPart::byteSize).containsExactly(12L, 24L, 12L);
            assertThat(list.get(0).toString()).doesNotContain("rewritten");
            assertThat(list.get(1).toString()).contains("line endings rewritten");
            assertThat(list).extracting(CsvPart::firstRecordLine).containsExactly(2L, 3L, 5L);
        }
    }

    @Test
    void split_closedParts_refuseIteration() {
        CsvParts parts = chunker().build().split(new ByteArrayInputStream(bytes("Id\n1\n")));
        parts.close();
        parts.close();
        assertThatThrownBy(parts::hasNext).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void split_typedRows_headerFromMappingAndNoRowsNoParts() {
        CsvMapping<String> mapping = CsvMapping.<String>builder().column("Name", s -> s).build();
        try (CsvParts parts = chunker().build().split(List.<String>of().iterator(), mapping)) {
            assertThat(parts.hasNext()).isFalse();
        }
        try (CsvParts parts = chunker().maxRecords(2).build().split(List.of("a", "b\nc", "d").iterator(),
                mapping)) {
            List<CsvPart> list = parts.toList();
            assertThat(list).extracting(p -> utf8(readAll(p.open())))
                    .containsExactly("Name\na\n\"b\nc\"\n", "Name\nd\n");
            assertThat(list).extracting(CsvPart::firstRecordLine).containsExactly(2L, 5L);
        }
    }
}
