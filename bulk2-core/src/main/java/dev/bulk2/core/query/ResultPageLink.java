package dev.bulk2.core.query;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One link of the parallel result listing ({@code resultPages}, API 58.0+): the server path of one results page,
 * with the locator and page size it carries. Fetch it with {@link QueryJobs#resultPage(ResultPageLink)}.
 * Immutable and thread-safe.
 */
public final class ResultPageLink {
    private final String jobId;
    private final String resultUrl;
    private final String locator;
    private final int maxRecords;

    private ResultPageLink(String jobId, String resultUrl, String locator, int maxRecords) {
        this.jobId = jobId;
        this.resultUrl = resultUrl;
        this.locator = locator;
        this.maxRecords = maxRecords;
    }

    /**
     * A link for a server-provided {@code resultUrl}.
     *
     * @param jobId the job
     * @param resultUrl a path on the instance such as
     *     {@code /services/data/v64.0/jobs/query/750…/results?locator=MTAw&maxRecords=100}
     * @return the link
     */
    public static ResultPageLink of(String jobId, String resultUrl) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(resultUrl, "resultUrl");
        String locator = null;
        int max = -1;
        int q = resultUrl.indexOf('?');
        if (q >= 0) {
            for (String pair : resultUrl.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = pair.substring(0, eq);
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (name.equals("locator") && !value.isEmpty()) {
                    locator = value;
                } else if (name.equals("maxRecords")) {
                    try {
                        max = Integer.parseInt(value);
                    } catch (NumberFormatException ignored) {
                        max = -1;
                    }
                }
            }
        }
        return new ResultPageLink(jobId, resultUrl, locator, max);
    }

    /** @return the job the page belongs to */
    public String jobId() {
        return jobId;
    }

    /** @return the server path of the page, as Salesforce sent it */
    public String resultUrl() {
        return resultUrl;
    }

    /** @return the page's locator, empty for the first page */
    public Optional<String> locator() {
        return Optional.ofNullable(locator);
    }

    /** @return the page size in the link, if it carries one */
    public OptionalInt maxRecords() {
        return maxRecords < 0 ? OptionalInt.empty() : OptionalInt.of(maxRecords);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResultPageLink && ((ResultPageLink) o).jobId.equals(jobId)
                && ((ResultPageLink) o).resultUrl.equals(resultUrl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jobId, resultUrl);
    }

    @Override
    public String toString() {
        return "ResultPageLink{" + resultUrl + "}";
    }
}
