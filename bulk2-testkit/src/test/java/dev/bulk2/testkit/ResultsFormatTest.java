package dev.bulk2.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.LineEnding;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResultsFormatTest {
    @RegisterExtension
    static final Bulk2EmulatorExtension SF = Bulk2EmulatorExtension.builder().resetBeforeEach(true).build();

    Raw raw;

    @BeforeEach
    void setUp() {
        raw = new Raw(SF.emulator());
    }

    static Stream<Arguments> dialects() {
        List<Arguments> out = new ArrayList<>();
        for (ColumnDelimiter d : ColumnDelimiter.values()) {
            for (LineEnding le : LineEnding.values()) {
                out.add(Arguments.of(d, le));
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void resultsUseTheJobsDelimiterAndLineEnding(ColumnDelimiter d, LineEnding le) {
        String c = String.valueOf(d.character());
        String n = le.separator();
        String csv = "LastName" + c + "Title" + c + "Email" + n
                + "Smith" + c + "\"Dr" + c + " \"\"Q\"\"\"" + c + "s@example.com" + n
                + "Bad" + c + "X" + c + "not-an-email" + n;
        JobSnapshot job = raw.ingest("{\"object\":\"Contact\",\"operation\":\"insert\",\"columnDelimiter\":\""
                + d.apiName() + "\",\"lineEnding\":\"" + le.apiName() + "\"}", csv);
        assertThat(job.state()).isEqualTo("JobComplete");
        String id = SF.emulator().records("Contact").get(0).get("Id");
        assertThat(SF.emulator().records("Contact").get(0)).containsEntry("Title", "Dr" + c + " \"Q\"");
        assertThat(raw.results(job.id(), "successfulResults")).isEqualTo(
                "\"sf__Id\"" + c + "\"sf__Created\"" + c + "LastName" + c + "Title" + c + "Email" + n
                        + "\"" + id + "\"" + c + "\"true\"" + c + "Smith" + c + "\"Dr" + c + " \"\"Q\"\"\"" + c
                        + "s@example.com" + n);
        assertThat(raw.results(job.id(), "failedResults")).isEqualTo(
                "\"sf__Id\"" + c + "\"sf__Error\"" + c + "LastName" + c + "Title" + c + "Email" + n
                        + "\"\"" + c + "\"INVALID_EMAIL_ADDRESS:Email: invalid email address: not-an-email:Email --\""
                        + c + "Bad" + c + "X" + c + "not-an-email" + n);
        assertThat(raw.results(job.id(), "unprocessedrecords")).isEqualTo("LastName" + c + "Title" + c + "Email" + n);
    }

    @Test
    void lineEndingMismatchFailsTheJobWithAllRowsUnprocessed() {
        JobSnapshot job = raw.ingest("{\"object\":\"Contact\",\"operation\":\"insert\"}", "LastName\r\nA\r\nB\r\n");
        assertThat(job.state()).isEqualTo("Failed");
        assertThat(job.errorMessage())
                .isEqualTo("ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF");
        assertThat(raw.get(Raw.base() + "/jobs/ingest/" + job.id()).body()).contains(
                "\"errorMessage\":\"ClientInputError : LineEnding is invalid on user data. Current LineEnding"
                        + " setting is LF\"", "\"numberRecordsProcessed\":0");
        assertThat(raw.results(job.id(), "unprocessedrecords")).isEqualTo("LastName\r\nA\r\nB\r\n");
        assertThat(raw.results(job.id(), "successfulResults")).isEqualTo("\"sf__Id\",\"sf__Created\",LastName\n");

        JobSnapshot crlf = raw.ingest("{\"object\":\"Contact\",\"operation\":\"insert\",\"lineEnding\":\"CRLF\"}",
                "LastName\nA\n");
        assertThat(crlf.errorMessage()).endsWith("Current LineEnding setting is CRLF");
    }

    @Test
    void unknownHeaderFailsTheJobAndHeadersMatchCaseInsensitively() {
        JobSnapshot job = raw.ingest("{\"object\":\"Contact\",\"operation\":\"insert\"}", "LASTNAME,Foo\nA,b\n");
        assertThat(job.state()).isEqualTo("Failed");
        assertThat(job.errorMessage()).isEqualTo("InvalidBatch : Field name not found : Foo");
        assertThat(SF.emulator().records("Contact")).isEmpty();
        JobSnapshot ok = raw.ingest("{\"object\":\"Contact\",\"operation\":\"insert\"}", "LASTNAME,email\nA,a@b.co\n");
        assertThat(ok.state()).isEqualTo("JobComplete");
        assertThat(raw.results(ok.id(), "successfulResults")).startsWith("\"sf__Id\",\"sf__Created\",LASTNAME,email\n");
        assertThat(SF.emulator().records("Contact").get(0)).containsEntry("LastName", "A").containsEntry("Email", "a@b.co");
    }
}
