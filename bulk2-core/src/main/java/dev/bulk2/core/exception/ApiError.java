package dev.bulk2.core.exception;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One element of a Salesforce REST error body: {@code {"errorCode":…, "message":…, "fields":[…]}}.
 * Immutable and thread-safe.
 */
public final class ApiError {
    private final String errorCode;
    private final String message;
    private final List<String> fields;

    private ApiError(String errorCode, String message, List<String> fields) {
        this.errorCode = errorCode;
        this.message = message;
        this.fields = Collections.unmodifiableList(new ArrayList<>(fields));
    }

    /**
     * Creates an error element.
     *
     * @param errorCode the code, for example {@code NOT_FOUND}, or {@code null}
     * @param message the message, or {@code null}
     * @param fields the fields named by the error (copied)
     * @return the error
     */
    public static ApiError of(String errorCode, String message, List<String> fields) {
        return new ApiError(errorCode, message, Objects.requireNonNull(fields, "fields"));
    }

    /**
     * The Salesforce error code, for example {@code INVALIDJOBSTATE}.
     *
     * @return the code, if present
     */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /**
     * The message Salesforce sent.
     *
     * @return the message, if present
     */
    public Optional<String> message() {
        return Optional.ofNullable(message);
    }

    /**
     * The fields the error names.
     *
     * @return an unmodifiable list, often empty
     */
    public List<String> fields() {
        return fields;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ApiError)) {
            return false;
        }
        ApiError e = (ApiError) o;
        return Objects.equals(errorCode, e.errorCode) && Objects.equals(message, e.message) && fields.equals(e.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(errorCode, message, fields);
    }

    @Override
    public String toString() {
        return "ApiError{errorCode=" + errorCode + ", message=" + message + (fields.isEmpty() ? "" : ", fields="
                + fields) + "}";
    }
}
