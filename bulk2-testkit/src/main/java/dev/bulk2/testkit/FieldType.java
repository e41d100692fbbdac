package dev.bulk2.testkit;

/**
 * Salesforce field types the emulator validates. Thread-safe (an enum).
 */
public enum FieldType {
    /** An 18-character record id ({@code Id}). */
    ID,
    /** Text with a maximum length (default 255). */
    STRING,
    /** An e-mail address, validated ({@code INVALID_EMAIL_ADDRESS}), max 80 characters. */
    EMAIL,
    /** A date, {@code yyyy-MM-dd}. */
    DATE,
    /** A date-time, {@code yyyy-MM-ddTHH:mm:ss[.SSS](Z|+HH:mm|-HH:mm)}. */
    DATETIME,
    /** {@code true}/{@code false} (also {@code 1}/{@code 0}), case-insensitive. */
    BOOLEAN,
    /** A number; scientific notation allowed. */
    DOUBLE,
    /** A phone number (free text, max 40 characters). */
    PHONE,
    /** A picklist; restricted picklists reject values outside the list. */
    PICKLIST,
    /** A lookup holding a 15- or 18-character id (format checked only). */
    REFERENCE,
    /** Long text (default max 32,768 characters). */
    TEXTAREA
}
