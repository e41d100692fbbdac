package dev.bulk2.core.internal.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A successful (2xx) response with a streamed, already-decoded body. The caller must close it (or the body
 * stream). Internal. Not thread-safe.
 */
public final class ApiResponse implements AutoCloseable {
    private final int statusCode;
    private final HttpHeaders headers;
    private final InputStream body;

    ApiResponse(int statusCode, HttpHeaders headers, InputStream decoded, Runnable onClose) {
        this.statusCode = statusCode;
        this.headers = headers;
        AtomicBoolean closed = new AtomicBoolean();
        this.body = new FilterInputStream(decoded) {
            @Override
            public void close() throws IOException {
                if (closed.compareAndSet(false, true)) {
                    try {
                        super.close();
                    } finally {
                        onClose.run();
                    }
                }
            }
        };
    }

    /** @return the HTTP status */
    public int statusCode() {
        return statusCode;
    }

    /** @return all response headers */
    public HttpHeaders headers() {
        return headers;
    }

    /**
     * The first value of a header.
     *
     * @param name the header name (case-insensitive)
     * @return the value, if present
     */
    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /**
     * The decoded body (gzip already undone). Closing it closes the response.
     *
     * @return the body stream
     */
    public InputStream body() {
        return body;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // closing a response body: nothing to report
        }
    }
}
