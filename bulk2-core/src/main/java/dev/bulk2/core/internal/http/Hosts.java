package dev.bulk2.core.internal.http;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Host checks without DNS lookups. Internal.
 */
public final class Hosts {
    private static final Pattern IPV4_LOOPBACK =
            Pattern.compile("127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

    private static final Pattern API_VERSION_IN_PATH = Pattern.compile("/services/data/v(\\d+\\.\\d)(/|$)");

    private Hosts() {
    }

    /**
     * Whether the host is a loopback name or literal: {@code localhost}, {@code 127.0.0.0/8}, {@code ::1}.
     *
     * @param host the host part of a URI
     * @return {@code true} for loopback hosts
     */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || IPV4_LOOPBACK.matcher(h).matches() || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }

    /**
     * Validates an instance URL: absolute, {@code https} (or {@code http} for loopback hosts), no path, query or
     * fragment.
     *
     * @param uri the URL
     * @param what a name for messages
     * @return the URL without a trailing slash
     * @throws IllegalArgumentException if it is not acceptable
     */
    public static URI checkInstanceUrl(URI uri, String what) {
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null) {
            throw new IllegalArgumentException(what + " must be an absolute URL such as "
                    + "https://mydomain.my.salesforce.com, got: " + uri);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https")) {
            if (!(scheme.equals("http") && isLoopback(uri.getHost()))) {
                throw new IllegalArgumentException(what + " must use https (plain http is allowed only for "
                        + "loopback hosts such as localhost or 127.0.0.1), got: " + uri);
            }
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(what + " must not have a query or fragment: " + uri);
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.replace("/", "").isEmpty()) {
            String base = scheme + "://" + uri.getRawAuthority();
            Matcher v = API_VERSION_IN_PATH.matcher(path);
            throw new IllegalArgumentException(what + " must be only the scheme and host (and port), without a path: "
                    + "pass " + base + " instead of " + uri
                    + (v.find() ? " and set the API version with BulkClient.builder().apiVersion(\"" + v.group(1)
                            + "\")" : "")
                    + "; bulk2 adds /services/data/v.../ itself");
        }
        String s = uri.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }
}
