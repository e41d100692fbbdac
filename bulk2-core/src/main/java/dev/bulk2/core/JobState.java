package dev.bulk2.core;

/**
 * State of a Bulk API 2.0 job ({@code state}); see {@link #isTerminal()}.
 *
 * <p>{@link #UNKNOWN} stands for a value this SDK version does not know; the raw string stays available on
 * {@link JobInfo}. Thread-safe (an enum).
 */
public enum JobState {
    /** {@code Open}: accepting its single upload. */
    OPEN("Open"),
    /** {@code UploadComplete}: closed by the client, queued. */
    UPLOAD_COMPLETE("UploadComplete"),
    /** {@code InProgress}: being processed. */
    IN_PROGRESS("InProgress"),
    /** {@code JobComplete}: processed; individual rows may still have failed. */
    JOB_COMPLETE("JobComplete"),
    /** {@code Failed}: job-level failure, see {@code errorMessage}. */
    FAILED("Failed"),
    /** {@code Aborted}: cancelled. */
    ABORTED("Aborted"),
    /** A value Salesforce sent that this SDK version does not know. */
    UNKNOWN(null);

    private final String apiName;

    JobState(String apiName) {
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
    public static JobState fromApiName(String apiName) {
        if (apiName != null) {
            for (JobState v : values()) {
                if (apiName.equals(v.apiName)) {
                    return v;
                }
            }
        }
        return UNKNOWN;
    }

    /**
     * Whether Salesforce will not change this state any more ({@code JobComplete}, {@code Failed},
     * {@code Aborted}).
     *
     * @return {@code true} for terminal states
     */
    public boolean isTerminal() {
        return this == JOB_COMPLETE || this == FAILED || this == ABORTED;
    }
}
