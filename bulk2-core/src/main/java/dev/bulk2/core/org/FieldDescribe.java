package dev.bulk2.core.org;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One field of an {@link SObjectDescribe}: its API name, type, size and the properties a load depends on (can it be
 * set on insert or update, is it an external id, which objects does a lookup point to, which picklist values it
 * accepts). Built from the {@code fields[]} entries of the sObject describe REST resource; members that resource
 * omits take the defaults stated on each accessor. Immutable and thread-safe.
 */
public final class FieldDescribe {
    private final String name;
    private final String label;
    private final FieldType type;
    private final String typeAsString;
    private final int length;
    private final int precision;
    private final int scale;
    private final int digits;
    private final boolean nillable;
    private final boolean createable;
    private final boolean updateable;
    private final boolean externalId;
    private final boolean idLookup;
    private final boolean unique;
    private final boolean custom;
    private final boolean restrictedPicklist;
    private final boolean defaultedOnCreate;
    private final boolean calculated;
    private final String relationshipName;
    private final List<String> referenceTo;
    private final List<PicklistValue> picklistValues;

    private FieldDescribe(Builder b) {
        this.name = b.name;
        this.label = b.label == null ? b.name : b.label;
        this.typeAsString = b.type == null ? "" : b.type;
        this.type = FieldType.fromApiName(b.type);
        this.length = b.length;
        this.precision = b.precision;
        this.scale = b.scale;
        this.digits = b.digits;
        this.nillable = b.nillable;
        this.createable = b.createable;
        this.updateable = b.updateable;
        this.externalId = b.externalId;
        this.idLookup = b.idLookup;
        this.unique = b.unique;
        this.custom = b.custom;
        this.restrictedPicklist = b.restrictedPicklist;
        this.defaultedOnCreate = b.defaultedOnCreate;
        this.calculated = b.calculated;
        this.relationshipName = b.relationshipName;
        this.referenceTo = Collections.unmodifiableList(new ArrayList<>(b.referenceTo));
        this.picklistValues = Collections.unmodifiableList(new ArrayList<>(b.picklistValues));
    }

    /**
     * A builder; only {@link Builder#name(String)} is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder preset with this field's properties.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.label = label;
        b.type = typeAsString.isEmpty() ? null : typeAsString;
        b.length = length;
        b.precision = precision;
        b.scale = scale;
        b.digits = digits;
        b.nillable = nillable;
        b.createable = createable;
        b.updateable = updateable;
        b.externalId = externalId;
        b.idLookup = idLookup;
        b.unique = unique;
        b.custom = custom;
        b.restrictedPicklist = restrictedPicklist;
        b.defaultedOnCreate = defaultedOnCreate;
        b.calculated = calculated;
        b.relationshipName = relationshipName;
        b.referenceTo.addAll(referenceTo);
        b.picklistValues.addAll(picklistValues);
        return b;
    }

    /**
     * The API name as Salesforce spells it, for example {@code Name}, {@code PersonEmail}, {@code Client_Id__c}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The label shown to users.
     *
     * @return the label; the name when the describe carried none
     */
    public String label() {
        return label;
    }

    /**
     * The data type.
     *
     * @return the type, {@link FieldType#UNKNOWN} for a type this SDK does not know (see {@link #typeAsString()})
     */
    public FieldType type() {
        return type;
    }

    /**
     * The {@code type} member exactly as Salesforce sent it.
     *
     * @return the raw type, empty when the describe carried none
     */
    public String typeAsString() {
        return typeAsString;
    }

    /**
     * Maximum length in characters for text types ({@code length}).
     *
     * @return the length, 0 for non-text types or when absent
     */
    public int length() {
        return length;
    }

    /**
     * Total number of digits for number types ({@code precision}).
     *
     * @return the precision, 0 when not applicable or absent
     */
    public int precision() {
        return precision;
    }

    /**
     * Digits after the decimal point for number types ({@code scale}).
     *
     * @return the scale, 0 when not applicable or absent
     */
    public int scale() {
        return scale;
    }

    /**
     * Maximum number of digits of an {@code int} field ({@code digits}).
     *
     * @return the digits, 0 when not applicable or absent
     */
    public int digits() {
        return digits;
    }

    /**
     * Whether the field may be empty ({@code nillable}). A field that is not nillable, not
     * {@linkplain #isDefaultedOnCreate() defaulted on create} and {@linkplain #isCreateable() createable} is
     * required on insert.
     *
     * @return {@code nillable}, {@code false} when absent
     */
    public boolean isNillable() {
        return nillable;
    }

    /**
     * Whether the integration user can set the field on insert ({@code createable}).
     *
     * @return {@code createable}, {@code false} when absent
     */
    public boolean isCreateable() {
        return createable;
    }

    /**
     * Whether the integration user can change the field on update ({@code updateable}).
     *
     * @return {@code updateable}, {@code false} when absent
     */
    public boolean isUpdateable() {
        return updateable;
    }

    /**
     * Whether the field is an external id ({@code externalId}), so it can key an upsert and resolve
     * relationship columns such as {@code Parent__r.Client_Id__c}.
     *
     * @return {@code externalId}, {@code false} when absent
     */
    public boolean isExternalId() {
        return externalId;
    }

    /**
     * Whether the field can identify a record in an upsert ({@code idLookup}): {@code Id}, external ids and some
     * standard fields such as a user's {@code Username}.
     *
     * @return {@code idLookup}, {@code false} when absent
     */
    public boolean isIdLookup() {
        return idLookup;
    }

    /**
     * Whether values must be unique across the object's records ({@code unique}).
     *
     * @return {@code unique}, {@code false} when absent
     */
    public boolean isUnique() {
        return unique;
    }

    /**
     * Whether the field is custom ({@code custom}); custom fields end in {@code __c}, or {@code __pc} for person
     * account fields on {@code Account}.
     *
     * @return {@code custom}, {@code false} when absent
     */
    public boolean isCustom() {
        return custom;
    }

    /**
     * Whether only the listed {@linkplain #picklistValues() picklist values} are accepted
     * ({@code restrictedPicklist}).
     *
     * @return {@code restrictedPicklist}, {@code false} when absent
     */
    public boolean isRestrictedPicklist() {
        return restrictedPicklist;
    }

    /**
     * Whether Salesforce fills the field on insert when no value is sent ({@code defaultedOnCreate}).
     *
     * @return {@code defaultedOnCreate}, {@code false} when absent
     */
    public boolean isDefaultedOnCreate() {
        return defaultedOnCreate;
    }

    /**
     * Whether the field is a formula or roll-up ({@code calculated}); such fields cannot be loaded.
     *
     * @return {@code calculated}, {@code false} when absent
     */
    public boolean isCalculated() {
        return calculated;
    }

    /**
     * For a {@linkplain FieldType#REFERENCE reference} field, the name to use in relationship columns
     * ({@code relationshipName}): {@code Parent} for {@code ParentId}, {@code Owner__r}'s {@code Owner} part for
     * custom lookups.
     *
     * @return the relationship name, empty for other fields
     */
    public Optional<String> relationshipName() {
        return Optional.ofNullable(relationshipName);
    }

    /**
     * For a reference field, the objects it can point to ({@code referenceTo}); more than one for polymorphic
     * lookups such as {@code OwnerId} (User, Group).
     *
     * @return an unmodifiable list, empty for other fields
     */
    public List<String> referenceTo() {
        return referenceTo;
    }

    /**
     * For picklist fields, the values in the describe order ({@code picklistValues}), active and inactive.
     *
     * @return an unmodifiable list, empty for other fields
     */
    public List<PicklistValue> picklistValues() {
        return picklistValues;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FieldDescribe)) {
            return false;
        }
        FieldDescribe f = (FieldDescribe) o;
        return length == f.length && precision == f.precision && scale == f.scale && digits == f.digits
                && nillable == f.nillable && createable == f.createable && updateable == f.updateable
                && externalId == f.externalId && idLookup == f.idLookup && unique == f.unique && custom == f.custom
                && restrictedPicklist == f.restrictedPicklist && defaultedOnCreate == f.defaultedOnCreate
                && calculated == f.calculated && name.equals(f.name) && label.equals(f.label)
                && typeAsString.equals(f.typeAsString) && Objects.equals(relationshipName, f.relationshipName)
                && referenceTo.equals(f.referenceTo) && picklistValues.equals(f.picklistValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, label, typeAsString, length, precision, scale, digits, nillable, createable,
                updateable, externalId, idLookup, unique, custom, restrictedPicklist, defaultedOnCreate, calculated,
                relationshipName, referenceTo, picklistValues);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("FieldDescribe{").append(name).append(' ').append(typeAsString);
        if (length > 0) {
            sb.append('(').append(length).append(')');
        } else if (precision > 0) {
            sb.append('(').append(precision).append(',').append(scale).append(')');
        }
        sb.append(createable ? ", createable" : "").append(updateable ? ", updateable" : "")
                .append(nillable ? ", nillable" : "").append(externalId ? ", externalId" : "")
                .append(idLookup ? ", idLookup" : "").append(unique ? ", unique" : "")
                .append(calculated ? ", calculated" : "").append(restrictedPicklist ? ", restrictedPicklist" : "");
        if (!referenceTo.isEmpty()) {
            sb.append(", referenceTo=").append(referenceTo);
        }
        if (relationshipName != null) {
            sb.append(", relationshipName=").append(relationshipName);
        }
        if (!picklistValues.isEmpty()) {
            sb.append(", picklistValues=").append(picklistValues.size());
        }
        return sb.append('}').toString();
    }

    /**
     * Builds a {@link FieldDescribe}. Every property defaults as its accessor states. Not thread-safe.
     */
    public static final class Builder {
        private String name;
        private String label;
        private String type;
        private int length;
        private int precision;
        private int scale;
        private int digits;
        private boolean nillable;
        private boolean createable;
        private boolean updateable;
        private boolean externalId;
        private boolean idLookup;
        private boolean unique;
        private boolean custom;
        private boolean restrictedPicklist;
        private boolean defaultedOnCreate;
        private boolean calculated;
        private String relationshipName;
        private final List<String> referenceTo = new ArrayList<>();
        private final List<PicklistValue> picklistValues = new ArrayList<>();

        private Builder() {
        }

        /**
         * The API name (required).
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * The label. Default: the name.
         * @param label the label
         * @return this builder
         */
        public Builder label(String label) {
            this.label = label;
            return this;
        }

        /**
         * The type as Salesforce spells it, for example {@code "picklist"}. Default none ({@link FieldType#UNKNOWN}).
         * @param type the raw type
         * @return this builder
         */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /**
         * The type. Default none ({@link FieldType#UNKNOWN}).
         * @param type the type; {@link FieldType#UNKNOWN} clears it
         * @return this builder
         */
        public Builder type(FieldType type) {
            this.type = Objects.requireNonNull(type, "type").apiName();
            return this;
        }

        /**
         * The maximum length. Default 0.
         * @param length characters
         * @return this builder
         */
        public Builder length(int length) {
            this.length = nonNegative(length, "length");
            return this;
        }

        /**
         * The precision. Default 0.
         * @param precision total digits
         * @return this builder
         */
        public Builder precision(int precision) {
            this.precision = nonNegative(precision, "precision");
            return this;
        }

        /**
         * The scale. Default 0.
         * @param scale digits after the decimal point
         * @return this builder
         */
        public Builder scale(int scale) {
            this.scale = nonNegative(scale, "scale");
            return this;
        }

        /**
         * The digits of an {@code int} field. Default 0.
         * @param digits maximum digits
         * @return this builder
         */
        public Builder digits(int digits) {
            this.digits = nonNegative(digits, "digits");
            return this;
        }

        /**
         * Whether the field may be empty. Default {@code false}.
         * @param nillable the flag
         * @return this builder
         */
        public Builder nillable(boolean nillable) {
            this.nillable = nillable;
            return this;
        }

        /**
         * Whether the field can be set on insert. Default {@code false}.
         * @param createable the flag
         * @return this builder
         */
        public Builder createable(boolean createable) {
            this.createable = createable;
            return this;
        }

        /**
         * Whether the field can be changed on update. Default {@code false}.
         * @param updateable the flag
         * @return this builder
         */
        public Builder updateable(boolean updateable) {
            this.updateable = updateable;
            return this;
        }

        /**
         * Whether the field is an external id. Default {@code false}.
         * @param externalId the flag
         * @return this builder
         */
        public Builder externalId(boolean externalId) {
            this.externalId = externalId;
            return this;
        }

        /**
         * Whether the field can identify a record. Default {@code false}.
         * @param idLookup the flag
         * @return this builder
         */
        public Builder idLookup(boolean idLookup) {
            this.idLookup = idLookup;
            return this;
        }

        /**
         * Whether values are unique. Default {@code false}.
         * @param unique the flag
         * @return this builder
         */
        public Builder unique(boolean unique) {
            this.unique = unique;
            return this;
        }

        /**
         * Whether the field is custom. Default {@code false}.
         * @param custom the flag
         * @return this builder
         */
        public Builder custom(boolean custom) {
            this.custom = custom;
            return this;
        }

        /**
         * Whether only listed picklist values are accepted. Default {@code false}.
         * @param restrictedPicklist the flag
         * @return this builder
         */
        public Builder restrictedPicklist(boolean restrictedPicklist) {
            this.restrictedPicklist = restrictedPicklist;
            return this;
        }

        /**
         * Whether Salesforce fills the field on insert. Default {@code false}.
         * @param defaultedOnCreate the flag
         * @return this builder
         */
        public Builder defaultedOnCreate(boolean defaultedOnCreate) {
            this.defaultedOnCreate = defaultedOnCreate;
            return this;
        }

        /**
         * Whether the field is a formula or roll-up. Default {@code false}.
         * @param calculated the flag
         * @return this builder
         */
        public Builder calculated(boolean calculated) {
            this.calculated = calculated;
            return this;
        }

        /**
         * The relationship name of a reference field. Default none.
         * @param relationshipName the name, or {@code null}
         * @return this builder
         */
        public Builder relationshipName(String relationshipName) {
            this.relationshipName = relationshipName;
            return this;
        }

        /**
         * Replaces the referenced objects. Default none.
         * @param objects the object API names
         * @return this builder
         */
        public Builder referenceTo(List<String> objects) {
            referenceTo.clear();
            for (String o : Objects.requireNonNull(objects, "referenceTo")) {
                addReferenceTo(o);
            }
            return this;
        }

        /**
         * Adds one referenced object.
         * @param object the object API name
         * @return this builder
         */
        public Builder addReferenceTo(String object) {
            referenceTo.add(Objects.requireNonNull(object, "referenceTo element"));
            return this;
        }

        /**
         * Replaces the picklist values. Default none.
         * @param values the values, in order
         * @return this builder
         */
        public Builder picklistValues(List<PicklistValue> values) {
            picklistValues.clear();
            for (PicklistValue v : Objects.requireNonNull(values, "picklistValues")) {
                addPicklistValue(v);
            }
            return this;
        }

        /**
         * Adds one picklist value.
         * @param value the value
         * @return this builder
         */
        public Builder addPicklistValue(PicklistValue value) {
            picklistValues.add(Objects.requireNonNull(value, "picklistValues element"));
            return this;
        }

        private static int nonNegative(int v, String what) {
            if (v < 0) {
                throw new IllegalArgumentException(what + " must not be negative: " + v);
            }
            return v;
        }

        /**
         * Builds the field.
         *
         * @return the field
         * @throws IllegalArgumentException if the name is missing or blank
         */
        public FieldDescribe build() {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name is required for a FieldDescribe");
            }
            return new FieldDescribe(this);
        }
    }
}
