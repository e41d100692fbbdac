package dev.bulk2.testkit;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One request the emulator received, for assertions. Immutable and thread-safe. {@link #toString()} omits
 * headers (they carry tokens).
 */
public final class RecordedRequest {
    private final String method;
    private final String path;
    private final String query;
    private final Map<String, List<String>> headers;
    private final long bodySize;
    private final int status;

    private RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
            long bodySize, int status) {
        this.method = method;
        this.path = path;
        this.query = query;
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
        this.headers = Collections.unmodifiableMap(h);
        this.bodySize = bodySize;
        this.status = status;
    }

    /**
     * Creates a record (used by the emulator).
     *
     * @param method HTTP method
     * @param path request path
     * @param query raw query string or null
     * @param headers request headers
     * @param bodySize bytes of request body read (as received, before gunzip)
     * @param status response status, or 0 when the connection was dropped
     * @return the record
     */
    public static RecordedRequest of(String method, String path, String query, Map<String, List<String>> headers,
            long bodySize, int status) {
        return new RecordedRequest(Objects.requireNonNull(method), Objects.requireNonNull(path), query,
                headers, bodySize, status);
    }

    /** @return the HTTP method */
    public String method() {
        return method;
    }

    /** @return the path, e.g. {@code /services/data/v64.0/jobs/ingest} */
    public String path() {
        return path;
    }

    /** @return the raw query string, or null */
    public String query() {
        return query;
    }

    /** @return the headers, case-insensitive keys */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * The first value of a header.
     *
     * @param name header name, any case
     * @return the value or null
     */
    public String header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** @return the request body size in bytes as received */
    public long bodySize() {
        return bodySize;
    }

    /** @return the response status, 0 if the connection was dropped on purpose */
    public int status() {
        return status;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RecordedRequest)) {
            return false;
        }
        RecordedRequest r = (RecordedRequest) o;
        return bodySize == r.bodySize && status == r.status && method.equals(r.method) && path.equals(r.path)
                && Objects.equals(query, r.query) && headers.equals(r.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, query, headers, bodySize, status);
    }

    @Override
    public String toString() {
        return method + " " + path + (query == null ? "" : "?" + query) + " -> " + status + " (" + bodySize
                + " bytes in)";
    }
}
