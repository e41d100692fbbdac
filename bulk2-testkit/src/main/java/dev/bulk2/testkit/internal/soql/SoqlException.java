package dev.bulk2.testkit.internal.soql;

/**
 * A query the emulator rejects, with the Salesforce {@code errorCode} to put in the 400 error body.
 */
public final class SoqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String errorCode;

    /**
     * Creates the exception.
     *
     * @param errorCode for example {@code MALFORMED_QUERY} or {@code INVALID_FIELD}
     * @param message the Salesforce-style message
     */
    public SoqlException(String errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    /**
     * The Salesforce error code.
     *
     * @return the code
     */
    public String errorCode() {
        return errorCode;
    }
}
