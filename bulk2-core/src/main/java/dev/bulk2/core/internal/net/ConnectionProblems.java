package dev.bulk2.core.internal.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Names the real cause of an exchange that got no answer: unknown host (DNS), connection refused, TLS failure,
 * timeout, with host and port. The JDK client often throws a {@link ConnectException} whose message is
 * {@code null} and whose cause says what happened; this looks through the cause chain. Used by the REST transport
 * and by bulk2-auth's token endpoint, so both word a connection failure the same way. Internal: exported to
 * {@code dev.bulk2.auth} only.
 */
public final class ConnectionProblems {
    /** The kinds of failure told apart. */
    public enum Kind { UNKNOWN_HOST, TLS, CONNECT_TIMEOUT, REFUSED, CANNOT_CONNECT, REQUEST_TIMEOUT, OTHER }

    private static final int MAX_DEPTH = 10;

    private ConnectionProblems() {
    }

    /**
     * The kind of failure.
     *
     * @param e the failure of {@code HttpClient.send}
     * @return its kind
     */
    public static Kind kind(IOException e) {
        if (find(e, UnresolvedAddressException.class) != null || find(e, UnknownHostException.class) != null) {
            return Kind.UNKNOWN_HOST;
        }
        if (find(e, SSLException.class) != null) {
            return Kind.TLS;
        }
        if (find(e, HttpConnectTimeoutException.class) != null) {
            return Kind.CONNECT_TIMEOUT;
        }
        if (find(e, ConnectException.class) != null) {
            String m = firstMessage(e);
            // the JDK client reports a refused connection as ConnectException(null) <- ConnectException(null) <-
            // ClosedChannelException(null); other connect failures carry a message ("No route to host", ...)
            return m == null || m.toLowerCase(Locale.ROOT).contains("refused") ? Kind.REFUSED : Kind.CANNOT_CONNECT;
        }
        if (find(e, HttpTimeoutException.class) != null) {
            return Kind.REQUEST_TIMEOUT;
        }
        return Kind.OTHER;
    }

    /**
     * What happened, naming host and port, never the word {@code null}.
     *
     * @param e the failure of {@code HttpClient.send}
     * @param uri the request URI
     * @return for example {@code connection to 127.0.0.1:61234 refused}
     */
    public static String describe(IOException e, URI uri) {
        String host = uri.getHost();
        String hostPort = host + ":" + port(uri);
        String detail = firstMessage(e);
        switch (kind(e)) {
            case UNKNOWN_HOST:
                return "unknown host " + host + " (the name does not resolve in DNS)";
            case TLS:
                return "TLS handshake with " + hostPort + " failed ("
                        + (detail == null ? find(e, SSLException.class).getClass().getSimpleName() : detail) + ")";
            case CONNECT_TIMEOUT:
                return "connecting to " + hostPort + " timed out";
            case REFUSED:
                return "connection to " + hostPort + " refused (nothing listens on that port, or a firewall "
                        + "rejects the connection)";
            case CANNOT_CONNECT:
                return "cannot connect to " + hostPort + (detail == null ? "" : " (" + detail + ")");
            case REQUEST_TIMEOUT:
                return "no answer from " + hostPort + " within the request timeout";
            default:
                return "I/O failure talking to " + hostPort + " (" + chain(e) + ")";
        }
    }

    /**
     * What to do about it.
     *
     * @param e the failure
     * @return a sentence ending with a period
     */
    public static String hint(IOException e) {
        return hint(e, null);
    }

    /**
     * What to do about it, naming the setting that holds the URL.
     *
     * @param e the failure
     * @param setting the builder setting, or {@code null} for the REST instance URL
     * @return a sentence ending with a period
     */
    public static String hint(IOException e, String setting) {
        String url = setting == null ? "instanceUrl" : setting;
        switch (kind(e)) {
            case UNKNOWN_HOST:
                return "Check the host name of " + url + (setting == null ? " (or of the token's instance_url)" : "")
                        + " for typos, and this machine's DNS and proxy settings.";
            case TLS:
                return "Check that this host and port speak https (not plain http), and that the JVM trusts the "
                        + "server's certificate (a TLS-inspecting proxy needs its CA in the trust store).";
            case REFUSED:
            case CANNOT_CONNECT:
                return "Check the host and port of " + url + ", and whether a proxy or firewall is in the way.";
            case CONNECT_TIMEOUT:
            case REQUEST_TIMEOUT:
                return setting == null ? "Check network access to the instance and the timeouts (connectTimeout, "
                        + "requestTimeout), then try again."
                        : "Check network access to the host of " + url + " and requestTimeout, then try again.";
            default:
                return setting == null ? "Check network access to the instance, then try again."
                        : "Check network access to the host of " + url + ", then try again.";
        }
    }

    /**
     * The port of a URI, the scheme's default when it names none.
     *
     * @param uri the URI
     * @return the port
     */
    public static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        Throwable t = e;
        for (int i = 0; t != null && i < MAX_DEPTH; i++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String firstMessage(Throwable e) {
        Throwable t = e;
        for (int i = 0; t != null && i < MAX_DEPTH; i++, t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && !m.equals("null")) {
                return m.trim();
            }
        }
        return null;
    }

    private static String chain(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Throwable t = e;
        for (int i = 0; t != null && i < MAX_DEPTH; i++, t = t.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getSimpleName());
            String m = t.getMessage();
            if (m != null && !m.isBlank() && !m.equals("null")) {
                sb.append(": ").append(m.trim());
            }
        }
        return sb.toString();
    }
}
