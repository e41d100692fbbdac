package dev.bulk2.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An emulated sObject: API name, 3-character key prefix (first characters of every record id) and fields.
 * Immutable and thread-safe.
 *
 * <p>Every object automatically gets the system fields {@code Id}, {@code IsDeleted}, {@code CreatedDate},
 * {@code LastModifiedDate} and {@code SystemModstamp} (read-only). Field lookup is case-insensitive, as
 * Salesforce matches CSV headers.
 *
 * <p>Built-ins: {@link #account()} (Person Account fields of the reference plus {@code External_ID__c} and
 * {@code Client_Id__c}) and {@link #contact()}.
 */
public final class ObjectSchema {
    private final String name;
    private final String keyPrefix;
    private final List<FieldSchema> fields;
    private final List<String> requireAnyOf;
    private final Map<String, FieldSchema> byLowerName;

    private ObjectSchema(Builder b) {
        this.name = b.name;
        this.keyPrefix = b.keyPrefix;
        Map<String, FieldSchema> map = new LinkedHashMap<>();
        List<FieldSchema> list = new ArrayList<>();
        addSystem(list, map, FieldSchema.builder("Id", FieldType.ID).label(b.name + " ID")
                .createable(false).updateable(false).build());
        for (FieldSchema f : b.fields) {
            String key = f.name().toLowerCase(Locale.ROOT);
            if (map.containsKey(key)) {
                throw new IllegalArgumentException("ObjectSchema " + b.name + ": field " + f.name()
                        + " is declared twice (field names are case-insensitive)");
            }
            map.put(key, f);
            list.add(f);
        }
        addSystem(list, map, FieldSchema.builder("IsDeleted", FieldType.BOOLEAN).label("Deleted")
                .createable(false).updateable(false).build());
        addSystem(list, map, FieldSchema.builder("CreatedDate", FieldType.DATETIME).label("Created Date")
                .createable(false).updateable(false).build());
        addSystem(list, map, FieldSchema.builder("LastModifiedDate", FieldType.DATETIME)
                .label("Last Modified Date").createable(false).updateable(false).build());
        addSystem(list, map, FieldSchema.builder("SystemModstamp", FieldType.DATETIME).label("System Modstamp")
                .createable(false).updateable(false).build());
        this.fields = Collections.unmodifiableList(list);
        this.byLowerName = Collections.unmodifiableMap(map);
        this.requireAnyOf = Collections.unmodifiableList(new ArrayList<>(b.requireAnyOf));
        for (String r : requireAnyOf) {
            if (!map.containsKey(r.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("ObjectSchema " + name + ": requireAnyOf names unknown field " + r);
            }
        }
    }

    private static void addSystem(List<FieldSchema> list, Map<String, FieldSchema> map, FieldSchema f) {
        String key = f.name().toLowerCase(Locale.ROOT);
        if (!map.containsKey(key)) {
            map.put(key, f);
            list.add(f);
        }
    }

    /**
     * Starts a builder.
     *
     * @param name the sObject API name, e.g. {@code Invoice__c}
     * @param keyPrefix the 3-character id prefix, e.g. {@code a0X}
     * @return a builder
     */
    public static Builder builder(String name, String keyPrefix) {
        return new Builder(name, keyPrefix);
    }

    /**
     * A copy as a builder (system fields are re-added automatically on build).
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(name, keyPrefix);
        for (FieldSchema f : fields) {
            if (!isSystemField(f.name())) {
                b.fields.add(f);
            }
        }
        b.requireAnyOf.addAll(requireAnyOf);
        return b;
    }

    /**
     * A copy with extra fields appended (for example one custom field on the built-in Account), keeping every
     * existing field, the key prefix and {@link #requireAnyOf()}.
     *
     * @param extra the fields to add
     * @return the extended schema
     * @throws IllegalArgumentException if a field already exists (names are case-insensitive)
     */
    public ObjectSchema extendedWith(FieldSchema... extra) {
        Builder b = toBuilder();
        for (FieldSchema f : extra) {
            b.field(f);
        }
        return b.build();
    }

    private static boolean isSystemField(String n) {
        return n.equals("Id") || n.equals("IsDeleted") || n.equals("CreatedDate") || n.equals("LastModifiedDate")
                || n.equals("SystemModstamp");
    }

    /** @return the sObject API name */
    public String name() {
        return name;
    }

    /** @return the 3-character key prefix of record ids */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** @return all fields including system fields, in declaration order ({@code Id} first) */
    public List<FieldSchema> fields() {
        return fields;
    }

    /**
     * Fields of which an insert must set at least one (for Account: {@code LastName} for person accounts or
     * {@code Name} for business accounts). Empty when not used.
     *
     * @return the field names
     */
    public List<String> requireAnyOf() {
        return requireAnyOf;
    }

    /**
     * Looks a field up case-insensitively.
     *
     * @param fieldName the name in any case
     * @return the field, if it exists
     */
    public Optional<FieldSchema> field(String fieldName) {
        return Optional.ofNullable(byLowerName.get(fieldName.toLowerCase(Locale.ROOT)));
    }

    /**
     * The built-in Account (key prefix {@code 001}) of a Person-Account-enabled org: business fields
     * ({@code Name}, {@code Phone}, {@code Industry}, ..., the lookup {@code ParentId} to another Account, relationship
     * {@code Parent}), person fields (reference §8: {@code FirstName},
     * {@code LastName}, {@code Salutation}, {@code PersonEmail}, {@code PersonBirthdate},
     * {@code PersonMailing*}, {@code PersonOther*}, phones, opt-outs, {@code Marital_Status__pc}, ...), the
     * external ids {@code External_ID__c} and {@code Client_Id__c} (unique), and read-only
     * {@code IsPersonAccount} (true when {@code LastName} is set). An insert needs {@code LastName} or
     * {@code Name}.
     *
     * @return the schema
     */
    public static ObjectSchema account() {
        List<String> salutations = Arrays.asList("Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Mx.");
        return builder("Account", "001")
                .field(FieldSchema.builder("Name", FieldType.STRING).label("Account Name").length(255).idLookup(true)
                        .build())
                .field(FieldSchema.builder("RecordTypeId", FieldType.REFERENCE).label("Record Type ID")
                        .referenceTo("RecordType").build())
                .field(FieldSchema.builder("Salutation", FieldType.PICKLIST).picklistValues(salutations)
                        .restricted(true).build())
                .field(FieldSchema.builder("FirstName", FieldType.STRING).label("First Name").length(40).build())
                .field(FieldSchema.builder("MiddleName", FieldType.STRING).label("Middle Name").length(40).build())
                .field(FieldSchema.builder("LastName", FieldType.STRING).label("Last Name").length(80).build())
                .field(FieldSchema.builder("Suffix", FieldType.STRING).length(40).build())
                .field(FieldSchema.builder("PersonEmail", FieldType.EMAIL).label("Email").build())
                .field(FieldSchema.builder("PersonBirthdate", FieldType.DATE).label("Birthdate").build())
                .field(FieldSchema.builder("PersonMailingStreet", FieldType.TEXTAREA).label("Mailing Street")
                        .length(255).build())
                .field(FieldSchema.builder("PersonMailingCity", FieldType.STRING).label("Mailing City").length(40)
                        .build())
                .field(FieldSchema.builder("PersonMailingState", FieldType.STRING).label("Mailing State/Province")
                        .length(80).build())
                .field(FieldSchema.builder("PersonMailingPostalCode", FieldType.STRING)
                        .label("Mailing Zip/Postal Code").length(20).build())
                .field(FieldSchema.builder("PersonMailingCountry", FieldType.STRING).label("Mailing Country")
                        .length(80).build())
                .field(FieldSchema.builder("PersonOtherStreet", FieldType.TEXTAREA).label("Other Street")
                        .length(255).build())
                .field(FieldSchema.builder("PersonOtherCity", FieldType.STRING).label("Other City").length(40)
                        .build())
                .field(FieldSchema.builder("PersonOtherState", FieldType.STRING).label("Other State/Province")
                        .length(80).build())
                .field(FieldSchema.builder("PersonOtherPostalCode", FieldType.STRING).label("Other Zip/Postal Code")
                        .length(20).build())
                .field(FieldSchema.builder("PersonOtherCountry", FieldType.STRING).label("Other Country")
                        .length(80).build())
                .field(FieldSchema.builder("PersonHomePhone", FieldType.PHONE).label("Home Phone").build())
                .field(FieldSchema.builder("PersonMobilePhone", FieldType.PHONE).label("Mobile").build())
                .field(FieldSchema.builder("PersonOtherPhone", FieldType.PHONE).label("Other Phone").build())
                .field(FieldSchema.builder("PersonTitle", FieldType.STRING).label("Title").length(80).build())
                .field(FieldSchema.builder("PersonDepartment", FieldType.STRING).label("Department").length(80)
                        .build())
                .field(FieldSchema.builder("PersonLeadSource", FieldType.PICKLIST).label("Lead Source")
                        .picklistValues(Arrays.asList("Web", "Phone Inquiry", "Partner Referral", "Other")).build())
                .field(FieldSchema.builder("PersonHasOptedOutOfEmail", FieldType.BOOLEAN).label("Email Opt Out")
                        .build())
                .field(FieldSchema.builder("PersonHasOptedOutOfFax", FieldType.BOOLEAN).label("Fax Opt Out").build())
                .field(FieldSchema.builder("PersonDoNotCall", FieldType.BOOLEAN).label("Do Not Call").build())
                .field(FieldSchema.builder("PersonGenderIdentity", FieldType.PICKLIST).label("Gender Identity")
                        .build())
                .field(FieldSchema.builder("PersonPronouns", FieldType.PICKLIST).label("Pronouns").build())
                .field(FieldSchema.builder("PersonIndividualId", FieldType.REFERENCE).label("Individual ID")
                        .referenceTo("Individual").relationshipName("PersonIndividual").build())
                .field(FieldSchema.builder("Marital_Status__pc", FieldType.PICKLIST).label("Marital Status")
                        .picklistValues(Arrays.asList("Single", "Married", "Divorced", "Widowed", "Separated"))
                        .build())
                .field(FieldSchema.builder("ParentId", FieldType.REFERENCE).label("Parent Account ID")
                        .referenceTo("Account").build())
                .field(FieldSchema.of("Phone", FieldType.PHONE))
                .field(FieldSchema.builder("Industry", FieldType.PICKLIST).build())
                .field(FieldSchema.builder("Website", FieldType.STRING).length(255).build())
                .field(FieldSchema.builder("Description", FieldType.TEXTAREA).build())
                .field(FieldSchema.builder("External_ID__c", FieldType.STRING).label("External ID").length(255)
                        .externalId(true).unique(true).build())
                .field(FieldSchema.builder("Client_Id__c", FieldType.STRING).label("Client Id").length(255)
                        .externalId(true).unique(true).build())
                .field(FieldSchema.builder("IsPersonAccount", FieldType.BOOLEAN).label("Is Person Account")
                        .createable(false).updateable(false).build())
                .requireAnyOf("LastName", "Name")
                .build();
    }

    /**
     * The built-in Contact (key prefix {@code 003}): {@code LastName} (required, 80), {@code FirstName},
     * {@code Salutation}, {@code Email}, {@code Birthdate}, {@code Phone}, {@code MobilePhone},
     * {@code Mailing*}, {@code AccountId}, {@code Marital_Status__c}, {@code External_ID__c} (external id,
     * unique).
     *
     * @return the schema
     */
    public static ObjectSchema contact() {
        return builder("Contact", "003")
                .field(FieldSchema.builder("AccountId", FieldType.REFERENCE).label("Account ID").referenceTo("Account")
                        .build())
                .field(FieldSchema.builder("Salutation", FieldType.PICKLIST)
                        .picklistValues(Arrays.asList("Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Mx.")).restricted(true)
                        .build())
                .field(FieldSchema.builder("FirstName", FieldType.STRING).label("First Name").length(40).build())
                .field(FieldSchema.builder("LastName", FieldType.STRING).label("Last Name").length(80)
                        .requiredOnCreate(true).build())
                .field(FieldSchema.builder("Email", FieldType.EMAIL).idLookup(true).build())
                .field(FieldSchema.of("Birthdate", FieldType.DATE))
                .field(FieldSchema.of("Phone", FieldType.PHONE))
                .field(FieldSchema.builder("MobilePhone", FieldType.PHONE).label("Mobile Phone").build())
                .field(FieldSchema.builder("MailingStreet", FieldType.TEXTAREA).label("Mailing Street").length(255)
                        .build())
                .field(FieldSchema.builder("MailingCity", FieldType.STRING).label("Mailing City").length(40).build())
                .field(FieldSchema.builder("MailingState", FieldType.STRING).label("Mailing State/Province")
                        .length(80).build())
                .field(FieldSchema.builder("MailingPostalCode", FieldType.STRING).label("Mailing Zip/Postal Code")
                        .length(20).build())
                .field(FieldSchema.builder("MailingCountry", FieldType.STRING).label("Mailing Country").length(80)
                        .build())
                .field(FieldSchema.builder("Title", FieldType.STRING).length(128).build())
                .field(FieldSchema.builder("HasOptedOutOfEmail", FieldType.BOOLEAN).label("Email Opt Out").build())
                .field(FieldSchema.builder("Marital_Status__c", FieldType.PICKLIST).label("Marital Status")
                        .picklistValues(Arrays.asList("Single", "Married", "Divorced", "Widowed", "Separated"))
                        .build())
                .field(FieldSchema.builder("External_ID__c", FieldType.STRING).label("External ID").length(255)
                        .externalId(true).unique(true).build())
                .build();
    }

    /**
     * The built-in schemas: Account and Contact.
     *
     * @return a new modifiable list
     */
    public static List<ObjectSchema> defaults() {
        return new ArrayList<>(Arrays.asList(account(), contact()));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ObjectSchema)) {
            return false;
        }
        ObjectSchema s = (ObjectSchema) o;
        return name.equals(s.name) && keyPrefix.equals(s.keyPrefix) && fields.equals(s.fields)
                && requireAnyOf.equals(s.requireAnyOf);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, keyPrefix, fields, requireAnyOf);
    }

    @Override
    public String toString() {
        return "ObjectSchema{" + name + " (" + keyPrefix + "), " + fields.size() + " fields}";
    }

    /** Builder for {@link ObjectSchema}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final String keyPrefix;
        private final List<FieldSchema> fields = new ArrayList<>();
        private final List<String> requireAnyOf = new ArrayList<>();

        private Builder(String name, String keyPrefix) {
            this.name = Objects.requireNonNull(name, "name");
            this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        }

        /**
         * Adds a field.
         *
         * @param field the field
         * @return this
         */
        public Builder field(FieldSchema field) {
            fields.add(Objects.requireNonNull(field, "field"));
            return this;
        }

        /**
         * Replaces the fields (system fields are always added).
         *
         * @param fields the fields
         * @return this
         */
        public Builder fields(List<FieldSchema> fields) {
            this.fields.clear();
            this.fields.addAll(fields);
            return this;
        }

        /**
         * Requires that an insert sets at least one of these fields; default none.
         *
         * @param fieldNames field names
         * @return this
         */
        public Builder requireAnyOf(String... fieldNames) {
            requireAnyOf.clear();
            requireAnyOf.addAll(Arrays.asList(fieldNames));
            return this;
        }

        /**
         * Builds the schema.
         *
         * @return the schema
         * @throws IllegalArgumentException if the key prefix is not 3 alphanumeric characters or a field is
         *     declared twice
         */
        public ObjectSchema build() {
            if (!keyPrefix.matches("[0-9A-Za-z]{3}")) {
                throw new IllegalArgumentException("ObjectSchema " + name + ": keyPrefix must be 3 letters/digits, was '"
                        + keyPrefix + "'");
            }
            if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("ObjectSchema name must be an API name, was '" + name + "'");
            }
            return new ObjectSchema(this);
        }
    }
}
