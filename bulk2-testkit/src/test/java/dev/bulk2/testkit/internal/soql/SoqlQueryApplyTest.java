package dev.bulk2.testkit.internal.soql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SoqlQueryApplyTest {

    /** Rows keyed by canonical names; a missing key and "" are both null. */
    private static final List<Map<String, String>> ROWS = List.of(
            row("Id", "001000000000001AAA", "Name", "Acme", "Industry", "Energy", "AnnualRevenue", "1000",
                    "IsActive__c", "true", "CreatedDate", "2024-01-03T23:52:01.000+0000", "Birthdate", "1990-05-01"),
            row("Id", "001000000000002AAA", "Name", "acme labs", "Industry", "", "AnnualRevenue", "250.50",
                    "IsActive__c", "false", "CreatedDate", "2024-02-01T00:00:00.000Z", "Birthdate", "1985-12-31"),
            row("Id", "001000000000003AAA", "Name", "Globex", "Industry", "Media", "AnnualRevenue", "99",
                    "IsActive__c", "1", "CreatedDate", "2023-12-31T23:59:59.000+0000"),
            row("Id", "001000000000004AAA", "Name", "Initech_50%", "AnnualRevenue", "-5",
                    "IsActive__c", "0"),
            row("Id", "001000000000005AAA", "Name", "Umbrella", "Industry", "energy", "AnnualRevenue", "abc"));

    private static Map<String, String> row(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<String> names(String soql) {
        return SoqlQuery.parse(soql).apply(ROWS.stream()).map(r -> r.get("Name")).collect(Collectors.toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // equality is case-insensitive for text
        "Name = 'ACME'|Acme",
        "Name = 'Nobody'|",
        // null semantics: missing and empty are null
        "Industry = null|acme labs,Initech_50%",
        "Industry != null|Acme,Globex,Umbrella",
        "Industry <> null|Acme,Globex,Umbrella",
        // SOQL is two-valued: != and NOT IN include nulls
        "Industry != 'Energy'|acme labs,Globex,Initech_50%",
        "Industry NOT IN ('Energy', 'Media')|acme labs,Initech_50%",
        "Industry IN ('ENERGY', 'media')|Acme,Globex,Umbrella",
        "Industry IN ('Media', null)|acme labs,Globex,Initech_50%",
        "Industry NOT IN (null)|Acme,Globex,Umbrella",
        // ordering comparisons with null are false
        "Industry > 'A'|Acme,Globex,Umbrella",
        "Industry < 'F'|Acme,Umbrella",
        "Industry < null|",
        // numbers compare numerically; non-numbers never satisfy < >
        "AnnualRevenue > 100|Acme,acme labs",
        "AnnualRevenue >= 99|Acme,acme labs,Globex",
        "AnnualRevenue < 0|Initech_50%",
        "AnnualRevenue <= -5|Initech_50%",
        "AnnualRevenue = 250.5|acme labs",
        "AnnualRevenue != 1000|acme labs,Globex,Initech_50%,Umbrella",
        "AnnualRevenue IN (99, 1000)|Acme,Globex",
        // booleans (1/0 accepted in the store)
        "IsActive__c = true|Acme,Globex",
        "IsActive__c = false|acme labs,Initech_50%",
        "IsActive__c != true|acme labs,Initech_50%,Umbrella",
        // dates and date-times
        "Birthdate < 1990-01-01|acme labs",
        "Birthdate >= 1990-05-01|Acme",
        "CreatedDate >= 2024-01-01T00:00:00Z|Acme,acme labs",
        "CreatedDate < 2024-01-01T00:00:00Z|Globex",
        "CreatedDate = 2024-02-01T00:00:00Z|acme labs",
        "CreatedDate = 2024-02-01T01:00:00+01:00|acme labs",
        "CreatedDate > 2024-01-03T23:52:00.500Z|Acme,acme labs",
        "CreatedDate > 2024-01-01|Acme,acme labs",
        // text ordering is case-insensitive
        "Name > 'b'|Globex,Initech_50%,Umbrella",
        "Name >= 'ACME LABS'|acme labs,Globex,Initech_50%,Umbrella",
        // LIKE: % any run, _ one char, case-insensitive, escapes literal
        "Name LIKE 'acme%'|Acme,acme labs",
        "Name LIKE '%LAB%'|acme labs",
        "Name LIKE 'Glob_x'|Globex",
        "Name LIKE 'Glob_'|",
        "Name LIKE 'Initech\\_50\\%'|Initech_50%",
        "Name LIKE 'Initech\\_%'|Initech_50%",
        "Name LIKE 'Acme'|Acme",
        "Name LIKE 'a.me'|",
        "Industry LIKE '%'|Acme,Globex,Umbrella",
        // NOT, AND, OR, parentheses
        "NOT Name LIKE 'acme%'|Globex,Initech_50%,Umbrella",
        "Name LIKE 'acme%' AND AnnualRevenue > 500|Acme",
        "Name = 'Globex' OR Name = 'Umbrella' OR AnnualRevenue < 0|Globex,Initech_50%,Umbrella",
        "(Name = 'Globex' OR Name = 'Umbrella') AND Industry = 'Media'|Globex",
        "Name = 'Globex' OR (Name = 'Umbrella' AND Industry = 'Media')|Globex",
        "NOT (Industry = 'Energy' OR Industry = null)|Globex",
        // ids: 15-character form matches the 18-character id
        "Id = '001000000000003'|Globex",
        "Id IN ('001000000000001', '001000000000005AAA')|Acme,Umbrella",
        // field names are matched case-insensitively before resolve
        "name = 'globex'|Globex",
        // a missing field is null everywhere
        "Nope__c = null|Acme,acme labs,Globex,Initech_50%,Umbrella",
    })
    void apply_where_filtersLikeSoql(String where, String expected) {
        List<String> want = expected == null ? List.of() : List.of(expected.split(","));

        assertThat(names("SELECT Name FROM Account WHERE " + where)).containsExactlyElementsOf(want);
    }

    @Test
    void apply_noClauses_returnsAllRowsInInputOrder_unprojected() {
        List<Map<String, String>> out = SoqlQuery.parse("SELECT Name FROM Account").apply(ROWS.stream())
                .collect(Collectors.toList());

        assertThat(out).containsExactlyElementsOf(ROWS);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Name|Acme,acme labs,Globex,Initech_50%,Umbrella",
        "Name DESC|Umbrella,Initech_50%,Globex,acme labs,Acme",
        // Energy and energy are equal (case-insensitive), so Name decides between them
        "Industry, Name|acme labs,Initech_50%,Acme,Umbrella,Globex",
        "Industry, Name DESC|Initech_50%,acme labs,Umbrella,Acme,Globex",
        "Industry NULLS LAST, Name DESC|Umbrella,Acme,Globex,Initech_50%,acme labs",
        // nulls stay first with DESC unless NULLS LAST
        "Industry DESC, Name|acme labs,Initech_50%,Globex,Acme,Umbrella",
        "Industry DESC NULLS LAST, Name|Globex,Acme,Umbrella,acme labs,Initech_50%",
        "AnnualRevenue|Initech_50%,Globex,acme labs,Acme,Umbrella",
        "AnnualRevenue DESC|Umbrella,Acme,acme labs,Globex,Initech_50%",
        "CreatedDate DESC NULLS LAST, Name|acme labs,Acme,Globex,Initech_50%,Umbrella",
    })
    void apply_orderBy_sortsTypeAwareCaseInsensitiveNullsFirstByDefault(String orderBy, String expected) {
        assertThat(names("SELECT Name FROM Account ORDER BY " + orderBy)).containsExactly(expected.split(","));
    }

    @Test
    void apply_limit_truncatesAfterWhereAndOrder() {
        assertThat(names("SELECT Name FROM Account WHERE AnnualRevenue > 0 ORDER BY AnnualRevenue DESC LIMIT 2"))
                .containsExactly("Acme", "acme labs");
        assertThat(names("SELECT Name FROM Account LIMIT 0")).isEmpty();
        assertThat(names("SELECT Name FROM Account LIMIT 100")).hasSize(5);
    }

    @Test
    void apply_withoutOrderBy_isLazy_andStopsAtLimit() {
        List<Integer> seen = new ArrayList<>();
        Stream<Map<String, String>> infinite = Stream.iterate(0, i -> i + 1).peek(seen::add)
                .map(i -> Map.of("Name", "n" + i, "Score", Integer.toString(i)));

        List<Map<String, String>> out = SoqlQuery.parse("SELECT Name FROM Thing__c WHERE Score > 10 LIMIT 3")
                .apply(infinite).collect(Collectors.toList());

        assertThat(out).extracting(r -> r.get("Name")).containsExactly("n11", "n12", "n13");
        assertThat(seen).hasSize(14);
    }

    @Test
    void apply_orderByWithLimit_equalsFullSortThenLimit_includingTiesAndNulls() {
        java.util.Random random = new java.util.Random(7);
        List<Map<String, String>> rows = IntStream.range(0, 2000).mapToObj(i -> {
            Map<String, String> m = new HashMap<>();
            m.put("Seq", Integer.toString(i));
            if (random.nextInt(5) > 0) {
                m.put("K", Integer.toString(random.nextInt(40)));
            }
            m.put("T", random.nextBoolean() ? "a" + random.nextInt(10) : "A" + random.nextInt(10));
            return m;
        }).collect(Collectors.toList());
        for (String order : List.of("K", "K DESC", "K NULLS LAST, T DESC", "T, K DESC NULLS LAST")) {
            List<Map<String, String>> full = SoqlQuery.parse("SELECT Seq FROM X ORDER BY " + order)
                    .apply(rows.stream()).collect(Collectors.toList());
            for (int limit : new int[] {0, 1, 7, 500, 1999, 2000, 5000}) {
                List<Map<String, String>> top = SoqlQuery.parse("SELECT Seq FROM X ORDER BY " + order + " LIMIT " + limit)
                        .apply(rows.stream()).collect(Collectors.toList());
                assertThat(top).as("ORDER BY %s LIMIT %d", order, limit)
                        .containsExactlyElementsOf(full.subList(0, Math.min(limit, full.size())));
            }
        }
    }

    @Test
    void apply_orderByWithLimit_readsNothingBeforeTheTerminalOperation() {
        List<Integer> seen = new ArrayList<>();
        Stream<Map<String, String>> source = IntStream.range(0, 10).boxed().peek(seen::add)
                .map(i -> Map.of("K", Integer.toString(9 - i)));

        Stream<Map<String, String>> result = SoqlQuery.parse("SELECT K FROM X ORDER BY K LIMIT 2").apply(source);

        assertThat(seen).isEmpty();
        assertThat(result.map(r -> r.get("K")).collect(Collectors.toList())).containsExactly("0", "1");
        assertThat(seen).hasSize(10);
    }

    @Test
    void apply_orderBy_isStableForEqualKeys() {
        List<Map<String, String>> rows = IntStream.range(0, 50)
                .mapToObj(i -> Map.of("K", Integer.toString(i % 3), "Seq", Integer.toString(i)))
                .collect(Collectors.toList());

        List<Map<String, String>> out = SoqlQuery.parse("SELECT Seq FROM X ORDER BY K").apply(rows.stream())
                .collect(Collectors.toList());

        assertThat(out).hasSize(50);
        for (int i = 1; i < out.size(); i++) {
            Map<String, String> prev = out.get(i - 1);
            Map<String, String> cur = out.get(i);
            if (prev.get("K").equals(cur.get("K"))) {
                assertThat(Integer.parseInt(cur.get("Seq"))).isGreaterThan(Integer.parseInt(prev.get("Seq")));
            }
        }
    }

    @Test
    void apply_orderBy_mixedNumbersAndText_isATotalOrder_numbersFirst() {
        List<Map<String, String>> rows = Stream.of("10", "9", "1a", "b", "2", "A")
                .map(v -> Map.of("V", v)).collect(Collectors.toList());

        List<String> out = SoqlQuery.parse("SELECT V FROM X ORDER BY V").apply(rows.stream())
                .map(r -> r.get("V")).collect(Collectors.toList());

        assertThat(out).containsExactly("2", "9", "10", "1a", "A", "b");
    }

    @Test
    void apply_likeWithRegexMetacharacters_treatsThemLiterally() {
        Map<String, String> r1 = Map.of("Name", "a+b (c) [d] $1 ^x|y");
        Map<String, String> r2 = Map.of("Name", "aab (c) [d] $1 ^x|y");

        List<Map<String, String>> out = SoqlQuery.parse("SELECT Name FROM X WHERE Name LIKE 'a+b (c) [d] $1 ^x|%'")
                .apply(Stream.of(r1, r2)).collect(Collectors.toList());

        assertThat(out).containsExactly(r1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        // stored in other shapes than the emulator's UTC formats: compared as instants
        "2024-01-01T05:00:00.000+0500|= 2024-01-01T00:00:00Z|true",
        "2024-01-01T05:00:00+05:00|= 2024-01-01T00:00:00Z|true",
        "2024-01-01T00:00:00|= 2024-01-01T00:00:00Z|true",
        "2024-01-01T00:00:00.000+0000|< 2024-01-01T00:00:00.001Z|true",
        "2024-01-01T00:00:00.000Z|> 2023-12-31T19:00:00-05:00|false",
        "2024-01-01T00:00:00.000Z|>= 2023-12-31T19:00:00-05:00|true",
        "2024-01-01|= 2024-01-01T00:00:00Z|true",
        "2024-01-01T23:59:59.000+0000|= 2024-01-01|true",
        "not a date|< 2024-01-01T00:00:00Z|false",
        "not a date|< 2024-01-01|false",
        "not a date|!= 2024-01-01|true",
    })
    void apply_dateTimeComparisons_acrossStoredShapes(String stored, String condition, boolean expected) {
        Map<String, String> r = Map.of("D", stored);

        assertThat(SoqlQuery.parse("SELECT D FROM X WHERE D " + condition).apply(Stream.of(r)).count())
                .isEqualTo(expected ? 1 : 0);
    }

    @Test
    void apply_numberLiteralAgainstTextValue_comparesTextForEquality() {
        Map<String, String> r = Map.of("Code", "A1");

        assertThat(SoqlQuery.parse("SELECT Code FROM X WHERE Code != 5").apply(Stream.of(r))).containsExactly(r);
        assertThat(SoqlQuery.parse("SELECT Code FROM X WHERE Code > 5").apply(Stream.of(r))).isEmpty();
    }
}
