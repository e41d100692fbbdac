package dev.bulk2.csv;

/**
 * How a {@link CsvMapping} column writes a {@code null} value.
 *
 * <p>In a Bulk API 2.0 upload an empty field means "leave the current value unchanged" on update and upsert,
 * and the literal {@code #N/A} means "set the field to null". Thread-safe (an enum).
 */
public enum NullValue {
    /** Write {@code #N/A}: Salesforce clears the field. */
    SET_NULL("#N/A"),
    /** Write an empty field: Salesforce leaves the field as it is (on insert: the field stays empty). The default. */
    LEAVE_UNCHANGED("");

    private final String text;

    NullValue(String text) {
        this.text = text;
    }

    /**
     * The text written for a null value.
     *
     * @return {@code "#N/A"} or {@code ""}
     */
    public String text() {
        return text;
    }
}
