package dev.bulk2.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.TestSupport;
import dev.bulk2.testkit.FakeClock;
import dev.bulk2.testkit.RecordingSleeper;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

class TransportLoggingTest {

    @Test
    void debugLog_namesMethodPathStatusAndDuration_neverTheToken() throws Exception {
        Logger jul = Logger.getLogger("dev.bulk2.core.http");
        List<String> lines = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (lines) {
                    lines.add(MessageFormat.format(r.getMessage(), r.getParameters()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level old = jul.getLevel();
        jul.setLevel(Level.ALL);
        jul.addHandler(h);
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setResponseCode(500));
            server.enqueue(new MockResponse().setBody("{\"id\":\"750Ws00000Bx1nQIAR\"}"));
            FakeClock clock = TestSupport.clockAt2025();
            try (BulkClient c = TestSupport.clientFor(server, RecordingSleeper.advancing(clock), clock).build()) {
                c.ingestJobs().info(TestSupport.JOB_ID);
            }
        } finally {
            jul.removeHandler(h);
            jul.setLevel(old);
        }
        assertThat(lines).anySatisfy(l -> assertThat(l)
                .matches("GET /services/data/v64\\.0/jobs/ingest/750Ws00000Bx1nQIAR -> 500 in \\d+ ms \\(attempt 1\\)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("retrying in 1000 ms after attempt 1"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches(".* -> 200 in \\d+ ms \\(attempt 2\\)"));
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain(TestSupport.TOKEN).doesNotContain("Bearer"));
    }
}
