package dev.bulk2.core;

import dev.bulk2.core.org.OrgLimits;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link BulkClient#verify()} found: the instance URL and API version that answered with the access token,
 * and the org limits when the integration user may read them. Immutable and thread-safe.
 */
public final class ClientVerification {
    private final URI instanceUrl;
    private final String apiVersion;
    private final OrgLimits limits;

    ClientVerification(URI instanceUrl, String apiVersion, OrgLimits limits) {
        this.instanceUrl = Objects.requireNonNull(instanceUrl, "instanceUrl");
        this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
        this.limits = limits;
    }

    /** @return the instance URL the check reached (configured, or the token's {@code instance_url}) */
    public URI instanceUrl() {
        return instanceUrl;
    }

    /** @return the API version the org answered for */
    public String apiVersion() {
        return apiVersion;
    }

    /**
     * The org limits read by the check ({@code DailyApiRequests}, {@code DailyBulkApiBatches}, ...).
     *
     * @return the limits, empty when the user lacks the View Setup and Configuration permission (which the Bulk API
     *     itself does not need)
     */
    public Optional<OrgLimits> limits() {
        return Optional.ofNullable(limits);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ClientVerification{instanceUrl=").append(instanceUrl)
                .append(", apiVersion=").append(apiVersion);
        if (limits == null) {
            sb.append(", limits not readable (no View Setup and Configuration permission)");
        } else {
            limits.dailyApiRequests().ifPresent(l -> sb.append(", dailyApiRequests=").append(l));
            limits.dailyBulkApiBatches().ifPresent(l -> sb.append(", dailyBulkApiBatches=").append(l));
        }
        return sb.append('}').toString();
    }
}
