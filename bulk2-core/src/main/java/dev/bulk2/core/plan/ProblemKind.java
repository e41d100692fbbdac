package dev.bulk2.core.plan;

/**
 * What kind of problem a pre-flight check found. {@link #isRowLevel()} kinds concern one row and, with
 * {@link Preflight#preRejectInvalidRows(boolean)}, become pre-rejected rows of the result instead of stopping the
 * run; the others concern the whole load and stop it before any job exists. Thread-safe (an enum).
 */
public enum ProblemKind {
    /** The CSV breaks a CSV or Bulk API 2.0 rule (unterminated quote, field count, UTF-8, ...): the chunker's error. */
    MALFORMED_CSV(false),
    /** The header only splits into field names with another column delimiter, which the problem names. */
    WRONG_DELIMITER(false),
    /** A header column is not a field of the object. */
    UNKNOWN_FIELD(false),
    /** A header column names a field that the operation cannot write (not createable for insert, ...). */
    FIELD_NOT_WRITABLE(false),
    /** The object does not allow the operation at all (not createable, updateable or deletable). */
    OBJECT_NOT_WRITABLE(false),
    /** The column the operation matches records on is missing ({@code Id}, or the upsert's external id field). */
    KEY_COLUMN_MISSING(false),
    /** The upsert's field is neither an External ID nor an idLookup field (nor {@code Id}) on the object. */
    KEY_NOT_EXTERNAL_ID(false),
    /** A relationship column ({@code Parent__r.External_Id__c}) does not resolve to an external id of its object. */
    RELATIONSHIP_UNRESOLVED(false),
    /** A line break inside a quoted value differs from the job's line ending. */
    QUOTED_LINE_BREAK_MISMATCH(true),
    /** A value holds a character Salesforce cannot store (NUL or another control character). */
    UNSTORABLE_CHARACTER(true),
    /** A value cannot be right for its field's type (date, number, length, email, picklist, boolean). */
    INVALID_VALUE(true),
    /** The plan needs more than what is left of an org daily limit or of a budget set by the user. */
    BUDGET_EXCEEDED(false);

    private final boolean rowLevel;

    ProblemKind(boolean rowLevel) {
        this.rowLevel = rowLevel;
    }

    /**
     * Whether the problem concerns a single row (and can be pre-rejected) rather than the whole load.
     *
     * @return true for row-level kinds
     */
    public boolean isRowLevel() {
        return rowLevel;
    }
}
