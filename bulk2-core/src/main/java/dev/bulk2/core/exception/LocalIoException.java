package dev.bulk2.core.exception;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A local file or directory could not be read or written: an input file that does not exist, a spool directory
 * that is not writable, a result directory on a full disk. The message names the path and the operating system's
 * reason; {@link #getCause()} is the {@link IOException}. Nothing of this reached Salesforce unless the message says
 * so. Not retryable as such: fix the path or the permissions first.
 */
public class LocalIoException extends BulkException {
    private static final long serialVersionUID = 1L;

    private final String path;

    /**
     * Creates the exception.
     *
     * @param message what could not be done, with the path and the reason
     * @param path the file or directory concerned, or {@code null}
     * @param cause the I/O error
     */
    public LocalIoException(String message, Path path, IOException cause) {
        super(message, cause);
        this.path = path == null ? null : path.toString();
    }

    /**
     * The file or directory concerned.
     *
     * @return the path, if known
     */
    public Optional<Path> path() {
        return Optional.ofNullable(path).map(Path::of);
    }
}
