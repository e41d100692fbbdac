package dev.bulk2.core;

/**
 * Content type of a Bulk API 2.0 job ({@code contentType}); only CSV exists today.
 *
 * <p>{@link #UNKNOWN} stands for a value this SDK version does not know; the raw string stays available on
 * {@link JobInfo}. Thread-safe (an enum).
 */
public enum ContentType {
    /** {@code CSV}, the only format Bulk API 2.0 accepts. */
    CSV("CSV"),
    /** A value Salesforce sent that this SDK version does not know. */
    UNKNOWN(null);

    private final String apiName;

    ContentType(String apiName) {
        this.apiName = apiName;
    }

    /**
     * The name Salesforce uses in job JSON.
     *
     * @return the API name, or {@code null} for {@link #UNKNOWN}
     */
    public String apiName() {
        return apiName;
    }

    /**
     * Parses the API name case-sensitively, as Salesforce spells it.
     *
     * @param apiName the name from job JSON, may be {@code null}
     * @return the constant, or {@link #UNKNOWN} when the name is {@code null} or not known
     */
    public static ContentType fromApiName(String apiName) {
        if (apiName != null) {
            for (ContentType v : values()) {
                if (apiName.equals(v.apiName)) {
                    return v;
                }
            }
        }
        return UNKNOWN;
    }
}
