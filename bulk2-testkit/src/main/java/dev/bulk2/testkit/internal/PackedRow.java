package dev.bulk2.testkit.internal;

import java.util.Arrays;
import java.nio.charset.StandardCharsets;

/** Compact encoding of a record's values: per slot a varint (length + 1, 0 = null) and UTF-8 bytes. */
final class PackedRow {
    private PackedRow() {
    }

    static byte[] pack(String[] values) {
        byte[] out = new byte[values.length * 12 + 16];
        int pos = 0;
        for (String v : values) {
            if (pos + 5 > out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            if (v == null) {
                out[pos++] = 0;
                continue;
            }
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            int n = b.length + 1;
            while ((n & ~0x7F) != 0) {
                out[pos++] = (byte) ((n & 0x7F) | 0x80);
                n >>>= 7;
            }
            out[pos++] = (byte) n;
            if (pos + b.length + 5 > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, pos + b.length + 64));
            }
            System.arraycopy(b, 0, out, pos, b.length);
            pos += b.length;
        }
        return Arrays.copyOf(out, pos);
    }

    static String[] unpack(byte[] packed, int slots) {
        String[] values = new String[slots];
        int pos = 0;
        for (int i = 0; i < slots && pos < packed.length; i++) {
            int n = 0;
            int shift = 0;
            int b;
            do {
                b = packed[pos++] & 0xFF;
                n |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            if (n > 0) {
                values[i] = new String(packed, pos, n - 1, StandardCharsets.UTF_8);
                pos += n - 1;
            }
        }
        return values;
    }
}
