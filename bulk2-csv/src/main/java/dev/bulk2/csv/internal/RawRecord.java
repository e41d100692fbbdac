package dev.bulk2.csv.internal;

import java.nio.charset.StandardCharsets;

/**
 * One record from {@link CsvTokenizer#nextRaw()}: its fields as undecoded UTF-8 (quotes already removed), one
 * after the other in one array, decoded to a {@code String} on first access and then kept.
 *
 * <p>Immutable and thread-safe: the decoded values are cached with a benign race (two threads may both decode a
 * field; either {@code String} is equal and safely published, as {@code String}s are immutable).
 */
public final class RawRecord {

    private final byte[] data;
    private final int[] ends;
    private String[] decoded;

    RawRecord(byte[] data, int[] ends) {
        this.data = data;
        this.ends = ends;
    }

    /**
     * The number of fields.
     *
     * @return the count, at least 1
     */
    public int size() {
        return ends.length;
    }

    /**
     * A field's value, decoded from UTF-8 on first access.
     *
     * @param i the 0-based field index
     * @return the value, never null
     * @throws IndexOutOfBoundsException if there is no such field
     */
    public String get(int i) {
        String[] d = decoded;
        if (d == null) {
            d = new String[ends.length];
            decoded = d;
        }
        String v = d[i];
        if (v == null) {
            int from = i == 0 ? 0 : ends[i - 1];
            int len = ends[i] - from;
            v = len == 0 ? "" : new String(data, from, len, StandardCharsets.UTF_8);
            d[i] = v;
        }
        return v;
    }

    /**
     * A field's value decoded afresh, not kept (for a value the caller keeps itself).
     *
     * @param i the 0-based field index
     * @return the value, never null
     * @throws IndexOutOfBoundsException if there is no such field
     */
    public String decode(int i) {
        String[] d = decoded;
        if (d != null && d[i] != null) {
            return d[i];
        }
        int from = i == 0 ? 0 : ends[i - 1];
        int len = ends[i] - from;
        return len == 0 ? "" : new String(data, from, len, StandardCharsets.UTF_8);
    }

    /**
     * Whether a field is an ASCII text, ignoring ASCII case, without decoding it.
     *
     * @param i the 0-based field index
     * @param ascii the ASCII text, for example {@code "true"}
     * @return true if the field's bytes are that text
     */
    public boolean isIgnoringCase(int i, String ascii) {
        int from = i == 0 ? 0 : ends[i - 1];
        int len = ends[i] - from;
        if (len != ascii.length()) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            int b = data[from + k] & 0xFF;
            int c = ascii.charAt(k);
            if (b == c) {
                continue;
            }
            int lower = b | 0x20;
            if (lower < 'a' || lower > 'z' || lower != (c | 0x20)) {
                return false;
            }
        }
        return true;
    }

    /**
     * All fields, decoded.
     *
     * @return a new array
     */
    public String[] toArray() {
        String[] out = new String[ends.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }
}
