package dev.bulk2.core.org;

import java.util.Objects;

/**
 * One entry of a picklist field's {@code picklistValues} in the sObject describe: the API value to load, its label,
 * whether it is active and whether it is the default. Immutable and thread-safe.
 */
public final class PicklistValue {
    private final String value;
    private final String label;
    private final boolean active;
    private final boolean defaultValue;

    private PicklistValue(String value, String label, boolean active, boolean defaultValue) {
        this.value = Objects.requireNonNull(value, "value");
        this.label = label == null ? value : label;
        this.active = active;
        this.defaultValue = defaultValue;
    }

    /**
     * Creates a picklist value.
     *
     * @param value the API value (what a CSV column must contain)
     * @param label the label shown to users; {@code null} means the same as {@code value}
     * @param active whether users can still choose it
     * @param defaultValue whether it is the field's default
     * @return the value
     */
    public static PicklistValue of(String value, String label, boolean active, boolean defaultValue) {
        return new PicklistValue(value, label, active, defaultValue);
    }

    /**
     * The API value, which is what a load must send (not the label).
     *
     * @return the value
     */
    public String value() {
        return value;
    }

    /**
     * The label shown to users.
     *
     * @return the label; the value when the describe carried none
     */
    public String label() {
        return label;
    }

    /**
     * Whether the value is active (inactive values stay on old records but cannot be chosen).
     *
     * @return {@code active}
     */
    public boolean isActive() {
        return active;
    }

    /**
     * Whether the value is the field's default.
     *
     * @return {@code defaultValue}
     */
    public boolean isDefaultValue() {
        return defaultValue;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PicklistValue)) {
            return false;
        }
        PicklistValue p = (PicklistValue) o;
        return active == p.active && defaultValue == p.defaultValue && value.equals(p.value)
                && label.equals(p.label);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, label, active, defaultValue);
    }

    @Override
    public String toString() {
        return "PicklistValue{" + value + (label.equals(value) ? "" : " (" + label + ")")
                + (active ? "" : ", inactive") + (defaultValue ? ", default" : "") + "}";
    }
}
