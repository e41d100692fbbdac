package dev.bulk2.core.internal.http;

import dev.bulk2.csv.ByteSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * A replayable request body. Internal. Each {@link #open()} yields a fresh publisher.
 */
public final class RequestBody {
    private final String contentType;
    private final String contentEncoding;
    private final byte[] bytes;
    private final ByteSource source;
    private final Mode mode;
    private AtomicLong wireBytes;

    private enum Mode { BYTES, AS_IS, COMPRESS, DECOMPRESS }

    private RequestBody(String contentType, String contentEncoding, byte[] bytes, ByteSource source, Mode mode) {
        this.contentType = contentType;
        this.contentEncoding = contentEncoding;
        this.bytes = bytes;
        this.source = source;
        this.mode = mode;
    }

    /**
     * A JSON body.
     *
     * @param json UTF-8 JSON
     * @return the body
     */
    public static RequestBody json(byte[] json) {
        return new RequestBody("application/json", null, Objects.requireNonNull(json), null, Mode.BYTES);
    }

    /**
     * A streamed body from a replayable source.
     *
     * @param contentType the content type
     * @param source the bytes (plain, or gzip if {@link ByteSource#isGzip()})
     * @param gzip whether to send with {@code Content-Encoding: gzip} (compressing on the fly unless the source is
     *     already gzip); when false, a gzip source is decompressed on the fly
     * @return the body
     */
    public static RequestBody stream(String contentType, ByteSource source, boolean gzip) {
        return stream(contentType, source, gzip, null);
    }

    /**
     * A streamed body from a replayable source, counting the bytes that go over the wire. This is the one place
     * where bulk2 decides how upload bytes are encoded: with {@code gzip}, a gzip source is sent as is, a source
     * with a stored {@linkplain ByteSource#gzipped() gzip form} sends that form, any other source is compressed
     * on the fly; without {@code gzip}, a gzip source is decompressed on the fly and a plain one sent as is.
     *
     * @param contentType the content type
     * @param source the bytes
     * @param gzip whether to send with {@code Content-Encoding: gzip}
     * @param wireBytes set to 0 when an attempt opens the body, then counts the bytes read for sending; may be null
     * @return the body
     */
    public static RequestBody stream(String contentType, ByteSource source, boolean gzip, AtomicLong wireBytes) {
        Objects.requireNonNull(source, "source");
        ByteSource s = source;
        Mode m;
        if (gzip) {
            if (!s.isGzip() && s.gzipped().isPresent()) {
                s = s.gzipped().get();
            }
            m = s.isGzip() ? Mode.AS_IS : Mode.COMPRESS;
        } else {
            m = s.isGzip() ? Mode.DECOMPRESS : Mode.AS_IS;
        }
        RequestBody b = new RequestBody(contentType, gzip ? "gzip" : null, null, s, m);
        b.wireBytes = wireBytes;
        return b;
    }

    /**
     * The content type.
     *
     * @return the type
     */
    public String contentType() {
        return contentType;
    }

    /**
     * The content encoding.
     *
     * @return {@code gzip} or {@code null}
     */
    public String contentEncoding() {
        return contentEncoding;
    }

    /**
     * The number of bytes sent, when known in advance.
     *
     * @return the length or -1
     */
    public long length() {
        if (mode == Mode.BYTES) {
            return bytes.length;
        }
        return mode == Mode.AS_IS ? source.length() : -1;
    }

    /** An opened body: the publisher plus the stream to close afterwards. */
    public static final class Opened implements AutoCloseable {
        private final BodyPublisher publisher;
        private final InputStream stream;

        Opened(BodyPublisher publisher, InputStream stream) {
            this.publisher = publisher;
            this.stream = stream;
        }

        /**
         * The publisher for one send.
         *
         * @return the publisher
         */
        public BodyPublisher publisher() {
            return publisher;
        }

        @Override
        public void close() {
            if (stream != null) {
                try {
                    stream.close();
                } catch (IOException ignored) {
                    // nothing useful to do
                }
            }
        }
    }

    /**
     * Opens the body for one send. The stream of a source is opened here, so a source that cannot be read fails
     * before anything is sent.
     *
     * @return the opened body; close it after the exchange
     * @throws IOException if the source cannot be opened
     */
    public Opened open() throws IOException {
        if (mode == Mode.BYTES) {
            return new Opened(BodyPublishers.ofByteArray(bytes), null);
        }
        InputStream raw = source.open();
        InputStream in;
        try {
            switch (mode) {
                case COMPRESS:
                    in = new GzipCompressingInputStream(raw);
                    break;
                case DECOMPRESS:
                    in = new GZIPInputStream(raw, 64 * 1024);
                    break;
                default:
                    in = raw;
            }
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
        if (wireBytes != null) {
            wireBytes.set(0);
            in = new Counting(in, wireBytes);
        }
        InputStream opened = in;
        boolean[] used = {false};
        BodyPublisher p = BodyPublishers.ofInputStream(() -> {
            synchronized (used) {
                if (!used[0]) {
                    used[0] = true;
                    return opened;
                }
            }
            throw new IllegalStateException("request body subscribed twice; bulk2 opens a new stream per attempt");
        });
        long len = length();
        if (len >= 0) {
            p = BodyPublishers.fromPublisher(p, len);
        }
        return new Opened(p, opened);
    }

    /** Counts the bytes read from a stream into a shared counter. */
    private static final class Counting extends java.io.FilterInputStream {
        private final AtomicLong count;

        Counting(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }
}
