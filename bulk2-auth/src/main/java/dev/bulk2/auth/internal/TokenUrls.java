package dev.bulk2.auth.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Token endpoint URL rules: normalisation to {@code /services/oauth2/token}, HTTPS, generic login hosts and the
 * JWT audience. Not part of the supported API.
 */
public final class TokenUrls {
    /** Path of the OAuth token endpoint on every Salesforce host. */
    public static final String TOKEN_PATH = "/services/oauth2/token";
    /** Production login host. */
    public static final String LOGIN_HOST = "login.salesforce.com";
    /** Sandbox login host. */
    public static final String TEST_HOST = "test.salesforce.com";
    /** Audience for production orgs. */
    public static final String PRODUCTION_AUDIENCE = "https://login.salesforce.com";
    /** Audience for sandboxes. */
    public static final String SANDBOX_AUDIENCE = "https://test.salesforce.com";

    private TokenUrls() {
    }

    /**
     * Checks a base or token URL and returns the token endpoint: the URL itself if its path already ends in
     * {@code /services/oauth2/token}, otherwise the URL with that path appended (so {@code https://acme.my
     * .salesforce.com} and an Experience Cloud site URL both work).
     *
     * @param url the URL the user configured
     * @param property the builder property name, for messages
     * @return the token endpoint
     * @throws IllegalArgumentException if the URL is not absolute HTTPS (HTTP only for loopback hosts), or has a
     *     query or fragment
     */
    public static URI tokenEndpoint(URI url, String property) {
        Objects.requireNonNull(url, property);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException(property + " must be an absolute URL with a host, such as "
                    + "https://yourdomain.my.salesforce.com, but was: " + url);
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(host))) {
            throw new IllegalArgumentException(property + " must use https (Salesforce accepts token requests "
                    + "over HTTPS only; plain http is allowed for loopback test servers), but was: " + url);
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException(property + " must not have a query or fragment: " + url);
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException(property + " must not contain user info (credentials belong in "
                    + "the builder, not the URL)");
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.endsWith(TOKEN_PATH)) {
            path = path + TOKEN_PATH;
        }
        try {
            return new URI(scheme, null, host, url.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(property + " is not a valid URL: " + url, e);
        }
    }

    /**
     * Whether the host is a loopback address written literally ({@code localhost}, {@code 127.0.0.0/8},
     * {@code ::1}); no name resolution takes place.
     *
     * @param host a host name or address, IPv6 optionally in brackets
     * @return true for loopback hosts
     */
    public static boolean isLoopback(String host) {
        String h = normalHost(host);
        if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        if (!h.startsWith("127.")) {
            return false;
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the host is one of the generic login hosts {@code login.salesforce.com} or
     * {@code test.salesforce.com}.
     *
     * @param host the host
     * @return true for the generic login hosts
     */
    public static boolean isGenericLoginHost(String host) {
        String h = normalHost(host);
        return h.equals(LOGIN_HOST) || h.equals(TEST_HOST);
    }

    /**
     * The JWT {@code aud} claim for a login URL, the way the Salesforce CLI derives it: sandbox hosts
     * ({@code test.salesforce.com}, {@code *.sandbox.my.salesforce.com}) get {@code https://test.salesforce.com},
     * every other host {@code https://login.salesforce.com}.
     *
     * @param loginUrl the login URL
     * @return the audience
     */
    public static String defaultAudience(URI loginUrl) {
        String h = normalHost(loginUrl.getHost());
        if (h.equals(TEST_HOST) || h.endsWith(".sandbox.my.salesforce.com")) {
            return SANDBOX_AUDIENCE;
        }
        return PRODUCTION_AUDIENCE;
    }

    private static String normalHost(String host) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }
}
