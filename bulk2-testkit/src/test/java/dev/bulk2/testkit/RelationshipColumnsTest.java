package dev.bulk2.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Relationship columns ({@code Account.External_ID__c}) on insert and upsert, and their errors. */
class RelationshipColumnsTest {
    static final ObjectSchema INVOICE = ObjectSchema.builder("Invoice__c", "a0X")
            .field(FieldSchema.builder("Code__c", FieldType.STRING).externalId(true).unique(true).build())
            .field(FieldSchema.builder("Customer__c", FieldType.REFERENCE).referenceTo("Account").build())
            .field(FieldSchema.builder("Parent__c", FieldType.REFERENCE).referenceTo("Invoice__c").build())
            .build();

    @RegisterExtension
    static final Bulk2EmulatorExtension SF = Bulk2EmulatorExtension.builder()
            .emulator(Bulk2Emulator.builder().schema(INVOICE)).resetBeforeEach(true).build();

    Raw raw;
    String acme;
    String globex;

    @BeforeEach
    void setUp() {
        raw = new Raw(SF.emulator());
        List<String> ids = SF.emulator().insertRecords("Account", List.of(
                Map.of("Name", "Acme", "External_ID__c", "A-1", "Client_Id__c", "C-1"),
                Map.of("Name", "Globex", "External_ID__c", "A-2")));
        acme = ids.get(0);
        globex = ids.get(1);
    }

    private Map<String, String> contact(String lastName) {
        return SF.emulator().records("Contact").stream().filter(m -> lastName.equals(m.get("LastName"))).findFirst()
                .orElseThrow();
    }

    @Test
    void insertResolvesStandardRelationshipByExternalIdIdLookupAndId() {
        JobSnapshot j = raw.ingest("{\"object\":\"Contact\",\"operation\":\"insert\"}",
                "LastName,Account.External_ID__c\nA,A-1\nB,a-2\nC,\n");
        assertThat(j.numberRecordsFailed()).isZero();
        assertThat(contact("A")).containsEntry("AccountId", acme);
        assertThat(contact("B")).containsEntry("AccountId", globex);
        assertThat(contact("C")).doesNotContainKey("AccountId");
        assertThat(raw.results(j.id(), "successfulResults")).contains(",A,A-1\n").contains(",B,a-2\n");

        JobSnapshot byName = raw.ingest("{\"object\":\"Contact\",\"operation\":\"insert\"}",
                "LastName,account.name\nD,Globex\n");
        assertThat(byName.numberRecordsFailed()).isZero();
        assertThat(contact("D")).containsEntry("AccountId", globex);

        JobSnapshot byId = raw.ingest("{\"object\":\"Contact\",\"operation\":\"insert\"}",
                "LastName,Account.Id\nE," + acme.substring(0, 15) + "\n");
        assertThat(byId.numberRecordsFailed()).isZero();
        assertThat(contact("E")).containsEntry("AccountId", acme);
    }

    @Test
    void upsertResolvesCustomRelationshipsIncludingSelfReference() {
        JobSnapshot j = raw.ingest("{\"object\":\"Invoice__c\",\"operation\":\"upsert\","
                + "\"externalIdFieldName\":\"Code__c\"}", "Code__c,Customer__r.Client_Id__c\nI-1,C-1\n");
        assertThat(j.numberRecordsFailed()).isZero();
        Map<String, String> inv = SF.emulator().records("Invoice__c").get(0);
        assertThat(inv).containsEntry("Customer__c", acme);

        JobSnapshot child = raw.ingest("{\"object\":\"Invoice__c\",\"operation\":\"upsert\","
                + "\"externalIdFieldName\":\"Code__c\"}",
                "Code__c,Parent__r.Code__c,Customer__r.External_ID__c\nI-2,I-1,A-2\nI-1,,#N/A\n");
        assertThat(child.numberRecordsFailed()).isZero();
        List<Map<String, String>> all = SF.emulator().records("Invoice__c");
        assertThat(all.get(0)).containsEntry("Code__c", "I-1").doesNotContainKey("Customer__c");
        assertThat(all.get(1)).containsEntry("Parent__c", all.get(0).get("Id")).containsEntry("Customer__c", globex);
    }

    @Test
    void selfRelationshipOnAccountResolvesOnUpsert() {
        String upsert = "{\"object\":\"Account\",\"operation\":\"upsert\",\"externalIdFieldName\":\"External_ID__c\"}";
        JobSnapshot j = raw.ingest(upsert, "External_ID__c,Name,Parent.External_ID__c\nA-3,Initech,A-1\nA-2,,a-1\n"
                + "A-4,Hooli,A-8\n");
        assertThat(j.state()).isEqualTo("JobComplete");
        assertThat(j.numberRecordsProcessed()).isEqualTo(3);
        assertThat(j.numberRecordsFailed()).isEqualTo(1);
        assertThat(raw.results(j.id(), "failedResults")).isEqualTo("\"sf__Id\",\"sf__Error\",External_ID__c,Name,"
                + "Parent.External_ID__c\n\"\",\"INVALID_FIELD:Foreign key external ID: A-8 not found for field"
                + " External_ID__c in entity Account:--\",A-4,Hooli,A-8\n");
        Map<String, Map<String, String>> byKey = new java.util.HashMap<>();
        SF.emulator().records("Account").forEach(m -> byKey.put(m.get("External_ID__c"), m));
        assertThat(byKey).containsOnlyKeys("A-1", "A-2", "A-3");
        assertThat(byKey.get("A-3")).containsEntry("ParentId", acme).containsEntry("Name", "Initech");
        // the update of Globex keeps its Name (empty value) and gets the parent matched case-insensitively
        assertThat(byKey.get("A-2")).containsEntry("Id", globex).containsEntry("ParentId", acme)
                .containsEntry("Name", "Globex");
    }

    @Test
    void upsertOfContactsResolvesTheAccountByItsExternalId() {
        String upsert = "{\"object\":\"Contact\",\"operation\":\"upsert\",\"externalIdFieldName\":\"External_ID__c\"}";
        JobSnapshot first = raw.ingest(upsert, "External_ID__c,LastName,Account.External_ID__c\nC-1,Lovelace,A-1\n");
        assertThat(raw.results(first.id(), "successfulResults")).contains(",\"true\",C-1,Lovelace,A-1\n");
        JobSnapshot again = raw.ingest(upsert, "External_ID__c,Account.External_ID__c\nC-1,A-2\n");
        assertThat(again.numberRecordsFailed()).isZero();
        assertThat(raw.results(again.id(), "successfulResults")).contains(",\"false\",C-1,A-2\n");
        assertThat(SF.emulator().records("Contact")).singleElement().satisfies(m -> assertThat(m)
                .containsEntry("AccountId", globex).containsEntry("LastName", "Lovelace"));
    }

    @Test
    void unknownParentKeyFailsTheRowWithTheRealMessage() {
        JobSnapshot j = raw.ingest("{\"object\":\"Contact\",\"operation\":\"insert\"}",
                "LastName,Account.External_ID__c\nA,A-9\nB,A-1\n");
        assertThat(j.state()).isEqualTo("JobComplete");
        assertThat(j.numberRecordsFailed()).isEqualTo(1);
        assertThat(raw.results(j.id(), "failedResults")).isEqualTo("\"sf__Id\",\"sf__Error\",LastName,"
                + "Account.External_ID__c\n\"\",\"INVALID_FIELD:Foreign key external ID: A-9 not found for field"
                + " External_ID__c in entity Account:--\",A,A-9\n");
        assertThat(SF.emulator().records("Contact")).extracting(m -> m.get("LastName")).containsExactly("B");
    }

    @Test
    void headerErrorsFailTheWholeJob() {
        JobSnapshot notExternal = raw.ingest("{\"object\":\"Contact\",\"operation\":\"insert\"}",
                "LastName,Account.Phone\nA,123\n");
        assertThat(notExternal.state()).isEqualTo("Failed");
        assertThat(notExternal.errorMessage()).isEqualTo("InvalidBatch : Field name provided, Phone is not an External"
                + " ID or indexed field for Account");
        JobSnapshot noField = raw.ingest("{\"object\":\"Contact\",\"operation\":\"insert\"}",
                "LastName,Account.Nope__c\nA,1\n");
        assertThat(noField.errorMessage()).isEqualTo("InvalidBatch : Field name not found : Account.Nope__c");
        JobSnapshot noRelationship = raw.ingest("{\"object\":\"Contact\",\"operation\":\"insert\"}",
                "LastName,Acct.External_ID__c\nA,A-1\n");
        assertThat(noRelationship.errorMessage()).isEqualTo("InvalidBatch : Field name not found : Acct.External_ID__c");
        JobSnapshot fieldNotRelationship = raw.ingest("{\"object\":\"Contact\",\"operation\":\"insert\"}",
                "LastName,AccountId.External_ID__c\nA,A-1\n");
        assertThat(fieldNotRelationship.errorMessage())
                .isEqualTo("InvalidBatch : Field name not found : AccountId.External_ID__c");
        JobSnapshot twoLevels = raw.ingest("{\"object\":\"Contact\",\"operation\":\"insert\"}",
                "LastName,Account.Parent.External_ID__c\nA,A-1\n");
        assertThat(twoLevels.errorMessage())
                .isEqualTo("InvalidBatch : Field name not found : Account.Parent.External_ID__c");
        JobSnapshot twice = raw.ingest("{\"object\":\"Contact\",\"operation\":\"insert\"}",
                "LastName,AccountId,Account.External_ID__c\nA," + acme + ",A-1\n");
        assertThat(twice.errorMessage()).isEqualTo("InvalidBatch : Duplicate field name : Account.External_ID__c");
        assertThat(SF.emulator().records("Contact")).isEmpty();
        assertThat(notExternal.numberRecordsProcessed()).isZero();
    }
}
