package dev.bulk2.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.testkit.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The limits and sObject describe resources: exact shapes, counters and enforced caps. */
class LimitsAndDescribeTest {
    private static final String NOT_FOUND = "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]";

    private static Map<?, ?> json(Raw.Resp r) {
        return (Map<?, ?>) plain(Json.parse(r.body().getBytes(StandardCharsets.UTF_8)));
    }

    /** Json numbers as Long, so that parsed values compare with equals. */
    private static Object plain(Object v) {
        if (v instanceof Json.Num) {
            return Long.parseLong(v.toString());
        }
        if (v instanceof Map) {
            Map<Object, Object> m = new LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((k, x) -> m.put(k, plain(x)));
            return m;
        }
        if (v instanceof List) {
            List<Object> l = new ArrayList<>();
            for (Object x : (List<?>) v) {
                l.add(plain(x));
            }
            return l;
        }
        return v;
    }

    @Test
    void limitsAreGeneratedFromCapsAndCountersAndCountAsApiCalls() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().apiCallLimit(50).dailyBulkApiBatches(7)
                .dailyBulkV2QueryJobs(3).dailyBulkV2QueryFileStorageMB(2).dataStorageMB(5).batchSize(2).build()
                .start()) {
            Raw raw = new Raw(sf);
            Raw.Resp first = raw.get(Raw.base() + "/limits");
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
            assertThat(first.header("Sforce-Limit-Info")).isEqualTo("api-usage=1/50");
            assertThat(first.body()).isEqualTo("{\"DailyApiRequests\":{\"Max\":50,\"Remaining\":49},"
                    + "\"DailyBulkApiBatches\":{\"Max\":7,\"Remaining\":7},"
                    + "\"DailyBulkV2QueryFileStorageMB\":{\"Max\":2,\"Remaining\":2},"
                    + "\"DailyBulkV2QueryJobs\":{\"Max\":3,\"Remaining\":3},"
                    + "\"DataStorageMB\":{\"Max\":5,\"Remaining\":5}}");

            // 5 records = 1 Bulk API batch (one per started 10,000, whatever the emulator's batchSize);
            // create + PUT + close = 3 calls
            JobSnapshot j = raw.ingest("{\"object\":\"Contact\",\"operation\":\"insert\"}", "LastName\nA\nB\nC\nD\nE\n");
            assertThat(j.numberRecordsProcessed()).isEqualTo(5);
            assertThat(sf.bulkApiBatchCount()).isEqualTo(1);
            Raw.Resp q = raw.post(Raw.base() + "/jobs/query", "{\"operation\":\"query\",\"query\":\"SELECT Id FROM Contact\"}");
            assertThat(q.status()).isEqualTo(200);
            assertThat(sf.queryJobCount()).isEqualTo(1);

            Raw.Resp second = raw.get(Raw.base() + "/limits/");
            assertThat(second.header("Sforce-Limit-Info")).isEqualTo("api-usage=6/50");
            Map<?, ?> m = json(second);
            assertThat(m.get("DailyApiRequests")).isEqualTo(Map.of("Max", 50L, "Remaining", 44L));
            assertThat(m.get("DailyBulkApiBatches")).isEqualTo(Map.of("Max", 7L, "Remaining", 6L));
            assertThat(m.get("DailyBulkV2QueryJobs")).isEqualTo(Map.of("Max", 3L, "Remaining", 2L));
            assertThat(sf.apiCallCount()).isEqualTo(6);
            assertThat(raw.post(Raw.base() + "/limits", "{}").status()).isEqualTo(405);
        }
    }

    @Test
    void exhaustedApiRequestsGet403EvenOnLimits() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().apiCallLimit(1).build().start()) {
            Raw raw = new Raw(sf);
            assertThat(raw.get(Raw.base() + "/limits").status()).isEqualTo(200);
            Raw.Resp over = raw.get(Raw.base() + "/limits");
            assertThat(over.status()).isEqualTo(403);
            assertThat(over.body()).isEqualTo(
                    "[{\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"TotalRequests Limit exceeded.\"}]");
            assertThat(over.header("Sforce-Limit-Info")).isEqualTo("api-usage=1/1");
            assertThat(sf.apiCallCount()).isEqualTo(1);
        }
    }

    /** {@code rows} Contact rows {@code LastName\nL0\nL1...}. */
    private static String contacts(int rows) {
        StringBuilder csv = new StringBuilder("LastName\n");
        for (int i = 0; i < rows; i++) {
            csv.append('L').append(i).append('\n');
        }
        return csv.toString();
    }

    @Test
    void oneBulkBatchPerStartedTenThousandRecordsOfEachJob() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().storeMode(StoreMode.KEYS_ONLY).build().start()) {
            Raw raw = new Raw(sf);
            String insert = "{\"object\":\"Contact\",\"operation\":\"insert\"}";
            assertThat(raw.ingest(insert, contacts(10_000)).numberRecordsProcessed()).isEqualTo(10_000);
            assertThat(sf.bulkApiBatchCount()).isEqualTo(1);
            assertThat(raw.ingest(insert, contacts(10_001)).numberRecordsProcessed()).isEqualTo(10_001);
            assertThat(sf.bulkApiBatchCount()).isEqualTo(3);
            // failed records are processed records and count; a header-only or empty upload takes none
            JobSnapshot failing = raw.ingest(insert, "FirstName\nNoLastName\n");
            assertThat(failing.numberRecordsFailed()).isEqualTo(1);
            assertThat(sf.bulkApiBatchCount()).isEqualTo(4);
            raw.ingest(insert, "LastName\n");
            raw.ingest(insert, "");
            assertThat(sf.bulkApiBatchCount()).isEqualTo(4);
            Map<?, ?> limits = json(raw.get(Raw.base() + "/limits"));
            assertThat(limits.get("DailyBulkApiBatches")).isEqualTo(Map.of("Max", 15_000L, "Remaining", 14_996L));
        }
    }

    @Test
    void exhaustedBulkBatchesFailTheJobWithTheRestUnprocessed() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().dailyBulkApiBatches(2).batchSize(1_000)
                .storeMode(StoreMode.KEYS_ONLY).build().start()) {
            Raw raw = new Raw(sf);
            String insert = "{\"object\":\"Contact\",\"operation\":\"insert\"}";
            assertThat(raw.ingest(insert, "LastName\nFirst\n").state()).isEqualTo("JobComplete");
            String csv = contacts(10_002);
            JobSnapshot j = raw.ingest(insert, csv);
            assertThat(j.state()).isEqualTo("Failed");
            assertThat(j.errorMessage()).isEqualTo("ExceededQuota : The job or batch you tried to create exceeds the"
                    + " allowed number for the past 24-hour period.");
            assertThat(j.numberRecordsProcessed()).isEqualTo(10_000);
            assertThat(j.numberRecordsFailed()).isZero();
            assertThat(raw.results(j.id(), "unprocessedrecords")).isEqualTo("LastName\nL10000\nL10001\n");
            assertThat(sf.records("Contact")).hasSize(10_001);
            assertThat(sf.bulkApiBatchCount()).isEqualTo(2);
            Map<?, ?> limits = json(raw.get(Raw.base() + "/limits"));
            assertThat(limits.get("DailyBulkApiBatches")).isEqualTo(Map.of("Max", 2L, "Remaining", 0L));

            // with none left, the next job fails before its first record
            JobSnapshot next = raw.ingest(insert, "LastName\nLate\n");
            assertThat(next.state()).isEqualTo("Failed");
            assertThat(next.errorMessage()).startsWith("ExceededQuota : ");
            assertThat(next.numberRecordsProcessed()).isZero();
            assertThat(raw.results(next.id(), "unprocessedrecords")).isEqualTo("LastName\nLate\n");
            assertThat(sf.records("Contact")).hasSize(10_001);
        }
    }

    @Test
    void exhaustedQueryJobsAreRefusedAtCreate() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().dailyBulkV2QueryJobs(1).build().start()) {
            Raw raw = new Raw(sf);
            String q = "{\"operation\":\"query\",\"query\":\"SELECT Id FROM Account\"}";
            assertThat(raw.post(Raw.base() + "/jobs/query", q).status()).isEqualTo(200);
            Raw.Resp refused = raw.post(Raw.base() + "/jobs/query", q);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body()).isEqualTo("[{\"errorCode\":\"EXCEEDEDQUOTA\",\"message\":\"ExceededQuota : The"
                    + " job or batch you tried to create exceeds the allowed number for the past 24-hour period.\"}]");
            assertThat(sf.queryJobCount()).isEqualTo(1);
            assertThat(sf.jobs()).hasSize(1);
            assertThat(sf.apiCallCount()).isEqualTo(2);
            Map<?, ?> limits = json(raw.get(Raw.base() + "/limits"));
            assertThat(limits.get("DailyBulkV2QueryJobs")).isEqualTo(Map.of("Max", 1L, "Remaining", 0L));
            // ingest jobs do not use query jobs
            assertThat(raw.ingest("{\"object\":\"Contact\",\"operation\":\"insert\"}", "LastName\nA\n").state())
                    .isEqualTo("JobComplete");
        }
    }

    @Test
    void exhaustedQueryStorageFailsTheQueryJob() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().dailyBulkV2QueryFileStorageMB(0).build().start()) {
            Raw raw = new Raw(sf);
            Raw.Resp r = raw.post(Raw.base() + "/jobs/query", "{\"operation\":\"query\",\"query\":\"SELECT Id FROM Account\"}");
            JobSnapshot j = sf.awaitJobState(Raw.field(r.body(), "id"), java.time.Duration.ofSeconds(10), "Failed",
                    "JobComplete");
            assertThat(j.state()).isEqualTo("Failed");
            assertThat(j.errorMessage()).isEqualTo("ExceededQuota : The daily Bulk API 2.0 query result storage of 0 MB"
                    + " (DailyBulkV2QueryFileStorageMB) is used up");
        }
    }

    @Test
    void describeIsGeneratedFromTheSchema() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().build().start()) {
            Raw raw = new Raw(sf);
            Raw.Resp r = raw.get(Raw.base() + "/sobjects/contact/describe");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Sforce-Limit-Info")).isEqualTo("api-usage=1/100000");
            Map<?, ?> d = json(r);
            assertThat(d.get("name")).isEqualTo("Contact");
            assertThat(d.get("keyPrefix")).isEqualTo("003");
            assertThat(d.get("label")).isEqualTo("Contact");
            assertThat(d.get("custom")).isEqualTo(false);
            assertThat(d.get("createable")).isEqualTo(true);
            assertThat(d.get("queryable")).isEqualTo(true);
            assertThat(((Map<?, ?>) d.get("urls")).get("sobject")).isEqualTo("/services/data/v64.0/sobjects/Contact");
            List<?> rts = (List<?>) d.get("recordTypeInfos");
            assertThat(((Map<?, ?>) rts.get(0)).get("recordTypeId")).isEqualTo("012000000000000AAA");
            List<?> fields = (List<?>) d.get("fields");
            assertThat(fields).hasSize(ObjectSchema.contact().fields().size());
            Map<?, ?> id = field(fields, "Id");
            assertThat(id.get("type")).isEqualTo("id");
            assertThat(id.get("length")).isEqualTo(18L);
            assertThat(id.get("nillable")).isEqualTo(false);
            assertThat(id.get("defaultedOnCreate")).isEqualTo(true);
            assertThat(id.get("idLookup")).isEqualTo(true);
            Map<?, ?> account = field(fields, "AccountId");
            assertThat(account.get("type")).isEqualTo("reference");
            assertThat(account.get("referenceTo")).isEqualTo(List.of("Account"));
            assertThat(account.get("relationshipName")).isEqualTo("Account");
            assertThat(account.get("soapType")).isEqualTo("tns:ID");
            Map<?, ?> ext = field(fields, "External_ID__c");
            assertThat(ext.get("externalId")).isEqualTo(true);
            assertThat(ext.get("unique")).isEqualTo(true);
            assertThat(ext.get("custom")).isEqualTo(true);
            assertThat(ext.get("length")).isEqualTo(255L);
            assertThat(ext.get("byteLength")).isEqualTo(765L);
            Map<?, ?> last = field(fields, "LastName");
            assertThat(last.get("nillable")).isEqualTo(false);
            assertThat(last.get("createable")).isEqualTo(true);
            assertThat(last.get("label")).isEqualTo("Last Name");
            Map<?, ?> salutation = field(fields, "Salutation");
            assertThat(salutation.get("type")).isEqualTo("picklist");
            assertThat(salutation.get("restrictedPicklist")).isEqualTo(true);
            Map<Object, Object> mr = new LinkedHashMap<>();
            mr.put("active", true);
            mr.put("defaultValue", false);
            mr.put("label", "Mr.");
            mr.put("validFor", null);
            mr.put("value", "Mr.");
            assertThat(((List<?>) salutation.get("picklistValues")).get(0)).isEqualTo(mr);
            Map<?, ?> created = field(fields, "CreatedDate");
            assertThat(created.get("type")).isEqualTo("datetime");
            assertThat(created.get("createable")).isEqualTo(false);
            assertThat(created.get("updateable")).isEqualTo(false);
            assertThat(created.get("length")).isEqualTo(0L);

            Map<?, ?> acc = json(raw.get(Raw.base() + "/sobjects/Account/describe/"));
            List<?> children = (List<?>) acc.get("childRelationships");
            assertThat(children).hasSize(2);
            Map<?, ?> self = (Map<?, ?>) children.get(0);
            assertThat(self.get("childSObject")).isEqualTo("Account");
            assertThat(self.get("field")).isEqualTo("ParentId");
            assertThat(self.get("relationshipName")).isEqualTo("ChildAccounts");
            Map<?, ?> c = (Map<?, ?>) children.get(1);
            assertThat(c.get("childSObject")).isEqualTo("Contact");
            assertThat(c.get("field")).isEqualTo("AccountId");
            assertThat(c.get("relationshipName")).isEqualTo("Contacts");
            Map<?, ?> parent = field((List<?>) acc.get("fields"), "ParentId");
            assertThat(parent.get("referenceTo")).isEqualTo(List.of("Account"));
            assertThat(parent.get("relationshipName")).isEqualTo("Parent");
            assertThat(field((List<?>) acc.get("fields"), "Name").get("idLookup")).isEqualTo(true);
        }
    }

    @Test
    void describeListsTheObjectsRecordTypesAfterMaster() {
        ObjectSchema recordType = ObjectSchema.builder("RecordType", "012").field(FieldSchema.string("Name", 80))
                .field(FieldSchema.string("DeveloperName", 80)).field(FieldSchema.string("SobjectType", 40))
                .field(FieldSchema.of("IsActive", FieldType.BOOLEAN)).build();
        try (Bulk2Emulator sf = Bulk2Emulator.builder().schema(ObjectSchema.account(), ObjectSchema.contact(),
                recordType).build().start()) {
            sf.insertRecords("RecordType", List.of(
                    Map.of("Name", "Person Account", "DeveloperName", "PersonAccount", "SobjectType", "Account"),
                    Map.of("Name", "Old", "DeveloperName", "Old", "SobjectType", "Account", "IsActive", "false"),
                    Map.of("Name", "Partner", "DeveloperName", "Partner", "SobjectType", "Contact")));
            String personId = sf.records("RecordType").stream().filter(r -> "PersonAccount".equals(
                    r.get("DeveloperName"))).findFirst().orElseThrow().get("Id");
            Raw raw = new Raw(sf);
            List<?> rts = (List<?>) json(raw.get(Raw.base() + "/sobjects/Account/describe")).get("recordTypeInfos");
            assertThat(rts).hasSize(3);
            Map<?, ?> master = (Map<?, ?>) rts.get(0);
            assertThat(master.get("master")).isEqualTo(true);
            assertThat(master.get("developerName")).isEqualTo("Master");
            Map<?, ?> person = (Map<?, ?>) rts.get(1);
            assertThat(person.get("developerName")).isEqualTo("PersonAccount");
            assertThat(person.get("name")).isEqualTo("Person Account");
            assertThat(person.get("recordTypeId")).isEqualTo(personId);
            assertThat(person.get("active")).isEqualTo(true);
            assertThat(person.get("available")).isEqualTo(true);
            assertThat(person.get("master")).isEqualTo(false);
            assertThat(person.get("defaultRecordTypeMapping")).isEqualTo(false);
            assertThat(((Map<?, ?>) rts.get(2)).get("active")).isEqualTo(false);
            List<?> contact = (List<?>) json(raw.get(Raw.base() + "/sobjects/Contact/describe")).get("recordTypeInfos");
            List<Object> names = new ArrayList<>();
            contact.forEach(m -> names.add(((Map<?, ?>) m).get("developerName")));
            assertThat(names).containsExactly("Master", "Partner");
        }
    }

    @Test
    void unknownObjectIsTheRealNotFound() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().build().start()) {
            Raw raw = new Raw(sf);
            Raw.Resp r = raw.get(Raw.base() + "/sobjects/Nope__c/describe");
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.body()).isEqualTo(NOT_FOUND);
            assertThat(raw.delete(Raw.base() + "/sobjects/Account/describe").status()).isEqualTo(405);
            assertThat(sf.apiCallCount()).isEqualTo(2);
        }
    }

    private static Map<?, ?> field(List<?> fields, String name) {
        for (Object f : fields) {
            if (name.equals(((Map<?, ?>) f).get("name"))) {
                return (Map<?, ?>) f;
            }
        }
        throw new AssertionError("no field " + name);
    }
}
