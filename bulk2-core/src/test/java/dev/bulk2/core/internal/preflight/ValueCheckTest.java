package dev.bulk2.core.internal.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.core.org.FieldDescribe;
import dev.bulk2.core.org.PicklistValue;
import dev.bulk2.core.plan.ProblemKind;
import dev.bulk2.csv.LineEnding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The value rules per field type, the character rules and the did-you-mean rules. */
class ValueCheckTest {
    private final ValueCheck lf = new ValueCheck(LineEnding.LF);
    private final ValueCheck crlf = new ValueCheck(LineEnding.CRLF);

    private static FieldDescribe field(String name, String type) {
        return FieldDescribe.builder().name(name).type(type).createable(true).updateable(true).build();
    }

    private String reason(FieldDescribe f, String v) {
        ValueCheck.Finding x = lf.value(f, v);
        return x == null ? null : x.reason;
    }

    @Test
    void booleans() {
        FieldDescribe f = field("Active__c", "boolean");
        for (String ok : List.of("true", "FALSE", "1", "0", "yes", "n", "")) {
            assertThat(reason(f, ok)).as(ok).isNull();
        }
        assertThat(reason(f, "maybe")).isEqualTo("Not a boolean for Active__c: use true or false (also 1/0, yes/no).");
    }

    @Test
    void datesAndDateTimes() {
        FieldDescribe d = field("Start__c", "date");
        assertThat(reason(d, "2024-02-29")).isNull();
        assertThat(reason(d, "2023-02-29")).startsWith("Not a date for Start__c");
        assertThat(reason(d, "29.02.2024")).startsWith("Not a date for Start__c");
        FieldDescribe dt = field("Seen__c", "datetime");
        assertThat(reason(dt, "2024-05-01T10:15:30.000Z")).isNull();
        assertThat(reason(dt, "2024-05-01T10:15:30+02:00")).isNull();
        assertThat(reason(dt, "yesterday")).startsWith("Not a date-time for Seen__c");
        assertThat(reason(field("At__c", "time"), "10:15:30.000Z")).isNull();
        assertThat(reason(field("At__c", "time"), "10h15")).startsWith("Not a time");
    }

    @Test
    void numbers() {
        FieldDescribe amount = FieldDescribe.builder().name("Amount__c").type("currency").precision(5).scale(2)
                .build();
        assertThat(reason(amount, "999.999")).isNull();
        assertThat(reason(amount, "-123.4")).isNull();
        assertThat(reason(amount, "1234.5")).isEqualTo("The number has 4 digits before the decimal point; Amount__c"
                + " (precision 5, scale 2) takes at most 3.");
        assertThat(reason(amount, "1,234.50")).startsWith("Not a number for Amount__c");
        FieldDescribe count = FieldDescribe.builder().name("Count__c").type("int").digits(3).build();
        assertThat(reason(count, "007")).isNull();
        assertThat(reason(count, "1000")).isEqualTo("The number has 4 digits; Count__c takes at most 3.");
        assertThat(reason(count, "1.5")).isEqualTo("Not a whole number for Count__c (int).");
    }

    @Test
    void textEmailPicklistsAndIds() {
        FieldDescribe code = FieldDescribe.builder().name("Code__c").type("string").length(3).build();
        assertThat(reason(code, "äöü")).isNull();
        assertThat(reason(code, "abcd")).isEqualTo("The value has 4 characters; Code__c (string) takes at most 3.");
        FieldDescribe email = FieldDescribe.builder().name("Email").type("email").length(80).build();
        assertThat(reason(email, "a@b.example")).isNull();
        for (String bad : List.of("a.example", "@b.example", "a@", "a@b@c", "a b@c.example")) {
            assertThat(reason(email, bad)).as(bad).startsWith("Not an email address for Email");
        }
        FieldDescribe tier = FieldDescribe.builder().name("Tier__c").type("multipicklist").restrictedPicklist(true)
                .addPicklistValue(PicklistValue.of("Gold", "Gold", true, false))
                .addPicklistValue(PicklistValue.of("Silver", "Silver", true, false))
                .addPicklistValue(PicklistValue.of("Old", "Old", false, false)).build();
        assertThat(reason(tier, "Gold;silver")).isNull();
        assertThat(reason(tier, "Gold;Old")).isEqualTo("A value not in the restricted picklist Tier__c (2 active"
                + " values).");
        FieldDescribe open = FieldDescribe.builder().name("Tag__c").type("picklist").length(10).build();
        assertThat(reason(open, "Anything")).isNull();
        FieldDescribe parent = field("ParentId", "reference");
        assertThat(reason(parent, "001000000000001")).isNull();
        assertThat(reason(parent, "001000000000001AAA")).isNull();
        assertThat(reason(parent, "#N/A")).isNull();
        assertThat(reason(parent, "0010000000000")).startsWith("Not a record id for ParentId");
        for (String bad : List.of("0010000000000012", "00100000000000É", "001000000000-01", "001000000000001AA")) {
            assertThat(reason(parent, bad)).as(bad).startsWith("Not a record id for ParentId");
        }
        FieldDescribe level = FieldDescribe.builder().name("Level__c").type("picklist").restrictedPicklist(true)
                .length(20).addPicklistValue(PicklistValue.of("Gold", "Gold", true, false))
                .addPicklistValue(PicklistValue.of("Old", "Old", false, false)).build();
        assertThat(reason(level, "Gold")).isNull();
        assertThat(reason(level, "gold")).isNull();
        assertThat(reason(level, "Old")).isEqualTo("A value not in the restricted picklist Level__c (1 active"
                + " values).");
        assertThat(reason(level, "Platinum")).startsWith("A value not in the restricted picklist Level__c");
    }

    @Test
    void characters_controlAndLineBreaks() {
        assertThat(lf.characters("tab\tand\nLF")).isNull();
        ValueCheck.Finding nul = lf.characters("a\u0000b");
        assertThat(nul.kind).isEqualTo(ProblemKind.UNSTORABLE_CHARACTER);
        assertThat(nul.reason).contains("U+0000 at character 2");
        assertThat(lf.characters("x\u001Fy").reason).contains("U+001F");
        assertThat(lf.characters("a\r\nb").kind).isEqualTo(ProblemKind.QUOTED_LINE_BREAK_MISMATCH);
        assertThat(lf.characters("a\r\nb").reason).contains("CRLF line break at character 2");
        assertThat(crlf.characters("a\r\nb")).isNull();
        assertThat(crlf.characters("a\nb").reason).contains("LF line break at character 2").contains("is CRLF");
        assertThat(crlf.characters("a\rb").reason).contains("CR line break");
    }

    @Test
    void didYouMean_rules() {
        List<String> names = List.of("Name", "Client_Id__c", "Loyalty_Number__pc", "PersonBirthdate",
                "PersonMailingCity", "Primary_Contact__r", "Industry");
        assertThat(FieldNames.suggest("client_id", names)).containsExactly("Client_Id__c");
        assertThat(FieldNames.suggest("Loyalty_Number__c", names)).containsExactly("Loyalty_Number__pc");
        assertThat(FieldNames.suggest("Birthdate", names)).containsExactly("PersonBirthdate");
        assertThat(FieldNames.suggest("MailingCity", names)).containsExactly("PersonMailingCity");
        assertThat(FieldNames.suggest("Primary_Contact__c", names)).containsExactly("Primary_Contact__r");
        assertThat(FieldNames.suggest("Industy", names)).containsExactly("Industry");
        assertThat(FieldNames.suggest("Indsutry", names)).containsExactly("Industry");
        assertThat(FieldNames.suggest("Completely_Else", names)).isEmpty();
        assertThat(FieldNames.suggest("Emial", List.of("Email", "Birthdate", "Phone", "Fax"))).containsExactly("Email");
        assertThat(FieldNames.suggest("Fox", List.of("Fax", "Phone", "Fix"))).containsExactly("Fax", "Fix");
        assertThat(FieldNames.didYouMean(List.of("A", "B", "C"))).isEqualTo("Did you mean A, B or C?");
    }
}
