package dev.bulk2.testkit;

/**
 * What the emulator keeps of each stored record. Thread-safe (an enum).
 */
public enum StoreMode {
    /** Every field value is kept; {@link Bulk2Emulator#records(String)} and queries see all fields. The default. */
    FULL,
    /**
     * Only ids, external-id and unique field values are kept (validation still runs on every value). For
     * million-row benchmarks: stored records then show only those fields.
     */
    KEYS_ONLY
}
