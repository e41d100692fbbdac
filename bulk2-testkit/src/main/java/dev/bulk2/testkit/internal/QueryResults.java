package dev.bulk2.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The results of a completed query job: {@code results} pages with {@code Sforce-Locator} (a plain row offset
 * before v49.0, its base64 from v49.0) and {@code Sforce-NumberOfRecords}, streamed from the job's result file,
 * and {@code resultPages} (v58.0+: up to five page links at a time). Thread-safe.
 */
final class QueryResults {
    private final Engine e;

    QueryResults(Engine e) {
        this.e = e;
    }

    private static String locator(Job j, long offset) {
        if (Double.parseDouble(j.apiVersion) < 49.0) {
            return Long.toString(offset);
        }
        return Base64.getEncoder().withoutPadding().encodeToString(
                Long.toString(offset).getBytes(StandardCharsets.US_ASCII));
    }

    private static long parseLocator(Job j, String locator) {
        try {
            String text = Double.parseDouble(j.apiVersion) < 49.0 ? locator
                    : new String(Base64.getDecoder().decode(locator), StandardCharsets.US_ASCII);
            long v = Long.parseLong(text);
            return v < 0 ? -1 : v;
        } catch (IllegalArgumentException x) {
            return -1;
        }
    }

    /** Common checks for results/resultPages; returns false after answering with an error. */
    private boolean ready(Http h, Job j, String version) throws IOException {
        if (!version.equals(j.apiVersion)) {
            h.error(409, "API_VERSION_MISMATCH", "Job " + j.id + " was created with API version " + j.apiVersion
                    + "; fetch its results with v" + j.apiVersion + ", not v" + version);
            return false;
        }
        if (!"JobComplete".equals(j.state)) {
            h.error(412, "JOB_NOT_COMPLETE", "Job " + j.id + " is in state " + j.state
                    + "; only completed jobs can be downloaded");
            return false;
        }
        return true;
    }

    /** The row offset a {@code locator} parameter names (0 without one), or -1 after answering 400. */
    private static long start(Http h, Job j, String locator) throws IOException {
        if (locator == null || locator.isEmpty()) {
            return 0;
        }
        long from = parseLocator(j, locator);
        if (from < 0 || from > j.rowCount) {
            h.error(400, "INVALID_QUERY_LOCATOR", "Invalid query locator: " + locator);
            return -1;
        }
        return from;
    }

    private int maxRecords(Http h, Map<String, String> params) throws IOException {
        String mr = params.get("maxRecords");
        if (mr == null) {
            return e.cfg.queryPageSize;
        }
        try {
            int n = Integer.parseInt(mr);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException x) {
            // fall through
        }
        h.error(400, "INVALID_REQUEST", "maxRecords must be a positive integer, was '" + mr + "'");
        return -1;
    }

    /**
     * The checks and parameters shared by {@code results} and {@code resultPages}.
     *
     * @return the first row and {@code maxRecords}, or null after answering with an error
     */
    private long[] page(Http h, Job j, String version) throws IOException {
        if (!ready(h, j, version)) {
            return null;
        }
        Map<String, String> params = OAuth.parseForm(h.ex.getRequestURI().getRawQuery());
        int max = maxRecords(h, params);
        if (max < 0) {
            return null;
        }
        long from = start(h, j, params.get("locator"));
        return from < 0 ? null : new long[] {from, max};
    }

    void results(Http h, Job j, String version) throws IOException {
        long[] page = page(h, j, version);
        if (page == null) {
            return;
        }
        long from = page[0];
        int max = (int) page[1];
        int start = (int) from;
        int end = (int) Math.min(j.rowCount, from + max);
        h.ex.getResponseHeaders().set("Sforce-Locator", end >= j.rowCount ? "null" : locator(j, end));
        h.ex.getResponseHeaders().set("Sforce-NumberOfRecords", Integer.toString(end - start));
        boolean drop = e.faults.dropDownload();
        long bodyStart = j.rowOffsets[start];
        long bodyEnd = j.rowOffsets[end];
        long total = j.headerLength + (bodyEnd - bodyStart);
        long limit = drop ? total / 2 : Long.MAX_VALUE;
        OutputStream os = h.stream(200, "text/csv; charset=UTF-8");
        try (FileChannel ch = FileChannel.open(j.resultFile, StandardOpenOption.READ)) {
            long written = copy(ch, 0, j.headerLength, os, limit);
            if (written < limit) {
                copy(ch, bodyStart, bodyEnd - bodyStart, os, limit - written);
            }
        }
        if (drop) {
            os.flush();
            throw new Engine.DropConnection();
        }
        os.close();
    }

    private static long copy(FileChannel ch, long pos, long len, OutputStream os, long limit) throws IOException {
        ch.position(pos);
        InputStream in = Channels.newInputStream(ch);
        byte[] b = new byte[65536];
        long left = Math.min(len, limit);
        long written = 0;
        while (left > 0) {
            int n = in.read(b, 0, (int) Math.min(b.length, left));
            if (n <= 0) {
                break;
            }
            os.write(b, 0, n);
            left -= n;
            written += n;
        }
        return written;
    }

    void resultPages(Http h, Job j, String version) throws IOException {
        long[] page = page(h, j, version);
        if (page == null) {
            return;
        }
        long from = page[0];
        int max = (int) page[1];
        String base = "/services/data/v" + version + "/jobs/query/" + j.id;
        long pos = from;
        List<String> urls = new ArrayList<>();
        do {
            urls.add(base + "/results?" + (pos == 0 ? "" : "locator=" + locator(j, pos) + "&") + "maxRecords=" + max);
            pos += max;
        } while (urls.size() < 5 && pos < j.rowCount);
        boolean done = pos >= j.rowCount;
        String next = done ? null : base + "/resultPages?locator=" + locator(j, pos) + "&maxRecords=" + max;
        h.json(200, Json.render(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("resultPages");
            for (String u : urls) {
                g.writeStartObject();
                g.writeStringField("resultUrl", u);
                g.writeEndObject();
            }
            g.writeEndArray();
            if (next == null) {
                g.writeNullField("nextRecordsUrl");
            } else {
                g.writeStringField("nextRecordsUrl", next);
            }
            g.writeBooleanField("done", done);
            g.writeEndObject();
        }));
    }
}
