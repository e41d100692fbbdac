package dev.bulk2.testkit.internal.soql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SoqlQueryResolveTest {

    /** A schema lookup like the emulator's: case-insensitive, returns the canonical name or null. */
    private static final UnaryOperator<String> ACCOUNT = name -> {
        Map<String, String> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String f : List.of("Id", "Name", "PersonEmail", "External_ID__c", "AnnualRevenue")) {
            fields.put(f, f);
        }
        return fields.get(name);
    };

    @Test
    void resolve_replacesNamesEverywhereWithCanonicalOnes() {
        SoqlQuery q = SoqlQuery.parse(
                "select id, NAME, external_id__c from Account where personemail like '%@x.com' order by name limit 3")
                .resolve(ACCOUNT);

        assertThat(q.selectFields()).containsExactly("Id", "Name", "External_ID__c");
        assertThat(q.objectName()).isEqualTo("Account");
        assertThat(q.limit()).hasValue(3);
        Map<String, String> hit = Map.of("Id", "1", "Name", "b", "PersonEmail", "a@X.com");
        Map<String, String> hit2 = Map.of("Id", "2", "Name", "a", "PersonEmail", "z@x.com");
        Map<String, String> miss = Map.of("Id", "3", "Name", "c", "PersonEmail", "a@y.com");
        assertThat(q.apply(Stream.of(hit, miss, hit2)).collect(Collectors.toList())).containsExactly(hit2, hit);
    }

    @Test
    void resolve_keepsTheOriginalUntouched() {
        SoqlQuery original = SoqlQuery.parse("SELECT name FROM Account");

        SoqlQuery resolved = original.resolve(ACCOUNT);

        assertThat(original.selectFields()).containsExactly("name");
        assertThat(resolved.selectFields()).containsExactly("Name");
    }

    @Test
    void resolve_stripsObjectNameOrAliasPrefix() {
        assertThat(SoqlQuery.parse("SELECT Account.Name FROM Account").resolve(ACCOUNT).selectFields())
                .containsExactly("Name");
        assertThat(SoqlQuery.parse("SELECT a.Name, a.Id FROM Account a ORDER BY a.Name").resolve(ACCOUNT)
                .selectFields()).containsExactly("Name", "Id");
    }

    @Test
    void resolve_unknownSelectField_isInvalidFieldWithSalesforceWording() {
        assertThatThrownBy(() -> SoqlQuery.parse("SELECT Id, Foo FROM Account").resolve(ACCOUNT))
                .isInstanceOfSatisfying(SoqlException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("INVALID_FIELD");
                    assertThat(e.getMessage()).isEqualTo("\nSELECT Id, Foo FROM Account\n           ^\n"
                            + "ERROR at Row:1:Column:12\nNo such column 'Foo' on entity 'Account'. If you are"
                            + " attempting to use a custom field, be sure to append the '__c' after the custom"
                            + " field name. Please reference your WSDL or the describe call for the appropriate"
                            + " names.");
                });
    }

    @Test
    void resolve_reportsTheFirstUnknownField_inTextOrder() {
        assertThatThrownBy(() -> SoqlQuery.parse(
                "SELECT Id FROM Account WHERE Bad1__c = 1 AND Name = 'x' ORDER BY Bad2__c").resolve(ACCOUNT))
                .isInstanceOfSatisfying(SoqlException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("INVALID_FIELD");
                    assertThat(e.getMessage()).contains("Column:30\n").contains("No such column 'Bad1__c'");
                });
        assertThatThrownBy(() -> SoqlQuery.parse("SELECT Id FROM Account ORDER BY Name, Bad2__c").resolve(ACCOUNT))
                .isInstanceOfSatisfying(SoqlException.class,
                        e -> assertThat(e.getMessage()).contains("No such column 'Bad2__c' on entity 'Account'"));
        assertThatThrownBy(() -> SoqlQuery.parse("SELECT Id FROM Account WHERE Id IN ('1') AND NOT Nope = null")
                .resolve(ACCOUNT))
                .isInstanceOfSatisfying(SoqlException.class,
                        e -> assertThat(e.getMessage()).contains("No such column 'Nope'"));
    }

    @Test
    void resolve_unknownRelationship_isInvalidFieldNamingTheRelationship() {
        assertThatThrownBy(() -> SoqlQuery.parse("SELECT Id, Owner.Name FROM Account").resolve(ACCOUNT))
                .isInstanceOfSatisfying(SoqlException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("INVALID_FIELD");
                    assertThat(e.getMessage()).contains("ERROR at Row:1:Column:12\n")
                            .contains("Didn't understand relationship 'Owner' in field path.");
                });
    }

    @Test
    void resolve_relationshipKnownToTheSchema_isAccepted() {
        UnaryOperator<String> contact = n -> n.equalsIgnoreCase("account.name") ? "Account.Name"
                : n.equalsIgnoreCase("id") ? "Id" : null;

        assertThat(SoqlQuery.parse("SELECT Id, account.name FROM Contact").resolve(contact).selectFields())
                .containsExactly("Id", "Account.Name");
    }

    @Test
    void resolve_twoNamesForOneField_isDuplicateFieldSelected() {
        UnaryOperator<String> aliasing = n -> n.equalsIgnoreCase("Name") || n.equalsIgnoreCase("Nom") ? "Name" : null;

        assertThatThrownBy(() -> SoqlQuery.parse("SELECT Name, Nom FROM Account").resolve(aliasing))
                .isInstanceOfSatisfying(SoqlException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
                    assertThat(e.getMessage()).endsWith("duplicate field selected: Name");
                });
    }

    @Test
    void resolve_resolvedQueryMatchesRowKeysExactly() {
        SoqlQuery q = SoqlQuery.parse("SELECT Id FROM Account WHERE name = 'x'").resolve(ACCOUNT);

        // after resolution the canonical key is used as is: a differently-cased key is not the field
        assertThat(q.apply(Stream.of(Map.of("name", "x")))).isEmpty();
        assertThat(q.apply(Stream.of(Map.of("Name", "x")))).hasSize(1);
    }
}
