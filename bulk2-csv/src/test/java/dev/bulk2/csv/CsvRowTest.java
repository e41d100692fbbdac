package dev.bulk2.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvRowTest {

    static final List<String> COLUMNS = List.of("Id", "Name", "PersonBirthdate", "CreatedDate",
            "PersonHasOptedOutOfEmail", "Balance__c", "NumberOfEmployees", "Big__c", "Empty__c");

    static CsvRow row() {
        return CsvRow.of(COLUMNS, List.of("001000000000001AAA", "Acme, \"Inc\"", "1985-12-10",
                "2024-01-03T23:52:01.000+0000", "true", "-1234567.890", "42", "9007199254740993", ""));
    }

    @Test
    void typedAccessors_parseSalesforceResultFormats() {
        CsvRow r = row();
        assertThat(r.value("Id")).isEqualTo("001000000000001AAA");
        assertThat(r.string("Name")).contains("Acme, \"Inc\"");
        assertThat(r.date("PersonBirthdate")).contains(LocalDate.of(1985, 12, 10));
        assertThat(r.dateTime("CreatedDate")).contains(Instant.parse("2024-01-03T23:52:01Z"));
        assertThat(r.offsetDateTime("CreatedDate"))
                .contains(OffsetDateTime.of(2024, 1, 3, 23, 52, 1, 0, ZoneOffset.UTC));
        assertThat(r.bool("PersonHasOptedOutOfEmail")).contains(true);
        assertThat(r.decimal("Balance__c")).contains(new BigDecimal("-1234567.890"));
        assertThat(r.decimal("Balance__c").get().scale()).isEqualTo(3);
        assertThat(r.integer("NumberOfEmployees")).contains(42);
        assertThat(r.longValue("Big__c")).contains(9007199254740993L);
        assertThat(r.longValue("NumberOfEmployees")).contains(42L);
    }

    @ParameterizedTest
    @CsvSource({
        "2024-01-03T23:52:01.000+0000, 2024-01-03T23:52:01Z",
        "2024-01-03T23:52:01.000Z, 2024-01-03T23:52:01Z",
        "2024-01-03T23:52:01Z, 2024-01-03T23:52:01Z",
        "2024-01-04T00:52:01.250+01:00, 2024-01-03T23:52:01.250Z",
        "2024-01-04T00:52:01.250+0100, 2024-01-03T23:52:01.250Z",
        "2024-01-03T18:52:01-0500, 2024-01-03T23:52:01Z",
        "2024-01-03T23:52Z, 2024-01-03T23:52:00Z",
    })
    void dateTime_acceptsSalesforceAndIsoOffsets(String text, String instant) {
        CsvRow r = CsvRow.of(List.of("T"), List.of(text));
        assertThat(r.dateTime("T")).contains(Instant.parse(instant));
    }

    @Test
    void offsetDateTime_keepsTheOffset() {
        CsvRow r = CsvRow.of(List.of("T"), List.of("2024-01-04T00:52:01.000+0100"));
        assertThat(r.offsetDateTime("T").get().getOffset()).isEqualTo(ZoneOffset.ofHours(1));
    }

    @Test
    void emptyValue_isEmptyForEveryTypedAccessorAndBlankText() {
        CsvRow r = row();
        assertThat(r.value("Empty__c")).isEqualTo("");
        assertThat(r.string("Empty__c")).isEmpty();
        assertThat(r.date("Empty__c")).isEmpty();
        assertThat(r.dateTime("Empty__c")).isEmpty();
        assertThat(r.offsetDateTime("Empty__c")).isEmpty();
        assertThat(r.bool("Empty__c")).isEmpty();
        assertThat(r.decimal("Empty__c")).isEmpty();
        assertThat(r.integer("Empty__c")).isEmpty();
        assertThat(r.longValue("Empty__c")).isEmpty();
    }

    @Test
    void nullValues_areReadAsEmpty() {
        CsvRow r = CsvRow.of(List.of("A", "B"), Arrays.asList("x", null));
        assertThat(r.value("B")).isEqualTo("");
        assertThat(r.string("B")).isEmpty();
        assertThat(r.values()).containsExactly("x", "");
    }

    @Test
    void naMarker_isText_notNull() {
        CsvRow r = CsvRow.of(List.of("D"), List.of("#N/A"));
        assertThat(r.string("D")).contains("#N/A");
        assertThatThrownBy(() -> r.date("D")).isInstanceOf(CsvValueException.class);
    }

    @Test
    void bool_ignoresCase() {
        CsvRow r = CsvRow.of(List.of("A", "B"), List.of("TRUE", "False"));
        assertThat(r.bool("A")).contains(true);
        assertThat(r.bool("B")).contains(false);
    }

    @Test
    void wholeNumbers_acceptAZeroFraction_rejectOthersAndOverflow() {
        CsvRow r = CsvRow.of(List.of("A", "B", "C", "D", "E"), List.of("42.0", "42.5", "2147483648", "1E+3", "N/A"));
        assertThat(r.integer("A")).contains(42);
        assertThat(r.integer("D")).contains(1000);
        assertThat(r.longValue("C")).contains(2147483648L);
        assertThatThrownBy(() -> r.integer("B")).isInstanceOf(CsvValueException.class)
                .hasMessage("Column 'B': cannot read '42.5' as a whole number from -2147483648 to 2147483647.");
        assertThatThrownBy(() -> r.integer("C")).isInstanceOf(CsvValueException.class)
                .hasMessageContaining("'2147483648'");
        assertThatThrownBy(() -> r.integer("E")).isInstanceOf(CsvValueException.class)
                .hasMessage("Column 'E': cannot read 'N/A' as a whole number from -2147483648 to 2147483647.")
                .hasCauseInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> r.longValue("E")).isInstanceOf(CsvValueException.class)
                .hasMessageContaining("'N/A' as a whole number from -9223372036854775808");
        assertThatThrownBy(() -> r.longValue("B")).isInstanceOf(CsvValueException.class)
                .hasMessageContaining("whole number from -9223372036854775808");
    }

    @Test
    void badValues_throwCsvValueExceptionNamingColumnValueAndFormat() {
        CsvRow r = CsvRow.of(List.of("Birth", "Seen", "Flag", "Amount"),
                List.of("10/12/1985", "2024-01-03T23:52:01", "yes", "1,234.50"));
        assertThatThrownBy(() -> r.date("Birth")).isInstanceOfSatisfying(CsvValueException.class, e -> {
            assertThat(e.column()).isEqualTo("Birth");
            assertThat(e.value()).isEqualTo("10/12/1985");
            assertThat(e.expected()).contains("yyyy-MM-dd");
            assertThat(e.getMessage()).isEqualTo("Column 'Birth': cannot read '10/12/1985' as a date, yyyy-MM-dd"
                    + " (for example 2024-01-03).");
        });
        assertThatThrownBy(() -> r.dateTime("Seen")).isInstanceOf(CsvValueException.class)
                .hasMessageStartingWith("Column 'Seen': cannot read '2024-01-03T23:52:01' as a dateTime, ISO-8601"
                        + " with an offset");
        assertThatThrownBy(() -> r.bool("Flag")).isInstanceOf(CsvValueException.class)
                .hasMessage("Column 'Flag': cannot read 'yes' as a boolean, true or false.");
        assertThatThrownBy(() -> r.decimal("Amount")).isInstanceOf(CsvValueException.class)
                .isInstanceOf(CsvException.class)
                .hasMessageContaining("Column 'Amount': cannot read '1,234.50' as a number")
                .hasCauseInstanceOf(NumberFormatException.class);
    }

    @Test
    void invalidCalendarDate_isRejected() {
        CsvRow r = CsvRow.of(List.of("D", "E"), List.of("2023-02-29", "2024-02-29"));
        assertThatThrownBy(() -> r.date("D")).isInstanceOf(CsvValueException.class).hasMessageContaining("2023-02-29");
        assertThat(r.date("E")).contains(LocalDate.of(2024, 2, 29));
    }

    @Test
    void longValue_isShortenedInTheMessage() {
        String big = "x".repeat(500);
        CsvRow r = CsvRow.of(List.of("D"), List.of(big));
        assertThatThrownBy(() -> r.date("D")).isInstanceOfSatisfying(CsvValueException.class, e -> {
            assertThat(e.value()).isEqualTo(big);
            assertThat(e.getMessage()).contains("x".repeat(100) + "... (500 characters)").hasSizeLessThan(250);
        });
    }

    @Test
    void lookup_exactFirstThenIgnoringCase() {
        CsvRow r = CsvRow.of(List.of("Name", "NAME", "Account.Name"), List.of("exact", "upper", "parent"));
        assertThat(r.value("Name")).isEqualTo("exact");
        assertThat(r.value("NAME")).isEqualTo("upper");
        assertThat(r.value("name")).isEqualTo("exact");
        assertThat(r.value("account.name")).isEqualTo("parent");
        assertThat(r.has("ACCOUNT.NAME")).isTrue();
        assertThat(r.has("Phone")).isFalse();
    }

    @Test
    void unknownColumn_isIllegalArgumentListingTheColumns() {
        CsvRow r = CsvRow.of(List.of("Id", "Name"), List.of("1", "a"));
        for (Function<String, ?> accessor : List.<Function<String, ?>>of(r::value, r::string, r::date,
                r::dateTime, r::offsetDateTime, r::bool, r::decimal, r::integer, r::longValue)) {
            assertThatThrownBy(() -> accessor.apply("Phone")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Column 'Phone' is not in this row; its columns are [Id, Name].");
        }
    }

    @Test
    void orderSizeMapAndEquality() {
        CsvRow r = row();
        assertThat(r.columns()).isEqualTo(COLUMNS);
        assertThat(r.size()).isEqualTo(COLUMNS.size());
        assertThat(r.values()).hasSize(COLUMNS.size()).startsWith("001000000000001AAA");
        assertThat(r.asMap().keySet()).containsExactlyElementsOf(COLUMNS);
        assertThat(r).isEqualTo(row()).hasSameHashCodeAs(row());
        assertThat(r).isNotEqualTo(CsvRow.of(COLUMNS, List.of("x", "", "", "", "", "", "", "", "")));
        assertThat(CsvRow.of(List.of("A", "B"), List.of("1", "")).toString()).isEqualTo("{A=1, B=}");
        assertThatThrownBy(() -> r.columns().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.values().set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.asMap().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void of_copiesItsInputs() {
        List<String> cols = new java.util.ArrayList<>(List.of("A"));
        List<String> vals = new java.util.ArrayList<>(List.of("1"));
        CsvRow r = CsvRow.of(cols, vals);
        cols.set(0, "B");
        vals.set(0, "2");
        assertThat(r.value("A")).isEqualTo("1");
    }

    @Test
    void ofMap_keepsIterationOrder() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Z", "1");
        m.put("A", null);
        CsvRow r = CsvRow.of(m);
        assertThat(r.columns()).containsExactly("Z", "A");
        assertThat(r.value("a")).isEqualTo("");
    }

    @Test
    void factory_sharesTheHeaderAndChecksTheSize() {
        Function<List<String>, CsvRow> f = CsvRow.factory(List.of("Id", "Amount"));
        CsvRow a = f.apply(List.of("1", "2.5"));
        CsvRow b = f.apply(List.of("2", ""));
        assertThat(a.decimal("amount")).contains(new BigDecimal("2.5"));
        assertThat(b.decimal("Amount")).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> f.apply(List.of("1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A row has 1 values but the header has 2 columns [Id, Amount]");
        assertThatThrownBy(() -> CsvRow.of(Arrays.asList("A", null), List.of("1", "2")))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void rowMapper_isTheReadSideOfAMapping() {
        record Client(String id, LocalDate birth, boolean optedOut, BigDecimal balance) {
        }
        CsvMapping<Client> write = CsvMapping.<Client>builder()
                .column("Id", Client::id)
                .dateColumn("PersonBirthdate", Client::birth)
                .booleanColumn("PersonHasOptedOutOfEmail", Client::optedOut)
                .decimalColumn("Balance__c", Client::balance)
                .build();
        CsvRowMapper<Client> read = row -> new Client(row.value("Id"), row.date("PersonBirthdate").orElse(null),
                row.bool("PersonHasOptedOutOfEmail").orElse(false), row.decimal("Balance__c").orElse(null));
        Client c = new Client("C-1", LocalDate.of(1985, 12, 10), true, new BigDecimal("10.50"));
        assertThat(read.map(CsvRow.of(write.columns(), write.values(c)))).isEqualTo(c);
    }
}
