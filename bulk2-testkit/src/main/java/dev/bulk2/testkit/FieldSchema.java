package dev.bulk2.testkit;

import java.util.ArrayList;
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
                && createable == f.createable && updateable == f.updateable;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, label, type, length, picklistValues, restricted, requiredOnCreate, externalId,
                unique, createable, updateable);
    }

    @Override
    public String toString() {
        return "FieldSchema{" + name + " " + type + "(" + length + ")"
                + (requiredOnCreate ? " required" : "") + (externalId ? " externalId" : "")
                + (unique ? " unique" : "") + (createable ? "" : " readOnlyOnCreate")
                + (updateable ? "" : " readOnlyOnUpdate") + (picklistValues.isEmpty() ? "" : " " + picklistValues)
                + (restricted ? " restricted" : "") + "}";
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
            return new FieldSchema(this);
        }
    }
}
