package dev.bulk2.core.internal.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * The first line of a journal: format version, kind, creation time, the SDK version that created it, the request
 * fingerprint and the input identity. Immutable.
 */
public final class JournalHeader {
    /** The format version. */
    public final long version;
    /** What the journal records. */
    public final JournalKind kind;
    /** When the journal was created. */
    public final Instant created;
    /** The SDK version that created it. */
    public final String sdkVersion;
    /** {@link JournalRequest#fingerprint()} of the request. */
    public final String requestFingerprint;
    /** The input's identity. */
    public final InputIdentity input;

    JournalHeader(long version, JournalKind kind, Instant created, String sdkVersion, String requestFingerprint,
            InputIdentity input) {
        this.version = version;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.created = Objects.requireNonNull(created, "created");
        this.sdkVersion = Objects.requireNonNull(sdkVersion, "sdkVersion");
        this.requestFingerprint = Objects.requireNonNull(requestFingerprint, "requestFingerprint");
        this.input = Objects.requireNonNull(input, "input");
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof JournalHeader)) {
            return false;
        }
        JournalHeader h = (JournalHeader) o;
        return version == h.version && kind == h.kind && created.equals(h.created)
                && sdkVersion.equals(h.sdkVersion) && requestFingerprint.equals(h.requestFingerprint)
                && input.equals(h.input);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, kind, created, sdkVersion, requestFingerprint, input);
    }

    @Override
    public String toString() {
        return "JournalHeader{v" + version + ", " + kind.wire() + ", created=" + created + ", sdk=" + sdkVersion
                + ", request=" + requestFingerprint + ", input=" + input + "}";
    }
}
