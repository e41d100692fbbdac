package dev.bulk2.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRowSourceExceptionTest {
    @TempDir
    Path tmp;

    private final CsvMapping<String> mapping = CsvMapping.<String>builder().column("Name", s -> s).build();

    @Test
    void streamMapperThrows_namesTheRow_andTheUserExceptionIsTheCause() throws IOException {
        IllegalStateException boom = new IllegalStateException("no price for item 7");
        Iterator<String> rows = IntStream.rangeClosed(1, 10).mapToObj(i -> {
            if (i == 7) {
                throw boom;
            }
            return i == 2 ? "two\nlines" : "r" + i;
        }).iterator();
        CsvParts parts = CsvChunker.builder().maxRecords(5).spoolDirectory(tmp).build().split(rows, mapping);
        CsvPart first = parts.next();
        assertThat(first.recordCount()).isEqualTo(5);
        CsvRowSourceException e = catchThrowableOfType(parts::hasNext, CsvRowSourceException.class);
        assertThat(e).hasMessage("The row source failed at row 7: java.lang.IllegalStateException: no price for "
                + "item 7");
        assertThat(e.getCause()).isSameAs(boom);
        assertThat(e.row()).isEqualTo(7);
        assertThat(e.line()).isEqualTo(9); // header, row 2 takes two lines
        parts.close();
        try (var s = Files.list(tmp)) {
            assertThat(s.count()).isZero();
        }
    }

    @Test
    void mappingThrows_namesTheRow() {
        NullPointerException npe = new NullPointerException();
        CsvMapping<String> bad = CsvMapping.<String>builder().column("Name", s -> {
            if (s.equals("b")) {
                throw npe;
            }
            return s;
        }).build();
        CsvParts parts = CsvChunker.builder().spoolDirectory(tmp).build().split(List.of("a", "b").iterator(), bad);
        CsvRowSourceException e = catchThrowableOfType(parts::hasNext, CsvRowSourceException.class);
        assertThat(e).hasMessage("Row 2 could not be written as CSV: Column 'Name': the value function failed: "
                + "java.lang.NullPointerException");
        assertThat(e.getCause()).isSameAs(npe);
        assertThat(e.row()).isEqualTo(2);
        parts.close();
        // a value the mapping cannot format: the mapping's CsvException (naming the column) is the cause
        CsvMapping<String> dates = CsvMapping.<String>builder().column("D", s -> s)
                .dateTimeColumn("When", s -> java.time.LocalDateTime.of(2026, 1, 2, 3, 4)).build();
        CsvParts p2 = CsvChunker.builder().spoolDirectory(tmp).build().split(List.of("x").iterator(), dates);
        CsvRowSourceException v = catchThrowableOfType(p2::hasNext, CsvRowSourceException.class);
        assertThat(v.row()).isEqualTo(1);
        assertThat(v.getMessage()).startsWith("Row 1 could not be written as CSV: Column 'When': a LocalDateTime has "
                + "no time zone");
        assertThat(v.getCause()).isExactlyInstanceOf(CsvException.class).hasMessageStartingWith("Column 'When'");
        p2.close();
    }
}
