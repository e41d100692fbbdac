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


    private final String raw;
    private final String code;
    private final String message;
    private final List<String> fields;

    private RecordError(String raw, String code, String message, List<String> fields) {
        this.raw = raw;
        this.code = code;
        this.message = message;
        this.fields = fields;
    }

    /**
     * Parses an {@code sf__Error} value.
     *
     * @param raw the text, for example {@code REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --}
     * @return the parsed error; never fails
     */
    public static RecordError parse(String raw) {
        Objects.requireNonNull(raw, "raw");
        String text = raw.trim();
        int colon = text.indexOf(':');
        if (colon <= 0 || !isCode(text, colon)) {
            return new RecordError(raw, "", text, Collections.emptyList());
        }
        String code = text.substring(0, colon);
        String rest = text.substring(colon + 1);
        if (!rest.endsWith("--")) {
            return new RecordError(raw, code, rest.trim(), Collections.emptyList());
        }
        String body = rest.substring(0, rest.length() - 2);
        int last = body.lastIndexOf(':');
        if (last < 0) {
            return new RecordError(raw, code, body.trim(), Collections.emptyList());
        }
        String tail = body.substring(last + 1).trim();
        List<String> fields = new ArrayList<>();
        if (!tail.isEmpty()) {
            for (String f : tail.split(",")) {
                String name = f.trim();
                if (!isField(name)) {
                    // not a field list: the colon belongs to the message
                    return new RecordError(raw, code, body.trim(), Collections.emptyList());
                }
                fields.add(name);
            }
        }
        return new RecordError(raw, code, body.substring(0, last).trim(), Collections.unmodifiableList(fields));
    }

    /** {@code text[0, end)} is a status code: {@code [A-Z][A-Z0-9_]*}. */
    private static boolean isCode(String text, int end) {
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '_');
            if (!ok) {
                return false;
            }
        }
        return end > 0;
    }

    /** {@code name} is a field name: {@code [A-Za-z][A-Za-z0-9_.:]*}. */
    private static boolean isField(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
            boolean ok = letter || i > 0 && (c >= '0' && c <= '9' || c == '_' || c == '.' || c == ':');
            if (!ok) {
                return false;
            }
        }
        return !name.isEmpty();
    }

    /**
     * The status code, for example {@code REQUIRED_FIELD_MISSING} or {@code UNABLE_TO_LOCK_ROW}.
     *
     * @return the code, or {@code ""} if the text has none
     */
    public String code() {
        return code;
    }

    /**
     * The human-readable message, which may itself contain colons.
     *
     * @return the message
     */
    public String message() {
        return message;
    }

    /**
     * The fields the error names.
     *
     * @return an unmodifiable list, empty when no field applies
     */
    public List<String> fields() {
        return fields;
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
        return "RecordError{code=" + code + ", message=" + message + ", fields=" + fields + '}';
    }
}
