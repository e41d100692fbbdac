package dev.bulk2.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A key repeated within one upsert job fails every copy, the first included. */
class DuplicateUpsertKeyTest {
    private static final String UPSERT = "{\"object\":\"Contact\",\"operation\":\"upsert\","
            + "\"externalIdFieldName\":\"External_ID__c\"}";

    @Test
    void everyCopyFailsAndNothingIsWrittenForThatKey() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().batchSize(2).build().start()) {
            String existing = sf.insertRecords("Contact", List.of(Map.of("LastName", "Old", "External_ID__c", "K-3")))
                    .get(0);
            Raw raw = new Raw(sf);
            JobSnapshot j = raw.ingest(UPSERT, "External_ID__c,LastName\nK-1,A\nK-2,B\nk-1,C\nK-3,D\nK-1,E\nK-3,F\n");
            assertThat(j.state()).isEqualTo("JobComplete");
            assertThat(j.numberRecordsProcessed()).isEqualTo(6);
            assertThat(j.numberRecordsFailed()).isEqualTo(5);
            assertThat(raw.results(j.id(), "failedResults")).isEqualTo("\"sf__Id\",\"sf__Error\",External_ID__c,LastName\n"
                    + "\"\",\"DUPLICATE_VALUE:Duplicate external id specified: K-1:--\",K-1,A\n"
                    + "\"\",\"DUPLICATE_VALUE:Duplicate external id specified: k-1:--\",k-1,C\n"
                    + "\"\",\"DUPLICATE_VALUE:Duplicate external id specified: K-3:--\",K-3,D\n"
                    + "\"\",\"DUPLICATE_VALUE:Duplicate external id specified: K-1:--\",K-1,E\n"
                    + "\"\",\"DUPLICATE_VALUE:Duplicate external id specified: K-3:--\",K-3,F\n");
            List<Map<String, String>> records = sf.records("Contact");
            assertThat(records).hasSize(2);
            assertThat(records.get(0)).containsEntry("Id", existing).containsEntry("LastName", "Old");
            assertThat(records.get(1)).containsEntry("External_ID__c", "K-2").containsEntry("LastName", "B");
        }
    }

    @Test
    void manyDistinctKeysAreNotFlagged() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().storeMode(StoreMode.KEYS_ONLY).build().start()) {
            StringBuilder csv = new StringBuilder("External_ID__c,LastName\n");
            for (int i = 0; i < 50_000; i++) {
                csv.append("X-").append(i).append(",L\n");
            }
            csv.append("x-49999,Again\n");
            JobSnapshot j = new Raw(sf).ingest(UPSERT, csv.toString());
            assertThat(j.numberRecordsProcessed()).isEqualTo(50_001);
            assertThat(j.numberRecordsFailed()).isEqualTo(2);
            assertThat(sf.records("Contact")).hasSize(49_999);
        }
    }
}
