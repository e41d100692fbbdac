package dev.bulk2.csv.internal;

import java.nio.charset.StandardCharsets;

/**
 * One record from {@link CsvTokenizer#nextRaw()}: its bytes as read, in one array, with the bounds of each
 * field's value in it (enclosing quotes outside the bounds, doubled quotes already undone); a field is decoded
 * to a {@code String} on first access and then kept.
 *
 * <p>Immutable and thread-safe: the decoded values are cached with a benign race (two threads may both decode a
 * field; either {@code String} is equal and safely published, as {@code String}s are immutable).
 */
public final class RawRecord {

    private final byte[] data;
    /** Start and end of each field in {@link #data}: {@code [start0, end0, start1, end1, ...]}. */
    private final int[] bounds;
    private String[] decoded;

    RawRecord(byte[] data, int[] bounds) {
        this.data = data;
        this.bounds = bounds;
    }

    /**
     * The number of fields.
     *
     * @return the count, at least 1
     */
    public int size() {
        return bounds.length >> 1;
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
            d = new String[size()];
            decoded = d;
        }
        String v = d[i];
        if (v == null) {
            v = decodeAt(i);
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
        return decodeAt(i);
    }

    private String decodeAt(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("Field " + i + " of a record of " + size());
        }
        int from = bounds[2 * i];
        int len = bounds[2 * i + 1] - from;
        return len == 0 ? "" : new String(data, from, len, StandardCharsets.UTF_8);
    }

    /**
     * The length of a field's value in UTF-8 bytes, without decoding it.
     *
     * @param i the 0-based field index
     * @return the length; 0 for an empty value
     * @throws IndexOutOfBoundsException if there is no such field
     */
    public int byteLength(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("Field " + i + " of a record of " + size());
        }
        return bounds[2 * i + 1] - bounds[2 * i];
    }

    /**
     * Whether a field is an ASCII text, ignoring ASCII case, without decoding it.
     *
     * @param i the 0-based field index
     * @param ascii the ASCII text, for example {@code "true"}
     * @return true if the field's bytes are that text
     */
    public boolean isIgnoringCase(int i, String ascii) {
        int len = byteLength(i);
        int from = bounds[2 * i];
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
        String[] out = new String[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }
}
