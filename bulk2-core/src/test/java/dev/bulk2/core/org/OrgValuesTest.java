package dev.bulk2.core.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrgValuesTest {
    private static final Instant T = Instant.parse("2025-06-02T09:14:06Z");

    private static FieldDescribe clientId() {
        return FieldDescribe.builder().name("Client_Id__c").label("Client ID").type("string").length(36)
                .createable(true).updateable(true).nillable(true).externalId(true).idLookup(true).unique(true)
                .custom(true).build();
    }

    private static FieldDescribe tier() {
        return FieldDescribe.builder().name("Customer_Tier__c").type(FieldType.PICKLIST).restrictedPicklist(true)
                .addPicklistValue(PicklistValue.of("Gold", null, true, false))
                .addPicklistValue(PicklistValue.of("Bronze", "Bronze tier", true, true)).build();
    }

    private static FieldDescribe parent() {
        return FieldDescribe.builder().name("ParentId").type("reference").length(18).addReferenceTo("Account")
                .relationshipName("Parent").createable(true).build();
    }

    private static SObjectDescribe account() {
        return SObjectDescribe.builder().name("Account").keyPrefix("001").createable(true).updateable(true)
                .deletable(true).queryable(true).addField(clientId()).addField(tier()).addField(parent()).build();
    }

    @Test
    void fieldDescribe_defaultsAndAccessors() {
        FieldDescribe f = FieldDescribe.builder().name("Foo__c").build();
        assertThat(f.label()).isEqualTo("Foo__c");
        assertThat(f.type()).isEqualTo(FieldType.UNKNOWN);
        assertThat(f.typeAsString()).isEmpty();
        assertThat(f.length()).isZero();
        assertThat(f.isNillable()).isFalse();
        assertThat(f.isCreateable()).isFalse();
        assertThat(f.relationshipName()).isEmpty();
        assertThat(f.referenceTo()).isEmpty();
        assertThat(f.picklistValues()).isEmpty();

        FieldDescribe t = tier();
        assertThat(t.type()).isEqualTo(FieldType.PICKLIST);
        assertThat(t.typeAsString()).isEqualTo("picklist");
        assertThat(t.picklistValues().get(0).label()).as("label defaults to value").isEqualTo("Gold");
        assertThat(t.picklistValues().get(1).isDefaultValue()).isTrue();
        assertThat(FieldDescribe.builder().name("X").type(FieldType.UNKNOWN).build().typeAsString()).isEmpty();
    }

    @Test
    void fieldDescribe_validates() {
        assertThatThrownBy(() -> FieldDescribe.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name is required");
        assertThatThrownBy(() -> FieldDescribe.builder().name(" ").build())
                .hasMessageContaining("name is required");
        assertThatThrownBy(() -> FieldDescribe.builder().length(-1)).hasMessageContaining("length must not be negative");
        assertThatThrownBy(() -> FieldDescribe.builder().addReferenceTo(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SObjectDescribe.builder().build()).hasMessageContaining("name is required");
        assertThatThrownBy(() -> PicklistValue.of(null, "x", true, false)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void collectionsAreCopiedInAndUnmodifiable() {
        List<String> refs = new ArrayList<>(List.of("User", "Group"));
        FieldDescribe owner = FieldDescribe.builder().name("OwnerId").referenceTo(refs).build();
        refs.add("Queue");
        assertThat(owner.referenceTo()).containsExactly("User", "Group");
        assertThatThrownBy(() -> owner.referenceTo().add("X")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> tier().picklistValues().clear()).isInstanceOf(UnsupportedOperationException.class);

        List<FieldDescribe> fields = new ArrayList<>(List.of(clientId()));
        SObjectDescribe d = SObjectDescribe.builder().name("Account").fields(fields).build();
        fields.add(tier());
        assertThat(d.fields()).hasSize(1);
        assertThatThrownBy(() -> d.fields().add(tier())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> d.externalIdFields().clear()).isInstanceOf(UnsupportedOperationException.class);
        OrgLimits l = OrgLimits.of(List.of(OrgLimit.of("DailyApiRequests", 10, 5)), T);
        assertThatThrownBy(() -> l.all().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void sObjectDescribe_fieldLookupIgnoresCase() {
        SObjectDescribe d = account();
        assertThat(d.field("client_id__c")).containsSame(d.fields().get(0));
        assertThat(d.field("CUSTOMER_TIER__C").orElseThrow().name()).isEqualTo("Customer_Tier__c");
        assertThat(d.field(" ParentId ")).isPresent();
        assertThat(d.field("Client_Id__pc")).isEmpty();
        assertThat(d.externalIdFields()).containsExactly(clientId());
        assertThat(d.label()).isEqualTo("Account");
        assertThat(SObjectDescribe.builder().name("Case").build().keyPrefix()).isEmpty();
    }

    @Test
    void equalsHashCodeToBuilder() {
        assertThat(account()).isEqualTo(account()).hasSameHashCodeAs(account());
        assertThat(account().toBuilder().build()).isEqualTo(account());
        assertThat(account().toBuilder().deletable(false).build()).isNotEqualTo(account());
        assertThat(account().toBuilder().keyPrefix(null).build()).isNotEqualTo(account());
        for (FieldDescribe f : account().fields()) {
            assertThat(f.toBuilder().build()).isEqualTo(f).hasSameHashCodeAs(f);
        }
        assertThat(clientId().toBuilder().unique(false).build()).isNotEqualTo(clientId());
        assertThat(clientId().toBuilder().length(37).build()).isNotEqualTo(clientId());
        assertThat(parent().toBuilder().relationshipName("Parent__r").build()).isNotEqualTo(parent());
        assertThat(tier().toBuilder().picklistValues(List.of()).build()).isNotEqualTo(tier());
        assertThat(PicklistValue.of("Gold", null, true, false)).isEqualTo(PicklistValue.of("Gold", "Gold", true, false))
                .isNotEqualTo(PicklistValue.of("Gold", "Gold", false, false));
        assertThat(OrgLimit.of("A", 10, 5)).isEqualTo(OrgLimit.of("A", 10, 5)).hasSameHashCodeAs(OrgLimit.of("A", 10, 5))
                .isNotEqualTo(OrgLimit.of("A", 10, 4)).isNotEqualTo(OrgLimit.of("B", 10, 5));
        OrgLimits a = OrgLimits.of(List.of(OrgLimit.of("A", 10, 5)), T);
        assertThat(a).isEqualTo(OrgLimits.of(List.of(OrgLimit.of("A", 10, 5)), T))
                .isNotEqualTo(OrgLimits.of(List.of(OrgLimit.of("A", 10, 5)), T.plusSeconds(1)));
        assertThat(account()).isNotEqualTo(null).isNotEqualTo("Account");
    }

    @Test
    void toStrings_areCompactAndReadable() {
        assertThat(account().toString()).isEqualTo("SObjectDescribe{Account, keyPrefix=001, createable, updateable, "
                + "deletable, queryable, fields=3}");
        assertThat(clientId().toString()).isEqualTo("FieldDescribe{Client_Id__c string(36), createable, updateable, "
                + "nillable, externalId, idLookup, unique}");
        assertThat(parent().toString()).isEqualTo("FieldDescribe{ParentId reference(18), createable, "
                + "referenceTo=[Account], relationshipName=Parent}");
        assertThat(tier().toString()).isEqualTo("FieldDescribe{Customer_Tier__c picklist, restrictedPicklist, "
                + "picklistValues=2}");
        assertThat(PicklistValue.of("Bronze", "Bronze tier", false, true).toString())
                .isEqualTo("PicklistValue{Bronze (Bronze tier), inactive, default}");
        assertThat(OrgLimit.of("DailyBulkApiBatches", 15000, 14873).toString())
                .isEqualTo("DailyBulkApiBatches{used=127, max=15000, remaining=14873}");
    }

    @Test
    void orgLimits_typedAccessorsAndTheOldBatchName() {
        OrgLimits l = OrgLimits.of(List.of(OrgLimit.of("DailyApiRequests", 100000, 81588),
                OrgLimit.of("DailyBulkApiRequests", 10000, 9000), OrgLimit.of("DailyBulkApiBatches", 15000, 14873),
                OrgLimit.of("DailyBulkV2QueryJobs", 10000, 9988)), T);
        assertThat(l.dailyBulkApiBatches()).as("the current name wins").contains(
                OrgLimit.of("DailyBulkApiBatches", 15000, 14873));
        assertThat(l.dailyBulkV2QueryFileStorageMB()).isEmpty();
        assertThat(l.limit("dailyapirequests")).as("limit names are exact").isEmpty();
        assertThat(l.toString()).isEqualTo("OrgLimits{DailyApiRequests{used=18412, max=100000, remaining=81588}, "
                + "DailyBulkApiBatches{used=127, max=15000, remaining=14873}, "
                + "DailyBulkV2QueryJobs{used=12, max=10000, remaining=9988}, 4 limits, "
                + "observedAt=2025-06-02T09:14:06Z}");
        OrgLimits old = OrgLimits.of(List.of(OrgLimit.of("DailyBulkApiRequests", 10000, 9000)), T);
        assertThat(old.dailyBulkApiBatches().orElseThrow().used()).isEqualTo(1000);
        assertThat(OrgLimits.of(List.of(), T).dailyBulkApiBatches()).isEmpty();
        OrgLimits dup = OrgLimits.of(List.of(OrgLimit.of("A", 1, 1), OrgLimit.of("A", 2, 0)), T);
        assertThat(dup.limit("A")).contains(OrgLimit.of("A", 2, 0));
    }

    @Test
    void orgLimit_usedAndFraction() {
        OrgLimit l = OrgLimit.of("DailyApiRequests", 100000, 81588);
        assertThat(l.used()).isEqualTo(18412);
        assertThat(l.usedFraction()).isEqualTo(0.18412);
        assertThat(OrgLimit.of("X", 0, 0).usedFraction()).isZero();
        assertThat(OrgLimit.of("X", 100, -5).used()).as("an overdraft shows as used > max").isEqualTo(105);
        assertThatThrownBy(() -> OrgLimit.of(" ", 1, 1)).hasMessageContaining("name must not be blank");
    }
}
