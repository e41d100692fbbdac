package dev.bulk2.core.internal.org;

import static dev.bulk2.core.TestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import dev.bulk2.core.internal.json.Json;
import dev.bulk2.core.org.FieldDescribe;
import dev.bulk2.core.org.FieldType;
import dev.bulk2.core.org.OrgLimit;
import dev.bulk2.core.org.OrgLimits;
import dev.bulk2.core.org.PicklistValue;
import dev.bulk2.core.org.RecordTypeInfo;
import dev.bulk2.core.org.SObjectDescribe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OrgJsonTest {
    private static final Instant AT = Instant.parse("2025-06-02T09:14:06Z");

    private static SObjectDescribe describe(String json) throws IOException {
        return Json.read(json.getBytes(StandardCharsets.UTF_8), OrgJson::readDescribe);
    }

    private static OrgLimits limits(String json) throws IOException {
        return Json.read(json.getBytes(StandardCharsets.UTF_8), p -> OrgJson.readLimits(p, AT));
    }

    @Test
    void readDescribe_accountWithPersonAccounts_readsObjectProperties() throws IOException {
        SObjectDescribe d = describe(fixture("describe-account-person-accounts.json"));
        assertThat(d.name()).isEqualTo("Account");
        assertThat(d.label()).isEqualTo("Account");
        assertThat(d.keyPrefix()).contains("001");
        assertThat(d.isCreateable()).isTrue();
        assertThat(d.isUpdateable()).isTrue();
        assertThat(d.isDeletable()).isTrue();
        assertThat(d.isQueryable()).isTrue();
        assertThat(d.isCustom()).isFalse();
        assertThat(d.fields()).hasSize(33);
        assertThat(d.fields().get(0).name()).isEqualTo("Id");
        assertThat(d.externalIdFields().stream().map(FieldDescribe::name).collect(Collectors.toList()))
                .containsExactly("Client_Id__c", "Loyalty_Number__pc");
    }

    @Test
    void readDescribe_recordTypeInfos_inOrder_lookedUpByDeveloperName() throws IOException {
        SObjectDescribe d = describe(fixture("describe-account-person-accounts.json"));
        assertThat(d.recordTypes()).containsExactly(
                RecordTypeInfo.of("012Ws000000BizAIAS", "Business_Account", "Business Account", true, true, true,
                        false),
                RecordTypeInfo.of("012Ws000000PerAIAS", "PersonAccount", "Person Account", true, true, false, false),
                RecordTypeInfo.of("012000000000000AAA", "Master", "Master", true, true, false, true));
        assertThat(d.recordType("personaccount").map(RecordTypeInfo::recordTypeId)).contains("012Ws000000PerAIAS");
        assertThat(d.recordType("Partner")).isEmpty();
        assertThat(d.toBuilder().build()).isEqualTo(d);
        assertThat(describe("{\"name\":\"X__c\",\"fields\":[],\"recordTypeInfos\":null}").recordTypes()).isEmpty();
        assertThat(describe("{\"name\":\"X__c\",\"fields\":[]}").recordTypes()).isEmpty();
    }

    @Test
    void readDescribe_fieldsCarryTypeSizeAndPermissions() throws IOException {
        SObjectDescribe d = describe(fixture("describe-account-person-accounts.json"));

        FieldDescribe id = d.field("Id").orElseThrow();
        assertThat(id.type()).isEqualTo(FieldType.ID);
        assertThat(id.length()).isEqualTo(18);
        assertThat(id.isIdLookup()).isTrue();
        assertThat(id.isCreateable()).isFalse();
        assertThat(id.isNillable()).isFalse();
        assertThat(id.isDefaultedOnCreate()).isTrue();

        FieldDescribe name = d.field("Name").orElseThrow();
        assertThat(name.type()).isEqualTo(FieldType.STRING);
        assertThat(name.typeAsString()).isEqualTo("string");
        assertThat(name.label()).isEqualTo("Account Name");
        assertThat(name.length()).isEqualTo(255);
        assertThat(name.isNillable()).isFalse();
        assertThat(name.isCreateable()).isTrue();
        assertThat(name.isUpdateable()).isTrue();

        FieldDescribe revenue = d.field("AnnualRevenue").orElseThrow();
        assertThat(revenue.type()).isEqualTo(FieldType.CURRENCY);
        assertThat(revenue.precision()).isEqualTo(18);
        assertThat(revenue.scale()).isZero();
        FieldDescribe employees = d.field("NumberOfEmployees").orElseThrow();
        assertThat(employees.type()).isEqualTo(FieldType.INT);
        assertThat(employees.digits()).isEqualTo(8);

        FieldDescribe score = d.field("Account_Score__c").orElseThrow();
        assertThat(score.isCalculated()).isTrue();
        assertThat(score.isCreateable()).isFalse();
        assertThat(score.scale()).isEqualTo(2);
        assertThat(d.field("BillingAddress").orElseThrow().type()).isEqualTo(FieldType.ADDRESS);
        assertThat(d.field("CreatedDate").orElseThrow().type()).isEqualTo(FieldType.DATETIME);
    }

    @Test
    void readDescribe_personAccountFields() throws IOException {
        SObjectDescribe d = describe(fixture("describe-account-person-accounts.json"));
        FieldDescribe personEmail = d.field("personemail").orElseThrow();
        assertThat(personEmail.name()).isEqualTo("PersonEmail");
        assertThat(personEmail.type()).isEqualTo(FieldType.EMAIL);
        assertThat(personEmail.length()).isEqualTo(80);
        assertThat(personEmail.isCreateable()).isTrue();

        FieldDescribe isPerson = d.field("IsPersonAccount").orElseThrow();
        assertThat(isPerson.type()).isEqualTo(FieldType.BOOLEAN);
        assertThat(isPerson.isCreateable()).isFalse();
        assertThat(isPerson.isUpdateable()).isFalse();

        FieldDescribe personContact = d.field("PersonContactId").orElseThrow();
        assertThat(personContact.referenceTo()).containsExactly("Contact");
        assertThat(personContact.relationshipName()).contains("PersonContact");

        FieldDescribe loyalty = d.field("Loyalty_Number__pc").orElseThrow();
        assertThat(loyalty.isCustom()).isTrue();
        assertThat(loyalty.isExternalId()).isTrue();
        assertThat(d.field("PersonBirthdate").orElseThrow().type()).isEqualTo(FieldType.DATE);
        assertThat(d.field("Loyalty_Number__c")).isEmpty();
    }

    @Test
    void readDescribe_externalIdRestrictedPicklistAndLookups() throws IOException {
        SObjectDescribe d = describe(fixture("describe-account-person-accounts.json"));
        FieldDescribe clientId = d.field("CLIENT_ID__C").orElseThrow();
        assertThat(clientId.name()).isEqualTo("Client_Id__c");
        assertThat(clientId.isExternalId()).isTrue();
        assertThat(clientId.isIdLookup()).isTrue();
        assertThat(clientId.isUnique()).isTrue();
        assertThat(clientId.length()).isEqualTo(36);

        FieldDescribe tier = d.field("Customer_Tier__c").orElseThrow();
        assertThat(tier.type()).isEqualTo(FieldType.PICKLIST);
        assertThat(tier.isRestrictedPicklist()).isTrue();
        assertThat(tier.isDefaultedOnCreate()).isTrue();
        assertThat(tier.picklistValues()).containsExactly(
                PicklistValue.of("Platinum", "Platinum", false, false),
                PicklistValue.of("Gold", "Gold", true, false),
                PicklistValue.of("Silver", "Silver", true, false),
                PicklistValue.of("Bronze", "Bronze", true, true));
        assertThat(d.field("Industry").orElseThrow().isRestrictedPicklist()).isFalse();

        FieldDescribe parent = d.field("ParentId").orElseThrow();
        assertThat(parent.type()).isEqualTo(FieldType.REFERENCE);
        assertThat(parent.referenceTo()).containsExactly("Account");
        assertThat(parent.relationshipName()).contains("Parent");
        FieldDescribe owner = d.field("OwnerId").orElseThrow();
        assertThat(owner.referenceTo()).containsExactly("User");
        assertThat(owner.relationshipName()).contains("Owner");
        assertThat(owner.isDefaultedOnCreate()).isTrue();
        FieldDescribe primary = d.field("Primary_Contact__c").orElseThrow();
        assertThat(primary.relationshipName()).contains("Primary_Contact__r");
        assertThat(d.field("Name").orElseThrow().relationshipName()).isEmpty();
        assertThat(d.field("Name").orElseThrow().referenceTo()).isEmpty();
    }

    @Test
    void readDescribe_minimal_defaultsMissingMembersAndSkipsUnknownOnes() throws IOException {
        SObjectDescribe d = describe("{\"futureThing\":{\"a\":[1,{\"b\":null}]},\"name\":\"Invoice__c\","
                + "\"fields\":[{\"name\":\"Amount__c\",\"type\":\"quantum\",\"newFlag\":true},"
                + "{\"name\":\"Code__c\",\"label\":null,\"referenceTo\":null,\"picklistValues\":null,"
                + "\"length\":\"12\",\"externalId\":\"true\"}],\"keyPrefix\":null}");
        assertThat(d.name()).isEqualTo("Invoice__c");
        assertThat(d.label()).isEqualTo("Invoice__c");
        assertThat(d.keyPrefix()).isEmpty();
        assertThat(d.isCreateable()).isFalse();
        FieldDescribe amount = d.field("amount__c").orElseThrow();
        assertThat(amount.type()).isEqualTo(FieldType.UNKNOWN);
        assertThat(amount.typeAsString()).isEqualTo("quantum");
        assertThat(amount.label()).isEqualTo("Amount__c");
        assertThat(amount.length()).isZero();
        assertThat(amount.isNillable()).isFalse();
        assertThat(amount.picklistValues()).isEmpty();
        FieldDescribe code = d.field("Code__c").orElseThrow();
        assertThat(code.typeAsString()).isEmpty();
        assertThat(code.length()).isEqualTo(12);
        assertThat(code.isExternalId()).isTrue();
    }

    @Test
    void readDescribe_badShapes_failWithTheMemberNamed() {
        assertThatThrownBy(() -> describe("[]")).isInstanceOf(JsonParseException.class)
                .hasMessageContaining("Expected an sObject describe as a JSON object but found START_ARRAY");
        assertThatThrownBy(() -> describe("")).isInstanceOf(JsonParseException.class)
                .hasMessageContaining("found no content");
        assertThatThrownBy(() -> describe("{\"fields\":[]}")).isInstanceOf(JsonParseException.class)
                .hasMessageContaining("no 'name' member");
        assertThatThrownBy(() -> describe("{\"name\":\"Account\"}")).isInstanceOf(JsonParseException.class)
                .hasMessageContaining("The sObject describe of Account has no 'fields' array");
        assertThatThrownBy(() -> describe("{\"name\":\"Account\",\"fields\":[{\"name\":\"X\",\"createable\":3}]}"))
                .isInstanceOf(JsonParseException.class)
                .hasMessageContaining("Expected true or false for 'createable' but found 3");
        assertThatThrownBy(() -> describe("{\"name\":\"Account\",\"fields\":[{\"name\":\"X\",\"length\":-1}]}"))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("'length'");
        assertThatThrownBy(() -> describe("{\"name\":\"Account\",\"fields\":[{\"label\":\"X\"}]}"))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("A field of the sObject describe has no");
        assertThatThrownBy(() -> describe("{\"name\":\"Account\",\"fields\":[{\"name\":\"T\",\"picklistValues\":"
                + "[{\"label\":\"Gold\"}]}]}")).isInstanceOf(JsonParseException.class)
                .hasMessageContaining("A picklist value has no 'value' member");
        assertThatThrownBy(() -> describe("{\"name\":\"Account\",\"fields\":[{\"name\":\"X\"")).isInstanceOf(
                IOException.class);
        assertThatThrownBy(() -> describe("{\"name\":[\"Account\"],\"fields\":[]}"))
                .isInstanceOf(JsonParseException.class)
                .hasMessageContaining("Expected a string for 'name' but found START_ARRAY");
    }

    @Test
    void readLimits_realShape_readsEveryTopLevelLimitAndSkipsPerAppEntries() throws IOException {
        OrgLimits l = limits(fixture("limits.json"));
        assertThat(l.observedAt()).isEqualTo(AT);
        assertThat(l.dailyApiRequests()).contains(OrgLimit.of("DailyApiRequests", 100000, 81588));
        assertThat(l.dailyApiRequests().orElseThrow().used()).isEqualTo(18412);
        assertThat(l.dailyBulkApiBatches()).contains(OrgLimit.of("DailyBulkApiBatches", 15000, 14873));
        assertThat(l.dailyBulkV2QueryJobs()).contains(OrgLimit.of("DailyBulkV2QueryJobs", 10000, 9988));
        assertThat(l.dailyBulkV2QueryFileStorageMB())
                .contains(OrgLimit.of("DailyBulkV2QueryFileStorageMB", 976562, 976510));
        assertThat(l.limit("DataStorageMB")).contains(OrgLimit.of("DataStorageMB", 5, 3));
        assertThat(l.limit("PermissionSets")).contains(OrgLimit.of("PermissionSets", 1500, 1499));
        assertThat(l.all()).hasSize(51).doesNotContainKeys("Salesforce CLI", "CreateCustom");
        assertThat(l.all().keySet()).startsWith("ActiveScratchOrgs", "AnalyticsExternalDataSizeMB");
    }

    @Test
    void readLimits_api29Shape_numbersAsStringsAndTheOldBatchName() throws IOException {
        OrgLimits l = limits("{\"DailyApiRequests\":{\"Remaining\":\"4980\",\"Max\":\"5000\"},"
                + "\"DailyBulkApiRequests\":{\"Remaining\":\"3000\",\"Max\":\"3000\"},"
                + "\"DataStorageMB\":{\"Remaining\":5,\"Max\":5.0},\"Odd\":7,\"Partial\":{\"Max\":1},"
                + "\"Listy\":[1,2]}");
        assertThat(l.dailyApiRequests()).contains(OrgLimit.of("DailyApiRequests", 5000, 4980));
        assertThat(l.dailyBulkApiBatches()).contains(OrgLimit.of("DailyBulkApiRequests", 3000, 3000));
        assertThat(l.limit("DataStorageMB")).contains(OrgLimit.of("DataStorageMB", 5, 5));
        assertThat(l.all()).containsOnlyKeys("DailyApiRequests", "DailyBulkApiRequests", "DataStorageMB");
        assertThat(l.dailyBulkV2QueryJobs()).isEmpty();
    }

    @Test
    void readLimits_badFigures_failWithTheLimitNamed() {
        assertThatThrownBy(() -> limits("{\"DailyApiRequests\":{\"Max\":\"lots\",\"Remaining\":1}}"))
                .isInstanceOf(JsonParseException.class)
                .hasMessageContaining("Expected a whole number for 'DailyApiRequests.Max' but found \"lots\"");
        assertThatThrownBy(() -> limits("{\"DailyApiRequests\":{\"Max\":1.5,\"Remaining\":1}}"))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("DailyApiRequests.Max");
        assertThatThrownBy(() -> limits("[{\"DailyApiRequests\":{}}]")).isInstanceOf(JsonParseException.class)
                .hasMessageContaining("Expected the org limits as a JSON object");
        assertThatThrownBy(() -> limits("<html>Service Unavailable</html>")).isInstanceOf(JsonParseException.class);
    }

    @Test
    void fieldTypes_everyRestNameParsesIgnoringCase() {
        for (FieldType t : FieldType.values()) {
            if (t != FieldType.UNKNOWN) {
                assertThat(FieldType.fromApiName(t.apiName())).isEqualTo(t);
                assertThat(FieldType.fromApiName(t.apiName().toUpperCase(java.util.Locale.ROOT))).isEqualTo(t);
            }
        }
        assertThat(FieldType.fromApiName("anyType")).isEqualTo(FieldType.ANY_TYPE);
        assertThat(FieldType.fromApiName("encryptedstring")).isEqualTo(FieldType.ENCRYPTED_STRING);
        assertThat(FieldType.fromApiName(null)).isEqualTo(FieldType.UNKNOWN);
        assertThat(FieldType.fromApiName("hologram")).isEqualTo(FieldType.UNKNOWN);
        assertThat(List.of(FieldType.values())).hasSize(28);
    }
}
