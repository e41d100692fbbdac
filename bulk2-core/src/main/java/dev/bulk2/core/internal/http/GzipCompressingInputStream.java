package dev.bulk2.core.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterInputStream;

/**
 * Reads a plain stream and yields its gzip compression (RFC 1952), with constant memory. Internal.
 */
public final class GzipCompressingInputStream extends InputStream {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final CRC32 crc = new CRC32();
    private final CheckedInputStream checked;
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final DeflaterInputStream deflating;
    private final byte[] trailer = new byte[8];
    private int headerPos;
    private int trailerPos = -1;
    private long rawCount;
    private boolean closed;

    /**
     * Compresses the given stream.
     *
     * @param raw the plain bytes; closed with this stream
     */
    public GzipCompressingInputStream(InputStream raw) {
        this.checked = new CheckedInputStream(raw, crc) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    rawCount += n;
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                int c = super.read();
                if (c >= 0) {
                    rawCount++;
                }
                return c;
            }
        };
        this.deflating = new DeflaterInputStream(checked, deflater, 64 * 1024);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        if (headerPos < HEADER.length) {
            int n = Math.min(len, HEADER.length - headerPos);
            System.arraycopy(HEADER, headerPos, b, off, n);
            headerPos += n;
            return n;
        }
        if (trailerPos < 0) {
            int n = deflating.read(b, off, len);
            if (n > 0) {
                return n;
            }
            if (n == 0) {
                return 0;
            }
            long c = crc.getValue();
            long size = rawCount & 0xffffffffL;
            for (int i = 0; i < 4; i++) {
                trailer[i] = (byte) (c >>> (8 * i));
                trailer[4 + i] = (byte) (size >>> (8 * i));
            }
            trailerPos = 0;
        }
        if (trailerPos >= trailer.length) {
            return -1;
        }
        int n = Math.min(len, trailer.length - trailerPos);
        System.arraycopy(trailer, trailerPos, b, off, n);
        trailerPos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            try {
                deflating.close();
            } finally {
                deflater.end();
            }
        }
    }
}
