package dev.bulk2.core.ingest;

/**
 * Whether a data upload is sent gzip-compressed ({@code Content-Encoding: gzip}).
 *
 * <p>Bulk API 2.0 does not document gzip uploads (the REST framework accepts gzip request bodies and Salesforce
 * Data Loader sends CSV uploads uncompressed), so {@link #NONE} is the default and {@link #GZIP} is opt-in.
 */
public enum UploadCompression {
    /** Send plain CSV; a gzip {@link dev.bulk2.csv.ByteSource} is decompressed on the fly. */
    NONE,
    /** Send gzip; a plain source is compressed on the fly, a gzip source is sent as is. */
    GZIP
}
