package dev.bulk2.csv;

/**
 * Line ending of a Bulk API 2.0 CSV file, as the {@code lineEnding} job property names it.
 *
 * <p>The line ending declared on a job must match the uploaded data; a mismatch makes Salesforce fail the
 * whole job with {@code ClientInputError : LineEnding is invalid on user data}. Thread-safe (an enum).
 */
public enum LineEnding {
    /** {@code \n}, the Salesforce default. */
    LF("\n"),
    /** {@code \r\n}. */
    CRLF("\r\n");

    private final String separator;

    LineEnding(String separator) {
        this.separator = separator;
    }

    /**
     * The characters that end a record.
     *
     * @return {@code "\n"} or {@code "\r\n"}
     */
    public String separator() {
        return separator;
    }

    /**
     * The name Salesforce uses in job JSON ({@code LF} or {@code CRLF}).
     *
     * @return the API name
     */
    public String apiName() {
        return name();
    }

    /**
     * Parses the API name, case-sensitively as Salesforce does.
     *
     * @param apiName {@code LF} or {@code CRLF}
     * @return the line ending
     * @throws IllegalArgumentException if the name is not one Salesforce defines
     */
    public static LineEnding fromApiName(String apiName) {
        for (LineEnding e : values()) {
            if (e.name().equals(apiName)) {
                return e;
            }
        }
        throw new IllegalArgumentException("Unknown lineEnding '" + apiName + "'; expected LF or CRLF");
    }
}
