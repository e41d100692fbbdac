package dev.bulk2.testkit.internal.soql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SoqlQueryParseTest {

    private static SoqlException error(String soql) {
        try {
            SoqlQuery.parse(soql);
        } catch (SoqlException e) {
            return e;
        }
        throw new AssertionError("expected a SoqlException for: " + soql);
    }

    @Test
    void parse_simpleQuery_exposesObjectFieldsAndNoLimit() {
        SoqlQuery q = SoqlQuery.parse("SELECT Id, Name, PersonEmail FROM Account");

        assertThat(q.objectName()).isEqualTo("Account");
        assertThat(q.selectFields()).containsExactly("Id", "Name", "PersonEmail");
        assertThat(q.limit()).isEmpty();
        assertThat(q.toString()).isEqualTo("SELECT Id, Name, PersonEmail FROM Account");
    }

    @Test
    void parse_keywordsAreCaseInsensitive_andWhitespaceIsFree() {
        SoqlQuery q = SoqlQuery.parse("select id,name\n  from   Account\twhere Name != null order by Name desc nulls last limit 5");

        assertThat(q.objectName()).isEqualTo("Account");
        assertThat(q.selectFields()).containsExactly("id", "name");
        assertThat(q.limit()).hasValue(5);
    }

    @Test
    void parse_customAndRelationshipNames_keptAsWritten() {
        SoqlQuery q = SoqlQuery.parse("SELECT Id, External_ID__c, ns__Score__c, Account.Name FROM Contact");

        assertThat(q.selectFields()).containsExactly("Id", "External_ID__c", "ns__Score__c", "Account.Name");
    }

    @Test
    void parse_selectFields_isUnmodifiable() {
        SoqlQuery q = SoqlQuery.parse("SELECT Id FROM Account");

        assertThatThrownBy(() -> q.selectFields().add("Name")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void parse_objectAlias_isAccepted() {
        SoqlQuery q = SoqlQuery.parse("SELECT a.Name FROM Account a WHERE a.Name = 'x'");

        assertThat(q.objectName()).isEqualTo("Account");
        assertThat(q.selectFields()).containsExactly("a.Name");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT Id FROM Order WHERE Status = 'Draft' ORDER BY OrderNumber|Order",
        "SELECT Id, Name FROM Group|Group",
        "SELECT Id FROM Order ORDER BY Id|Order",
    })
    void parse_standardObjectsNamedLikeKeywords_areObjects(String soql, String object) {
        assertThat(SoqlQuery.parse(soql).objectName()).isEqualTo(object);
    }

    @Test
    void parse_fromFollowedByOrderBy_isStillAnError() {
        SoqlException e = error("SELECT Id FROM ORDER BY Id");

        assertThat(e.getMessage()).endsWith("unexpected token: 'ORDER'");
    }

    @Test
    void parse_missingFrom_reportsUnexpectedEofInSalesforceFormat() {
        SoqlException e = error("SELECT Id");

        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage()).isEqualTo("\nSELECT Id\n         ^\nERROR at Row:1:Column:10\nunexpected token: '<EOF>'");
    }

    @Test
    void parse_misspelledWhere_reportsTheTokenAndItsPosition() {
        SoqlException e = error("SELECT Id FROM Account WHER Name = 'x'");

        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage()).isEqualTo(
                "\nSELECT Id FROM Account WHER Name = 'x'\n                            ^\nERROR at Row:1:Column:29\n"
                        + "unexpected token: 'Name'");
    }

    @Test
    void parse_errorOnSecondLine_reportsRowAndThatLine() {
        SoqlException e = error("SELECT Id\nFROM Account\nWHERE Name = ");

        assertThat(e.getMessage()).isEqualTo("\nWHERE Name = \n             ^\nERROR at Row:3:Column:14\nunexpected token: '<EOF>'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT FROM Account|FROM",
        "SELECT Id, FROM Account|FROM",
        "SELECT Id Name FROM Account|Name",
        "SELECT Id FROM|<EOF>",
        "SELECT Id FROM Account WHERE|<EOF>",
        "SELECT Id FROM Account WHERE Name|<EOF>",
        "SELECT Id FROM Account WHERE Name = |<EOF>",
        "SELECT Id FROM Account WHERE Name == 'x'|=",
        "SELECT Id FROM Account WHERE Name = Acme|Acme",
        "SELECT Id FROM Account WHERE Name LIKE 5|5",
        "SELECT Id FROM Account WHERE Name IN ()|)",
        "SELECT Id FROM Account WHERE Name IN 'a'|'a'",
        "SELECT Id FROM Account WHERE (Name = 'a'|<EOF>",
        "SELECT Id FROM Account WHERE Name NOT LIKE 'a%'|NOT",
        "SELECT Id FROM Account LIMIT|<EOF>",
        "SELECT Id FROM Account LIMIT -1|-1",
        "SELECT Id FROM Account LIMIT 1.5|1.5",
        "SELECT Id FROM Account ORDER BY|<EOF>",
        "SELECT Id FROM Account ORDER Name|Name",
        "SELECT Id FROM Account ORDER BY Name NULLS|<EOF>",
        "SELECT Id FROM Account LIMIT 5 WHERE Name = 'a'|WHERE",
        "SELECT Id FROM Account ORDER BY Name WHERE Name = 'a'|WHERE",
        "SELECT Id FROM Account;|;",
        "UPDATE Account SET Name = 'x'|UPDATE",
        "SELECT Id FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'|OR",
        "SELECT Id FROM Account WHERE Name = 'a' OR Name = 'b' AND Name = 'c'|AND",
    })
    void parse_syntaxError_isMalformedQueryNamingTheToken(String soql, String token) {
        SoqlException e = error(soql);

        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage()).contains("\nERROR at Row:1:Column:").endsWith("\nunexpected token: '" + token + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void parse_emptyQuery_isMalformed(String soql) {
        SoqlException e = error(soql);

        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage()).contains("query is empty");
    }

    @Test
    void parse_nullQuery_isMalformed() {
        assertThat(error(null).errorCode()).isEqualTo("MALFORMED_QUERY");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT COUNT() FROM Account|Aggregate function COUNT()|8",
        "SELECT Name, count(Id) FROM Account|Aggregate function COUNT()|14",
        "SELECT SUM(AnnualRevenue) FROM Account|Aggregate function SUM()|8",
        "SELECT MAX(CreatedDate) FROM Account|Aggregate function MAX()|8",
        "SELECT COUNT_DISTINCT(Name) FROM Account|Aggregate function COUNT_DISTINCT()|8",
        "SELECT FIELDS(ALL) FROM Account LIMIT 200|FIELDS()|8",
        "SELECT Industry FROM Account GROUP BY Industry|GROUP BY|30",
        "SELECT Id FROM Account LIMIT 10 OFFSET 5|OFFSET|33",
        "SELECT TYPEOF What WHEN Account THEN Name END FROM Event|TYPEOF|8",
        "SELECT Id FROM Account ORDER BY COUNT(Id)|Aggregate function COUNT()|33",
        "SELECT Id FROM Account HAVING COUNT(Id) > 1|HAVING (with GROUP BY)|24",
    })
    void parse_featureBulk2DoesNotSupport_isRejectedNamingIt(String soql, String feature, int column) {
        SoqlException e = error(soql);

        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage())
                .contains("ERROR at Row:1:Column:" + column + "\n")
                .contains(feature + " is not supported by Bulk API 2.0 query jobs");
    }

    @Test
    void parse_parentToChildSubquery_isRejectedWithTheBulkV2Wording() {
        SoqlException e = error("SELECT Name, (SELECT LastName FROM Contacts) FROM Account");

        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage())
                .contains("ERROR at Row:1:Column:14\n")
                .contains("Aggregate Relationships not supported in Bulk V2 Query with CSV content type")
                .contains("parent-to-child subqueries are not supported by Bulk API 2.0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT toLabel(Industry) FROM Account|Function toLabel()",
        "SELECT Id FROM Account WHERE CALENDAR_YEAR(CreatedDate) = 2024|Function CALENDAR_YEAR() in WHERE",
        "SELECT Id FROM Account WHERE CreatedDate = TODAY|The relative date literal TODAY",
        "SELECT Id FROM Account WHERE CreatedDate > LAST_N_DAYS:30|The relative date literal LAST_N_DAYS",
        "SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact)|A semi-join subquery (IN (SELECT ...))",
        "SELECT Id FROM Account WHERE Tags__c INCLUDES ('a')|INCLUDES (multi-select picklists)",
        "SELECT Id FROM Account WITH SECURITY_ENFORCED|WITH SECURITY_ENFORCED",
        "SELECT Id FROM Account USING SCOPE Mine|USING SCOPE",
        "SELECT Id FROM Account LIMIT 1 FOR UPDATE|FOR UPDATE",
        "SELECT Id FROM Contact c, c.Account a|A second object in FROM",
    })
    void parse_realSoqlOutsideTheSubset_isRejectedAsEmulatorLimitation(String soql, String feature) {
        SoqlException e = error(soql);

        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage()).contains(feature + " is not supported by the bulk2 emulator's SOQL subset");
    }

    @Test
    void parse_bindVariable_isRejectedLikeSalesforce() {
        SoqlException e = error("SELECT Id FROM Account WHERE Name = :name");

        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage()).endsWith("\nBind variables only allowed in Apex code");
    }

    @Test
    void parse_duplicateSelectedField_isRejected() {
        SoqlException e = error("SELECT Id, Name, name FROM Account");

        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage()).endsWith("\nduplicate field selected: name");
    }

    @Test
    void parse_unterminatedString_isMalformed() {
        SoqlException e = error("SELECT Id FROM Account WHERE Name = 'Acme");

        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage()).contains("ERROR at Row:1:Column:37").contains("Unterminated string literal");
    }

    @Test
    void parse_illegalEscape_isMalformedNamingTheSequence() {
        SoqlException e = error("SELECT Id FROM Account WHERE Name = 'a\\qb'");

        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage()).endsWith("Invalid string literal 'a\\qb'. Illegal character sequence '\\q' in string literal.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT Id FROM Account WHERE CreatedDate > 2024-13-01|invalid date: 2024-13-01",
        "SELECT Id FROM Account WHERE CreatedDate > 2024-01-01T00:00:00|invalid date-time: 2024-01-01T00:00:00",
        "SELECT Id FROM Account WHERE CreatedDate > 2024-01-01T25:00:00Z|invalid date-time: 2024-01-01T25:00:00Z",
    })
    void parse_badDateLiterals_areMalformed(String soql, String detail) {
        SoqlException e = error(soql);

        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage()).contains(detail);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT Id FROM Account WHERE CreatedDate > 2024-01-01T00:00:00Z",
        "SELECT Id FROM Account WHERE CreatedDate > 2024-01-01T00:00:00.000Z",
        "SELECT Id FROM Account WHERE CreatedDate > 2024-01-01T00:00:00+02:00",
        "SELECT Id FROM Account WHERE CreatedDate > 2024-01-01T00:00:00-08:00",
        "SELECT Id FROM Account WHERE PersonBirthdate >= 1990-02-28",
        "SELECT Id FROM Account WHERE AnnualRevenue > -1.5 AND NumberOfEmployees <= +3",
        "SELECT Id FROM Account WHERE IsDeleted = false AND (Name = 'a' OR Name = 'b')",
        "SELECT Id FROM Account WHERE NOT Name = 'a'",
        "SELECT Id FROM Account WHERE NOT (Name = 'a' OR Name = 'b')",
        "SELECT Id FROM Account WHERE Name <> 'a' AND Name != 'b' AND Name IN ('c', null) AND Name NOT IN ('d')",
        "SELECT Id FROM Account WHERE ((Name = 'a'))",
        "SELECT Id FROM Account ORDER BY Name ASC NULLS FIRST, Id DESC",
        "SELECT Id FROM Account LIMIT 0",
    })
    void parse_supportedQueries_parse(String soql) {
        assertThat(SoqlQuery.parse(soql).objectName()).isEqualTo("Account");
    }

    @Test
    void parse_stringEscapes_areDecoded() {
        SoqlQuery q = SoqlQuery.parse("SELECT Id FROM Account WHERE Name = 'O\\'Brien \\\\ \\n\\t \\u00e9'");
        Map<String, String> row = Map.of("Name", "O'Brien \\ \n\t é");

        assertThat(q.apply(java.util.stream.Stream.of(row))).containsExactly(row);
    }
}
