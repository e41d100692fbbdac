package dev.bulk2.core.query;

/**
 * Counts CSV records in a byte stream as it passes by, quote-aware (a line break inside a quoted value is data),
 * and remembers where the header record ends. Used to check each downloaded page against
 * {@code Sforce-NumberOfRecords}. Package-private; not thread-safe.
 */
final class RecordCounter {
    private boolean inQuotes;
    private long records;
    private long bytes;
    private long headerEnd = -1;
    private byte last = '\n';

    void update(byte[] b, int off, int len) {
        boolean q = inQuotes;
        long n = records;
        for (int i = off, end = off + len; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                q = !q;
            } else if (c == '\n' && !q) {
                n++;
                if (headerEnd < 0) {
                    headerEnd = bytes + (i - off) + 1;
                }
            }
        }
        if (len > 0) {
            last = b[off + len - 1];
        }
        inQuotes = q;
        records = n;
        bytes += len;
    }

    /** @return bytes seen */
    long bytes() {
        return bytes;
    }

    /** @return whether the input ended at a record boundary, outside quotes (or was empty) */
    boolean endsCleanly() {
        return bytes == 0 || (!inQuotes && last == '\n');
    }

    /** @return complete records seen, header included */
    long records() {
        return records;
    }

    /** @return data rows: records minus the header, never negative */
    long rows() {
        return Math.max(0, records - 1);
    }

    /** @return the offset just after the header's line break, or -1 when no full record was seen */
    long headerEnd() {
        return headerEnd;
    }
}
