package dev.bulk2.core.exception;

import java.net.URI;

/**
 * The instance URL answered with something the Salesforce REST API never sends, such as an HTML page (a login
 * page, a proxy's error page, a web server at the wrong address): the URL does not point at a Salesforce REST
 * endpoint. The message names the request, the HTTP status and the page's title, never the whole page.
 *
 * <p>Not retryable: fix {@code instanceUrl} (scheme and host only, for example
 * {@code https://mydomain.my.salesforce.com}) or the proxy configuration. Immutable.
 */
public class NotSalesforceEndpointException extends BulkException {
    private static final long serialVersionUID = 1L;

    private final URI instanceUrl;
    private final int statusCode;

    /**
     * Creates the exception.
     *
     * @param message what answered and what to check
     * @param instanceUrl the instance URL the request went to
     * @param statusCode the HTTP status of the answer
     */
    public NotSalesforceEndpointException(String message, URI instanceUrl, int statusCode) {
        super(message);
        this.instanceUrl = instanceUrl;
        this.statusCode = statusCode;
    }

    /** @return the instance URL the request went to */
    public URI instanceUrl() {
        return instanceUrl;
    }

    /** @return the HTTP status of the answer */
    public int statusCode() {
        return statusCode;
    }
}
