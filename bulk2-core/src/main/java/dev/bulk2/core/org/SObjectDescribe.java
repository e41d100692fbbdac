package dev.bulk2.core.org;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the sObject describe REST resource ({@code GET /services/data/vXX.X/sobjects/{object}/describe}) says about
 * one object: its API name, label, key prefix, what the integration user may do with it, and its
 * {@linkplain FieldDescribe fields}. Obtain it with {@code BulkClient.describe("Account")}, which caches it per
 * client.
 *
 * <pre>{@code
 * SObjectDescribe account = client.describe("Account");
 * FieldDescribe email = account.field("personemail").orElseThrow(); // field names ignore case
 * boolean loadable = email.isCreateable() && !email.isCalculated();
 * }</pre>
 *
 * <p>The describe reflects the permissions of the user the client authenticates as: a field the user cannot see is
 * absent, one it cannot edit is neither createable nor updateable. Immutable and thread-safe.
 */
public final class SObjectDescribe {
    private final String name;
    private final String label;
    private final String keyPrefix;
    private final boolean createable;
    private final boolean updateable;
    private final boolean deletable;
    private final boolean queryable;
    private final boolean custom;
    private final List<FieldDescribe> fields;
    private final Map<String, FieldDescribe> byName;
    private final List<RecordTypeInfo> recordTypes;

    private SObjectDescribe(Builder b) {
        this.name = b.name;
        this.label = b.label == null ? b.name : b.label;
        this.keyPrefix = b.keyPrefix;
        this.createable = b.createable;
        this.updateable = b.updateable;
        this.deletable = b.deletable;
        this.queryable = b.queryable;
        this.custom = b.custom;
        this.fields = Collections.unmodifiableList(new ArrayList<>(b.fields));
        Map<String, FieldDescribe> m = new LinkedHashMap<>();
        for (FieldDescribe f : fields) {
            m.putIfAbsent(key(f.name()), f);
        }
        this.byName = m;
        this.recordTypes = List.copyOf(b.recordTypes);
    }

    private static String key(String fieldName) {
        return fieldName.toLowerCase(Locale.ROOT);
    }

    /**
     * A builder; {@link Builder#name(String)} is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder preset with this describe's properties and fields.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.label = label;
        b.keyPrefix = keyPrefix;
        b.createable = createable;
        b.updateable = updateable;
        b.deletable = deletable;
        b.queryable = queryable;
        b.custom = custom;
        b.fields.addAll(fields);
        b.recordTypes.addAll(recordTypes);
        return b;
    }

    /**
     * The object's record types ({@code recordTypeInfos}), Master included, in the describe's order; empty when
     * the describe lists none.
     *
     * @return an unmodifiable list
     */
    public List<RecordTypeInfo> recordTypes() {
        return recordTypes;
    }

    /**
     * The record type with this developer name (case-insensitive), for the {@code RecordTypeId} of a load without
     * a query on {@code RecordType}.
     *
     * @param developerName the API name, for example {@code PersonAccount}
     * @return the record type, or empty if the object has none of that name
     */
    public Optional<RecordTypeInfo> recordType(String developerName) {
        Objects.requireNonNull(developerName, "developerName");
        for (RecordTypeInfo r : recordTypes) {
            if (r.developerName().equalsIgnoreCase(developerName)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * The API name as Salesforce spells it ({@code name}), for example {@code Account} or {@code Invoice__c}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The label shown to users ({@code label}).
     *
     * @return the label; the name when the describe carried none
     */
    public String label() {
        return label;
    }

    /**
     * The three-character prefix of the object's record ids ({@code keyPrefix}), for example {@code 001} for
     * Account.
     *
     * @return the prefix, empty for objects without one (some system objects)
     */
    public Optional<String> keyPrefix() {
        return Optional.ofNullable(keyPrefix);
    }

    /**
     * Whether the integration user can insert records ({@code createable}).
     *
     * @return {@code createable}, {@code false} when absent
     */
    public boolean isCreateable() {
        return createable;
    }

    /**
     * Whether the integration user can update records ({@code updateable}).
     *
     * @return {@code updateable}, {@code false} when absent
     */
    public boolean isUpdateable() {
        return updateable;
    }

    /**
     * Whether the integration user can delete records ({@code deletable}).
     *
     * @return {@code deletable}, {@code false} when absent
     */
    public boolean isDeletable() {
        return deletable;
    }

    /**
     * Whether the object can be queried ({@code queryable}).
     *
     * @return {@code queryable}, {@code false} when absent
     */
    public boolean isQueryable() {
        return queryable;
    }

    /**
     * Whether the object is custom ({@code custom}; its name ends in {@code __c}).
     *
     * @return {@code custom}, {@code false} when absent
     */
    public boolean isCustom() {
        return custom;
    }

    /**
     * Every field, in the describe order.
     *
     * @return an unmodifiable list
     */
    public List<FieldDescribe> fields() {
        return fields;
    }

    /**
     * Looks a field up by API name, ignoring case as Salesforce does ({@code personemail} finds
     * {@code PersonEmail}).
     *
     * @param fieldName the API name
     * @return the field, empty when the object has no such field (or the user cannot see it)
     */
    public Optional<FieldDescribe> field(String fieldName) {
        Objects.requireNonNull(fieldName, "fieldName");
        return Optional.ofNullable(byName.get(key(fieldName.trim())));
    }

    /**
     * The fields that are external ids, the candidates to key an upsert.
     *
     * @return an unmodifiable list, in describe order
     */
    public List<FieldDescribe> externalIdFields() {
        List<FieldDescribe> out = new ArrayList<>();
        for (FieldDescribe f : fields) {
            if (f.isExternalId()) {
                out.add(f);
            }
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SObjectDescribe)) {
            return false;
        }
        SObjectDescribe d = (SObjectDescribe) o;
        return createable == d.createable && updateable == d.updateable && deletable == d.deletable
                && queryable == d.queryable && custom == d.custom && name.equals(d.name) && label.equals(d.label)
                && Objects.equals(keyPrefix, d.keyPrefix) && fields.equals(d.fields)
                && recordTypes.equals(d.recordTypes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, label, keyPrefix, createable, updateable, deletable, queryable, custom, fields,
                recordTypes);
    }

    @Override
    public String toString() {
        return "SObjectDescribe{" + name + (keyPrefix == null ? "" : ", keyPrefix=" + keyPrefix)
                + (createable ? ", createable" : "") + (updateable ? ", updateable" : "")
                + (deletable ? ", deletable" : "") + (queryable ? ", queryable" : "") + (custom ? ", custom" : "")
                + ", fields=" + fields.size() + "}";
    }

    /**
     * Builds an {@link SObjectDescribe}, for example for tests or offline planning. Not thread-safe.
     */
    public static final class Builder {
        private String name;
        private String label;
        private String keyPrefix;
        private boolean createable;
        private boolean updateable;
        private boolean deletable;
        private boolean queryable;
        private boolean custom;
        private final List<FieldDescribe> fields = new ArrayList<>();
        private final List<RecordTypeInfo> recordTypes = new ArrayList<>();

        private Builder() {
        }

        /**
         * The API name (required).
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * The label. Default: the name.
         *
         * @param label the label
         * @return this builder
         */
        public Builder label(String label) {
            this.label = label;
            return this;
        }

        /**
         * The key prefix. Default none.
         *
         * @param keyPrefix the prefix, or {@code null}
         * @return this builder
         */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
            return this;
        }

        /**
         * Whether records can be inserted. Default {@code false}.
         *
         * @param createable the flag
         * @return this builder
         */
        public Builder createable(boolean createable) {
            this.createable = createable;
            return this;
        }

        /**
         * Whether records can be updated. Default {@code false}.
         *
         * @param updateable the flag
         * @return this builder
         */
        public Builder updateable(boolean updateable) {
            this.updateable = updateable;
            return this;
        }

        /**
         * Whether records can be deleted. Default {@code false}.
         *
         * @param deletable the flag
         * @return this builder
         */
        public Builder deletable(boolean deletable) {
            this.deletable = deletable;
            return this;
        }

        /**
         * Whether the object can be queried. Default {@code false}.
         *
         * @param queryable the flag
         * @return this builder
         */
        public Builder queryable(boolean queryable) {
            this.queryable = queryable;
            return this;
        }

        /**
         * Whether the object is custom. Default {@code false}.
         *
         * @param custom the flag
         * @return this builder
         */
        public Builder custom(boolean custom) {
            this.custom = custom;
            return this;
        }

        /**
         * Replaces the fields. Default none.
         *
         * @param fields the fields, in order
         * @return this builder
         */
        public Builder fields(List<FieldDescribe> fields) {
            this.fields.clear();
            for (FieldDescribe f : Objects.requireNonNull(fields, "fields")) {
                addField(f);
            }
            return this;
        }

        /**
         * Adds one field.
         *
         * @param field the field
         * @return this builder
         */
        public Builder addField(FieldDescribe field) {
            fields.add(Objects.requireNonNull(field, "fields element"));
            return this;
        }

        /**
         * Adds one record type ({@code recordTypeInfos}).
         *
         * @param recordType the record type
         * @return this builder
         */
        public Builder addRecordType(RecordTypeInfo recordType) {
            recordTypes.add(Objects.requireNonNull(recordType, "recordType"));
            return this;
        }

        /**
         * Builds the describe.
         *
         * @return the describe
         * @throws IllegalArgumentException if the name is missing or blank
         */
        public SObjectDescribe build() {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name is required for an SObjectDescribe");
            }
            return new SObjectDescribe(this);
        }
    }
}
