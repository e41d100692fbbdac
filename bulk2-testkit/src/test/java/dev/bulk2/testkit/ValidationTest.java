package dev.bulk2.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ValidationTest {
    @RegisterExtension
    static final Bulk2EmulatorExtension SF = Bulk2EmulatorExtension.builder()
            .emulator(Bulk2Emulator.builder().schema(ObjectSchema.builder("Invoice__c", "a0X")
                    .field(FieldSchema.builder("Code__c", FieldType.STRING).length(10).externalId(true).unique(true)
                            .requiredOnCreate(true).build())
                    .field(FieldSchema.of("Amount__c", FieldType.DOUBLE))
                    .field(FieldSchema.of("Paid__c", FieldType.BOOLEAN))
                    .field(FieldSchema.of("Due__c", FieldType.DATE))
                    .field(FieldSchema.of("Sent__c", FieldType.DATETIME))
                    .field(FieldSchema.builder("Account__c", FieldType.REFERENCE).label("Account").build())
                    .field(FieldSchema.builder("Status__c", FieldType.PICKLIST).label("Status")
                            .picklistValues(List.of("Open", "Paid")).restricted(true).build())
                    .build()))
            .resetBeforeEach(true).build();

    Raw raw;

    @BeforeEach
    void setUp() {
        raw = new Raw(SF.emulator());
    }

    private List<String> errors(String op, String csv) {
        JobSnapshot j = raw.ingest("{\"object\":\"Invoice__c\",\"operation\":\"" + op + "\"}", csv);
        return raw.results(j.id(), "failedResults").lines().skip(1).map(l -> l.split("\",", 3)[1].substring(1))
                .toList();
    }

    @Test
    void recordErrorsUseSalesforceWording() {
        assertThat(errors("insert", "Code__c,Amount__c,Paid__c,Due__c,Sent__c,Account__c,Status__c\n"
                + "ABCDEFGHIJK,,,,,,\n"
                + ",1,,,,,\n"
                + "C1,abc,,,,,\n"
                + "C2,,maybe,,,,\n"
                + "C3,,,2024-02-30,,,\n"
                + "C4,,,,2018-09-28,,\n"
                + "C5,,,,,12345,\n"
                + "C6,,,,,,Closed\n"
                + "C7,1.5e3,TRUE,2024-02-29,2024-01-03T23:52:01.000+0000,001Ws0000000001,Paid\n"))
                .containsExactly(
                        "STRING_TOO_LONG:Code__c: data value too large: ABCDEFGHIJK (max length=10):Code__c --",
                        "REQUIRED_FIELD_MISSING:Required fields are missing: [Code__c]:Code__c --",
                        "INVALID_FIELD:Failed to deserialize field at col 1. Due to, 'abc' is not a valid value for"
                                + " the type xsd:double:Amount__c --",
                        "INVALID_FIELD:Failed to deserialize field at col 2. Due to, 'maybe' is not a valid value for"
                                + " the type xsd:boolean:Paid__c --",
                        "INVALID_FIELD:Failed to deserialize field at col 3. Due to, '2024-02-30' is not a valid value"
                                + " for the type xsd:date:Due__c --",
                        "INVALID_FIELD:Failed to deserialize field at col 4. Due to, '2018-09-28' is not a valid value"
                                + " for the type xsd:dateTime:Sent__c --",
                        "MALFORMED_ID:Account: id value of incorrect type: 12345:Account__c --",
                        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:Status: bad value for restricted picklist field:"
                                + " Closed:Status__c --");
        assertThat(SF.emulator().records("Invoice__c")).singleElement().satisfies(m -> assertThat(m)
                .containsEntry("Code__c", "C7").containsEntry("Paid__c", "true").containsEntry("Amount__c", "1.5e3")
                .hasEntrySatisfying("Id", id -> assertThat(id).startsWith("a0XWs")));
    }

    @Test
    void idErrorsOnUpdateAndUniqueness() {
        String id = SF.emulator().insertRecords("Invoice__c", List.of(Map.of("Code__c", "X1"))).get(0);
        SF.emulator().insertRecords("Invoice__c", List.of(Map.of("Code__c", "X2")));
        assertThat(errors("update", "Id,Amount__c\nnot-an-id,1\n003Ws0000000001AAA,2\n" + id.substring(0, 14)
                + "Z,3\n,4\n" + id + ",#N/A\n")).containsExactly(
                "MALFORMED_ID:Invoice__c ID: id value of incorrect type: not-an-id:Id --",
                "MALFORMED_ID:Invoice__c ID: id value of incorrect type: 003Ws0000000001AAA:Id --",
                "INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--",
                "MISSING_ARGUMENT:Id not specified in an update call:--");
        List<String> dup = errors("update", "Id,Code__c\n" + id + ",x2\n");
        assertThat(dup).singleElement().asString().startsWith(
                "DUPLICATE_VALUE:duplicate value found: Code__c duplicates value on record with id: a0XWs");
        assertThat(errors("insert", "Code__c,IsDeleted\nQ,true\n")).containsExactly(
                "INVALID_FIELD_FOR_INSERT_UPDATE:Unable to create/update fields: IsDeleted. Please check the security"
                        + " settings of this field and verify that it is read/write for your profile or permission"
                        + " set.:IsDeleted --");
        assertThat(errors("insert", "Id,Code__c\n" + id + ",Q\n")).containsExactly(
                "INVALID_FIELD_FOR_INSERT_UPDATE:cannot specify Id in an insert call:Id --");
    }

    @Test
    void seedingRejectsInvalidRows() {
        assertThatThrownBy(() -> SF.emulator().insertRecords("Invoice__c", List.of(Map.of("Amount__c", "1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("REQUIRED_FIELD_MISSING");
        assertThatThrownBy(() -> SF.emulator().insertRecords("Nope", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown object Nope");
    }

    @Test
    void accountNeedsLastNameOrName() {
        JobSnapshot j = raw.ingest("{\"object\":\"Account\",\"operation\":\"insert\"}",
                "Name,FirstName,Phone\nAcme,,1\n,Solo,2\n");
        assertThat(raw.results(j.id(), "failedResults")).contains(
                "\"REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --\",,Solo,2");
        assertThat(SF.emulator().records("Account")).singleElement().satisfies(m ->
                assertThat(m).containsEntry("Name", "Acme").containsEntry("IsPersonAccount", "false"));
    }
}
