package dev.bulk2.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parts cut by bytes end on a multiple of 10,000 records where that costs at most one alignment's worth. */
class CsvChunkerAlignmentTest {
    private static final String HEADER = "Id,Name\n"; // 8 bytes
    /** Room for exactly 123,456 records of 10 bytes after the header. */
    private static final long MAX_BYTES = 8 + 123_456L * 10;

    @TempDir
    Path tmp;

    /** {@code records} records of exactly 10 bytes each: 7-digit id, ",x\n". */
    private static byte[] csv(long records) {
        StringBuilder sb = new StringBuilder(HEADER);
        for (long i = 0; i < records; i++) {
            sb.append(String.format("%07d", i)).append(",x\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private List<CsvPart> split(CsvChunker chunker, Path file) {
        try (CsvParts parts = chunker.split(file)) {
            return parts.toList();
        }
    }

    @Test
    void defaultAlignmentIs10000() {
        CsvChunker c = CsvChunker.builder().build();
        assertThat(c.recordAlignment()).isEqualTo(10_000L);
        assertThat(c.toString()).contains("recordAlignment=10000");
        assertThat(c.toBuilder().recordAlignment(1).build().recordAlignment()).isEqualTo(1L);
        assertThatThrownBy(() -> CsvChunker.builder().recordAlignment(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("recordAlignment must be positive, was 0");
    }

    @Test
    void pathParts_cutByBytes_endOnAMultipleOf10000Records() throws IOException {
        Path file = tmp.resolve("in.csv");
        Files.write(file, csv(300_000));
        try (CsvParts all = CsvChunker.builder().maxBytes(MAX_BYTES).build().split(file)) {
            List<CsvPart> parts = all.toList();
            assertThat(parts).extracting(CsvPart::recordCount).containsExactly(120_000L, 120_000L, 60_000L);
            assertThat(parts).extracting(CsvPart::firstRecordLine).containsExactly(2L, 120_002L, 240_002L);
            assertThat(parts).extracting(CsvPart::byteSize).containsExactly(1_200_008L, 1_200_008L, 600_008L);
            assertContiguous(parts, 300_000);
        }
    }

    /** Every record once, in order, each part a header and whole records. */
    private static void assertContiguous(List<CsvPart> parts, long records) throws IOException {
        StringBuilder all = new StringBuilder(HEADER);
        for (CsvPart p : parts) {
            try (var in = p.open()) {
                String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(text).startsWith(HEADER);
                all.append(text, HEADER.length(), text.length());
            }
        }
        assertThat(all.toString()).isEqualTo(new String(csv(records), StandardCharsets.US_ASCII));
    }

    @Test
    void alignmentOff_fillsPartsToTheByte() throws IOException {
        Path file = tmp.resolve("in.csv");
        Files.write(file, csv(300_000));
        List<CsvPart> parts = split(CsvChunker.builder().maxBytes(MAX_BYTES).recordAlignment(1).build(), file);
        assertThat(parts).extracting(CsvPart::recordCount).containsExactly(123_456L, 123_456L, 53_088L);
    }

    @Test
    void streamAndTypedRows_areAlignedToo() throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            CsvChunker chunker = CsvChunker.builder().maxBytes(MAX_BYTES).spoolDirectory(tmp).gzipSpool(gzip).build();
            try (CsvParts parts = chunker.split(new ByteArrayInputStream(csv(250_000)))) {
                List<CsvPart> list = parts.toList();
                assertThat(list).extracting(CsvPart::recordCount).containsExactly(120_000L, 120_000L, 10_000L);
                assertThat(list).extracting(CsvPart::firstRecordLine).containsExactly(2L, 120_002L, 240_002L);
                assertThat(list).extracting(CsvPart::byteSize).containsExactly(1_200_008L, 1_200_008L, 100_008L);
                assertContiguous(list, 250_000);
            }
            assertThat(spoolFiles()).isZero();
        }
        CsvChunker chunker = CsvChunker.builder().maxBytes(MAX_BYTES).spoolDirectory(tmp).build();
        CsvMapping<Long> mapping = CsvMapping.<Long>builder()
                .column("Id", i -> String.format("%07d", i)).column("Name", i -> "x").build();
        try (CsvParts parts = chunker.split(LongStream.range(0, 250_000).boxed().iterator(), mapping)) {
            List<CsvPart> list = parts.toList();
            assertThat(list).extracting(CsvPart::recordCount).containsExactly(120_000L, 120_000L, 10_000L);
            assertContiguous(list, 250_000);
        }
        // a stream that ends just before the part is full is one part: nothing cut back
        try (CsvParts parts = chunker.split(new ByteArrayInputStream(csv(123_001)))) {
            assertThat(parts.toList()).extracting(CsvPart::recordCount).containsExactly(123_001L);
        }
        // a part closed with records kept aside leaves no file behind
        CsvParts parts = chunker.split(new ByteArrayInputStream(csv(250_000)));
        parts.next();
        parts.close();
        assertThat(spoolFiles()).isZero();
    }

    private long spoolFiles() throws IOException {
        try (var s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("bulk2-part-")).count();
        }
    }

    @Test
    void smallParts_maxRecordsAndTheLastPart_areNotCutBack() throws IOException {
        Path file = tmp.resolve("in.csv");
        Files.write(file, csv(40_000));
        // 15,000 records fit: cutting at 10,000 would lose a third of the part, so parts fill to the byte
        assertThat(split(CsvChunker.builder().maxBytes(8 + 15_000L * 10).build(), file))
                .extracting(CsvPart::recordCount).containsExactly(15_000L, 15_000L, 10_000L);
        // a part cut by maxRecords (the user's choice) is kept as given; one cut by bytes first is aligned
        Files.write(file, csv(300_000));
        assertThat(split(CsvChunker.builder().maxBytes(MAX_BYTES).maxRecords(123_000).build(), file))
                .extracting(CsvPart::recordCount).containsExactly(123_000L, 123_000L, 54_000L);
        assertThat(split(CsvChunker.builder().maxBytes(MAX_BYTES).maxRecords(124_000).build(), file))
                .extracting(CsvPart::recordCount).containsExactly(120_000L, 120_000L, 60_000L);
        assertThat(split(CsvChunker.builder().maxRecords(123_000).build(), file))
                .extracting(CsvPart::recordCount).containsExactly(123_000L, 123_000L, 54_000L);
        // a last part that ends before the bytes are full ends where the input ends
        Files.write(file, csv(123_001));
        assertThat(split(CsvChunker.builder().maxBytes(MAX_BYTES).build(), file))
                .extracting(CsvPart::recordCount).containsExactly(123_001L);
    }
}
