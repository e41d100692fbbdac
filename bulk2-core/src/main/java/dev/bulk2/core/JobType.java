package dev.bulk2.core;

/**
 * Kind of job ({@code jobType}) as job lists report it.
 *
 * <p>{@link #UNKNOWN} stands for a value this SDK version does not know; the raw string stays available on
 * {@link JobInfo}. Thread-safe (an enum).
 */
public enum JobType {
    /** {@code V2Ingest}: a Bulk API 2.0 ingest job. */
    V2_INGEST("V2Ingest"),
    /** {@code V2Query}: a Bulk API 2.0 query job. */
    V2_QUERY("V2Query"),
    /** {@code Classic}: a Bulk API 1.0 job. */
    CLASSIC("Classic"),
    /** {@code BigObjectIngest}: a big-object ingest job. */
    BIG_OBJECT_INGEST("BigObjectIngest"),
    /** A value Salesforce sent that this SDK version does not know. */
    UNKNOWN(null);

    private final String apiName;

    JobType(String apiName) {
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
    public static JobType fromApiName(String apiName) {
        if (apiName != null) {
            for (JobType v : values()) {
                if (apiName.equals(v.apiName)) {
                    return v;
                }
            }
        }
        return UNKNOWN;
    }
}
