package dev.bulk2.csv.internal;

import dev.bulk2.csv.CsvFormatException;
import java.io.InputStream;
import java.util.Objects;

/** Options of a {@link CsvTokenizer}, from {@link CsvTokenizer#builder(char)}. Not thread-safe. */
public final class CsvTokenizerBuilder {
    final char delimiter;
    boolean lenientQuotes;
    boolean dropNul;
    int bufferBytes = CsvTokenizer.DEFAULT_BUFFER_BYTES;
    int maxFieldBytes = CsvTokenizer.DEFAULT_MAX_FIELD_BYTES;
    int maxRecordBytes = CsvTokenizer.DEFAULT_MAX_RECORD_BYTES;
    String what = "CSV";

    CsvTokenizerBuilder(char delimiter) {
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n' || delimiter == 0 || delimiter > 0x7F) {
            throw new IllegalArgumentException("The column delimiter must be an ASCII character other than a"
                    + " quote, CR, LF or NUL; got U+" + String.format("%04X", (int) delimiter));
        }
        this.delimiter = delimiter;
    }

    /**
     * Whether text after a closing quote is appended to the value instead of failing (default false).
     *
     * @param lenient true to accept {@code "ab"cd} as {@code abcd}
     * @return this builder
     */
    public CsvTokenizerBuilder lenientQuotes(boolean lenient) {
        this.lenientQuotes = lenient;
        return this;
    }

    /**
     * Whether NUL bytes are dropped from values (default false: kept as U+0000). Salesforce has been seen to
     * send them in query results.
     *
     * @param drop true to drop them
     * @return this builder
     */
    public CsvTokenizerBuilder dropNul(boolean drop) {
        this.dropNul = drop;
        return this;
    }

    /**
     * The block size read at a time (default {@value CsvTokenizer#DEFAULT_BUFFER_BYTES}).
     *
     * @param bytes at least 16
     * @return this builder
     */
    public CsvTokenizerBuilder bufferBytes(int bytes) {
        if (bytes < 16) {
            throw new IllegalArgumentException("bufferBytes must be at least 16: " + bytes);
        }
        this.bufferBytes = bytes;
        return this;
    }

    /**
     * The largest field accepted, in UTF-8 bytes (default {@value CsvTokenizer#DEFAULT_MAX_FIELD_BYTES}).
     *
     * @param bytes at least 1
     * @return this builder
     */
    public CsvTokenizerBuilder maxFieldBytes(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxFieldBytes must be positive: " + bytes);
        }
        this.maxFieldBytes = bytes;
        return this;
    }

    /**
     * The most the buffer grows to for one record, in bytes as read (quotes and delimiters included; default
     * {@value CsvTokenizer#DEFAULT_MAX_RECORD_BYTES}): a record that does not fit fails with
     * {@link CsvFormatException.Kind#RECORD_TOO_LARGE}. The buffer never shrinks below the block size.
     *
     * @param bytes at least 16
     * @return this builder
     */
    public CsvTokenizerBuilder maxRecordBytes(int bytes) {
        if (bytes < 16) {
            throw new IllegalArgumentException("maxRecordBytes must be at least 16: " + bytes);
        }
        this.maxRecordBytes = bytes;
        return this;
    }

    /**
     * What is read, for error messages (default {@code "CSV"}), for example {@code "successful results"}.
     *
     * @param what a short noun phrase
     * @return this builder
     */
    public CsvTokenizerBuilder describedAs(String what) {
        this.what = Objects.requireNonNull(what, "what");
        return this;
    }

    /**
     * Builds a tokenizer over a stream; nothing is read yet.
     *
     * @param in the UTF-8 CSV bytes; closed by {@link CsvTokenizer#close()}
     * @return the tokenizer
     */
    public CsvTokenizer build(InputStream in) {
        return new CsvTokenizer(this, in);
    }
}
