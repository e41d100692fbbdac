package dev.bulk2.core.internal.journal;

import java.nio.charset.StandardCharsets;

/** Constants of the journal file format (see docs/journal.md). Internal. */
final class JournalFormat {
    /** The format version this SDK writes and reads. */
    static final long VERSION = 1;
    /** The first bytes of every journal: the header's first member is always {@code bulk2Journal}. */
    static final byte[] MAGIC = "{\"bulk2Journal\":".getBytes(StandardCharsets.US_ASCII);
    /** The longest first line accepted (a header is a few hundred bytes). */
    static final int MAX_HEADER_LINE = 64 * 1024;
    /** The longest line accepted. */
    static final int MAX_LINE = 1024 * 1024;

    private JournalFormat() {
    }
}
