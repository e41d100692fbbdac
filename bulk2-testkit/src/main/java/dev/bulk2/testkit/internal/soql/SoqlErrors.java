package dev.bulk2.testkit.internal.soql;

/**
 * Builds {@link SoqlException}s worded like Salesforce's SOQL errors: the offending query line, a caret under the
 * position, {@code ERROR at Row:r:Column:c} and the detail.
 */
final class SoqlErrors {

    /** Error code for syntax errors and unsupported features. */
    static final String MALFORMED_QUERY = "MALFORMED_QUERY";
    /** Error code for unknown fields. */
    static final String INVALID_FIELD = "INVALID_FIELD";
    /** Error code for an unknown FROM object. */
    static final String INVALID_TYPE = "INVALID_TYPE";

    private SoqlErrors() {
    }

    static SoqlException malformed(String soql, int offset, String detail) {
        return new SoqlException(MALFORMED_QUERY, located(soql, offset, detail));
    }

    static SoqlException unexpected(String soql, Token token) {
        return malformed(soql, token.offset, "unexpected token: '" + token.display() + "'");
    }

    static SoqlException unsupportedByBulk(String soql, int offset, String feature) {
        return malformed(soql, offset, feature + " is not supported by Bulk API 2.0 query jobs;"
                + " remove it from the query (or use the REST query API)");
    }

    static SoqlException unsupportedByEmulator(String soql, int offset, String feature) {
        return malformed(soql, offset, feature + " is not supported by the bulk2 emulator's SOQL subset"
                + " (field list, FROM, WHERE with = != <> < > <= >= LIKE IN NOT IN AND OR NOT, ORDER BY, LIMIT);"
                + " simplify the query for offline tests");
    }

    static SoqlException invalidField(String soql, int offset, String detail) {
        return new SoqlException(INVALID_FIELD, located(soql, offset, detail));
    }

    /**
     * Salesforce format: {@code "\n<line>\n<spaces>^\nERROR at Row:1:Column:8\n<detail>"}.
     */
    static String located(String soql, int offset, String detail) {
        int row = 1;
        int lineStart = 0;
        int safeOffset = Math.max(0, Math.min(offset, soql.length()));
        for (int i = 0; i < safeOffset; i++) {
            if (soql.charAt(i) == '\n') {
                row++;
                lineStart = i + 1;
            }
        }
        int lineEnd = soql.indexOf('\n', lineStart);
        if (lineEnd < 0) {
            lineEnd = soql.length();
        }
        String line = soql.substring(lineStart, lineEnd);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        int column = safeOffset - lineStart + 1;
        StringBuilder sb = new StringBuilder();
        sb.append('\n').append(line).append('\n');
        for (int i = 1; i < column; i++) {
            sb.append(' ');
        }
        sb.append("^\nERROR at Row:").append(row).append(":Column:").append(column).append('\n').append(detail);
        return sb.toString();
    }
}
