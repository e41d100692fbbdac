package dev.bulk2.core.internal.journal;

/** What a journal records: a fluent ingest or a query export. Internal. */
public enum JournalKind {
    /** A fluent ingest (parts, jobs, record-retry rounds). */
    INGEST("ingest"),
    /** A query export to a file (the job, pages, output offsets). */
    QUERY("query");

    private final String wire;

    JournalKind(String wire) {
        this.wire = wire;
    }

    /** @return the name written in the journal header */
    public String wire() {
        return wire;
    }

    /**
     * The kind with this journal name.
     *
     * @param wire the name in the header
     * @return the kind, or {@code null} when unknown
     */
    static JournalKind ofWire(String wire) {
        for (JournalKind k : values()) {
            if (k.wire.equals(wire)) {
                return k;
            }
        }
        return null;
    }
}
