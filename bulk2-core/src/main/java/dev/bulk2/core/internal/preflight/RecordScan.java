package dev.bulk2.core.internal.preflight;

import dev.bulk2.csv.CsvPart;
import dev.bulk2.csv.LineEnding;
import java.io.IOException;
import java.io.InputStream;

/**
 * The byte pass over one part: counts its physical lines and says whether any byte needs a closer look: a
 * control character; a line break that can only be inside a quoted value because the chunker accepted the
 * record terminators (a CR with LF, a lone LF or CR with CRLF); or the noncharacters U+FFFE, U+FFFF. Most parts
 * have none, so the character checks run only over the parts that do. Internal.
 */
final class RecordScan {
    private static final boolean[] LF_SUSPECT = new boolean[256];
    private static final boolean[] CRLF_SUSPECT = new boolean[256];

    static {
        for (int b = 0; b < 0x20; b++) {
            LF_SUSPECT[b] = b != '\t' && b != '\n';
            CRLF_SUSPECT[b] = b != '\t' && b != '\n' && b != '\r';
        }
    }

    long lastLine;
    boolean suspect;

    /**
     * Scans a part.
     *
     * @param part the part (header first)
     * @param lineEnding the job's line ending
     * @param buf a reusable buffer
     */
    void scan(CsvPart part, LineEnding lineEnding, byte[] buf) throws IOException {
        boolean[] table = lineEnding == LineEnding.LF ? LF_SUSPECT : CRLF_SUSPECT;
        boolean crlf = lineEnding == LineEnding.CRLF;
        long lfs = 0;
        int prev = -1;
        int prev2 = -1;
        boolean sus = false;
        try (InputStream in = part.open()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    int b = buf[i] & 0xFF;
                    if (b < 0x20) {
                        if (b == '\n') {
                            lfs++;
                            if (crlf && prev != '\r') {
                                sus = true;
                            }
                        } else if (table[b]) {
                            sus = true;
                        } else if (crlf && b != '\r' && prev == '\r') {
                            sus = true;
                        }
                    } else if (crlf && prev == '\r') {
                        sus = true;
                    } else if (b >= 0xBE && b <= 0xBF && prev == 0xBF && prev2 == 0xEF) {
                        sus = true; // U+FFFE or U+FFFF
                    }
                    prev2 = prev;
                    prev = b;
                }
            }
        }
        if (crlf && prev == '\r') {
            sus = true;
        }
        long recordLfs = lfs - 1;
        this.lastLine = part.firstRecordLine() + recordLfs - (prev == '\n' ? 1 : 0);
        this.suspect = sus;
    }
}
