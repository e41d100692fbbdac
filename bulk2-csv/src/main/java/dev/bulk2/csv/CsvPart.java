package dev.bulk2.csv;

import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One part produced by {@link CsvChunker}: a complete CSV (the header, then whole records) small enough for one
 * Bulk API 2.0 upload.
 *
 * <p>A part is replayable: every {@link #open()} returns a new stream over the whole part, so an upload can be
 * retried. For a {@code Path} source the part is a byte range of the file (nothing is copied); for a stream or
 * typed rows it is a temporary spool file, optionally gzip-compressed, which {@link #release()} (or closing the
 * {@link CsvParts}) deletes. A part is a {@link ByteSource} ({@link #length()} is {@link #byteSize()}, and
 * {@link #gzipped()} gives the gzip spool when there is one), so it is uploaded as it is. Thread-safe: parts may be
 * opened concurrently.
 */
public final class CsvPart implements ByteSource {

    /** How a part's bytes are stored. */
    interface Content {
        InputStream open();

        Optional<InputStream> openGzipped();

        OptionalLong gzippedSize();

        void delete();

        String describe();
    }

    private final int index;
    private final List<String> header;
    private final long recordCount;
    private final long byteSize;
    private final long firstRecordLine;
    private final Content content;
    private volatile boolean released;

    CsvPart(int index, List<String> header, long recordCount, long byteSize, long firstRecordLine,
            Content content) {
        this.index = index;
        this.header = header;
        this.recordCount = recordCount;
        this.byteSize = byteSize;
        this.firstRecordLine = firstRecordLine;
        this.content = Objects.requireNonNull(content, "content");
    }

    /**
     * The 0-based position of this part in the sequence.
     *
     * @return the index
     */
    public int index() {
        return index;
    }

    /**
     * The header names, as in the source (BOM stripped), repeated at the top of every part.
     *
     * @return an unmodifiable list
     */
    public List<String> header() {
        return header;
    }

    /**
     * The number of records in the part, header excluded. At least 1 and at most the chunker's
     * {@code maxRecords}.
     *
     * @return the record count
     */
    public long recordCount() {
        return recordCount;
    }

    /**
     * The size of the part as uncompressed CSV, header included: exactly the number of bytes {@link #open()}
     * yields. At most the chunker's {@code maxBytes}.
     *
     * @return the size in bytes
     */
    public long byteSize() {
        return byteSize;
    }

    /**
     * The 1-based physical line of the source where this part's first record starts (for typed rows: the line
     * it would have in one CSV of all rows). Useful to map errors back to the input.
     *
     * @return the line number
     */
    public long firstRecordLine() {
        return firstRecordLine;
    }

    /**
     * Opens a new stream over the complete, uncompressed part. Each call returns an independent stream; the
     * caller closes it.
     *
     * @return the part's bytes, header first
     * @throws IllegalStateException if the part was released
     * @throws CsvException if the spool or file cannot be opened
     */
    @Override
    public InputStream open() {
        checkNotReleased();
        return content.open();
    }

    /**
     * Same as {@link #byteSize()}: the number of bytes {@link #open()} yields.
     *
     * @return the size in bytes
     */
    @Override
    public long length() {
        return byteSize;
    }

    /**
     * The gzip spool of the part as a source of its own, when the part was spooled compressed.
     *
     * @return the gzip form, or empty for parts not stored compressed
     */
    @Override
    public Optional<ByteSource> gzipped() {
        if (content.gzippedSize().isEmpty()) {
            return Optional.empty();
        }
        long size = content.gzippedSize().getAsLong();
        return Optional.of(ByteSource.ofGzip(() -> openGzipped().orElseThrow(
                () -> new java.io.IOException("Part " + index + " has no gzip spool")), size));
    }

    /**
     * Opens a new stream over the gzip-compressed part, when the part was spooled with
     * {@link CsvChunker.Builder#gzipSpool(boolean) gzipSpool} on, so that an uploader can send it with
     * {@code Content-Encoding: gzip} without compressing again. Parts of a {@code Path} source are never
     * compressed (they are byte ranges of the file): this returns empty for them.
     *
     * @return the gzip stream (the caller closes it), or empty if the part is not stored compressed
     * @throws IllegalStateException if the part was released
     */
    public Optional<InputStream> openGzipped() {
        checkNotReleased();
        return content.openGzipped();
    }

    /**
     * The size of the gzip-compressed spool, when there is one.
     *
     * @return the compressed size in bytes, or empty if the part is not stored compressed
     */
    public OptionalLong gzippedByteSize() {
        return content.gzippedSize();
    }

    /**
     * Deletes the part's spool file, if it has one. Idempotent; afterwards {@link #open()} throws. Call it once
     * the part has been uploaded to keep disk use down.
     */
    public void release() {
        if (!released) {
            released = true;
            content.delete();
        }
    }

    /**
     * Whether {@link #release()} has been called (directly or by closing the {@link CsvParts}).
     *
     * @return true once released
     */
    public boolean isReleased() {
        return released;
    }

    private void checkNotReleased() {
        if (released) {
            throw new IllegalStateException("Part " + index + " was released; its data is gone. Open parts before"
                    + " releasing them or closing their CsvParts.");
        }
    }

    @Override
    public String toString() {
        return "CsvPart{index=" + index + ", records=" + recordCount + ", bytes=" + byteSize
                + ", firstRecordLine=" + firstRecordLine + ", " + content.describe()
                + (released ? ", released" : "") + '}';
    }
}
