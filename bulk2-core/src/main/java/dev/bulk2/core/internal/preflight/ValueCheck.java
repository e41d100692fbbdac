package dev.bulk2.core.internal.preflight;

import dev.bulk2.core.org.FieldDescribe;
import dev.bulk2.core.org.FieldType;
import dev.bulk2.core.org.PicklistValue;
import dev.bulk2.csv.LineEnding;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks one value: characters Salesforce cannot store, line breaks that differ from the job's line ending, and
 * (with a describe) what cannot be right for the field's type. Empty values and {@code #N/A} (set to null) pass.
 * Messages name the rule and the field, never the value. Internal; one per plan (caches picklist sets; safe to
 * share between threads).
 */
final class ValueCheck {
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(Z|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern DATETIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?");
    private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?Z?");
    private static final Set<String> BOOLEANS = Set.of("true", "false", "1", "0", "yes", "no", "y", "n");

    /** A problem with a value: the kind and the reason. */
    static final class Finding {
        final dev.bulk2.core.plan.ProblemKind kind;
        final String reason;
        final String hint;

        Finding(dev.bulk2.core.plan.ProblemKind kind, String reason, String hint) {
            this.kind = kind;
            this.reason = reason;
            this.hint = hint;
        }
    }

    private final LineEnding lineEnding;
    private final java.util.Map<String, Set<String>> picklists = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Set<String>> exactPicklists = new java.util.concurrent.ConcurrentHashMap<>();

    ValueCheck(LineEnding lineEnding) {
        this.lineEnding = lineEnding;
    }

    /** The characters: control characters, then line breaks against the declared line ending. */
    Finding characters(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= 0x20 && c < '\uFFFE') {
                continue; // printable: the common case, one comparison pair per character
            }
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == '\uFFFE' || c == '\uFFFF') {
                return new Finding(dev.bulk2.core.plan.ProblemKind.UNSTORABLE_CHARACTER, String.format(Locale.ROOT,
                        "The value has the control character U+%04X at character %d, which Salesforce cannot store"
                        + " (text fields take printable characters, tab and line breaks).", (int) c, i + 1),
                        "Remove the character at the source, or clean the value before loading.");
            }
            if (c == '\r' && lineEnding == LineEnding.LF
                    || c == '\r' && lineEnding == LineEnding.CRLF && (i + 1 == v.length() || v.charAt(i + 1) != '\n')
                    || c == '\n' && lineEnding == LineEnding.CRLF && (i == 0 || v.charAt(i - 1) != '\r')) {
                String found = c == '\n' ? "LF" : i + 1 < v.length() && v.charAt(i + 1) == '\n' ? "CRLF" : "CR";
                return new Finding(dev.bulk2.core.plan.ProblemKind.QUOTED_LINE_BREAK_MISMATCH, String.format(
                        Locale.ROOT, "The quoted value has a %s line break at character %d but the job's lineEnding"
                        + " is %s; Salesforce would store a different text than the file's.", found, i + 1,
                        lineEnding), "Write the value's line breaks as " + lineEnding + " or set lineEnding("
                        + ("LF".equals(found) ? "LF" : "CRLF") + ") if the whole file uses " + found + ".");
            }
        }
        return null;
    }

    /** The value against its field's type, or null when it can be right. */
    Finding value(FieldDescribe f, String v) {
        if (v.isEmpty() || "#N/A".equals(v)) {
            return null;
        }
        String reason = reason(f, v);
        return reason == null ? null : new Finding(dev.bulk2.core.plan.ProblemKind.INVALID_VALUE, reason,
                "Correct the value at the source, or leave the row out.");
    }

    private String reason(FieldDescribe f, String v) {
        FieldType t = f.type();
        switch (t) {
            case DATE:
                return isPlainDate(v) || DATE.matcher(v).matches() && validDate(v) ? null
                        : "Not a date for " + f.name() + " (date): Salesforce reads YYYY-MM-DD.";
            case DATETIME:
                return DATETIME.matcher(v).matches() && validDate(v) ? null : "Not a date-time for " + f.name()
                        + " (datetime): Salesforce reads YYYY-MM-DDThh:mm:ss[.SSS]Z or with an offset.";
            case TIME:
                return TIME.matcher(v).matches() ? null : "Not a time for " + f.name() + " (time): hh:mm:ss[.SSS]Z.";
            case BOOLEAN:
                return "true".equals(v) || "false".equals(v) || BOOLEANS.contains(v.toLowerCase(Locale.ROOT)) ? null
                        : "Not a boolean for " + f.name() + ": use true or false (also 1/0, yes/no).";
            case INT:
            case LONG:
                if (!INTEGER.matcher(v).matches()) {
                    return "Not a whole number for " + f.name() + " (" + f.typeAsString() + ").";
                }
                int digits = v.replaceFirst("^[+-]", "").replaceFirst("^0+(?=\\d)", "").length();
                return f.digits() > 0 && digits > f.digits() ? String.format(Locale.ROOT,
                        "The number has %d digits; %s takes at most %d.", digits, f.name(), f.digits()) : null;
            case DOUBLE:
            case CURRENCY:
            case PERCENT:
                return number(f, v);
            case ID:
            case REFERENCE:
                return isId(v) ? null : "Not a record id for " + f.name()
                        + ": ids have 15 or 18 letters and digits (use a relationship column to match on an"
                        + " external id).";
            case EMAIL:
                int at = v.indexOf('@');
                if (at <= 0 || at == v.length() - 1 || v.indexOf('@', at + 1) >= 0 || v.indexOf(' ') >= 0) {
                    return "Not an email address for " + f.name() + ": it needs one @ with a name before it and"
                            + " a domain after it, and no spaces.";
                }
                return length(f, v);
            case PICKLIST:
            case MULTIPICKLIST:
                if (f.isRestrictedPicklist()) {
                    Set<String> allowed = picklist(f);
                    if (t == FieldType.PICKLIST && exactPicklist(f).contains(v)) {
                        return length(f, v); // spelled as the describe spells it: no lower-casing needed
                    }
                    for (String one : t == FieldType.MULTIPICKLIST ? v.split(";") : new String[] {v}) {
                        if (!allowed.contains(one.trim().toLowerCase(Locale.ROOT))) {
                            return "A value not in the restricted picklist " + f.name() + " (" + allowed.size()
                                    + " active values).";
                        }
                    }
                }
                return length(f, v);
            default:
                return length(f, v);
        }
    }

    private static String length(FieldDescribe f, String v) {
        int n = v.codePointCount(0, v.length());
        return f.length() > 0 && n > f.length() ? String.format(Locale.ROOT,
                "The value has %,d characters; %s (%s) takes at most %,d.", n, f.name(), f.typeAsString(),
                f.length()) : null;
    }

    private static String number(FieldDescribe f, String v) {
        if (!NUMBER.matcher(v).matches()) {
            return "Not a number for " + f.name() + " (" + f.typeAsString() + "): use digits with a '.' decimal"
                    + " point, no thousands separators.";
        }
        if (f.precision() <= 0 || v.indexOf('e') >= 0 || v.indexOf('E') >= 0) {
            return null;
        }
        String s = v.replaceFirst("^[+-]", "");
        int dot = s.indexOf('.');
        String whole = (dot < 0 ? s : s.substring(0, dot)).replaceFirst("^0+", "");
        int max = f.precision() - f.scale();
        return whole.length() > max ? String.format(Locale.ROOT, "The number has %d digits before the decimal"
                + " point; %s (precision %d, scale %d) takes at most %d.", whole.length(), f.name(), f.precision(),
                f.scale(), max) : null;
    }

    /** {@code YYYY-MM-DD} with a real month and day, without a regex (the common case, checked fast). */
    private static boolean isPlainDate(String v) {
        if (v.length() != 10 || v.charAt(4) != '-' || v.charAt(7) != '-') {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            char c = v.charAt(i);
            if (i != 4 && i != 7 && (c < '0' || c > '9')) {
                return false;
            }
        }
        int y = Integer.parseInt(v.substring(0, 4));
        int m = (v.charAt(5) - '0') * 10 + v.charAt(6) - '0';
        int d = (v.charAt(8) - '0') * 10 + v.charAt(9) - '0';
        return m >= 1 && m <= 12 && d >= 1 && d <= java.time.YearMonth.of(Math.max(1, y), m).lengthOfMonth();
    }

    private static boolean validDate(String v) {
        try {
            java.time.LocalDate.parse(v.substring(0, 10));
            return true;
        } catch (java.time.DateTimeException e) {
            return false;
        }
    }

    /** A record id: 15 or 18 ASCII letters and digits (checked without a regex per value). */
    private static boolean isId(String v) {
        int n = v.length();
        if (n != 15 && n != 18) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }

    /** The active values of a restricted picklist exactly as the describe spells them. */
    private Set<String> exactPicklist(FieldDescribe f) {
        return exactPicklists.computeIfAbsent(f.name(), k -> activeValues(f, false));
    }

    /** The active values of a restricted picklist, lower case. */
    private Set<String> picklist(FieldDescribe f) {
        return picklists.computeIfAbsent(f.name(), k -> activeValues(f, true));
    }

    private static Set<String> activeValues(FieldDescribe f, boolean lowerCase) {
        Set<String> s = new HashSet<>();
        for (PicklistValue p : f.picklistValues()) {
            if (p.isActive()) {
                s.add(lowerCase ? p.value().toLowerCase(Locale.ROOT) : p.value());
            }
        }
        return s;
    }
}
