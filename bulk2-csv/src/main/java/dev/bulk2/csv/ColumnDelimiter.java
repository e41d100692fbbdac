package dev.bulk2.csv;

/**
 * Column delimiter of a Bulk API 2.0 CSV file, as the {@code columnDelimiter} job property names it.
 *
 * <p>Salesforce renders result files in the job's delimiter too. Thread-safe (an enum).
 */
public enum ColumnDelimiter {
    /** Back quote {@code `}. */
    BACKQUOTE('`'),
    /** Caret {@code ^}. */
    CARET('^'),
    /** Comma {@code ,}, the Salesforce default. */
    COMMA(','),
    /** Pipe {@code |}. */
    PIPE('|'),
    /** Semicolon {@code ;}. */
    SEMICOLON(';'),
    /** Tab {@code \t}. */
    TAB('\t');

    private final char character;

    ColumnDelimiter(char character) {
        this.character = character;
    }

    /**
     * The delimiter character.
     *
     * @return the character that separates fields
     */
    public char character() {
        return character;
    }

    /**
     * The name Salesforce uses in job JSON, for example {@code COMMA}.
     *
     * @return the API name
     */
    public String apiName() {
        return name();
    }

    /**
     * Parses the API name, case-sensitively as Salesforce does.
     *
     * @param apiName one of {@code BACKQUOTE, CARET, COMMA, PIPE, SEMICOLON, TAB}
     * @return the delimiter
     * @throws IllegalArgumentException if the name is not one Salesforce defines
     */
    public static ColumnDelimiter fromApiName(String apiName) {
        for (ColumnDelimiter d : values()) {
            if (d.name().equals(apiName)) {
                return d;
            }
        }
        throw new IllegalArgumentException("Unknown columnDelimiter '" + apiName
                + "'; expected one of BACKQUOTE, CARET, COMMA, PIPE, SEMICOLON, TAB");
    }
}
