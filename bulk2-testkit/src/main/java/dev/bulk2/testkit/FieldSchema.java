package dev.bulk2.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One field of an emulated sObject: API name, type, length, picklist values and the flags that drive
 * validation. Immutable and thread-safe; create with {@link #builder(String, FieldType)}.
 */
public final class FieldSchema {
    private final String name;
    private final String label;
    private final FieldType type;
    private final int length;
    private final List<String> picklistValues;
    private final boolean restricted;
    private final boolean requiredOnCreate;
    private final boolean externalId;
    private final boolean unique;
    private final boolean createable;
    private final boolean updateable;
    private final boolean idLookup;
    private final List<String> referenceTo;
    private final String relationshipName;

    private FieldSchema(Builder b) {
        this.name = b.name;
        this.label = b.label == null ? b.name : b.label;
        this.type = b.type;
        this.length = b.length > 0 ? b.length : defaultLength(b.type);
        this.picklistValues = Collections.unmodifiableList(new ArrayList<>(b.picklistValues));
        this.restricted = b.restricted;
        this.requiredOnCreate = b.requiredOnCreate;
        this.externalId = b.externalId;
        this.unique = b.unique;
        this.createable = b.createable;
        this.updateable = b.updateable;
        this.idLookup = b.idLookup || b.externalId || b.type == FieldType.ID;
        this.referenceTo = Collections.unmodifiableList(new ArrayList<>(b.referenceTo));
        this.relationshipName = b.relationshipName != null ? b.relationshipName
                : b.referenceTo.isEmpty() ? null : defaultRelationshipName(b.name);
    }

    /** {@code Parent__c} gives {@code Parent__r}; {@code AccountId} gives {@code Account}. */
    private static String defaultRelationshipName(String name) {
        if (name.endsWith("__c")) {
            return name.substring(0, name.length() - 3) + "__r";
        }
        if (name.endsWith("Id") && name.length() > 2) {
            return name.substring(0, name.length() - 2);
        }
        return name;
    }

    private static int defaultLength(FieldType type) {
        switch (type) {
            case ID:
            case REFERENCE:
                return 18;
            case EMAIL:
                return 80;
            case PHONE:
                return 40;
            case TEXTAREA:
                return 32768;
            default:
                return 255;
        }
    }

    /**
     * Starts a builder. Defaults: label = name, length by type (STRING/PICKLIST 255, EMAIL 80, PHONE 40,
     * TEXTAREA 32,768), not required, not external id, not unique, createable and updateable.
     *
     * @param name the field API name, e.g. {@code Client_Id__c}
     * @param type the type
     * @return a builder
     */
    public static Builder builder(String name, FieldType type) {
        return new Builder(name, type);
    }

    /**
     * Shorthand for a createable, updateable, optional field with default length.
     *
     * @param name the field API name
     * @param type the type
     * @return the field
     */
    public static FieldSchema of(String name, FieldType type) {
        return builder(name, type).build();
    }

    /**
     * Shorthand for a text field of the given maximum length.
     *
     * @param name the field API name
     * @param length maximum number of characters
     * @return the field
     */
    public static FieldSchema string(String name, int length) {
        return builder(name, FieldType.STRING).length(length).build();
    }

    /**
     * A copy as a builder.
     *
     * @return a builder holding this field's settings
     */
    public Builder toBuilder() {
        Builder b = new Builder(name, type);
        b.label = label;
        b.length = length;
        b.picklistValues.addAll(picklistValues);
        b.restricted = restricted;
        b.requiredOnCreate = requiredOnCreate;
        b.externalId = externalId;
        b.unique = unique;
        b.createable = createable;
        b.updateable = updateable;
        b.idLookup = idLookup;
        b.referenceTo.addAll(referenceTo);
        b.relationshipName = relationshipName;
        return b;
    }

    /** @return the API name, canonical spelling */
    public String name() {
        return name;
    }

    /** @return the label used in error messages (e.g. {@code Email} for {@code PersonEmail}) */
    public String label() {
        return label;
    }

    /** @return the type */
    public FieldType type() {
        return type;
    }

    /** @return the maximum length in characters */
    public int length() {
        return length;
    }

    /** @return picklist values (empty for other types) */
    public List<String> picklistValues() {
        return picklistValues;
    }

    /** @return whether a picklist rejects values outside {@link #picklistValues()} */
    public boolean isRestricted() {
        return restricted;
    }

    /** @return whether inserts must give a value ({@code REQUIRED_FIELD_MISSING}) */
    public boolean isRequiredOnCreate() {
        return requiredOnCreate;
    }

    /** @return whether the field is an External ID (usable as upsert key) */
    public boolean isExternalId() {
        return externalId;
    }

    /** @return whether values must be unique across records ({@code DUPLICATE_VALUE}) */
    public boolean isUnique() {
        return unique;
    }

    /** @return whether inserts may set the field */
    public boolean isCreateable() {
        return createable;
    }

    /** @return whether updates may set the field */
    public boolean isUpdateable() {
        return updateable;
    }

    /**
     * Whether the field can identify a record in a relationship column or an upsert (Salesforce's
     * {@code idLookup}); always true for {@code Id} and External ID fields.
     *
     * @return whether it is an id lookup field
     */
    public boolean isIdLookup() {
        return idLookup;
    }

    /**
     * The objects a {@link FieldType#REFERENCE} field points to (empty when not declared: then the value is only
     * format-checked and the field has no relationship column).
     *
     * @return object API names
     */
    public List<String> referenceTo() {
        return referenceTo;
    }

    /**
     * The relationship name used in relationship columns ({@code Account} for {@code AccountId},
     * {@code Parent__r} for {@code Parent__c} unless set), or {@code null} for fields without
     * {@link #referenceTo()}.
     *
     * @return the relationship name or null
     */
    public String relationshipName() {
        return relationshipName;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FieldSchema)) {
            return false;
        }
        FieldSchema f = (FieldSchema) o;
        return name.equals(f.name) && label.equals(f.label) && type == f.type && length == f.length
                && picklistValues.equals(f.picklistValues) && restricted == f.restricted
                && requiredOnCreate == f.requiredOnCreate && externalId == f.externalId && unique == f.unique
                && createable == f.createable && updateable == f.updateable && idLookup == f.idLookup
                && referenceTo.equals(f.referenceTo) && Objects.equals(relationshipName, f.relationshipName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, label, type, length, picklistValues, restricted, requiredOnCreate, externalId,
                unique, createable, updateable, idLookup, referenceTo, relationshipName);
    }

    @Override
    public String toString() {
        return "FieldSchema{" + name + " " + type + "(" + length + ")"
                + (requiredOnCreate ? " required" : "") + (externalId ? " externalId" : "")
                + (unique ? " unique" : "") + (createable ? "" : " readOnlyOnCreate")
                + (updateable ? "" : " readOnlyOnUpdate") + (picklistValues.isEmpty() ? "" : " " + picklistValues)
                + (restricted ? " restricted" : "")
                + (referenceTo.isEmpty() ? "" : " -> " + referenceTo + " as " + relationshipName) + "}";
    }

    /** Builder for {@link FieldSchema}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final FieldType type;
        private String label;
        private int length;
        private final List<String> picklistValues = new ArrayList<>();
        private boolean restricted;
        private boolean requiredOnCreate;
        private boolean externalId;
        private boolean unique;
        private boolean createable = true;
        private boolean updateable = true;
        private boolean idLookup;
        private final List<String> referenceTo = new ArrayList<>();
        private String relationshipName;

        private Builder(String name, FieldType type) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = Objects.requireNonNull(type, "type");
        }

        /**
         * @param label label used in error messages; default the name
         * @return this
         */
        public Builder label(String label) {
            this.label = label;
            return this;
        }

        /**
         * @param length maximum characters; default by type
         * @return this
         */
        public Builder length(int length) {
            this.length = length;
            return this;
        }

        /**
         * Replaces the picklist values.
         *
         * @param values allowed values
         * @return this
         */
        public Builder picklistValues(List<String> values) {
            this.picklistValues.clear();
            this.picklistValues.addAll(values);
            return this;
        }

        /**
         * @param restricted whether the picklist is restricted; default false
         * @return this
         */
        public Builder restricted(boolean restricted) {
            this.restricted = restricted;
            return this;
        }

        /**
         * @param required required on insert; default false
         * @return this
         */
        public Builder requiredOnCreate(boolean required) {
            this.requiredOnCreate = required;
            return this;
        }

        /**
         * @param externalId whether this is an External ID field; default false
         * @return this
         */
        public Builder externalId(boolean externalId) {
            this.externalId = externalId;
            return this;
        }

        /**
         * @param unique whether values are unique; default false
         * @return this
         */
        public Builder unique(boolean unique) {
            this.unique = unique;
            return this;
        }

        /**
         * @param createable whether inserts may set it; default true
         * @return this
         */
        public Builder createable(boolean createable) {
            this.createable = createable;
            return this;
        }

        /**
         * @param updateable whether updates may set it; default true
         * @return this
         */
        public Builder updateable(boolean updateable) {
            this.updateable = updateable;
            return this;
        }

        /**
         * @param idLookup whether the field can identify records in relationship columns; default false
         *     (always true for {@code Id} and External ID fields)
         * @return this
         */
        public Builder idLookup(boolean idLookup) {
            this.idLookup = idLookup;
            return this;
        }

        /**
         * Declares the objects a {@link FieldType#REFERENCE} field points to; the first one is used to resolve
         * relationship columns ({@code Account.External_ID__c}).
         *
         * @param objects object API names
         * @return this
         */
        public Builder referenceTo(String... objects) {
            this.referenceTo.clear();
            this.referenceTo.addAll(Arrays.asList(objects));
            return this;
        }

        /**
         * @param name the relationship name of a reference field; default derived from the field name
         *     ({@code AccountId} to {@code Account}, {@code Parent__c} to {@code Parent__r})
         * @return this
         */
        public Builder relationshipName(String name) {
            this.relationshipName = name;
            return this;
        }

        /**
         * Builds the field.
         *
         * @return the field
         * @throws IllegalArgumentException if the name is blank or the length negative
         */
        public FieldSchema build() {
            if (name.isBlank()) {
                throw new IllegalArgumentException("FieldSchema name must not be blank");
            }
            if (length < 0) {
                throw new IllegalArgumentException("FieldSchema " + name + ": length must be >= 0, was " + length);
            }
            if (!referenceTo.isEmpty() && type != FieldType.REFERENCE) {
                throw new IllegalArgumentException("FieldSchema " + name + ": referenceTo needs type REFERENCE, was "
                        + type);
            }
            return new FieldSchema(this);
        }
    }
}
