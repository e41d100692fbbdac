package dev.bulk2.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.TestSupport;
import dev.bulk2.core.exception.BulkDataException;
import dev.bulk2.csv.CsvException;
import dev.bulk2.csv.SuccessfulRecord;
import dev.bulk2.testkit.FakeClock;
import dev.bulk2.testkit.RecordingSleeper;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Errors while streaming result records are {@code BulkException}s, never the CSV module's own exceptions. */
class ResultStreamErrorsTest {
    private static final String ID = TestSupport.JOB_ID;
    private static final String INFO = "{\"id\":\"" + ID + "\",\"operation\":\"insert\",\"object\":\"Account\","
            + "\"state\":\"JobComplete\",\"numberRecordsProcessed\":2,\"numberRecordsFailed\":0,"
            + "\"lineEnding\":\"LF\",\"columnDelimiter\":\"COMMA\",\"contentType\":\"CSV\",\"apiVersion\":64.0}";

    private MockWebServer server;
    private BulkClient client;

    @BeforeEach
    void setUp() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                String path = r.getPath();
                if (path.endsWith("/jobs/ingest/" + ID)) {
                    return new MockResponse().setHeader("Content-Type", "application/json").setBody(INFO);
                }
                if (path.endsWith("/successfulResults/")) {
                    // an unterminated quoted field: not valid CSV
                    return new MockResponse().setHeader("Content-Type", "text/csv")
                            .setBody("\"sf__Id\",\"sf__Created\",Name\n001000000000001AAA,true,\"Acme\n");
                }
                return new MockResponse().setResponseCode(404).setBody("[]");
            }
        });
        server.start();
        FakeClock clock = TestSupport.clockAt2025();
        client = TestSupport.clientFor(server, RecordingSleeper.advancing(clock), clock).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        server.shutdown();
    }

    @Test
    void malformedResultFile_isABulkDataException_withTheCsvErrorAsCause() {
        IngestResult r = client.ingestJob(ID).awaitCompletion();
        assertThat(r.recordsSucceeded()).isEqualTo(2);
        try (Stream<SuccessfulRecord> s = r.successfulRecords()) {
            assertThatThrownBy(s::count).isInstanceOfSatisfying(BulkDataException.class, e -> {
                assertThat(e.getMessage()).startsWith("A result file from Salesforce could not be read as CSV: ");
                assertThat(e.getCause()).isInstanceOf(CsvException.class);
                assertThat(e.isRetryable()).isFalse();
            });
        }
    }
}
