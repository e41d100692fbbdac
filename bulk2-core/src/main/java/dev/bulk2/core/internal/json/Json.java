package dev.bulk2.core.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.bulk2.core.JobInfo;
import dev.bulk2.core.exception.ApiError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * JSON reading and writing with jackson-core streaming (no databind). Internal: not a supported API; sibling
 * packages of bulk2-core ({@code ingest}, {@code query}) use it. Thread-safe (stateless).
 */
public final class Json {
    /** The shared, thread-safe factory. */
    public static final JsonFactory FACTORY = JsonFactory.builder().build();

    private static final DateTimeFormatter SF_TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendPattern("[XXX][XX][X]")
            .toFormatter();

    private Json() {
    }

    /**
     * Reads a value from a parser positioned before the first token.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    public interface Reader<T> {
        /**
         * Reads the value.
         *
         * @param parser the parser
         * @return the value
         * @throws IOException on malformed JSON
         */
        T read(JsonParser parser) throws IOException;
    }

    /**
     * Writes a value with a generator.
     */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the value.
         *
         * @param generator the generator
         * @throws IOException never for in-memory output
         */
        void write(JsonGenerator generator) throws IOException;
    }

    /**
     * Parses a stream with the given reader (does not close the stream).
     *
     * @param in the JSON
     * @param reader the reader
     * @param <T> the result type
     * @return the value
     * @throws IOException on I/O failure or malformed JSON
     */
    public static <T> T read(InputStream in, Reader<T> reader) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            return reader.read(p);
        }
    }

    /**
     * Parses bytes with the given reader.
     *
     * @param json the JSON
     * @param reader the reader
     * @param <T> the result type
     * @return the value
     * @throws IOException on malformed JSON
     */
    public static <T> T read(byte[] json, Reader<T> reader) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            return reader.read(p);
        }
    }

    /**
     * Writes JSON to a byte array (UTF-8).
     *
     * @param writer the writer
     * @return the bytes
     */
    public static byte[] write(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A flat JSON object of string members, in map order; {@code null} values are left out.
     *
     * @param members the members
     * @return UTF-8 JSON
     */
    public static byte[] object(Map<String, String> members) {
        return write(g -> {
            g.writeStartObject();
            for (Map.Entry<String, String> e : members.entrySet()) {
                if (e.getValue() != null) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
            }
            g.writeEndObject();
        });
    }

    /**
     * Parses a Salesforce timestamp such as {@code 2025-06-02T09:14:07.000+0000} (also ISO-8601 with {@code Z} or
     * {@code +00:00}).
     *
     * @param text the timestamp
     * @return the instant, or {@code null} for {@code null}/blank input
     * @throws DateTimeParseException if it is not a timestamp
     */
    public static Instant parseTimestamp(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return OffsetDateTime.parse(text.trim(), SF_TIMESTAMP).toInstant();
    }

    /**
     * Reads the current value as text when it is a scalar; {@code null} for JSON null; skips arrays/objects.
     *
     * @param p the parser positioned on a value token
     * @return the text, or {@code null}
     * @throws IOException on malformed JSON
     */
    public static String text(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null || t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t.isStructStart()) {
            p.skipChildren();
            return null;
        }
        return p.getText();
    }

    private static long longValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getValueAsLong();
        }
        String s = text(p);
        if (s == null || s.isBlank()) {
            return 0;
        }
        try {
            return (long) Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new IOException("Expected a number for '" + p.currentName() + "' but got '" + s + "'", e);
        }
    }

    private static void expect(JsonParser p, JsonToken expected, String what) throws IOException {
        JsonToken t = p.currentToken() == null ? p.nextToken() : p.currentToken();
        if (t != expected) {
            throw new IOException("Malformed " + what + ": expected " + expected + " but found " + t + " at "
                    + p.currentLocation());
        }
    }

    /**
     * Reads a JobInfo object; the parser is positioned before or on its START_OBJECT. Unknown fields are skipped.
     *
     * @param p the parser
     * @return the job info
     * @throws IOException on malformed JSON or a missing id
     */
    public static JobInfo readJobInfo(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "job info");
        JobInfo.Builder b = JobInfo.builder();
        String id = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            try {
                switch (name) {
                    case "id": id = text(p); b.id(id); break;
                    case "operation": b.operation(text(p)); break;
                    case "object": b.object(text(p)); break;
                    case "createdById": b.createdById(text(p)); break;
                    case "createdDate": b.createdDate(parseTimestamp(text(p))); break;
                    case "systemModstamp": b.systemModstamp(parseTimestamp(text(p))); break;
                    case "state": b.state(text(p)); break;
                    case "externalIdFieldName": b.externalIdFieldName(text(p)); break;
                    case "assignmentRuleId": b.assignmentRuleId(text(p)); break;
                    case "concurrencyMode": b.concurrencyMode(text(p)); break;
                    case "contentType": b.contentType(text(p)); break;
                    case "apiVersion": b.apiVersion(text(p)); break;
                    case "jobType": b.jobType(text(p)); break;
                    case "contentUrl": b.contentUrl(text(p)); break;
                    case "lineEnding": b.lineEnding(text(p)); break;
                    case "columnDelimiter": b.columnDelimiter(text(p)); break;
                    case "numberRecordsProcessed": b.numberRecordsProcessed(longValue(p)); break;
                    case "numberRecordsFailed": b.numberRecordsFailed(longValue(p)); break;
                    case "retries": b.retries((int) longValue(p)); break;
                    case "totalProcessingTime": b.totalProcessingTime(longValue(p)); break;
                    case "apiActiveProcessingTime": b.apiActiveProcessingTime(longValue(p)); break;
                    case "apexProcessingTime": b.apexProcessingTime(longValue(p)); break;
                    case "errorMessage": b.errorMessage(text(p)); break;
                    case "query": b.query(text(p)); break;
                    case "isPkChunkingSupported": {
                        String s = text(p);
                        b.isPkChunkingSupported(s == null ? null : Boolean.valueOf(s));
                        break;
                    }
                    default:
                        p.skipChildren();
                }
            } catch (DateTimeParseException e) {
                throw new IOException("Malformed timestamp in job info field '" + name + "': " + e.getMessage(), e);
            }
        }
        if (id == null) {
            throw new IOException("Malformed job info: no 'id' field");
        }
        return b.build();
    }

    /** One page of a job list. */
    public static final class JobListPage {
        private final List<JobInfo> records;
        private final boolean done;
        private final String nextRecordsUrl;

        JobListPage(List<JobInfo> records, boolean done, String nextRecordsUrl) {
            this.records = Collections.unmodifiableList(records);
            this.done = done;
            this.nextRecordsUrl = nextRecordsUrl;
        }

        /**
         * The jobs of the page.
         *
         * @return unmodifiable list
         */
        public List<JobInfo> records() {
            return records;
        }

        /**
         * Whether this is the last page.
         *
         * @return {@code done}
         */
        public boolean done() {
            return done;
        }

        /**
         * The server-relative URL of the next page.
         *
         * @return the URL, or {@code null} on the last page
         */
        public String nextRecordsUrl() {
            return nextRecordsUrl;
        }
    }

    /**
     * Reads a job list page {@code {done, records[], nextRecordsUrl}}.
     *
     * @param p the parser
     * @return the page
     * @throws IOException on malformed JSON
     */
    public static JobListPage readJobListPage(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "job list");
        List<JobInfo> records = new ArrayList<>();
        boolean done = true;
        boolean sawDone = false;
        String next = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "done":
                    sawDone = true;
                    done = t == JsonToken.VALUE_TRUE || "true".equals(text(p));
                    break;
                case "nextRecordsUrl":
                    next = text(p);
                    break;
                case "records":
                    if (t == JsonToken.START_ARRAY) {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            records.add(readJobInfo(p));
                        }
                    } else {
                        p.skipChildren();
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (!sawDone) {
            done = next == null;
        }
        if (next != null && next.isBlank()) {
            next = null;
        }
        return new JobListPage(records, done || next == null, done ? null : next);
    }

    /**
     * Reads a Salesforce error body: an array of {@code {errorCode, message, fields}}, or a single such object.
     * Returns an empty list for anything else (HTML, plain text, empty).
     *
     * @param body the raw body
     * @return the errors
     */
    public static List<ApiError> readErrors(byte[] body) {
        if (body == null || body.length == 0) {
            return List.of();
        }
        try {
            return read(body, p -> {
                JsonToken t = p.nextToken();
                List<ApiError> out = new ArrayList<>();
                if (t == JsonToken.START_ARRAY) {
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                        if (t == JsonToken.START_OBJECT) {
                            out.add(readError(p));
                        } else {
                            p.skipChildren();
                        }
                    }
                } else if (t == JsonToken.START_OBJECT) {
                    ApiError e = readError(p);
                    if (e.errorCode().isPresent() || e.message().isPresent()) {
                        out.add(e);
                    }
                }
                return out;
            });
        } catch (IOException e) {
            return List.of();
        }
    }

    private static ApiError readError(JsonParser p) throws IOException {
        String code = null;
        String message = null;
        List<String> fields = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "errorCode":
                    code = text(p);
                    break;
                case "message":
                    message = text(p);
                    break;
                case "fields":
                    if (t == JsonToken.START_ARRAY) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            String f = text(p);
                            if (f != null) {
                                fields.add(f);
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
        return ApiError.of(code, message, fields);
    }
}
