package dev.bulk2.core.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.JobState;
import dev.bulk2.core.JobType;
import dev.bulk2.core.Operation;
import dev.bulk2.core.TestSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static JobInfo parse(String json) throws IOException {
        return Json.read(json.getBytes(StandardCharsets.UTF_8), Json::readJobInfo);
    }

    @Test
    void timestamps_inSalesforceAndIsoForms() {
        assertThat(Json.parseTimestamp("2025-06-02T09:14:07.000+0000")).isEqualTo(Instant.parse("2025-06-02T09:14:07Z"));
        assertThat(Json.parseTimestamp("2025-06-02T11:14:07.123+0200")).isEqualTo(Instant.parse("2025-06-02T09:14:07.123Z"));
        assertThat(Json.parseTimestamp("2025-06-02T09:14:07Z")).isEqualTo(Instant.parse("2025-06-02T09:14:07Z"));
        assertThat(Json.parseTimestamp("2025-06-02T09:14:07.5+00:00")).isEqualTo(Instant.parse("2025-06-02T09:14:07.500Z"));
        assertThat(Json.parseTimestamp(null)).isNull();
    }

    @Test
    void unknownValuesAndFields_areTolerated() throws IOException {
        JobInfo j = parse("{\"id\":\"750a\",\"state\":\"Paused\",\"operation\":\"refresh\",\"jobType\":\"Future\","
                + "\"lineEnding\":\"CR\",\"columnDelimiter\":\"COLON\",\"newThing\":[{\"a\":1}],\"other\":{\"x\":[]},"
                + "\"numberRecordsProcessed\":\"12\",\"errorMessage\":null}");
        assertThat(j.state()).isEqualTo(JobState.UNKNOWN);
        assertThat(j.stateAsString()).contains("Paused");
        assertThat(j.operation()).isEqualTo(Operation.UNKNOWN);
        assertThat(j.operationAsString()).contains("refresh");
        assertThat(j.jobType()).isEqualTo(JobType.UNKNOWN);
        assertThat(j.lineEnding()).isEmpty();
        assertThat(j.lineEndingAsString()).contains("CR");
        assertThat(j.columnDelimiter()).isEmpty();
        assertThat(j.columnDelimiterAsString()).contains("COLON");
        assertThat(j.numberRecordsProcessed()).isEqualTo(12);
        assertThat(j.errorMessage()).isEmpty();
        assertThat(j.isTerminal()).isFalse();
    }

    @Test
    void queryJobFields_areRead() throws IOException {
        JobInfo j = parse("{\"id\":\"750q\",\"operation\":\"queryAll\",\"state\":\"JobComplete\",\"jobType\":\"V2Query\","
                + "\"query\":\"SELECT Id FROM Account\",\"isPkChunkingSupported\":true}");
        assertThat(j.operation()).isEqualTo(Operation.QUERY_ALL);
        assertThat(j.query()).contains("SELECT Id FROM Account");
        assertThat(j.isPkChunkingSupported()).contains(true);
        assertThat(j.jobType()).isEqualTo(JobType.V2_QUERY);
    }

    @Test
    void failedJob_errorMessage() throws IOException {
        JobInfo j = parse("{\"id\":\"750f\",\"state\":\"Failed\",\"numberRecordsProcessed\":0,\"numberRecordsFailed\":0,"
                + "\"errorMessage\":\"ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF\"}");
        assertThat(j.state()).isEqualTo(JobState.FAILED);
        assertThat(j.errorMessage()).hasValueSatisfying(m -> assertThat(m).startsWith("ClientInputError"));
        assertThat(j.successfulRecords()).isZero();
    }

    @Test
    void malformed_isReportedWithTheField() {
        assertThatThrownBy(() -> parse("{\"state\":\"Open\"}")).isInstanceOf(IOException.class).hasMessageContaining("no 'id'");
        assertThatThrownBy(() -> parse("{\"id\":\"7\",\"createdDate\":\"yesterday\"}")).isInstanceOf(IOException.class)
                .hasMessageContaining("createdDate");
        assertThatThrownBy(() -> parse("[1]")).isInstanceOf(IOException.class).hasMessageContaining("Malformed job info");
    }

    @Test
    void fixture_roundTripsThroughToBuilder() throws IOException {
        JobInfo j = parse(TestSupport.fixture("ingest-job-info-jobcomplete.json"));
        assertThat(j.toBuilder().build()).isEqualTo(j).hasSameHashCodeAs(j);
        assertThat(j.toBuilder().numberRecordsFailed(3).build()).isNotEqualTo(j);
        assertThat(j.toString()).contains("750Ws00000Bx1nQIAR").contains("JobComplete");
    }

    @Test
    void object_writesMembersInOrderSkippingNulls() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("b", "1");
        m.put("a", null);
        m.put("c", "quote\" and \\ and \n");
        assertThat(new String(Json.object(m), StandardCharsets.UTF_8))
                .isEqualTo("{\"b\":\"1\",\"c\":\"quote\\\" and \\\\ and \\n\"}");
    }

    @Test
    void errors_singleObjectAndGarbage() {
        assertThat(Json.readErrors("{\"errorCode\":\"X\",\"message\":\"y\"}".getBytes(StandardCharsets.UTF_8)))
                .hasSize(1);
        assertThat(Json.readErrors("not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(Json.readErrors(new byte[0])).isEmpty();
        assertThat(Json.readErrors("{\"error\":\"invalid_grant\"}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
