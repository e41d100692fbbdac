package dev.bulk2.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class HttpBehaviourTest {
    static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    @Test
    void gzipUploadAndGzipResults() throws IOException {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().build().start()) {
            Raw raw = new Raw(sf);
            String id = raw.createJob("{\"object\":\"Contact\",\"operation\":\"insert\"}");
            Raw.Resp put = raw.send(raw.req(Raw.base() + "/jobs/ingest/" + id + "/batches")
                    .header("Content-Type", "text/csv").header("Content-Encoding", "gzip")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(gzip("LastName\nA\nB\n"))));
            assertThat(put.status()).isEqualTo(201);
            raw.patch(Raw.base() + "/jobs/ingest/" + id, "{\"state\":\"UploadComplete\"}");
            sf.awaitJobState(id, java.time.Duration.ofSeconds(10), "JobComplete");
            Raw.Resp r = raw.send(raw.req(Raw.base() + "/jobs/ingest/" + id + "/successfulResults")
                    .header("Accept-Encoding", "gzip").GET());
            assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(r.header("Content-Type")).isEqualTo("text/csv");
            assertThat(r.body()).startsWith("\"sf__Id\",\"sf__Created\",LastName\n").hasLineCount(3);
            Raw.Resp plain = raw.get(Raw.base() + "/jobs/ingest/" + id + "/successfulResults");
            assertThat(plain.header("Content-Encoding")).isNull();
        }
    }

    @Test
    void uploadLimitUsesRawAndBase64Size() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().maxUploadBytes(300).build().start()) {
            Raw raw = new Raw(sf);
            String id = raw.createJob("{\"object\":\"Contact\",\"operation\":\"insert\"}");
            Raw.Resp tooBig = raw.put(Raw.base() + "/jobs/ingest/" + id + "/batches", "LastName\n" + "x".repeat(192)
                    + "\n");
            assertThat(tooBig.status()).isEqualTo(413);
            assertThat(tooBig.body()).contains("REQUEST_ENTITY_TOO_LARGE", "at most 200 bytes");
            assertThat(raw.put(Raw.base() + "/jobs/ingest/" + id + "/batches", "LastName\n" + "x".repeat(190) + "\n")
                    .status()).isEqualTo(201);
        }
    }

    @Test
    void apiLimitAndLimitInfoHeader() {
        try (Bulk2Emulator sf = Bulk2Emulator.builder().apiCallLimit(2).build().start()) {
            Raw raw = new Raw(sf);
            assertThat(raw.get(Raw.base() + "/jobs/ingest").header("Sforce-Limit-Info")).isEqualTo("api-usage=1/2");
            assertThat(raw.get(Raw.base() + "/jobs/ingest").header("Sforce-Limit-Info")).isEqualTo("api-usage=2/2");
            Raw.Resp over = raw.get(Raw.base() + "/jobs/ingest");
            assertThat(over.status()).isEqualTo(403);
            assertThat(over.body()).isEqualTo(
                    "[{\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"TotalRequests Limit exceeded.\"}]");
            assertThat(over.header("Sforce-Limit-Info")).isEqualTo("api-usage=2/2");
            assertThat(sf.apiCallCount()).isEqualTo(2);
            assertThat(sf.requests()).hasSize(3);
            assertThat(sf.requests().get(0).path()).isEqualTo("/services/data/v64.0/jobs/ingest");
            assertThat(sf.requests().get(0).toString()).doesNotContain("Bearer");
            sf.reset();
            assertThat(sf.apiCallCount()).isZero();
        }
    }
}
