package dev.bulk2.core.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Salesforce REST API version such as {@code 64.0}. Immutable and thread-safe.
 */
public final class ApiVersion implements Comparable<ApiVersion> {
    private static final Pattern FORMAT = Pattern.compile("[1-9][0-9]{1,2}\\.0");

    /** The default version of this SDK release: {@code 64.0} (Summer '25). */
    public static final ApiVersion DEFAULT = new ApiVersion("64.0");

    private final String value;

    private ApiVersion(String value) {
        this.value = value;
    }

    /**
     * Parses a version. A leading {@code v} is accepted ({@code v64.0}).
     *
     * @param version for example {@code "64.0"}
     * @return the version
     * @throws IllegalArgumentException if it is not of the form {@code NN.0}
     */
    public static ApiVersion of(String version) {
        Objects.requireNonNull(version, "version");
        String v = version.startsWith("v") ? version.substring(1) : version;
        if (!FORMAT.matcher(v).matches()) {
            throw new IllegalArgumentException("Invalid API version '" + version
                    + "': expected a Salesforce version such as 64.0");
        }
        if (major(v) < 41) {
            throw new IllegalArgumentException("API version " + v + " is too old: Bulk API 2.0 needs 41.0 or later");
        }
        return new ApiVersion(v);
    }

    private static int major(String v) {
        return Integer.parseInt(v.substring(0, v.indexOf('.')));
    }

    /**
     * The major number, for example 64.
     *
     * @return the major version
     */
    public int major() {
        return major(value);
    }

    /**
     * The version as written in URLs after {@code v}, for example {@code 64.0}.
     *
     * @return the version string
     */
    public String value() {
        return value;
    }

    @Override
    public int compareTo(ApiVersion o) {
        return Integer.compare(major(), o.major());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiVersion && ((ApiVersion) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
