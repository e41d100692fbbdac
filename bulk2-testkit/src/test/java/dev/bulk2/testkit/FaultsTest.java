package dev.bulk2.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultsTest {
    private static List<Integer> statuses(FaultPlan plan, int n) {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().faults(plan).build().start()) {
            Raw raw = new Raw(sf);
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(raw.get(Raw.base() + "/jobs/ingest").status());
            }
            return out;
        }
    }

    @Test
    void serverErrorsAndThrottlingAreDeterministicPerSeed() {
        FaultPlan plan = FaultPlan.builder().seed(42).serverErrorRate(0.3).throttleRate(0.2).build();
        List<Integer> a = statuses(plan, 40);
        List<Integer> b = statuses(plan, 40);
        assertThat(a).isEqualTo(b).contains(200, 500, 503).containsOnly(200, 500, 503);
        assertThat(statuses(plan.toBuilder().seed(7).build(), 40)).isNotEqualTo(a);
    }

    @Test
    void serverErrorBodyCarriesAnErrorId() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().faults(FaultPlan.builder().serverErrorRate(1).build())
                .build().start()) {
            Raw.Resp r = new Raw(sf).get(Raw.base() + "/jobs/ingest");
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.body()).matches("\\[\\{\"errorCode\":\"UNKNOWN_EXCEPTION\",\"message\":\"An unexpected error"
                    + " occurred. Please include this ErrorId if you contact support: \\d+-\\d+ \\(-?\\d+\\)\"}]");
        }
        try (Bulk2Emulator sf = Bulk2Emulator.builder()
                .faults(FaultPlan.parse("throttleRate=1,throttleStatus=403")).build().start()) {
            assertThat(new Raw(sf).get(Raw.base() + "/jobs/ingest").body()).contains("REQUEST_LIMIT_EXCEEDED");
        }
    }

    @Test
    void lockErrorsHitFirstAttemptsOnlyAndSucceedWhenResubmitted() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().faults(FaultPlan.builder().seed(3).lockErrorRate(0.5).build())
                .build().start()) {
            Raw raw = new Raw(sf);
            StringBuilder csv = new StringBuilder("External_ID__c,LastName\n");
            for (int i = 0; i < 40; i++) {
                csv.append("E").append(i).append(",L").append(i).append('\n');
            }
            String job = "{\"object\":\"Contact\",\"operation\":\"upsert\",\"externalIdFieldName\":\"External_ID__c\"}";
            JobSnapshot first = raw.ingest(job, csv.toString());
            assertThat(first.numberRecordsFailed()).isBetween(5L, 35L);
            String failed = raw.results(first.id(), "failedResults");
            assertThat(failed.lines().skip(1)).allMatch(l -> l.contains(
                    "UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record or 1 records: "));
            String retry = "External_ID__c,LastName\n" + String.join("\n", failed.lines().skip(1)
                    .map(l -> l.substring(l.indexOf("--\",") + 4)).toList()) + "\n";
            JobSnapshot second = raw.ingest(job, retry);
            assertThat(second.numberRecordsFailed()).isZero();
            assertThat(sf.records("Contact")).hasSize(40);
        }
    }

    @Test
    void jobsFailPartWayLeavingUnprocessedRecords() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().faults(FaultPlan.builder().failJobAfterRecords(3).build())
                .build().start()) {
            JobSnapshot j = new Raw(sf).ingest("{\"object\":\"Contact\",\"operation\":\"insert\"}",
                    "LastName\nA\nB\nC\nD\nE\n");
            assertThat(j.state()).isEqualTo("Failed");
            assertThat(j.numberRecordsProcessed()).isEqualTo(3);
            assertThat(j.errorMessage()).isNotBlank();
            assertThat(new Raw(sf).results(j.id(), "unprocessedrecords")).isEqualTo("LastName\nD\nE\n");
            assertThat(sf.records("Contact")).hasSize(3);
        }
    }

    @Test
    void droppedUploadsAndDownloadsCloseTheConnection() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder()
                .faults(FaultPlan.builder().dropUploadRate(1).dropDownloadRate(1).build()).build().start()) {
            Raw raw = new Raw(sf);
            String id = raw.createJob("{\"object\":\"Contact\",\"operation\":\"insert\"}");
            String big = "LastName\n" + "x\n".repeat(50_000);
            assertThatThrownBy(() -> raw.put(Raw.base() + "/jobs/ingest/" + id + "/batches", big))
                    .isInstanceOf(UncheckedIOException.class);
            assertThat(sf.job(id).orElseThrow().uploadCount()).isZero();
            assertThat(sf.requests()).anySatisfy(r -> {
                assertThat(r.method()).isEqualTo("PUT");
                assertThat(r.status()).isZero();
            });
            raw.patch(Raw.base() + "/jobs/ingest/" + id, "{\"state\":\"Aborted\"}");
            sf.awaitJobState(id, Duration.ofSeconds(5), "Aborted");
            assertThatThrownBy(() -> raw.get(Raw.base() + "/jobs/ingest/" + id + "/successfulResults/"))
                    .isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void tokensExpireEveryNRequests() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().faults(FaultPlan.parse("expireTokenEveryNRequests=3"))
                .build().start()) {
            Raw raw = new Raw(sf);
            assertThat(raw.get(Raw.base() + "/jobs/ingest").status()).isEqualTo(200);
            assertThat(raw.get(Raw.base() + "/jobs/ingest").status()).isEqualTo(200);
            assertThat(raw.get(Raw.base() + "/jobs/ingest").status()).isEqualTo(401);
            raw.token = sf.issueToken();
            assertThat(raw.get(Raw.base() + "/jobs/ingest").status()).isEqualTo(200);
        }
    }

    @Test
    void parseRejectsUnknownKeys() {
        assertThatThrownBy(() -> FaultPlan.parse("nope=1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown fault 'nope'");
        assertThat(FaultPlan.parse("seed=5,slowResponseMillis=10,slowResponseRate=0.5"))
                .isEqualTo(FaultPlan.builder().seed(5).slowResponse(Duration.ofMillis(10), 0.5).build());
    }
}
