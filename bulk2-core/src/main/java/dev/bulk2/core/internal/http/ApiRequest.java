package dev.bulk2.core.internal.http;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One logical API call (retries and the token-refresh replay reuse it). Immutable. Internal.
 */
public final class ApiRequest {
    private final String method;
    private final String path;
    private final String serverPath;
    private final Map<String, String> query;
    private final Map<String, String> headers;
    private final RequestBody body;
    private final String accept;
    private final Replay replay;
    private final String jobId;
    private final Duration timeout;

    private ApiRequest(Builder b) {
        this.method = b.method;
        this.path = b.path;
        this.serverPath = b.serverPath;
        this.query = Collections.unmodifiableMap(new LinkedHashMap<>(b.query));
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.body = b.body;
        this.accept = b.accept;
        this.replay = b.replay;
        this.jobId = b.jobId;
        this.timeout = b.timeout;
    }

    /**
     * A request relative to the versioned base {@code {instance}/services/data/vNN.N}.
     *
     * @param method the HTTP method
     * @param path the path below the base, starting with {@code /}, for example {@code /jobs/ingest}
     * @return the builder
     */
    public static Builder builder(String method, String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        Builder b = new Builder(method);
        b.path = path;
        return b;
    }

    /**
     * A request for a server-provided URL such as {@code nextRecordsUrl}: a path (with optional query string) on
     * the instance host that must start with {@code /services/}. Absolute URLs are refused so that a token is
     * never sent to another host.
     *
     * @param method the HTTP method
     * @param serverPath for example {@code /services/data/v64.0/jobs/ingest?queryLocator=…}
     * @return the builder
     */
    public static Builder serverPath(String method, String serverPath) {
        Objects.requireNonNull(serverPath, "serverPath");
        if (!serverPath.startsWith("/services/") || serverPath.contains("://") || serverPath.contains("..")) {
            throw new IllegalArgumentException("Refusing server-provided URL '" + serverPath
                    + "': expected a path on the instance host starting with /services/");
        }
        Builder b = new Builder(method);
        b.serverPath = serverPath;
        return b;
    }

    /** @return the HTTP method */
    public String method() {
        return method;
    }

    /** @return the path below the versioned base, or {@code null} for server paths */
    public String path() {
        return path;
    }

    /** @return the server path, or {@code null} */
    public String serverPath() {
        return serverPath;
    }

    /** @return the query parameters, in order */
    public Map<String, String> query() {
        return query;
    }

    /** @return extra headers */
    public Map<String, String> headers() {
        return headers;
    }

    /** @return the body, or {@code null} */
    public RequestBody body() {
        return body;
    }

    /** @return the Accept header value */
    public String accept() {
        return accept;
    }

    /** @return the replay rule */
    public Replay replay() {
        return replay;
    }

    /** @return the job id for messages, or {@code null} */
    public String jobId() {
        return jobId;
    }

    /** @return the timeout override, or {@code null} for the client default */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return method + " " + (path != null ? path : serverPath);
    }

    /** Builds requests. Not thread-safe. */
    public static final class Builder {
        private final String method;
        private String path;
        private String serverPath;
        private final Map<String, String> query = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private RequestBody body;
        private String accept = "application/json";
        private Replay replay;
        private String jobId;
        private Duration timeout;

        private Builder(String method) {
            this.method = Objects.requireNonNull(method, "method");
        }

        /**
         * Adds a query parameter (ignored when the value is {@code null}).
         *
         * @param name the name
         * @param value the unencoded value
         * @return this
         */
        public Builder query(String name, String value) {
            if (value != null) {
                query.put(name, value);
            }
            return this;
        }

        /**
         * Adds a header. Authorization, User-Agent and Accept-Encoding are set by the transport.
         *
         * @param name the name
         * @param value the value
         * @return this
         */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /**
         * Sets the body.
         *
         * @param body the body
         * @return this
         */
        public Builder body(RequestBody body) {
            this.body = body;
            return this;
        }

        /**
         * Sets the Accept header (default {@code application/json}).
         *
         * @param accept the media type
         * @return this
         */
        public Builder accept(String accept) {
            this.accept = accept;
            return this;
        }

        /**
         * Sets the replay rule (default: SAFE for GET/DELETE/PATCH/HEAD, UPLOAD for PUT, NEVER for POST).
         *
         * @param replay the rule
         * @return this
         */
        public Builder replay(Replay replay) {
            this.replay = replay;
            return this;
        }

        /**
         * Names the job for error messages.
         *
         * @param jobId the job id
         * @return this
         */
        public Builder jobId(String jobId) {
            this.jobId = jobId;
            return this;
        }

        /**
         * Overrides the request timeout.
         *
         * @param timeout the timeout
         * @return this
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         */
        public ApiRequest build() {
            if (replay == null) {
                switch (method) {
                    case "POST":
                        replay = Replay.NEVER;
                        break;
                    case "PUT":
                        replay = Replay.UPLOAD;
                        break;
                    default:
                        replay = Replay.SAFE;
                }
            }
            return new ApiRequest(this);
        }
    }
}
