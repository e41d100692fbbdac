package dev.bulk2.testkit.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A pass over the records of an upload before any is processed: finds the first record that fails the job
 * (malformed quoting, line ending, optionally a wrong number of values) and the upsert keys that occur more than once. Keys are first collected as
 * 64-bit hashes in an open-addressing table (8 bytes per record), then only the colliding ones are compared
 * exactly in a second pass, so a million-row upsert does not keep a million strings.
 */
final class UploadScan {
    /** The first record that fails the job, or null. */
    String failure;
    /** Keys (lower case) seen more than once; empty when none. */
    Set<String> duplicateKeys = Set.of();

    private UploadScan() {
    }

    /** What fails the job besides malformed quoting and a wrong line ending. */
    static final class MalformedCheck {
        /** The header's column count when a record with another number of values fails the job, else -1. */
        final int columns;

        MalformedCheck(int columns) {
            this.columns = columns;
        }
    }

    /**
     * Scans the records after the header.
     *
     * @param j the job (data file, dialect)
     * @param headerEnd byte offset of the first record
     * @param firstLine the physical line the first record starts on
     * @param keyCol column of the upsert key, or -1 for no duplicate check
     * @param malformed what makes a record fail the job, or null not to look for such records
     */
    static UploadScan scan(Job j, long headerEnd, long firstLine, int keyCol, MalformedCheck malformed)
            throws IOException {
        boolean detectFailure = malformed != null;
        UploadScan out = new UploadScan();
        LongSet seen = new LongSet();
        Set<Long> collisions = new HashSet<>();
        try (CsvRowReader r = reader(j, headerEnd)) {
            r.startAtLine(firstLine);
            while (true) {
                String[] row;
                try {
                    row = r.next();
                } catch (CsvRowReader.ParseFailure x) {
                    if (detectFailure) {
                        out.failure = IngestRun.PARSE_PREFIX + x.getMessage();
                    }
                    break;
                }
                if (row == null) {
                    break;
                }
                if (detectFailure && r.lineEndingMismatch()) {
                    out.failure = IngestRun.lineEndingMessage(j);
                    break;
                }
                if (detectFailure && malformed.columns >= 0 && row.length != malformed.columns
                        && !IngestRun.isBlankLine(row, malformed.columns)) {
                    out.failure = IngestRun.wrongValueCountMessage(row.length, malformed.columns, r.recordLine());
                    break;
                }
                if (keyCol >= 0 && keyCol < row.length && !row[keyCol].isEmpty()) {
                    long h = hash(row[keyCol]);
                    if (!seen.add(h)) {
                        collisions.add(h);
                    }
                }
            }
        }
        if (!collisions.isEmpty()) {
            out.duplicateKeys = exact(j, headerEnd, keyCol, collisions);
        }
        return out;
    }

    private static CsvRowReader reader(Job j, long from) throws IOException {
        java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(j.dataFile,
                java.nio.file.StandardOpenOption.READ);
        ch.position(from);
        java.io.InputStream in = java.nio.channels.Channels.newInputStream(ch);
        return new CsvRowReader(in, j.columnDelimiter.character(), j.lineEnding == dev.bulk2.csv.LineEnding.CRLF);
    }

    private static Set<String> exact(Job j, long headerEnd, int keyCol, Set<Long> collisions) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        try (CsvRowReader r = reader(j, headerEnd)) {
            while (true) {
                String[] row;
                try {
                    row = r.next();
                } catch (CsvRowReader.ParseFailure x) {
                    break;
                }
                if (row == null) {
                    break;
                }
                if (keyCol < row.length && !row[keyCol].isEmpty() && collisions.contains(hash(row[keyCol]))) {
                    counts.merge(row[keyCol].toLowerCase(Locale.ROOT), 1, Integer::sum);
                }
            }
        }
        Set<String> dups = new HashSet<>();
        for (Map.Entry<String, Integer> en : counts.entrySet()) {
            if (en.getValue() > 1) {
                dups.add(en.getKey());
            }
        }
        return dups;
    }

    /** FNV-1a over the lower-cased key (keys match case-insensitively). */
    static long hash(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < k.length(); i++) {
            h ^= k.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** Open-addressing set of longs (0 is stored separately). */
    static final class LongSet {
        private long[] table = new long[1024];
        private int size;
        private boolean hasZero;

        /** @return true if added, false if present */
        boolean add(long v) {
            if (v == 0) {
                boolean had = hasZero;
                hasZero = true;
                return !had;
            }
            if (size * 2 >= table.length) {
                grow();
            }
            int mask = table.length - 1;
            int i = (int) (v ^ (v >>> 32)) & mask;
            while (table[i] != 0) {
                if (table[i] == v) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            table[i] = v;
            size++;
            return true;
        }

        private void grow() {
            long[] old = table;
            table = new long[old.length * 2];
            size = 0;
            for (long v : old) {
                if (v != 0) {
                    add(v);
                }
            }
        }
    }
}
