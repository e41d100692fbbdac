package dev.bulk2.examples.sync;

/**
 * The sync cannot start because of its configuration, credentials or a connection problem (exit code 2). The
 * message is one line that names the setting or the resource at fault and never contains a secret.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming the problem
     */
    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
