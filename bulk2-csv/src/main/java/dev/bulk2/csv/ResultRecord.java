package dev.bulk2.csv;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The shared part of the three public result record types ({@link SuccessfulRecord}, {@link FailedRecord},
 * {@link UnprocessedRecord}): the echoed columns and the line. Immutable and thread-safe.
 */
abstract class ResultRecord {

    final EchoedFields fields;
    private final long line;

    ResultRecord(EchoedFields fields, long line) {
        this.fields = fields;
        this.line = line;
    }

    /**
     * The columns echoed from the upload, in file order, without the {@code sf__} columns. Keys are the header
     * texts as uploaded.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> fields() {
        return fields.asMap();
    }

    /**
     * One echoed column by name: exact match first, then ignoring case.
     *
     * @param name the column name
     * @return the value, or empty if there is no such column
     */
    public Optional<String> field(String name) {
        return fields.get(Objects.requireNonNull(name, "name"));
    }

    /**
     * The physical line of the file where this record ends (for diagnostics).
     *
     * @return the 1-based line
     */
    public long line() {
        return line;
    }
}
