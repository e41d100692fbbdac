package dev.bulk2.core.query;

import static dev.bulk2.core.query.QueryTestSupport.FAST_POLL;
import static dev.bulk2.core.query.QueryTestSupport.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.TestSupport;
import dev.bulk2.csv.CsvRow;
import dev.bulk2.csv.CsvRowMapper;
import dev.bulk2.csv.CsvValueException;
import dev.bulk2.core.exception.BulkDataException;
import dev.bulk2.testkit.Bulk2Emulator;
import dev.bulk2.testkit.Bulk2EmulatorExtension;
import dev.bulk2.testkit.FieldSchema;
import dev.bulk2.testkit.FieldType;
import dev.bulk2.testkit.ObjectSchema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Query#stream(CsvRowMapper)} and its async twin against the in-process emulator. */
class QueryTypedRowsTest {
    static final int ROWS = 2_500;
    static final String SOQL = "SELECT Id, Name, Invoice_Date__c, Paid__c, Amount__c, Due_At__c, Code__c"
            + " FROM Invoice__c";

    @RegisterExtension
    static final Bulk2EmulatorExtension SF = Bulk2EmulatorExtension.of(Bulk2Emulator.builder()
            .schema(ObjectSchema.builder("Invoice__c", "a01")
                    .field(FieldSchema.string("Name", 80))
                    .field(FieldSchema.of("Invoice_Date__c", FieldType.DATE))
                    .field(FieldSchema.of("Paid__c", FieldType.BOOLEAN))
                    .field(FieldSchema.of("Amount__c", FieldType.DOUBLE))
                    .field(FieldSchema.of("Due_At__c", FieldType.DATETIME))
                    .field(FieldSchema.string("Code__c", 20))
                    .build()));

    /** A small row type with a date, a boolean, a number and a date-time. */
    static final class Invoice {
        final String id;
        final String name;
        final LocalDate date;
        final boolean paid;
        final BigDecimal amount;
        final Instant dueAt;

        Invoice(String id, String name, LocalDate date, boolean paid, BigDecimal amount, Instant dueAt) {
            this.id = id;
            this.name = name;
            this.date = date;
            this.paid = paid;
            this.amount = amount;
            this.dueAt = dueAt;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Invoice)) {
                return false;
            }
            Invoice i = (Invoice) o;
            return id.equals(i.id) && name.equals(i.name) && java.util.Objects.equals(date, i.date)
                    && paid == i.paid && java.util.Objects.equals(amount, i.amount)
                    && java.util.Objects.equals(dueAt, i.dueAt);
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }

        @Override
        public String toString() {
            return id + "/" + name + "/" + date + "/" + paid + "/" + amount + "/" + dueAt;
        }
    }

    /** Column names in other case than the SELECT list: looked up ignoring case. */
    static final CsvRowMapper<Invoice> MAPPER = r -> new Invoice(r.value("Id"), r.value("name"),
            r.date("Invoice_Date__c").orElse(null), r.bool("PAID__C").orElse(false),
            r.decimal("Amount__c").orElse(null), r.dateTime("Due_At__c").orElse(null));

    static List<Invoice> expected;

    BulkClient client;

    @BeforeAll
    static void seed() {
        List<Map<String, String>> rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            Map<String, String> r = new LinkedHashMap<>();
            r.put("Name", "INV-" + i);
            if (i % 4 != 0) {
                r.put("Invoice_Date__c", LocalDate.of(2024, 1, 1).plusDays(i).toString());
                r.put("Amount__c", i + "." + (i % 100));
                r.put("Due_At__c", i % 2 == 0 ? "2024-01-03T23:52:01.000+0000" : "2024-01-04T00:52:01.500+01:00");
            }
            if (i % 3 != 0) {
                r.put("Paid__c", i % 2 == 0 ? "true" : "false");
            }
            r.put("Code__c", i == ROWS - 1 ? "N/A" : String.valueOf(i));
            rows.add(r);
        }
        List<String> ids = SF.emulator().insertRecords("Invoice__c", rows);
        expected = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            boolean dated = i % 4 != 0;
            expected.add(new Invoice(ids.get(i), "INV-" + i,
                    dated ? LocalDate.of(2024, 1, 1).plusDays(i) : null,
                    i % 3 != 0 && i % 2 == 0,
                    dated ? new BigDecimal(i + "." + (i % 100)) : null,
                    !dated ? null : i % 2 == 0 ? Instant.parse("2024-01-03T23:52:01Z")
                            : Instant.parse("2024-01-03T23:52:01.500Z")));
        }
    }

    @BeforeEach
    void client() {
        client = QueryTestSupport.clientFor(SF.emulator()).build();
    }

    @AfterEach
    void close() {
        assertThat(TestSupport.openBodies(client)).as("response bodies left open").isZero();
        client.close();
    }

    private Query query() {
        return client.query(SOQL).pollingPolicy(FAST_POLL).maxRecordsPerPage(1_000);
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void streamRows_mapsEveryRowOverSeveralPages(boolean async) {
        Query q = query();
        try (QueryRows<Invoice> rows = async ? join(q.streamAsync(MAPPER)) : q.stream(MAPPER)) {
            assertThat(rows.stream().collect(Collectors.toList())).containsExactlyElementsOf(expected);
            assertThat(rows.result().rows()).isEqualTo(ROWS);
            assertThat(rows.result().pages()).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void streamRows_rowsKeepSelectOrderAndMatchTheMapRows(boolean async) {
        List<CsvRow> typed;
        Query q = query();
        try (QueryRows<CsvRow> rows = async ? join(q.streamAsync(r -> r)) : q.stream(r -> r)) {
            typed = rows.stream().collect(Collectors.toList());
        }
        List<Map<String, String>> maps;
        try (QueryRows<Map<String, String>> rows = query().stream()) {
            maps = rows.stream().collect(Collectors.toList());
        }
        assertThat(typed).hasSize(ROWS);
        assertThat(typed.get(0).columns()).containsExactly("Id", "Name", "Invoice_Date__c", "Paid__c",
                "Amount__c", "Due_At__c", "Code__c");
        assertThat(typed.stream().map(CsvRow::asMap).collect(Collectors.toList())).isEqualTo(maps);
        assertThat(typed.get(0).value("Invoice_Date__c")).isEmpty();
        assertThat(typed.get(0).date("Invoice_Date__c")).isEmpty();
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void streamRows_badValueSurfacesFromTheIterationNamingColumnAndValue(boolean async) {
        Query q = query();
        List<Integer> codes = new ArrayList<>();
        try (QueryRows<Integer> rows = async ? join(q.streamAsync(r -> r.integer("Code__c").orElse(-1)))
                : q.stream(r -> r.integer("Code__c").orElse(-1))) {
            assertThatThrownBy(() -> rows.forEach(codes::add)).isInstanceOfSatisfying(BulkDataException.class,
                    b -> {
                        assertThat(b.getMessage()).startsWith("Query result row " + ROWS + ": Column 'Code__c'");
                        assertThat(b.getCause()).isInstanceOf(CsvValueException.class);
                        CsvValueException e = (CsvValueException) b.getCause();
                        assertThat(e.column()).isEqualTo("Code__c");
                        assertThat(e.value()).isEqualTo("N/A");
                        assertThat(e.getMessage()).startsWith("Column 'Code__c': cannot read 'N/A' as a whole"
                                + " number");
                    });
        }
        assertThat(codes).hasSize(ROWS - 1).endsWith(ROWS - 2);
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void streamRows_unknownColumnListsTheSelectedColumns(boolean async) {
        Query q = client.query("SELECT Id, Name FROM Invoice__c").pollingPolicy(FAST_POLL);
        try (QueryRows<String> rows = async ? join(q.streamAsync(r -> r.value("Amount__c")))
                : q.stream(r -> r.value("Amount__c"))) {
            assertThatThrownBy(() -> rows.iterator().next()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Column 'Amount__c' is not in this row; its columns are [Id, Name].");
        }
    }
}
