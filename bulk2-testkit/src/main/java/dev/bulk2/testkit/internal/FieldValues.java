package dev.bulk2.testkit.internal;

import dev.bulk2.testkit.FieldSchema;
import dev.bulk2.testkit.FieldType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Field value rules: type checks, normalisation and the record error texts they produce. Stateless. */
final class FieldValues {
    /** The value that blanks a field. */
    static final String NA = "#N/A";
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s\"]+@[^@\\s\"]+\\.[A-Za-z0-9-]{2,}$");
    private static final Pattern DATETIME =
            Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?(Z|[+-]\\d{2}:?\\d{2})$");

    private FieldValues() {
    }

    static String fieldError(String code, String message, String field) {
        return code + ":" + message + ":" + field + " --";
    }

    private static String deserialize(String v, int col, String xsd, String field) {
        return "INVALID_FIELD:Failed to deserialize field at col " + col + ". Due to, '" + v
                + "' is not a valid value for the type xsd:" + xsd + ":" + field + " --";
    }

    private static boolean isDate(String v) {
        if (v.length() != 10 || v.charAt(4) != '-' || v.charAt(7) != '-') {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (i != 4 && i != 7 && (v.charAt(i) < '0' || v.charAt(i) > '9')) {
                return false;
            }
        }
        try {
            LocalDate.of(Integer.parseInt(v.substring(0, 4)), Integer.parseInt(v.substring(5, 7)),
                    Integer.parseInt(v.substring(8, 10)));
            return true;
        } catch (java.time.DateTimeException x) {
            return false;
        }
    }

    /** Validates and normalizes one non-empty value; returns an error or null. */
    static String validate(FieldSchema f, String v, int col, String[] norm) {
        norm[0] = v;
        switch (f.type()) {
            case BOOLEAN:
                if (v.equalsIgnoreCase("true") || v.equals("1")) {
                    norm[0] = "true";
                } else if (v.equalsIgnoreCase("false") || v.equals("0")) {
                    norm[0] = "false";
                } else {
                    return deserialize(v, col, "boolean", f.name());
                }
                return null;
            case DATE:
                if (!isDate(v)) {
                    return deserialize(v, col, "date", f.name());
                }
                return null;
            case DATETIME:
                if (!DATETIME.matcher(v).matches()) {
                    return deserialize(v, col, "dateTime", f.name());
                }
                try {
                    String iso = v.matches(".*[+-]\\d{4}$") ? v.substring(0, v.length() - 2) + ":"
                            + v.substring(v.length() - 2) : v;
                    OffsetDateTime.parse(iso);
                } catch (DateTimeParseException x) {
                    return deserialize(v, col, "dateTime", f.name());
                }
                return null;
            case DOUBLE:
                try {
                    new BigDecimal(v.trim());
                } catch (NumberFormatException x) {
                    return deserialize(v, col, "double", f.name());
                }
                return null;
            case REFERENCE:
            case ID:
                if (!SfId.isWellFormed(v)) {
                    return fieldError("MALFORMED_ID", f.label() + ": id value of incorrect type: " + v, f.name());
                }
                norm[0] = SfId.to18(v);
                return null;
            default:
                break;
        }
        if (v.length() > f.length()) {
            return fieldError("STRING_TOO_LONG", f.label() + ": data value too large: " + v + " (max length="
                    + f.length() + ")", f.name());
        }
        if (f.type() == FieldType.EMAIL && !EMAIL.matcher(v).matches()) {
            return fieldError("INVALID_EMAIL_ADDRESS", f.label() + ": invalid email address: " + v, f.name());
        }
        if (f.type() == FieldType.PICKLIST && f.isRestricted() && !f.picklistValues().contains(v)) {
            return fieldError("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", f.label()
                    + ": bad value for restricted picklist field: " + v, f.name());
        }
        return null;
    }
}
