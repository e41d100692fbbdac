package dev.bulk2.core;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One HTTP exchange with Salesforce as a {@link ClientObserver} sees it: method, resource template, status and
 * outcome, duration and attempt number. Carries no URL, query, header, token or body. Immutable and thread-safe.
 */
public final class ApiCall {
    private final String method;
    private final String resource;
    private final int statusCode;
    private final Outcome outcome;
    private final Duration duration;
    private final int attempt;

    private ApiCall(String method, String resource, int statusCode, Outcome outcome, Duration duration, int attempt) {
        this.method = method;
        this.resource = resource;
        this.statusCode = statusCode;
        this.outcome = outcome;
        this.duration = duration;
        this.attempt = attempt;
    }

    /**
     * Creates a value (for tests of observers; the client creates them itself).
     *
     * @param method the HTTP method, for example {@code GET}
     * @param resource the resource template, for example {@code /jobs/ingest/{jobId}}
     * @param statusCode the HTTP status, or 0 when no answer arrived
     * @param duration the time until the response headers arrived or the failure
     * @param attempt the attempt number, 1 for the first
     * @return the value; its outcome follows from the status
     * @throws IllegalArgumentException if the status is not 0 or 100..599, or the attempt is below 1
     */
    public static ApiCall of(String method, String resource, int statusCode, Duration duration, int attempt) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(duration, "duration");
        if (statusCode != 0 && (statusCode < 100 || statusCode > 599)) {
            throw new IllegalArgumentException("statusCode must be 0 (no answer) or 100..599, was " + statusCode);
        }
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
        return new ApiCall(method.toUpperCase(Locale.ROOT), resource, statusCode, Outcome.of(statusCode), duration,
                attempt);
    }

    /** @return the HTTP method, upper case */
    public String method() {
        return method;
    }

    /**
     * The resource called, as a template with the variable parts replaced, for example {@code /jobs/ingest},
     * {@code /jobs/ingest/{jobId}/batches}, {@code /jobs/query/{jobId}/results}, {@code /sobjects/{object}/describe}
     * or {@code /limits}: the path after {@code /services/data/vXX.X}, so a small, fixed set of values.
     *
     * @return the resource template
     */
    public String resource() {
        return resource;
    }

    /** @return the HTTP status, or 0 when the request failed without an answer */
    public int statusCode() {
        return statusCode;
    }

    /** @return the outcome class of the status */
    public Outcome outcome() {
        return outcome;
    }

    /** @return the time from sending the request to the response headers (or the failure) */
    public Duration duration() {
        return duration;
    }

    /** @return the attempt number of this exchange within its call, 1 for the first */
    public int attempt() {
        return attempt;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ApiCall)) {
            return false;
        }
        ApiCall c = (ApiCall) o;
        return statusCode == c.statusCode && attempt == c.attempt && method.equals(c.method)
                && resource.equals(c.resource) && duration.equals(c.duration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, resource, statusCode, duration, attempt);
    }

    @Override
    public String toString() {
        return method + " " + resource + " -> " + (statusCode == 0 ? "no answer" : String.valueOf(statusCode)) + " ("
                + outcome + ", " + duration.toMillis() + " ms, attempt " + attempt + ")";
    }

    /** The class of an HTTP status, named as Micrometer's HTTP client metrics name it. */
    public enum Outcome {
        /** 1xx. */
        INFORMATIONAL,
        /** 2xx. */
        SUCCESS,
        /** 3xx. */
        REDIRECTION,
        /** 4xx. */
        CLIENT_ERROR,
        /** 5xx. */
        SERVER_ERROR,
        /** No answer (connection failure or timeout). */
        UNKNOWN;

        static Outcome of(int status) {
            if (status >= 100 && status < 200) {
                return INFORMATIONAL;
            }
            if (status >= 200 && status < 300) {
                return SUCCESS;
            }
            if (status >= 300 && status < 400) {
                return REDIRECTION;
            }
            if (status >= 400 && status < 500) {
                return CLIENT_ERROR;
            }
            return status >= 500 ? SERVER_ERROR : UNKNOWN;
        }
    }
}
