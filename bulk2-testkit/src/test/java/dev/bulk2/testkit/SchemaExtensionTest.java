package dev.bulk2.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.testkit.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extending a built-in object with extra fields, in code and in schema files. */
class SchemaExtensionTest {
    @TempDir
    Path dir;

    @Test
    void extendObjectKeepsEveryBuiltInField() {
        FieldSchema gender = FieldSchema.builder("PersonGender__pc", FieldType.PICKLIST).label("Gender")
                .picklistValues(List.of("Female", "Male", "Diverse")).restricted(true).build();
        try (Bulk2Emulator sf = Bulk2Emulator.builder().extendObject("account", gender).build().start()) {
            JobSnapshot j = new Raw(sf).ingest("{\"object\":\"Account\",\"operation\":\"insert\"}",
                    "LastName,PersonEmail,PersonGender__pc\nLovelace,ada@example.org,Female\nBabbage,,Robot\n");
            assertThat(j.numberRecordsFailed()).isEqualTo(1);
            assertThat(sf.records("Account").get(0)).containsEntry("PersonGender__pc", "Female")
                    .containsEntry("PersonEmail", "ada@example.org");
            assertThat(new Raw(sf).results(j.id(), "failedResults")).contains("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:"
                    + "Gender: bad value for restricted picklist field: Robot:PersonGender__pc --");
        }
        ObjectSchema extended = ObjectSchema.account().extendedWith(gender);
        assertThat(extended.fields()).hasSize(ObjectSchema.account().fields().size() + 1);
        assertThat(extended.requireAnyOf()).containsExactly("LastName", "Name");
        assertThat(extended.keyPrefix()).isEqualTo("001");
    }

    @Test
    void theOneExtraFieldOfTheFirstUsersSampleNeedsNoRedeclaredAccount() {
        FieldSchema gender = FieldSchema.builder("PersonGender", FieldType.PICKLIST).label("Gender")
                .picklistValues(List.of("Female", "Male")).build();
        try (Bulk2Emulator sf = Bulk2Emulator.builder().extendObject("Account", gender).build().start()) {
            Raw raw = new Raw(sf);
            java.util.Map<?, ?> d = (java.util.Map<?, ?>) Json.parse(raw.get(Raw.base() + "/sobjects/Account/describe")
                    .bytes());
            @SuppressWarnings("unchecked")
            List<Object> fields = (List<Object>) d.get("fields");
            assertThat(fields).hasSize(ObjectSchema.account().fields().size() + 1);
            java.util.Map<?, ?> last = (java.util.Map<?, ?>) fields.stream()
                    .filter(f -> "PersonGender".equals(((java.util.Map<?, ?>) f).get("name"))).findFirst().orElseThrow();
            assertThat(last.get("type")).isEqualTo("picklist");
            assertThat(last.get("label")).isEqualTo("Gender");
            assertThat(last.get("custom")).isEqualTo(false);
            assertThat((List<?>) last.get("picklistValues")).hasSize(2);
            assertThat(fields).extracting(f -> String.valueOf(((java.util.Map<?, ?>) f).get("name"))).contains("Id", "Name", "PersonEmail", "External_ID__c", "ParentId");
            JobSnapshot j = raw.ingest("{\"object\":\"Account\",\"operation\":\"upsert\","
                    + "\"externalIdFieldName\":\"Client_Id__c\"}",
                    "Client_Id__c,FirstName,LastName,PersonGender\nC-1,Ada,Lovelace,Female\n");
            assertThat(j.numberRecordsFailed()).isZero();
            assertThat(sf.records("Account").get(0)).containsEntry("PersonGender", "Female")
                    .containsEntry("LastName", "Lovelace");
        }
    }

    @Test
    void replacingAWholeObjectStillDropsTheBuiltInFields() {
        ObjectSchema small = ObjectSchema.builder("Account", "001")
                .field(FieldSchema.builder("Name", FieldType.STRING).requiredOnCreate(true).build()).build();
        try (Bulk2Emulator sf = Bulk2Emulator.builder().schema(small).build().start()) {
            Raw raw = new Raw(sf);
            java.util.Map<?, ?> d = (java.util.Map<?, ?>) Json.parse(raw.get(Raw.base() + "/sobjects/Account/describe")
                    .bytes());
            @SuppressWarnings("unchecked")
            List<Object> fields = (List<Object>) d.get("fields");
            assertThat(fields).extracting(f -> String.valueOf(((java.util.Map<?, ?>) f).get("name"))).containsExactly("Id", "Name", "IsDeleted", "CreatedDate", "LastModifiedDate", "SystemModstamp");
            JobSnapshot j = raw.ingest("{\"object\":\"Account\",\"operation\":\"insert\"}",
                    "Name,PersonEmail\nAcme,a@example.org\n");
            assertThat(j.errorMessage()).isEqualTo("InvalidBatch : Field name not found : PersonEmail");
        }
    }

    @Test
    void extendObjectRejectsUnknownObjectsAndExistingFields() {
        assertThatThrownBy(() -> Bulk2Emulator.builder().extendObject("Lead", FieldSchema.of("X__c", FieldType.STRING)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("extendObject: unknown object Lead; known: [Account, Contact]");
        assertThatThrownBy(() -> Bulk2Emulator.builder().extendObject("Account", FieldSchema.of("phone", FieldType.PHONE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ObjectSchema Account: field phone is declared twice (field names are case-insensitive)");
    }

    @Test
    void schemaFileExtendsABuiltInAndDeclaresLookups() throws IOException {
        Path file = dir.resolve("objects.json");
        Files.writeString(file, "{\"objects\": ["
                + "{\"extends\": \"Account\", \"fields\": [{\"name\": \"PersonGender__pc\", \"type\": \"PICKLIST\"}]},"
                + "{\"name\": \"Invoice__c\", \"keyPrefix\": \"a0X\", \"fields\": ["
                + "{\"name\": \"Customer__c\", \"type\": \"REFERENCE\", \"referenceTo\": [\"Account\"]},"
                + "{\"name\": \"Code__c\", \"externalId\": true}]},"
                + "{\"extends\": \"Invoice__c\", \"fields\": [{\"name\": \"Note__c\", \"idLookup\": true}]}]}");
        try (Bulk2Emulator sf = Bulk2Emulator.builder().schemaFile(file).build().start()) {
            sf.insertRecords("Account", List.of(java.util.Map.of("Name", "Acme", "Client_Id__c", "C-1",
                    "PersonGender__pc", "x")));
            JobSnapshot j = new Raw(sf).ingest("{\"object\":\"Invoice__c\",\"operation\":\"insert\"}",
                    "Code__c,Customer__r.Client_Id__c,Note__c\nI-1,C-1,n\n");
            assertThat(j.numberRecordsFailed()).isZero();
            assertThat(sf.records("Invoice__c").get(0)).containsEntry("Customer__c",
                    sf.records("Account").get(0).get("Id")).containsEntry("Note__c", "n");
        }
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"objects\": [{\"extends\": \"Lead\", \"fields\": []}]}");
        assertThatThrownBy(() -> Bulk2Emulator.builder().schemaFile(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid schema file " + bad + ": \"extends\": \"Lead\" names no known object; known: "
                        + "[Account, Contact]");
    }
}
