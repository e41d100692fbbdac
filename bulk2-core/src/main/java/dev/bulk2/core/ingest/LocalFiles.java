package dev.bulk2.core.ingest;

import dev.bulk2.core.exception.LocalIoException;
import dev.bulk2.csv.CsvException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Local files of a run checked before anything is sent, and local I/O failures turned into
 * {@link LocalIoException}s naming the path, so that a missing input or a bad spool directory is a
 * {@code BulkException} like every other failure.
 */
final class LocalFiles {
    private LocalFiles() {
    }

    /** The input file must exist, be a regular file and be readable. */
    static void checkInput(Path csv) {
        if (!Files.exists(csv)) {
            throw new LocalIoException("The input file " + csv + " does not exist (nothing was sent). Check the "
                    + "path" + (csv.isAbsolute() ? "" : " (relative to " + Path.of("").toAbsolutePath() + ")")
                    + ".", csv, new NoSuchFileException(csv.toString()));
        }
        if (Files.isDirectory(csv)) {
            throw new LocalIoException("The input " + csv + " is a directory, not a CSV file (nothing was sent).",
                    csv, new FileSystemException(csv.toString(), null, "is a directory"));
        }
        if (!Files.isReadable(csv)) {
            throw new LocalIoException("The input file " + csv + " cannot be read: permission denied (nothing was "
                    + "sent).", csv, new AccessDeniedException(csv.toString()));
        }
    }

    /** A spool directory must be an existing, writable directory. */
    static void checkSpoolDirectory(Path dir) {
        if (!Files.exists(dir)) {
            throw new LocalIoException("The spool directory " + dir + " does not exist (nothing was sent). Create it "
                    + "or set another with spoolDirectory(...).", dir, new NoSuchFileException(dir.toString()));
        }
        if (!Files.isDirectory(dir)) {
            throw new LocalIoException("The spool directory " + dir + " is not a directory (nothing was sent). Set "
                    + "spoolDirectory(...) to a writable directory.", dir,
                    new NotDirectoryException(dir.toString()));
        }
        if (!Files.isWritable(dir)) {
            throw new LocalIoException("The spool directory " + dir + " is not writable (nothing was sent). Set "
                    + "spoolDirectory(...) to a writable directory.", dir, new AccessDeniedException(dir.toString()));
        }
    }

    /**
     * A CSV module failure caused by local I/O as a {@link LocalIoException}, or {@code null} when its cause is
     * not an {@link IOException}.
     *
     * @param what what was being done, for example "Reading the input"
     * @param e the failure
     * @param input the input file, or {@code null}
     */
    static LocalIoException of(String what, CsvException e, Path input) {
        return of(what, e, input, null);
    }

    /**
     * As {@link #of(String, CsvException, Path)}, naming the spool directory rather than the spool file that could
     * not be created in it.
     */
    static LocalIoException of(String what, CsvException e, Path input, Path spoolDirectory) {
        if (!(e.getCause() instanceof IOException)) {
            return null;
        }
        IOException io = (IOException) e.getCause();
        Path path = input;
        if (io instanceof FileSystemException && ((FileSystemException) io).getFile() != null) {
            path = Path.of(((FileSystemException) io).getFile());
            if (spoolDirectory != null && spoolDirectory.equals(path.getParent())) {
                path = spoolDirectory;
            }
        }
        return new LocalIoException(what + " failed: " + e.getMessage(), path, io);
    }
}
