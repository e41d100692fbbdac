package dev.bulk2.examples.sync;

import java.util.regex.Pattern;

/**
 * Local checks of a row before it is sent, for what every org refuses: a Person Account without a last name,
 * an e-mail address that is not one. A rejected row goes to {@code rejected.csv} with the reason instead of
 * costing a failed record in Salesforce. The SDK's pre-flight adds the describe-based checks (picklists, types,
 * characters) on the spool ({@link SalesforceSink#upsert}). Stateless.
 */
final class RowCheck {
    /**
     * The shape Salesforce accepts for an e-mail field (local@domain.tld, no spaces, one @); {@link #isEmail} is
     * the same test without a regex matcher per row.
     */
    static final Pattern EMAIL = Pattern.compile("^[^@\\s\"]+@[^@\\s\"]+\\.[A-Za-z0-9-]{2,}$");

    private final String lastNameColumn;
    private final String emailColumn;
    private final ErpRow.Column lastName;
    private final ErpRow.Column email;

    RowCheck(FieldMapping mapping) {
        this.lastNameColumn = mapping.columnOf("LastName");
        this.emailColumn = mapping.columnOf("PersonEmail");
        this.lastName = lastNameColumn == null ? null : new ErpRow.Column(lastNameColumn);
        this.email = emailColumn == null ? null : new ErpRow.Column(emailColumn);
    }

    /** A refused row: the error code Salesforce would give, a message and the field. */
    static final class Reject {
        final String code;
        final String message;
        final String field;

        Reject(String code, String message, String field) {
            this.code = code;
            this.message = message;
            this.field = field;
        }
    }

    /** @return why the row would be refused, or null when it may be sent */
    Reject check(ErpRow row) {
        if (lastNameColumn != null) {
            Object last = lastName.get(row);
            if (last == null || last.toString().trim().isEmpty()) {
                return new Reject("REQUIRED_FIELD_MISSING", "Required fields are missing: [LastName] (ERP column "
                        + lastNameColumn + " is empty)", "LastName");
            }
        }
        if (emailColumn != null) {
            Object email = this.email.get(row);
            if (email != null && !email.toString().isEmpty() && !isEmail(email.toString())) {
                return new Reject("INVALID_EMAIL_ADDRESS", "Email: invalid email address: " + email, "PersonEmail");
            }
        }
        return null;
    }

    /**
     * @param s a text
     * @return whether {@link #EMAIL} matches it whole: one {@code @} after at least one character, no
     *     {@code "} and no whitespace ({@code \s}: space, tab, line feed, vertical tab, form feed, carriage
     *     return), and after the last dot, which is at least two characters after the {@code @}, two or more of
     *     {@code A-Z a-z 0-9 -}
     */
    static boolean isEmail(String s) {
        int n = s.length();
        int at = -1;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '@') {
                if (at >= 0) {
                    return false;
                }
                at = i;
            } else if (c == '"' || c == ' ' || c >= '\t' && c <= '\r') { // \t \n vertical tab \f \r
                return false;
            }
        }
        int dot = s.lastIndexOf('.');
        if (at < 1 || dot < at + 2 || n - dot - 1 < 2) {
            return false;
        }
        for (int i = dot + 1; i < n; i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
