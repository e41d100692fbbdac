package dev.bulk2.core.internal.journal;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The request a journal belongs to: its kind and the fields that matter for resuming (for an ingest: object,
 * operation, external id field, line ending, delimiter, assignment rule, part limits, record-retry rounds; for an
 * export: the query, queryAll, delimiter, line ending). Fields that do not change what is sent or how parts are
 * cut (concurrency, polling, timeout, listener, spool directory) must not be in it, so that they can change
 * between a crash and the resume. The fingerprint is the SHA-256 of the fields sorted by name. Immutable.
 */
public final class JournalRequest {
    private final JournalKind kind;
    private final Map<String, String> fields;

    private JournalRequest(JournalKind kind, Map<String, String> fields) {
        this.kind = kind;
        this.fields = fields;
    }

    /**
     * Creates the value.
     *
     * @param kind the kind
     * @param fields the fields that matter, in the order they are written ({@code null} values are left out)
     * @return the request
     */
    public static JournalRequest of(JournalKind kind, Map<String, String> fields) {
        Objects.requireNonNull(kind, "kind");
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getValue() != null) {
                copy.put(Objects.requireNonNull(e.getKey(), "field name"), e.getValue());
            }
        }
        return new JournalRequest(kind, Collections.unmodifiableMap(copy));
    }

    /** @return the kind */
    public JournalKind kind() {
        return kind;
    }

    /** @return the fields, unmodifiable, in writing order */
    public Map<String, String> fields() {
        return fields;
    }

    /** @return {@code sha256:<hex>} of the kind and the fields sorted by name */
    public String fingerprint() {
        return fingerprint(kind, fields);
    }

    static String fingerprint(JournalKind kind, Map<String, String> fields) {
        java.security.MessageDigest d = Sha256.newDigest();
        update(d, kind.wire());
        for (Map.Entry<String, String> e : new TreeMap<>(fields).entrySet()) {
            update(d, e.getKey());
            update(d, e.getValue());
        }
        return "sha256:" + Sha256.hex(d.digest());
    }

    private static void update(java.security.MessageDigest d, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.update((byte) (b.length >>> 24));
        d.update((byte) (b.length >>> 16));
        d.update((byte) (b.length >>> 8));
        d.update((byte) b.length);
        d.update(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JournalRequest && kind == ((JournalRequest) o).kind
                && fields.equals(((JournalRequest) o).fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, fields);
    }

    @Override
    public String toString() {
        return "JournalRequest{" + kind.wire() + ", " + fields + "}";
    }
}
