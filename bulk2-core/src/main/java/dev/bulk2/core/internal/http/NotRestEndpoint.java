package dev.bulk2.core.internal.http;

import dev.bulk2.core.exception.BulkApiException;
import dev.bulk2.core.exception.NotSalesforceEndpointException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises answers that cannot come from the Salesforce REST API: HTML pages (a login page, a proxy's error
 * page, a web server at the wrong URL). Salesforce REST resources answer JSON, CSV or nothing. Internal.
 */
final class NotRestEndpoint {
    private static final Pattern TITLE = Pattern.compile("<title[^>]*>(.*?)</title>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final int MAX_TITLE = 100;

    private NotRestEndpoint() {
    }

    /**
     * Whether the answer is an HTML page.
     *
     * @param headers the response headers
     * @param body the (start of the) body if already read, or {@code null}
     * @return {@code true} for {@code text/html} or {@code application/xhtml+xml}, or a body starting like HTML
     */
    static boolean isHtml(HttpHeaders headers, byte[] body) {
        String type = headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT).trim();
        if (type.startsWith("text/html") || type.startsWith("application/xhtml")) {
            return true;
        }
        if (body == null || !type.isEmpty() && !type.startsWith("text/plain")) {
            return false;
        }
        String start = new String(body, 0, Math.min(body.length, 256), StandardCharsets.UTF_8).trim()
                .toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html");
    }

    static NotSalesforceEndpointException exception(String method, String path, URI instanceUrl, int status,
            byte[] page) {
        String title = title(page);
        String msg = method + " " + path + ": " + instanceUrl + " answered HTTP " + status + " with an HTML page"
                + (title == null ? "" : " (\"" + title + "\")")
                + ", not a Salesforce REST endpoint: check instanceUrl (only scheme and host, for example "
                + "https://mydomain.my.salesforce.com) and any proxy in between; retrying will not help.";
        return new NotSalesforceEndpointException(msg, instanceUrl, status);
    }

    /**
     * Whether an HTML answer with this status says the service is down for a moment rather than that the URL is
     * wrong: Salesforce's own maintenance page ("We are down for maintenance") and its CDN's "Service Not
     * Available" page come as HTML 503s, a gateway timeout as a 504. A 502 stays a wrong-endpoint answer: it is
     * the page of a proxy in front of something that is not Salesforce.
     *
     * @param status the HTTP status
     * @return {@code true} for 503 and 504
     */
    static boolean isUnavailableStatus(int status) {
        return status == 503 || status == 504;
    }

    /**
     * The error for an HTML 503/504: retryable (a 5xx), quoting only the page's title.
     *
     * @return the error
     */
    static BulkApiException unavailableError(String method, String path, URI instanceUrl, int status, byte[] page,
            String jobId) {
        String title = title(page);
        String msg = method + " " + path + ": " + instanceUrl + " answered HTTP " + status + " with an HTML page"
                + (title == null ? "" : " (\"" + title + "\")") + ": Salesforce or a gateway in front of it is "
                + "unavailable for the moment (maintenance, overload), which is retried; if it persists, check "
                + "https://status.salesforce.com for the instance, and instanceUrl and any proxy in between.";
        return new BulkApiException(msg, status, null, List.of(), method, path, jobId);
    }

    private static String title(byte[] page) {
        if (page == null || page.length == 0) {
            return null;
        }
        Matcher m = TITLE.matcher(new String(page, StandardCharsets.UTF_8));
        if (!m.find()) {
            return null;
        }
        String t = m.group(1).replaceAll("<[^>]*>", "").replaceAll("\\s+", " ").trim();
        if (t.isEmpty()) {
            return null;
        }
        return t.length() > MAX_TITLE ? t.substring(0, MAX_TITLE) + "…" : t;
    }
}
