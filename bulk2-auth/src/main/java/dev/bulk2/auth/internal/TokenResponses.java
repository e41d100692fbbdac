package dev.bulk2.auth.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.bulk2.auth.SalesforceToken;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses token endpoint bodies with the Jackson streaming API. Not part of the supported API.
 */
final class TokenResponses {
    private static final JsonFactory JSON = new JsonFactory();
    /** Below this, {@code issued_at} is taken as seconds (year 5138 in seconds, 1973 in milliseconds). */
    private static final long SECONDS_THRESHOLD = 100_000_000_000L;

    private TokenResponses() {
    }

    /** An OAuth error body. */
    static final class OAuthError {
        final String error;
        final String description;

        OAuthError(String error, String description) {
            this.error = error;
            this.description = description;
        }
    }

    /**
     * Parses a successful token response.
     *
     * @throws IllegalArgumentException naming what is wrong (never echoing the body)
     */
    static SalesforceToken parseToken(byte[] body, Clock clock) {
        Map<String, String> f = parseFlatObject(body);
        if (f == null) {
            throw new IllegalArgumentException("the body is not a JSON object");
        }
        String accessToken = f.get("access_token");
        if (accessToken == null || accessToken.isBlank()) {
            throw new IllegalArgumentException("the response has no access_token");
        }
        return SalesforceToken.builder()
                .accessToken(accessToken)
                .instanceUrl(uri(f.get("instance_url"), "instance_url"))
                .id(f.get("id"))
                .issuedAt(issuedAt(f.get("issued_at"), clock))
                .scope(f.get("scope"))
                .tokenType(f.get("token_type"))
                .signature(f.get("signature"))
                .apiInstanceUrl(uri(f.get("api_instance_url"), "api_instance_url"))
                .build();
    }

    /**
     * Parses an OAuth error body ({@code {"error":..., "error_description":...}}).
     *
     * @return the error, or {@code null} if the body is not JSON or has no {@code error} member
     */
    static OAuthError parseError(String contentType, byte[] body) {
        String ct = contentType.toLowerCase(Locale.ROOT);
        if (ct.contains("html") || ct.contains("xml")) {
            return null;
        }
        Map<String, String> f = parseFlatObject(body);
        if (f == null || f.get("error") == null || f.get("error").isBlank()) {
            return null;
        }
        return new OAuthError(f.get("error"), f.get("error_description"));
    }

    /** Top-level scalar members of a JSON object as text; {@code null} if the body is not a JSON object. */
    private static Map<String, String> parseFlatObject(byte[] body) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else if (v != JsonToken.VALUE_NULL) {
                    fields.put(name, p.getText());
                }
            }
            if (t != JsonToken.END_OBJECT) {
                return null;
            }
            return fields;
        } catch (IOException e) {
            return null;
        }
    }

    private static URI uri(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI u = new URI(value);
            if (!u.isAbsolute() || u.getHost() == null) {
                throw new IllegalArgumentException("the response's " + field + " is not an absolute URL: " + value);
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("the response's " + field + " is not a valid URL: " + value, e);
        }
    }

    private static Instant issuedAt(String value, Clock clock) {
        if (value != null) {
            String v = value.trim();
            if (!v.isEmpty() && v.length() <= 18 && v.chars().allMatch(Character::isDigit)) {
                long n = Long.parseLong(v);
                return n < SECONDS_THRESHOLD ? Instant.ofEpochSecond(n) : Instant.ofEpochMilli(n);
            }
        }
        return clock.instant();
    }
}
