package dev.bulk2.core.org;

import java.util.Locale;

/**
 * The data type of an sObject field, as the {@code type} member of a field in the sObject describe resource names
 * it (lower case in REST, for example {@code "picklist"}, {@code "reference"}, {@code "anyType"}).
 *
 * <p>{@link #UNKNOWN} stands for a type this SDK version does not know; {@link FieldDescribe#typeAsString()} keeps
 * the raw value. Thread-safe (an enum).
 */
public enum FieldType {
    /** {@code string}: text up to {@link FieldDescribe#length()} characters. */
    STRING("string"),
    /** {@code boolean}: a checkbox. */
    BOOLEAN("boolean"),
    /** {@code int}: an integer of up to {@link FieldDescribe#digits()} digits. */
    INT("int"),
    /** {@code long}: a long integer. */
    LONG("long"),
    /** {@code double}: a number with {@link FieldDescribe#precision()} and {@link FieldDescribe#scale()}. */
    DOUBLE("double"),
    /** {@code currency}: an amount with precision and scale. */
    CURRENCY("currency"),
    /** {@code percent}: a percentage with precision and scale. */
    PERCENT("percent"),
    /** {@code date}: a date, {@code yyyy-MM-dd} in CSV. */
    DATE("date"),
    /** {@code datetime}: a timestamp. */
    DATETIME("datetime"),
    /** {@code time}: a time of day. */
    TIME("time"),
    /** {@code id}: the record's primary key. */
    ID("id"),
    /** {@code reference}: a lookup or master-detail; see {@link FieldDescribe#referenceTo()}. */
    REFERENCE("reference"),
    /** {@code textarea}: long or rich text. */
    TEXTAREA("textarea"),
    /** {@code phone}: a phone number (free text). */
    PHONE("phone"),
    /** {@code url}: a URL. */
    URL("url"),
    /** {@code email}: an email address. */
    EMAIL("email"),
    /** {@code picklist}: one value of {@link FieldDescribe#picklistValues()}. */
    PICKLIST("picklist"),
    /** {@code multipicklist}: several picklist values separated by {@code ;}. */
    MULTIPICKLIST("multipicklist"),
    /** {@code combobox}: a picklist that also accepts other text. */
    COMBOBOX("combobox"),
    /** {@code base64}: binary data. */
    BASE64("base64"),
    /** {@code encryptedstring}: encrypted text. */
    ENCRYPTED_STRING("encryptedstring"),
    /** {@code anyType}: a value of one of several primitive types. */
    ANY_TYPE("anyType"),
    /** {@code address}: a compound address (read-only; write its component fields). */
    ADDRESS("address"),
    /** {@code location}: a compound geolocation (read-only; write its component fields). */
    LOCATION("location"),
    /** {@code complexvalue}: a complex value type. */
    COMPLEX_VALUE("complexvalue"),
    /** {@code json}: JSON text. */
    JSON("json"),
    /** {@code datacategorygroupreference}: a data category group reference. */
    DATA_CATEGORY_GROUP_REFERENCE("datacategorygroupreference"),
    /** A value Salesforce sent that this SDK version does not know. */
    UNKNOWN(null);

    private final String apiName;

    FieldType(String apiName) {
        this.apiName = apiName;
    }

    /**
     * The name Salesforce uses in describe JSON.
     *
     * @return the API name, or {@code null} for {@link #UNKNOWN}
     */
    public String apiName() {
        return apiName;
    }

    /**
     * Parses the API name, ignoring case (REST sends {@code "anyType"}, other APIs {@code "ANYTYPE"}).
     *
     * @param apiName the {@code type} member of a field describe, may be {@code null}
     * @return the constant, or {@link #UNKNOWN} when the name is {@code null} or not known
     */
    public static FieldType fromApiName(String apiName) {
        if (apiName != null) {
            String n = apiName.trim().toLowerCase(Locale.ROOT);
            for (FieldType v : values()) {
                if (v.apiName != null && v.apiName.toLowerCase(Locale.ROOT).equals(n)) {
                    return v;
                }
            }
        }
        return UNKNOWN;
    }
}
