package dev.bulk2.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bulk2.core.BulkClient;
import dev.bulk2.csv.ByteSource;
import dev.bulk2.core.TestSupport;
import dev.bulk2.core.auth.AuthProvider;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Streams 1 GiB through {@code IngestJobs.upload} to a local server that discards the body. Runs in its own
 * surefire execution with {@code -Xmx64m} (see pom.xml): buffering the body would fail with OutOfMemoryError.
 */
class LargeUploadTest {
    private static final long SIZE = 1L << 30;

    /** Generates {@code size} bytes of CSV-like data without holding them. */
    static final class GeneratedCsv extends InputStream {
        private final byte[] pattern;
        private long remaining;
        private int pos;

        GeneratedCsv(long size) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; sb.length() < 64 * 1024; i++) {
                sb.append("C-").append(i).append(",Ada,Lovelace,ada").append(i).append("@example.com\n");
            }
            pattern = sb.toString().getBytes(StandardCharsets.US_ASCII);
            remaining = size;
        }

        @Override
        public int read() {
            if (remaining <= 0) {
                return -1;
            }
            remaining--;
            int b = pattern[pos];
            pos = (pos + 1) % pattern.length;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, remaining), pattern.length - pos);
            System.arraycopy(pattern, pos, b, off, n);
            pos = (pos + n) % pattern.length;
            remaining -= n;
            return n;
        }
    }

    @Test
    void upload_oneGibibyte_streamsWithSmallHeap() throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        AtomicLong received = new AtomicLong();
        AtomicReference<String> contentLength = new AtomicReference<>();
        AtomicReference<String> method = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            method.set(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            contentLength.set(exchange.getRequestHeaders().getFirst("Content-Length"));
            byte[] buf = new byte[64 * 1024];
            long n = 0;
            try (InputStream in = exchange.getRequestBody()) {
                int r;
                while ((r = in.read(buf)) >= 0) {
                    n += r;
                }
            }
            received.set(n);
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        server.start();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        long start = System.nanoTime();
        try (BulkClient client = BulkClient.builder()
                .instanceUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .auth(AuthProvider.ofToken("t")).build()) {
            client.ingestJobs().upload(TestSupport.JOB_ID, ByteSource.of(() -> new GeneratedCsv(SIZE), SIZE));
            assertThat(client.apiCallCount()).isEqualTo(1);
            assertThat(TestSupport.openBodies(client)).isZero();
        } finally {
            server.stop(0);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("1 GiB upload: %d ms (%.0f MiB/s), peak heap (sum of pools) %d MiB, max heap %d MiB%n",
                millis, SIZE / 1048576.0 / (millis / 1000.0), peakHeap >> 20, maxHeap >> 20);
        assertThat(method.get()).isEqualTo("PUT /services/data/v64.0/jobs/ingest/750Ws00000Bx1nQIAR/batches");
        assertThat(contentLength.get()).isEqualTo(String.valueOf(SIZE));
        assertThat(received.get()).isEqualTo(SIZE);
        if (Boolean.getBoolean("bulk2.expectSmallHeap")) {
            // the dedicated surefire execution: make sure it really runs with a heap far smaller than the body
            assertThat(maxHeap).as("run with a small -Xmx so that buffering would fail").isLessThan(SIZE / 8);
        }
    }
}
