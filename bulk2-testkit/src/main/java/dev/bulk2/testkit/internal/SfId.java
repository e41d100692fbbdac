package dev.bulk2.testkit.internal;

/** Salesforce id helpers: 15 to 18 character conversion (case-safe suffix), generation and validation. */
public final class SfId {
    private static final String SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    private static final String B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** Pod/instance part of every id this emulator generates. */
    static final String POD = "Ws";

    private SfId() {
    }

    /**
     * The 3-character case-safe suffix of a 15-character id.
     *
     * @param id15 15 characters
     * @return the suffix
     */
    public static String suffix(String id15) {
        StringBuilder sb = new StringBuilder(3);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id15.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            sb.append(SUFFIX.charAt(bits));
        }
        return sb.toString();
    }

    /**
     * Builds an 18-character id from a prefix and a sequence number.
     *
     * @param prefix 3 characters
     * @param seq sequence number (&gt;= 0)
     * @return the 18-character id
     */
    public static String make(String prefix, long seq) {
        char[] body = new char[10];
        long v = seq;
        for (int i = 9; i >= 0; i--) {
            body[i] = B62.charAt((int) (v % 62));
            v /= 62;
        }
        String id15 = prefix + POD + new String(body);
        return id15 + suffix(id15);
    }

    /**
     * Whether the text has the shape of an id: 15 alphanumerics, or 18 with a correct suffix.
     *
     * @param id text
     * @return true if well-formed
     */
    public static boolean isWellFormed(String id) {
        if (id == null || (id.length() != 15 && id.length() != 18)) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        if (id.length() == 18) {
            return suffix(id.substring(0, 15)).equalsIgnoreCase(id.substring(15));
        }
        return true;
    }

    /**
     * Converts a well-formed id to 18 characters.
     *
     * @param id 15 or 18 characters, well-formed
     * @return the 18-character id
     */
    public static String to18(String id) {
        String id15 = id.substring(0, 15);
        return id15 + suffix(id15);
    }

    /**
     * Decodes the sequence number of an id this emulator generated with the given prefix.
     *
     * @param id a well-formed id
     * @param prefix the object key prefix
     * @return the sequence, or -1 when the id was not generated here for that prefix
     */
    public static long seqOf(String id, String prefix) {
        if (!id.startsWith(prefix) || !id.startsWith(POD, 3)) {
            return -1;
        }
        long v = 0;
        for (int i = 5; i < 15; i++) {
            int d = B62.indexOf(id.charAt(i));
            if (d < 0) {
                return -1;
            }
            v = v * 62 + d;
        }
        return v;
    }
}
