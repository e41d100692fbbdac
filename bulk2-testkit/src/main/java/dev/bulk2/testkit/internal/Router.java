package dev.bulk2.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.bulk2.testkit.RecordedRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The HTTP front of the emulated org: token endpoint, authentication, API call counting, REST routing. */
final class Router implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(Router.class.getName());
    private final Engine e;
    private final Limits limits;
    private final Describe describe;

    Router(Engine e) {
        this.e = e;
        this.limits = new Limits(e);
        this.describe = new Describe(e);
    }

    @Override
    public void handle(HttpExchange ex) {
        String path = ex.getRequestURI().getRawPath();
        boolean rest = path.startsWith("/services/data/") || path.equals("/services/data");
        Http h = new Http(ex, e, rest);
        h.recorder = x -> record(ex, x);
        boolean dropped = false;
        try {
            if (path.equals("/services/oauth2/token")) {
                e.oauth.handle(h);
            } else if (rest) {
                rest(h, path);
            } else {
                h.error(404, "NOT_FOUND", "The requested resource does not exist");
            }
        } catch (Engine.DropConnection d) {
            h.status = 0;
            dropped = true;
            if (!h.recorded) {
                record(ex, h);
            }
            throw d;
        } catch (IOException x) {
            LOG.log(System.Logger.Level.DEBUG, "I/O error answering {0}: {1}", path, x.toString());
        } catch (RuntimeException x) {
            LOG.log(System.Logger.Level.WARNING, "Emulator failure on " + ex.getRequestMethod() + " " + path, x);
            try {
                h.error(500, "UNKNOWN_EXCEPTION", e.unknownExceptionMessage());
            } catch (IOException | RuntimeException ignored) {
                // response already started
            }
        } finally {
            if (!dropped) {
                if (!h.recorded) {
                    record(ex, h);
                }
                ex.close();
            }
        }
    }

    private void record(HttpExchange ex, Http h) {
        RecordedRequest r = RecordedRequest.of(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                ex.getRequestURI().getRawQuery(), ex.getRequestHeaders(), Math.max(h.bodySize, h.rawBytesRead()),
                h.status);
        synchronized (e.log) {
            e.log.addLast(r);
            while (e.log.size() > e.cfg.requestLogLimit) {
                e.log.removeFirst();
            }
        }
    }

    private void rest(Http h, String path) throws IOException {
        if (!e.oauth.authenticate(h.header("Authorization"))) {
            h.error(401, "INVALID_SESSION_ID", "Session expired or invalid");
            return;
        }
        long used = e.apiCalls.incrementAndGet();
        if (used > e.cfg.apiCallLimit) {
            e.apiCalls.decrementAndGet();
            h.error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
            return;
        }
        if (e.faults.slow()) {
            try {
                Thread.sleep(e.cfg.faults.slowResponseDelay().toMillis());
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
            }
        }
        if (e.faults.serverError()) {
            h.error(500, "UNKNOWN_EXCEPTION", e.unknownExceptionMessage());
            return;
        }
        if (e.faults.throttle()) {
            if (e.cfg.faults.throttleStatus() == 403) {
                h.error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
            } else {
                h.error(503, "SERVER_UNAVAILABLE", "Server is temporarily unavailable. Please try again later.");
            }
            return;
        }
        String[] seg = path.substring(1).split("/", -1);
        // services, data, vNN.N, jobs, ingest|query, id, sub, ""
        if (seg.length < 3 || !seg[2].matches("v\\d{2}\\.\\d")) {
            h.error(404, "NOT_FOUND", "The requested resource does not exist");
            return;
        }
        String version = seg[2].substring(1);
        double v = Double.parseDouble(version);
        if (v < 41.0 || v > 67.0) {
            h.error(404, "NOT_FOUND", "The requested resource does not exist");
            return;
        }
        if (seg.length >= 4 && seg[3].equals("limits") && (seg.length == 4 || seg.length == 5 && seg[4].isEmpty())) {
            if (h.ex.getRequestMethod().equals("GET")) {
                limits.handle(h);
            } else {
                methodNotAllowed(h, h.ex.getRequestMethod(), "GET");
            }
            return;
        }
        if (seg.length >= 6 && seg[3].equals("sobjects") && seg[5].equals("describe")
                && (seg.length == 6 || seg.length == 7 && seg[6].isEmpty())) {
            if (h.ex.getRequestMethod().equals("GET")) {
                describe.handle(h, seg[4], version);
            } else {
                methodNotAllowed(h, h.ex.getRequestMethod(), "GET");
            }
            return;
        }
        if (seg.length < 5 || !seg[3].equals("jobs")) {
            h.error(404, "NOT_FOUND", "The requested resource does not exist");
            return;
        }
        String kind = seg[4];
        List<String> rest = new ArrayList<>(Arrays.asList(seg).subList(5, seg.length));
        String method = h.ex.getRequestMethod();
        if (kind.equals("ingest")) {
            routeJobs(e.ingest, h, version, rest, method);
        } else if (kind.equals("query") && v >= 47.0) {
            routeJobs(e.query, h, version, rest, method);
        } else {
            h.error(404, "NOT_FOUND", "The requested resource does not exist");
        }
    }


    /**
     * The URL rules shared by {@code /jobs/ingest} and {@code /jobs/query}: a trailing slash is ignored, the
     * collection answers GET (list) and POST (create), one job answers GET, PATCH and DELETE, and a job of the
     * other kind, an unknown id or a deeper path is 404 NOT_FOUND.
     */
    private void routeJobs(JobKind kind, Http h, String version, List<String> rest, String method)
            throws IOException {
        if (!rest.isEmpty() && rest.get(rest.size() - 1).isEmpty()) {
            rest = rest.subList(0, rest.size() - 1);
        }
        if (rest.isEmpty()) {
            if (method.equals("GET")) {
                e.jobJson.list(h, version, kind.isQuery());
            } else if (method.equals("POST")) {
                kind.create(h, version);
            } else {
                methodNotAllowed(h, method, "GET,POST");
            }
            return;
        }
        Job j = e.jobs.live(rest.get(0));
        if (j == null || j.query != kind.isQuery() || rest.size() > 2) {
            h.error(404, "NOT_FOUND", "The requested resource does not exist");
            return;
        }
        if (rest.size() == 2) {
            kind.subResource(h, j, rest.get(1), method, version);
            return;
        }
        switch (method) {
            case "GET":
                h.json(200, e.jobInfo(j, "info"));
                return;
            case "PATCH":
                kind.patch(h, j);
                return;
            case "DELETE":
                kind.delete(h, j);
                return;
            default:
                methodNotAllowed(h, method, "GET,PATCH,DELETE");
        }
    }

    static void methodNotAllowed(Http h, String method, String allowed) throws IOException {
        h.ex.getResponseHeaders().set("Allow", allowed);
        h.error(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method + "' not allowed. Allowed are " + allowed);
    }
}
