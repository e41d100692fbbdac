package dev.bulk2.core.org;

import java.util.Objects;

/**
 * One entry of an sObject describe's {@code recordTypeInfos}: a record type of the object with its id, developer
 * name, label, and whether it is active, available to the running user, the user's default, or the Master record
 * type. A load that sets {@code RecordTypeId} should send an id that is active and available, or Salesforce fails
 * the record. Immutable and thread-safe.
 */
public final class RecordTypeInfo {
    private final String recordTypeId;
    private final String developerName;
    private final String name;
    private final boolean active;
    private final boolean available;
    private final boolean defaultMapping;
    private final boolean master;

    private RecordTypeInfo(String recordTypeId, String developerName, String name, boolean active,
            boolean available, boolean defaultMapping, boolean master) {
        this.recordTypeId = Objects.requireNonNull(recordTypeId, "recordTypeId");
        this.developerName = Objects.requireNonNull(developerName, "developerName");
        this.name = name == null ? developerName : name;
        this.active = active;
        this.available = available;
        this.defaultMapping = defaultMapping;
        this.master = master;
    }

    /**
     * Creates a record type entry.
     *
     * @param recordTypeId the 18-character id
     * @param developerName the API name ({@code DeveloperName}), for example {@code PersonAccount}
     * @param name the label; {@code null} means the same as {@code developerName}
     * @param active whether the record type is active
     * @param available whether the running user may create records of it
     * @param defaultMapping whether it is the running user's default for the object
     * @param master whether it is the Master record type
     * @return the entry
     */
    public static RecordTypeInfo of(String recordTypeId, String developerName, String name, boolean active,
            boolean available, boolean defaultMapping, boolean master) {
        return new RecordTypeInfo(recordTypeId, developerName, name, active, available, defaultMapping, master);
    }

    /** @return the record type's id ({@code recordTypeId}), the value for a {@code RecordTypeId} column */
    public String recordTypeId() {
        return recordTypeId;
    }

    /** @return the API name ({@code developerName}) */
    public String developerName() {
        return developerName;
    }

    /** @return the label ({@code name}) */
    public String name() {
        return name;
    }

    /** @return whether the record type is active */
    public boolean isActive() {
        return active;
    }

    /** @return whether the running user may create records of this type */
    public boolean isAvailable() {
        return available;
    }

    /** @return whether it is the running user's default record type for the object */
    public boolean isDefaultMapping() {
        return defaultMapping;
    }

    /** @return whether it is the Master record type */
    public boolean isMaster() {
        return master;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RecordTypeInfo)) {
            return false;
        }
        RecordTypeInfo r = (RecordTypeInfo) o;
        return active == r.active && available == r.available && defaultMapping == r.defaultMapping
                && master == r.master && recordTypeId.equals(r.recordTypeId) && developerName.equals(r.developerName)
                && name.equals(r.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(recordTypeId, developerName, name, active, available, defaultMapping, master);
    }

    @Override
    public String toString() {
        return "RecordTypeInfo{" + developerName + "=" + recordTypeId + (active ? "" : ", inactive")
                + (available ? "" : ", not available") + (defaultMapping ? ", default" : "")
                + (master ? ", master" : "") + "}";
    }
}
