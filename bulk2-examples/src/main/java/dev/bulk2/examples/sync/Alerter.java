package dev.bulk2.examples.sync;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tells support that a run needs attention (any exit code but 0): an HTTP POST of {@code summary.json} to a
 * webhook, and/or a command run with the summary file's path as its last argument (no shell; its output goes to
 * {@code alert-command.log} in the report directory). Both optional; a failing alert is reported in the summary
 * and on the console but does not change the exit code.
 */
final class Alerter {
    private final URI url;
    private final String command;
    private final Duration timeout;

    Alerter(URI url, String command, Duration timeout) {
        this.url = url;
        this.command = command == null ? "" : command.trim();
        this.timeout = timeout;
    }

    /** @return one line per alert sent or failed */
    List<String> alert(String summaryJson, Path summaryFile) {
        List<String> out = new ArrayList<>();
        if (url != null) {
            out.add(post(summaryJson));
        }
        if (!command.isEmpty()) {
            out.add(run(summaryFile));
        }
        return out;
    }

    private String post(String json) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
            HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
            HttpResponse<Void> res = http.send(req, HttpResponse.BodyHandlers.discarding());
            String where = url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
            if (res.statusCode() / 100 != 2) {
                return "webhook " + where + " FAILED: HTTP " + res.statusCode();
            }
            return "webhook " + where + " answered HTTP " + res.statusCode();
        } catch (IOException e) {
            return "webhook FAILED: " + e.getClass().getSimpleName() + " " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "webhook FAILED: interrupted";
        }
    }

    private String run(Path summaryFile) {
        List<String> argv = new ArrayList<>(Arrays.asList(command.split("\\s+")));
        argv.add(summaryFile.toAbsolutePath().toString());
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(summaryFile.resolveSibling("alert-command.log").toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return "command " + argv.get(0) + " FAILED: still running after " + timeout;
            }
            return "command " + argv.get(0) + (p.exitValue() == 0 ? " exited 0" : " FAILED: exit " + p.exitValue());
        } catch (IOException e) {
            return "command " + argv.get(0) + " FAILED: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "command FAILED: interrupted";
        }
    }
}
