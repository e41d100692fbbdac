package dev.bulk2.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Per-request helper around {@link HttpExchange}: body reading (gzip aware), responses, bookkeeping. */
final class Http {
    final HttpExchange ex;
    final Engine engine;
    final boolean rest;
    long bodySize;
    int status;
    /** Called once, just before a complete (non-streamed) response is sent, so that the request log has the entry
     *  before the client sees the answer. */
    java.util.function.Consumer<Http> recorder;
    boolean recorded;
    private CountingInputStream counting;

    Http(HttpExchange ex, Engine engine, boolean rest) {
        this.ex = ex;
        this.engine = engine;
        this.rest = rest;
    }

    /** Thrown when a body exceeds its limit. */
    static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;
        final long size;

        TooLarge(long size) {
            super("too large: " + size);
            this.size = size;
        }
    }

    static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    String header(String name) {
        return ex.getRequestHeaders().getFirst(name);
    }

    boolean gzipRequested() {
        String ae = header("Accept-Encoding");
        return ae != null && ae.toLowerCase(java.util.Locale.ROOT).contains("gzip");
    }

    /** The request body, decompressed when {@code Content-Encoding: gzip}. */
    InputStream body() throws IOException {
        counting = new CountingInputStream(ex.getRequestBody());
        String ce = header("Content-Encoding");
        if (ce != null && ce.trim().equalsIgnoreCase("gzip")) {
            return new GZIPInputStream(counting, 8192);
        }
        if (ce != null && ce.trim().equalsIgnoreCase("deflate")) {
            return new java.util.zip.InflaterInputStream(counting);
        }
        return counting;
    }

    long rawBytesRead() {
        return counting == null ? 0 : counting.count;
    }

    byte[] readBody(int limit) throws IOException, TooLarge {
        try (InputStream in = body()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] b = new byte[8192];
            int n;
            long total = 0;
            while ((n = in.read(b)) > 0) {
                total += n;
                if (total > limit) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                    bodySize = rawBytesRead();
                    throw new TooLarge(total);
                }
                out.write(b, 0, n);
            }
            bodySize = rawBytesRead();
            return out.toByteArray();
        }
    }

    private void commonHeaders() {
        if (rest) {
            ex.getResponseHeaders().set("Sforce-Limit-Info", "api-usage=" + engine.apiCallCount() + "/"
                    + engine.cfg.apiCallLimit);
        }
    }

    void json(int code, byte[] body) throws IOException {
        send(code, "application/json;charset=UTF-8", body);
    }

    private void recordNow() {
        if (!recorded && recorder != null) {
            recorded = true;
            recorder.accept(this);
        }
    }

    void send(int code, String contentType, byte[] body) throws IOException {
        status = code;
        commonHeaders();
        recordNow();
        ex.getResponseHeaders().set("Content-Type", contentType);
        byte[] out = body;
        if (gzipRequested() && body.length > 0) {
            ByteArrayOutputStream bo = new ByteArrayOutputStream(body.length / 2 + 64);
            try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
                gz.write(body);
            }
            out = bo.toByteArray();
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        ex.sendResponseHeaders(code, out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        }
    }

    void error(int code, String errorCode, String message) throws IOException {
        json(code, Json.render(g -> {
            g.writeStartArray();
            g.writeStartObject();
            g.writeStringField("errorCode", errorCode);
            g.writeStringField("message", message);
            g.writeEndObject();
            g.writeEndArray();
        }));
    }

    void empty(int code) throws IOException {
        status = code;
        commonHeaders();
        recordNow();
        ex.sendResponseHeaders(code, -1);
    }

    /** Starts a chunked (streamed) response, gzip-compressed when the client asked for it. */
    OutputStream stream(int code, String contentType) throws IOException {
        status = code;
        commonHeaders();
        ex.getResponseHeaders().set("Content-Type", contentType);
        boolean gz = gzipRequested();
        if (gz) {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        ex.sendResponseHeaders(code, 0);
        OutputStream os = ex.getResponseBody();
        return gz ? new GZIPOutputStream(os, 65536) : new java.io.BufferedOutputStream(os, 65536);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
