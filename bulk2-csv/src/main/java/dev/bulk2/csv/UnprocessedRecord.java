package dev.bulk2.csv;

/**
 * One row of a job's unprocessed records: a record as uploaded that Salesforce never attempted (the job failed or
 * was aborted). Immutable and thread-safe.
 */
public final class UnprocessedRecord extends ResultRecord {

    UnprocessedRecord(EchoedFields fields, long line) {
        super(fields, line);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnprocessedRecord && fields.equals(((UnprocessedRecord) o).fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return "UnprocessedRecord" + fields;
    }
}
