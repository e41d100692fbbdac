package dev.bulk2.spring;

/**
 * The {@code bulk2.*} properties are missing or contradict each other; the message names the property and says
 * what to set. Thrown while the application context starts, so the application does not start half-configured.
 */
public class Bulk2PropertiesException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The property at fault, for example {@code bulk2.auth.client-id}. */
    private final String property;

    /**
     * Creates the exception.
     *
     * @param property the property at fault
     * @param message what is wrong and what to set, starting with the property name
     */
    public Bulk2PropertiesException(String property, String message) {
        super(message);
        this.property = property;
    }

    /**
     * The property at fault.
     *
     * @return for example {@code bulk2.auth.client-id}
     */
    public String property() {
        return property;
    }
}
