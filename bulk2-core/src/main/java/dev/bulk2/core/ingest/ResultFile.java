package dev.bulk2.core.ingest;

/**
 * The files {@link IngestResult#writeTo(java.nio.file.Path, java.util.Set)} can write. Choose only what you need:
 * {@code EnumSet.of(FAILED, UNPROCESSED)} writes the rows to look at without downloading the successful results
 * (for a 2-million-row load, the largest by far).
 */
public enum ResultFile {
    /** {@code successful.csv}: {@code sf__Id}, {@code sf__Created}, then the input columns. */
    SUCCESSFUL("successful.csv"),
    /** {@code failed.csv}: {@code sf__Id}, {@code sf__Error}, then the input columns. */
    FAILED("failed.csv"),
    /** {@code unprocessed.csv}: the input columns. */
    UNPROCESSED("unprocessed.csv");

    private final String fileName;

    ResultFile(String fileName) {
        this.fileName = fileName;
    }

    /**
     * The file's name in the directory.
     *
     * @return for example {@code failed.csv}
     */
    public String fileName() {
        return fileName;
    }
}
