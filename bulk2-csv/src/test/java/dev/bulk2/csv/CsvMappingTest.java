package dev.bulk2.csv;

import static dev.bulk2.csv.CsvTestSupport.parse;
import static dev.bulk2.csv.CsvTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CsvMappingTest {

    record Client(String id, String lastName, LocalDate birth, Instant seen, Boolean optedOut, BigDecimal balance) {
    }

    enum Tier { GOLD }

    private static final CsvMapping<Client> MAPPING = CsvMapping.<Client>builder()
            .column("Client_Id__c", Client::id)
            .column("LastName", Client::lastName, NullValue.SET_NULL)
            .dateColumn("PersonBirthdate", Client::birth, NullValue.SET_NULL)
            .dateTimeColumn("Last_Seen__c", Client::seen)
            .booleanColumn("PersonHasOptedOutOfEmail", Client::optedOut)
            .decimalColumn("Balance__c", Client::balance)
            .build();

    @Test
    void values_salesforceFormats() {
        Client c = new Client("C-1", "Lovelace", LocalDate.of(1985, 12, 10),
                Instant.parse("2024-05-01T08:30:00Z"), true, new BigDecimal("1E+7"));
        assertThat(MAPPING.columns()).containsExactly("Client_Id__c", "LastName", "PersonBirthdate",
                "Last_Seen__c", "PersonHasOptedOutOfEmail", "Balance__c");
        assertThat(MAPPING.values(c)).containsExactly("C-1", "Lovelace", "1985-12-10", "2024-05-01T08:30:00.000Z",
                "true", "10000000");
    }

    @Test
    void values_nullHandlingPerColumn() {
        Client c = new Client(null, null, null, null, null, null);
        assertThat(MAPPING.values(c)).containsExactly("", "#N/A", "#N/A", "", "", "");
        CsvMapping<Client> allNull = CsvMapping.<Client>builder().column("LastName", Client::lastName)
                .defaultNullValue(NullValue.SET_NULL).column("Id", Client::id, NullValue.LEAVE_UNCHANGED).build();
        assertThat(allNull.values(c)).containsExactly("#N/A", "");
    }

    @Test
    void column_genericValueFormatting() {
        CsvMapping<Object> m = CsvMapping.builder().column("v", o -> o).build();
        assertThat(m.values(1.5d)).containsExactly("1.5");
        assertThat(m.values(1e20)).containsExactly("100000000000000000000");
        assertThat(m.values(12345678901L)).containsExactly("12345678901");
        assertThat(m.values(false)).containsExactly("false");
        assertThat(m.values(LocalDate.of(2020, 2, 29))).containsExactly("2020-02-29");
        assertThat(m.values(OffsetDateTime.of(2024, 1, 1, 10, 0, 0, 123_000_000, ZoneOffset.ofHours(2))))
                .containsExactly("2024-01-01T08:00:00.123Z");
        assertThat(m.values(new java.util.Date(0))).containsExactly("1970-01-01T00:00:00.000Z");
        assertThat(m.values(Tier.GOLD)).containsExactly("GOLD");
        assertThat(m.values(Optional.empty())).containsExactly("");
        assertThat(m.values(Optional.of("x"))).containsExactly("x");
        assertThatThrownBy(() -> m.values(LocalDateTime.of(2024, 1, 1, 0, 0))).isInstanceOf(CsvException.class)
                .hasMessageContaining("Column 'v'").hasMessageContaining("no time zone");
        assertThatThrownBy(() -> m.values(Double.NaN)).isInstanceOf(CsvException.class)
                .hasMessageContaining("NaN");
    }

    @Test
    void build_rejectsBadColumns() {
        assertThatThrownBy(() -> CsvMapping.builder().build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CsvMapping.builder().column(" ", o -> o).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> CsvMapping.builder().column("Name", o -> o).column("NAME", o -> o).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("declared twice");
    }

    @Test
    void value_functionFailure_namesTheColumn() {
        CsvMapping<String> m = CsvMapping.<String>builder().column("Len", s -> s.length()).build();
        assertThatThrownBy(() -> m.values(null)).isInstanceOf(CsvException.class)
                .hasMessageContaining("Column 'Len'");
    }

    @Test
    void forMaps_missingKeysLeaveUnchangedOrSetNull() {
        Map<String, Object> row = new HashMap<>();
        row.put("Id", "001");
        row.put("Amount", new BigDecimal("12.50"));
        assertThat(CsvMapping.forMaps(List.of("Id", "Amount", "Name")).values(row))
                .containsExactly("001", "12.50", "");
        assertThat(CsvMapping.forMaps(List.of("Id", "Name"), NullValue.SET_NULL).values(row))
                .containsExactly("001", "#N/A");
    }

    @Test
    void rowWriter_quotesOnlyWhatNeedsItInTheDialect() {
        CsvMapping<List<String>> m = CsvMapping.<List<String>>builder().column("a", l -> l.get(0))
                .column("b", l -> l.get(1)).build();
        CsvDialect dialect = CsvDialect.of(ColumnDelimiter.SEMICOLON, LineEnding.CRLF);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = CsvRowWriter.writeAll(Stream.of(Arrays.asList("x,y", "p;q"), Arrays.asList("say \"hi\"", "l1\nl2"),
                Arrays.asList("", "é😀")).iterator(), m, dialect, out);
        assertThat(n).isEqualTo(3);
        String text = utf8(out.toByteArray());
        assertThat(text).isEqualTo("a;b\r\nx,y;\"p;q\"\r\n\"say \"\"hi\"\"\";\"l1\nl2\"\r\n;é😀\r\n");
        assertThat(parse(text, dialect)).containsExactly(List.of("a", "b"), List.of("x,y", "p;q"),
                List.of("say \"hi\"", "l1\nl2"), List.of("", "é😀"));
    }


    @Test
    void rowWriter_valueFoundToNeedQuotesLate_isWrittenWholeAndQuoted() {
        // each value is encoded as it is scanned; one whose quote, delimiter or line break comes after multi-byte
        // characters (or after the buffer's first size) is written again from its start, quoted
        CsvMapping<List<String>> m = CsvMapping.<List<String>>builder().column("a", l -> l.get(0))
                .column("b", l -> l.get(1)).build();
        String long1 = "é".repeat(700) + ",";
        String lone = "a\uD800b";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvRowWriter.writeAll(Stream.of(Arrays.asList("Zürich 😀, \"Altstadt\"", "ok"), Arrays.asList(long1, lone),
                Arrays.asList("😀\r", "\uDC00\"")).iterator(), m, CsvDialect.defaults(), out);
        String text = utf8(out.toByteArray());
        assertThat(text).isEqualTo("a,b\n\"Zürich 😀, \"\"Altstadt\"\"\",ok\n\"" + long1 + "\",a?b\n"
                + "\"😀\r\",\"?\"\"\"\n");
        assertThat(parse(text, CsvDialect.defaults())).containsExactly(List.of("a", "b"),
                List.of("Zürich 😀, \"Altstadt\"", "ok"), List.of(long1, "a?b"), List.of("😀\r", "?\""));
    }
    @Test
    void rowWriter_headerOnlyWhenNoRows_andClosedWriterRefusesRows() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvRowWriter<Client> w = CsvRowWriter.create(out, MAPPING, CsvDialect.defaults());
        w.close();
        w.close();
        assertThat(utf8(out.toByteArray())).isEqualTo("Client_Id__c,LastName,PersonBirthdate,Last_Seen__c,"
                + "PersonHasOptedOutOfEmail,Balance__c\n");
        assertThatThrownBy(() -> w.write(null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rowWriter_singleEmptyColumn_isQuotedSoTheLineIsNotBlank() {
        CsvMapping<String> m = CsvMapping.<String>builder().column("Id", s -> s).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvRowWriter<String> w = CsvRowWriter.create(out, m, CsvDialect.defaults())) {
            w.writeAll(Arrays.asList("1", null, "2"));
            assertThat(w.recordCount()).isEqualTo(3);
        }
        assertThat(utf8(out.toByteArray())).isEqualTo("Id\n1\n\"\"\n2\n");
    }

    @Test
    void dialect_valueSemantics() {
        CsvDialect d = CsvDialect.of(ColumnDelimiter.TAB, LineEnding.CRLF);
        assertThat(d.delimiter()).isEqualTo(ColumnDelimiter.TAB);
        assertThat(d.lineEnding()).isEqualTo(LineEnding.CRLF);
        assertThat(d).isEqualTo(CsvDialect.builder().delimiter(ColumnDelimiter.TAB).lineEnding(LineEnding.CRLF)
                .build()).hasSameHashCodeAs(d.toBuilder().build()).isNotEqualTo(CsvDialect.defaults());
        assertThat(CsvDialect.of(ColumnDelimiter.COMMA, LineEnding.LF)).isSameAs(CsvDialect.defaults());
        assertThat(d.toString()).isEqualTo("CsvDialect{delimiter=TAB, lineEnding=CRLF}");
        assertThatThrownBy(() -> CsvDialect.of(null, LineEnding.LF)).isInstanceOf(NullPointerException.class);
    }
}
