package dev.bulk2.testkit.internal.soql;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Interprets the stored string values of records (the emulator keeps every value as text) for comparisons.
 *
 * <p>Rules: an empty or missing value is null. The literal decides the type of a comparison, as the field type
 * does in Salesforce: a number literal compares numerically, {@code true}/{@code false} as booleans
 * ({@code 1}/{@code 0} accepted in the store), date and date-time literals as dates/instants (stored
 * {@code 2024-01-03T23:52:01.000+0000}, {@code ...Z}, {@code ...+00:00} and plain dates accepted), strings
 * case-insensitively (SOQL text comparison is case-insensitive). A stored value that cannot be read as the
 * literal's type compares as text for {@code =}/{@code !=} and never satisfies {@code <}/{@code >}.
 */
final class SoqlValues {

    private SoqlValues() {
    }

    static boolean isNull(String value) {
        return value == null || value.isEmpty();
    }

    /**
     * Whether a non-null stored value equals a non-null literal.
     */
    static boolean equalTo(String value, Literal literal, String fieldName) {
        if (literal.kind == Literal.Kind.STRING) {
            return value.equalsIgnoreCase(literal.text) || sameId(value, literal.text, fieldName);
        }
        Integer c = compare(value, literal);
        if (c != null) {
            return c == 0;
        }
        return value.equalsIgnoreCase(literal.text);
    }

    /**
     * Compares a non-null stored value with a non-null literal in the literal's type.
     *
     * @return negative/zero/positive, or null when the value cannot be read as the literal's type
     */
    static Integer compare(String value, Literal literal) {
        switch (literal.kind) {
            case STRING:
                return compareText(value, literal.text);
            case NUMBER: {
                BigDecimal n = number(value);
                return n == null ? null : n.compareTo(literal.number);
            }
            case BOOLEAN: {
                Boolean b = bool(value);
                return b == null ? null : Boolean.compare(b, literal.bool);
            }
            case DATE: {
                if (isIsoDate(value)) {
                    // yyyy-MM-dd compares chronologically as text; avoids a parse per row
                    return Integer.signum(value.compareTo(literal.text));
                }
                LocalDate d = date(value);
                return d == null ? null : d.compareTo(literal.date);
            }
            case DATETIME: {
                Integer fast = compareUtcText(value, literal.utcText);
                if (fast != null) {
                    return fast;
                }
                Instant i = instant(value);
                return i == null ? null : i.compareTo(literal.instant);
            }
            default:
                return null;
        }
    }

    /** Whether the value is exactly {@code yyyy-MM-dd} (digits and dashes; validity is not checked). */
    static boolean isIsoDate(String v) {
        return v.length() == 10 && v.charAt(4) == '-' && v.charAt(7) == '-' && digits(v, 0, 4) && digits(v, 5, 7)
                && digits(v, 8, 10);
    }

    /**
     * Compares a stored UTC date-time in the emulator's formats {@code yyyy-MM-ddTHH:mm:ss.SSS+0000} or
     * {@code yyyy-MM-ddTHH:mm:ss.SSSZ} with a literal rendered as {@code yyyy-MM-ddTHH:mm:ss.SSS} (UTC) as text.
     *
     * @return the comparison, or null when the value has another shape
     */
    private static Integer compareUtcText(String v, String utcText) {
        int n = v.length();
        boolean plusZero = n == 28 && v.endsWith("+0000");
        boolean zulu = n == 24 && v.charAt(23) == 'Z';
        if (!(plusZero || zulu) || v.charAt(10) != 'T' || v.charAt(19) != '.' || !digits(v, 20, 23)
                || v.charAt(13) != ':' || v.charAt(16) != ':' || !digits(v, 0, 4) || !digits(v, 11, 13)) {
            return null;
        }
        return Integer.signum(v.substring(0, 23).compareTo(utcText));
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static int compareText(String a, String b) {
        return String.CASE_INSENSITIVE_ORDER.compare(a, b);
    }

    /**
     * A 15-character id (case-sensitive) equals the 18-character id it is the prefix of, for Id and reference
     * fields.
     */
    private static boolean sameId(String value, String literal, String fieldName) {
        if (!(fieldName.equalsIgnoreCase("Id") || fieldName.endsWith("Id"))) {
            return false;
        }
        if (value.length() == 18 && literal.length() == 15) {
            return value.startsWith(literal) && isAlnum(value);
        }
        if (value.length() == 15 && literal.length() == 18) {
            return literal.startsWith(value) && isAlnum(literal);
        }
        return false;
    }

    private static boolean isAlnum(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads a plain decimal number ({@code -12}, {@code 3.50}); null for anything else (exponents, text).
     */
    static BigDecimal number(String value) {
        int n = value.length();
        if (n == 0 || n > 60) {
            return null;
        }
        int i = 0;
        char first = value.charAt(0);
        if (first == '-' || first == '+') {
            i = 1;
        }
        boolean digits = false;
        boolean dot = false;
        for (; i < n; i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = true;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return null;
            }
        }
        if (!digits) {
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Boolean bool(String value) {
        if (value.equalsIgnoreCase("true") || value.equals("1")) {
            return Boolean.TRUE;
        }
        if (value.equalsIgnoreCase("false") || value.equals("0")) {
            return Boolean.FALSE;
        }
        return null;
    }

    /**
     * A stored date, or the UTC date of a stored date-time; null if neither.
     */
    static LocalDate date(String value) {
        if (value.length() == 10) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Instant i = instantOrNull(value);
        return i == null ? null : i.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    /**
     * A stored date-time, or the start (UTC) of a stored date; null if neither.
     */
    static Instant instant(String value) {
        if (value.length() == 10) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return instantOrNull(value);
    }

    private static Instant instantOrNull(String value) {
        if (value.length() < 19 || value.charAt(10) != 'T' || value.charAt(4) != '-') {
            return null;
        }
        return parseDateTime(value);
    }

    /**
     * Parses {@code yyyy-MM-ddTHH:mm:ss[.fff](Z|+hh:mm|+hhmm)}; a value without offset is taken as UTC.
     *
     * @return the instant or null
     */
    static Instant parseDateTime(String text) {
        String s = text;
        int n = s.length();
        // +hhmm / -hhmm → +hh:mm
        if (n >= 5) {
            char sign = s.charAt(n - 5);
            if ((sign == '+' || sign == '-') && Character.isDigit(s.charAt(n - 1)) && s.indexOf(':', n - 5) < 0) {
                s = s.substring(0, n - 2) + ":" + s.substring(n - 2);
            }
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
