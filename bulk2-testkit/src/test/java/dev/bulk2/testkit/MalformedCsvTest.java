package dev.bulk2.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Malformed uploads under both {@link MalformedCsv} policies, 0-byte and header-only uploads. */
class MalformedCsvTest {
    private static final String INSERT = "{\"object\":\"Contact\",\"operation\":\"insert\"}";
    /** The text real jobs report (no line number: Salesforce's CSV reader keeps it out of the message). */
    private static final String UNESCAPED_QUOTE = "InvalidBatch : Failed to parse CSV. Found unescaped quote. A value"
            + " with quote should be within a quote";

    private static Bulk2Emulator start(MalformedCsv policy) {
        Bulk2Emulator.Builder b = Bulk2Emulator.builder();
        if (policy != null) {
            b.malformedCsv(policy);
        }
        return b.build().start();
    }

    @Test
    void defaultRejectsTheWholeFileBeforeAnyRecord() {
        try (Bulk2Emulator sf = start(null)) {
            Raw raw = new Raw(sf);
            JobSnapshot job = raw.ingest(INSERT, "LastName\nA\nB\"x\nC\n");
            assertThat(job.state()).isEqualTo("Failed");
            assertThat(job.errorMessage()).isEqualTo(UNESCAPED_QUOTE);
            assertThat(job.numberRecordsProcessed()).isZero();
            assertThat(sf.records("Contact")).isEmpty();
            assertThat(raw.results(job.id(), "unprocessedrecords")).isEqualTo("LastName\nA\nB\"x\nC\n");
            assertThat(raw.results(job.id(), "successfulResults")).isEqualTo("\"sf__Id\",\"sf__Created\",LastName\n");
            assertThat(sf.bulkApiBatchCount()).isZero();
        }
    }

    @Test
    void defaultRejectsAnOpenQuoteAtTheEndAndAMidFileLineEnding() {
        try (Bulk2Emulator sf = start(MalformedCsv.REJECT_FILE)) {
            Raw raw = new Raw(sf);
            JobSnapshot open = raw.ingest(INSERT, "LastName\nA\n\"B\n");
            assertThat(open.errorMessage()).isEqualTo("InvalidBatch : Failed to parse CSV. EOF reached before closing"
                    + " an opened quote");
            assertThat(open.numberRecordsProcessed()).isZero();
            JobSnapshot le = raw.ingest(INSERT, "LastName\nA\nB\r\nC\n");
            assertThat(le.state()).isEqualTo("Failed");
            assertThat(le.errorMessage()).isEqualTo("ClientInputError : LineEnding is invalid on user data. Current"
                    + " LineEnding setting is LF");
            assertThat(le.numberRecordsProcessed()).isZero();
            assertThat(sf.records("Contact")).isEmpty();
        }
    }

    @Test
    void failAtRecordKeepsTheRecordsBeforeTheMalformedOne() {
        try (Bulk2Emulator sf = start(MalformedCsv.FAIL_AT_RECORD)) {
            Raw raw = new Raw(sf);
            JobSnapshot job = raw.ingest(INSERT, "LastName\nA\nB\"x\nC\n");
            assertThat(job.state()).isEqualTo("Failed");
            assertThat(job.errorMessage()).isEqualTo(UNESCAPED_QUOTE);
            assertThat(job.numberRecordsProcessed()).isEqualTo(1);
            assertThat(raw.results(job.id(), "unprocessedrecords")).isEqualTo("LastName\nB\"x\nC\n");
            assertThat(sf.records("Contact")).extracting(m -> m.get("LastName")).containsExactly("A");
            sf.awaitJobState(job.id(), Duration.ofSeconds(1), "Failed");
        }
    }

    @Test
    void rowLevelProblemsFailOnlyTheirRowInBothModes() {
        for (MalformedCsv policy : MalformedCsv.values()) {
            try (Bulk2Emulator sf = start(policy)) {
                Raw raw = new Raw(sf);
                JobSnapshot job = raw.ingest(INSERT, "LastName,FirstName\n\"A\" ,x\nB,y,z\nC,w\n");
                assertThat(job.state()).as(policy.name()).isEqualTo("JobComplete");
                assertThat(job.numberRecordsProcessed()).isEqualTo(3);
                assertThat(job.numberRecordsFailed()).isEqualTo(2);
                assertThat(sf.records("Contact")).extracting(m -> m.get("LastName")).containsExactly("C");
            }
        }
    }

    @Test
    void aByteOrderMarkIsDataAsOnSalesforce() {
        try (Bulk2Emulator sf = start(null)) {
            Raw raw = new Raw(sf);
            // reported for real jobs: the BOM starts an unquoted first field, then the header's quote is unescaped
            JobSnapshot quoted = raw.ingest(INSERT, "\uFEFF\"LastName\",\"FirstName\"\nA,B\n");
            assertThat(quoted.state()).isEqualTo("Failed");
            assertThat(quoted.errorMessage()).isEqualTo(UNESCAPED_QUOTE);
            assertThat(quoted.numberRecordsProcessed()).isZero();
            assertThat(raw.results(quoted.id(), "unprocessedrecords")).isEqualTo("\uFEFF\"LastName\",\"FirstName\"\nA,B\n");
            // unquoted: the first header is "<BOM>LastName", which is no field (reported with Bulk API 1.0)
            JobSnapshot plain = raw.ingest(INSERT, "\uFEFFLastName\nA\n");
            assertThat(plain.state()).isEqualTo("Failed");
            assertThat(plain.errorMessage()).isEqualTo("InvalidBatch : Field name not found : \uFEFFLastName");
            assertThat(sf.records("Contact")).isEmpty();
        }
    }

    @Test
    void wrongValueCountFailsTheJobWhenAskedUnderEitherPolicy() {
        String csv = "LastName,FirstName\nA,x\n\nB,y,z\nC,w\n";
        String message = "InvalidBatch : Failed to parse CSV. The record on line 4 has 3 values but the header has 2"
                + " columns";
        try (Bulk2Emulator sf = Bulk2Emulator.builder().wrongValueCount(WrongValueCount.FAIL_JOB).build().start()) {
            Raw raw = new Raw(sf);
            JobSnapshot job = raw.ingest(INSERT, csv);
            assertThat(job.state()).isEqualTo("Failed");
            assertThat(job.errorMessage()).isEqualTo(message);
            assertThat(job.numberRecordsProcessed()).isZero();
            assertThat(sf.records("Contact")).isEmpty();
            assertThat(raw.results(job.id(), "unprocessedrecords")).isEqualTo(csv);
            // the blank line is no record, so a file without the bad one completes
            JobSnapshot fine = raw.ingest(INSERT, "LastName,FirstName\nA,x\n\nC,w\n");
            assertThat(fine.state()).isEqualTo("JobComplete");
            assertThat(fine.numberRecordsProcessed()).isEqualTo(2);
        }
        try (Bulk2Emulator sf = Bulk2Emulator.builder().wrongValueCount(WrongValueCount.FAIL_JOB)
                .malformedCsv(MalformedCsv.FAIL_AT_RECORD).build().start()) {
            Raw raw = new Raw(sf);
            JobSnapshot job = raw.ingest(INSERT, csv);
            assertThat(job.state()).isEqualTo("Failed");
            assertThat(job.errorMessage()).isEqualTo(message);
            assertThat(job.numberRecordsProcessed()).isEqualTo(1);
            assertThat(sf.records("Contact")).extracting(m -> m.get("LastName")).containsExactly("A");
            assertThat(raw.results(job.id(), "unprocessedrecords")).isEqualTo("LastName,FirstName\nB,y,z\nC,w\n");
        }
    }

    @Test
    void wrongValueCountFailsOnlyItsRowByDefault() {
        try (Bulk2Emulator sf = start(null)) {
            Raw raw = new Raw(sf);
            JobSnapshot job = raw.ingest(INSERT, "LastName,FirstName\nA,x\nB,y,z\nC\n");
            assertThat(job.state()).isEqualTo("JobComplete");
            assertThat(job.numberRecordsProcessed()).isEqualTo(3);
            assertThat(raw.results(job.id(), "failedResults")).isEqualTo("\"sf__Id\",\"sf__Error\",LastName,FirstName\n"
                    + "\"\",\"INVALID_FIELD:The row has 3 values but the header has 2 columns:--\",B,y\n"
                    + "\"\",\"INVALID_FIELD:The row has 1 values but the header has 2 columns:--\",C,\n");
            assertThat(sf.records("Contact")).extracting(m -> m.get("LastName")).containsExactly("A");
        }
    }

    @Test
    void zeroByteUploadCompletesWithNoRecords() {
        try (Bulk2Emulator sf = start(null)) {
            Raw raw = new Raw(sf);
            JobSnapshot job = raw.ingest(INSERT, "");
            assertThat(job.state()).isEqualTo("JobComplete");
            assertThat(job.numberRecordsProcessed()).isZero();
            assertThat(job.numberRecordsFailed()).isZero();
            assertThat(job.errorMessage()).isNull();
            assertThat(raw.results(job.id(), "successfulResults")).isEqualTo("\"sf__Id\",\"sf__Created\"\n");
            assertThat(raw.results(job.id(), "failedResults")).isEqualTo("\"sf__Id\",\"sf__Error\"\n");
            assertThat(raw.results(job.id(), "unprocessedrecords")).isEmpty();
            assertThat(sf.bulkApiBatchCount()).isZero();

            JobSnapshot headerOnly = raw.ingest(INSERT, "LastName\n");
            assertThat(headerOnly.state()).isEqualTo("JobComplete");
            assertThat(headerOnly.numberRecordsProcessed()).isZero();
            assertThat(raw.results(headerOnly.id(), "successfulResults")).isEqualTo("\"sf__Id\",\"sf__Created\",LastName\n");
        }
    }

    @Test
    void closingWithoutAnyUploadStillFails() {
        try (Bulk2Emulator sf = start(null)) {
            Raw raw = new Raw(sf);
            String id = raw.createJob(INSERT);
            assertThat(raw.patch(Raw.base() + "/jobs/ingest/" + id, "{\"state\":\"UploadComplete\"}").status())
                    .isEqualTo(200);
            JobSnapshot job = sf.awaitJobState(id, Duration.ofSeconds(10), "Failed", "JobComplete");
            assertThat(job.state()).isEqualTo("Failed");
            assertThat(job.errorMessage()).startsWith("InvalidBatch : No data was uploaded for this job.");
        }
    }

    @Test
    void standaloneOptionSelectsThePolicy() {
        java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        try (Bulk2Emulator sf = Bulk2EmulatorMain.start(new String[] {"--port", "0", "--malformed-csv",
                "fail-at-record"}, quiet)) {
            JobSnapshot job = new Raw(sf).ingest(INSERT, "LastName\nA\nB\"x\n");
            assertThat(job.numberRecordsProcessed()).isEqualTo(1);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Bulk2EmulatorMain.start(new String[] {
            "--malformed-csv", "lenient"}, quiet)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--malformed-csv must be one of [REJECT_FILE, FAIL_AT_RECORD], got 'lenient'");
        try (Bulk2Emulator sf = Bulk2EmulatorMain.start(new String[] {"--port", "0", "--wrong-value-count",
                "fail-job"}, quiet)) {
            JobSnapshot job = new Raw(sf).ingest(INSERT, "LastName\nA,B\n");
            assertThat(job.state()).isEqualTo("Failed");
            assertThat(job.errorMessage()).startsWith("InvalidBatch : Failed to parse CSV. The record on line 2 has 2");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Bulk2EmulatorMain.start(new String[] {
            "--wrong-value-count", "ignore"}, quiet)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--wrong-value-count must be one of [FAIL_ROW, FAIL_JOB], got 'ignore'");
    }
}
