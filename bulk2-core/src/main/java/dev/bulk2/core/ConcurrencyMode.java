package dev.bulk2.core;

/**
 * Concurrency mode of a job ({@code concurrencyMode}); Salesforce reserves it and always reports {@code Parallel}.
 *
 * <p>{@link #UNKNOWN} stands for a value this SDK version does not know; the raw string stays available on
 * {@link JobInfo}. Thread-safe (an enum).
 */
public enum ConcurrencyMode {
    /** {@code Parallel}, the only mode Bulk API 2.0 uses. */
    PARALLEL("Parallel"),
    /** {@code Serial}, listed by older docs. */
    SERIAL("Serial"),
    /** A value Salesforce sent that this SDK version does not know. */
    UNKNOWN(null);

    private final String apiName;

    ConcurrencyMode(String apiName) {
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
    public static ConcurrencyMode fromApiName(String apiName) {
        if (apiName != null) {
            for (ConcurrencyMode v : values()) {
                if (apiName.equals(v.apiName)) {
                    return v;
                }
            }
        }
        return UNKNOWN;
    }
}
