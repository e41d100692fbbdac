package dev.bulk2.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** Raw HTTP helper for emulator tests (JDK HttpClient only, no bulk2-core). */
final class Raw {
    static final String V = "64.0";
    final Bulk2Emulator sf;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String token;

    Raw(Bulk2Emulator sf) {
        this.sf = sf;
        this.token = sf.issueToken();
    }

    record Resp(int status, java.net.http.HttpHeaders headers, byte[] bytes) {
        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    URI uri(String path) {
        return URI.create(sf.instanceUrl() + path);
    }

    static String base() {
        return "/services/data/v" + V;
    }

    Resp send(HttpRequest.Builder b) {
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = r.body();
            if ("gzip".equals(r.headers().firstValue("Content-Encoding").orElse(null))) {
                body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
            }
            return new Resp(r.statusCode(), r.headers(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder req(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
    }

    Resp get(String path) {
        return send(req(path).GET());
    }

    Resp post(String path, String json) {
        return send(req(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Resp patch(String path, String json) {
        return send(req(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    Resp put(String path, String csv) {
        return send(req(path).header("Content-Type", "text/csv").PUT(HttpRequest.BodyPublishers.ofString(csv)));
    }

    Resp delete(String path) {
        return send(req(path).DELETE());
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}\\]]+)")
                .matcher(json);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    /** Creates an ingest job and returns its id. */
    String createJob(String json) {
        Resp r = post(base() + "/jobs/ingest", json);
        if (r.status() != 200) {
            throw new AssertionError("create failed: " + r.status() + " " + r.body());
        }
        return field(r.body(), "id");
    }

    /** create + PUT + close + await terminal state. */
    JobSnapshot ingest(String json, String csv) {
        String id = createJob(json);
        Resp put = put(base() + "/jobs/ingest/" + id + "/batches", csv);
        if (put.status() != 201) {
            throw new AssertionError("upload failed: " + put.status() + " " + put.body());
        }
        Resp close = patch(base() + "/jobs/ingest/" + id, "{\"state\":\"UploadComplete\"}");
        if (close.status() != 200) {
            throw new AssertionError("close failed: " + close.status() + " " + close.body());
        }
        return sf.awaitJobState(id, Duration.ofSeconds(30), "JobComplete", "Failed", "Aborted");
    }

    String results(String id, String kind) {
        Resp r = get(base() + "/jobs/ingest/" + id + "/" + kind + "/");
        if (r.status() != 200) {
            throw new AssertionError(kind + " failed: " + r.status() + " " + r.body());
        }
        return r.body();
    }

    static String fixture(String name) {
        try {
            return Files.readString(Path.of("src/test/resources/fixtures", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
