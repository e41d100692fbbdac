package dev.bulk2.csv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A record-level error from the {@code sf__Error} column of a failed-results file, split into its parts.
 *
 * <p>Salesforce writes {@code STATUS_CODE:message:field1,field2 --}, or {@code STATUS_CODE:message:--} when no
 * field applies. The code is the text before the first colon; the field list is the text after the last colon
 * (when it looks like field names); the message is what lies between, colons included. Text that does not follow
 * the pattern is kept whole as the message, with an empty code. Immutable and thread-safe.
 */
public final class RecordError {

    /** The parts, split out of {@link #raw} on first use. Immutable. */
    private static final class Parts {
        final String code;
        final String message;
        final List<String> fields;

        Parts(String code, String message, List<String> fields) {
            this.code = code;
            this.message = message;
            this.fields = fields;
        }
    }

    private final String raw;
    /** Null until first needed; a benign race (two threads may both split; the results are equal). */
    private Parts parts;

    private RecordError(String raw) {
        this.raw = raw;
    }

    /**
     * Parses an {@code sf__Error} value. The text is split into its parts when one is first asked for.
     *
     * @param raw the text, for example {@code REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --}
     * @return the parsed error; never fails
     */
    public static RecordError parse(String raw) {
        return new RecordError(Objects.requireNonNull(raw, "raw"));
    }

    private Parts parts() {
        Parts p = parts;
        if (p == null) {
            p = split(raw);
            parts = p;
        }
        return p;
    }

    /** Splits the text by index, without intermediate strings (as trimming and splitting copies would do). */
    private static Parts split(String raw) {
        int from = 0;
        int to = raw.length();
        while (from < to && raw.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && raw.charAt(to - 1) <= ' ') {
            to--;
        }
        int colon = raw.indexOf(':', from);
        if (colon < 0 || colon >= to || colon == from || !isCode(raw, from, colon)) {
            return new Parts("", raw.substring(from, to), Collections.emptyList());
        }
        String code = raw.substring(from, colon);
        int rest = colon + 1;
        if (to - rest < 2 || raw.charAt(to - 1) != '-' || raw.charAt(to - 2) != '-') {
            return new Parts(code, trimmed(raw, rest, to), Collections.emptyList());
        }
        int bodyEnd = to - 2;
        int last = bodyEnd - 1 >= rest ? raw.lastIndexOf(':', bodyEnd - 1) : -1;
        if (last < rest) {
            return new Parts(code, trimmed(raw, rest, bodyEnd), Collections.emptyList());
        }
        List<String> fields = fields(raw, last + 1, bodyEnd);
        if (fields == null) {
            // not a field list: the colon belongs to the message
            return new Parts(code, trimmed(raw, rest, bodyEnd), Collections.emptyList());
        }
        return new Parts(code, trimmed(raw, rest, last), fields);
    }

    /**
     * The comma-separated field names in {@code raw[from, to)} (trimmed; empty pieces at the end ignored, as
     * {@code String.split} does), or null if a piece is not a field name.
     */
    private static List<String> fields(String raw, int from, int to) {
        while (from < to && raw.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && raw.charAt(to - 1) <= ' ') {
            to--;
        }
        if (from == to) {
            return Collections.emptyList();
        }
        // String.split drops the empty pieces at the end: a list "A,B,," is "A,B"
        while (to > from && raw.charAt(to - 1) == ',') {
            to--;
        }
        List<String> out = null;
        String first = null;
        int p = from;
        while (p < to) {
            int comma = raw.indexOf(',', p);
            int end = comma < 0 || comma > to ? to : comma;
            int s = p;
            int e = end;
            while (s < e && raw.charAt(s) <= ' ') {
                s++;
            }
            while (e > s && raw.charAt(e - 1) <= ' ') {
                e--;
            }
            if (!isField(raw, s, e)) {
                return null;
            }
            String name = raw.substring(s, e);
            if (first == null) {
                first = name;
            } else {
                if (out == null) {
                    out = new ArrayList<>();
                    out.add(first);
                }
                out.add(name);
            }
            p = end + 1;
        }
        if (first == null) {
            return Collections.emptyList();
        }
        return out == null ? Collections.singletonList(first) : Collections.unmodifiableList(out);
    }

    private static String trimmed(String raw, int from, int to) {
        while (from < to && raw.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && raw.charAt(to - 1) <= ' ') {
            to--;
        }
        return raw.substring(from, to);
    }

    /** {@code text[from, end)} is a status code: {@code [A-Z][A-Z0-9_]*}. */
    private static boolean isCode(String text, int from, int end) {
        for (int i = from; i < end; i++) {
            char c = text.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || i > from && (c >= '0' && c <= '9' || c == '_');
            if (!ok) {
                return false;
            }
        }
        return end > from;
    }

    /** {@code text[from, end)} is a field name: {@code [A-Za-z][A-Za-z0-9_.:]*}. */
    private static boolean isField(String text, int from, int end) {
        for (int i = from; i < end; i++) {
            char c = text.charAt(i);
            boolean letter = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
            boolean ok = letter || i > from && (c >= '0' && c <= '9' || c == '_' || c == '.' || c == ':');
            if (!ok) {
                return false;
            }
        }
        return end > from;
    }

    /**
     * The status code, for example {@code REQUIRED_FIELD_MISSING} or {@code UNABLE_TO_LOCK_ROW}.
     *
     * @return the code, or {@code ""} if the text has none
     */
    public String code() {
        return parts().code;
    }

    /**
     * The human-readable message, which may itself contain colons.
     *
     * @return the message
     */
    public String message() {
        return parts().message;
    }

    /**
     * The fields the error names.
     *
     * @return an unmodifiable list, empty when no field applies
     */
    public List<String> fields() {
        return parts().fields;
    }

    /**
     * The {@code sf__Error} text as Salesforce wrote it.
     *
     * @return the raw text
     */
    public String raw() {
        return raw;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordError && raw.equals(((RecordError) o).raw);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }

    @Override
    public String toString() {
        Parts p = parts();
        return "RecordError{code=" + p.code + ", message=" + p.message + ", fields=" + p.fields + '}';
    }
}
