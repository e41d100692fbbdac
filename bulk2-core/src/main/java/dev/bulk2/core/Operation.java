package dev.bulk2.core;

/**
 * Operation of a job ({@code operation}).
 *
 * <p>{@link #UNKNOWN} stands for a value this SDK version does not know; the raw string stays available on
 * {@link JobInfo}. Thread-safe (an enum).
 */
public enum Operation {
    /** {@code insert} (ingest). */
    INSERT("insert"),
    /** {@code update} (ingest). */
    UPDATE("update"),
    /** {@code upsert} on an external id field (ingest). */
    UPSERT("upsert"),
    /** {@code delete}, to the recycle bin (ingest). */
    DELETE("delete"),
    /** {@code hardDelete}, bypassing the recycle bin; needs the Bulk API Hard Delete permission (ingest). */
    HARD_DELETE("hardDelete"),
    /** {@code query} (query jobs). */
    QUERY("query"),
    /** {@code queryAll}, including deleted and archived rows (query jobs). */
    QUERY_ALL("queryAll"),
    /** A value Salesforce sent that this SDK version does not know. */
    UNKNOWN(null);

    private final String apiName;

    Operation(String apiName) {
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
    public static Operation fromApiName(String apiName) {
        if (apiName != null) {
            for (Operation v : values()) {
                if (apiName.equals(v.apiName)) {
                    return v;
                }
            }
        }
        return UNKNOWN;
    }

    /**
     * Whether this is an ingest operation ({@code insert, update, upsert, delete, hardDelete}).
     *
     * @return {@code true} for ingest operations
     */
    public boolean isIngest() {
        return this == INSERT || this == UPDATE || this == UPSERT || this == DELETE || this == HARD_DELETE;
    }
}
