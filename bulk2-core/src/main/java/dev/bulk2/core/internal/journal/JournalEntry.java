package dev.bulk2.core.internal.journal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.bulk2.core.internal.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One line of a journal after the header: a step of the run that has happened. Each subtype is one line type of
 * docs/journal.md; the writer adds {@code "type"} and {@code "at"} (the time of the append). Values are
 * immutable; equality compares the type and the fields (not the time).
 */
public abstract class JournalEntry {
    private final String type;

    JournalEntry(String type) {
        this.type = type;
    }

    /** @return the line type, as written in {@code "type"} */
    public final String type() {
        return type;
    }

    /** Writes the entry's own members (after "type" and "at"). */
    abstract void writeFields(JsonGenerator g) throws IOException;

    private byte[] fieldBytes() {
        return Json.write(g -> {
            g.writeStartObject();
            writeFields(g);
            g.writeEndObject();
        });
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(fieldBytes(), ((JournalEntry) o).fieldBytes());
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(fieldBytes()) * 31 + type.hashCode();
    }

    @Override
    public String toString() {
        return type + new String(fieldBytes(), StandardCharsets.UTF_8);
    }

    static void writePart(JsonGenerator g, int round, int part) throws IOException {
        g.writeNumberField("round", round);
        g.writeNumberField("part", part);
    }

    static void writeOptional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    // ------------------------------------------------------------------------------------ both kinds

    /** The run started: the request fields that matter, once, on the line after the header. */
    public static final class RunStarted extends JournalEntry {
        static final String TYPE = "runStarted";
        /** The request fields, in writing order. */
        public final Map<String, String> request;

        /** @param request the request fields */
        public RunStarted(Map<String, String> request) {
            super(TYPE);
            this.request = Collections.unmodifiableMap(new LinkedHashMap<>(request));
        }

        @Override
        void writeFields(JsonGenerator g) throws IOException {
            g.writeObjectFieldStart("request");
            for (Map.Entry<String, String> e : request.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
    }

    /** A process opened an existing journal to resume it. */
    public static final class Resumed extends JournalEntry {
        static final String TYPE = "resumed";
        /** The resuming process. */
        public final long pid;
        /** Its host. */
        public final String host;

        /**
         * @param pid the process id
         * @param host the host name
         */
        public Resumed(long pid, String host) {
            super(TYPE);
            this.pid = pid;
            this.host = Objects.requireNonNull(host, "host");
        }

        @Override
        void writeFields(JsonGenerator g) throws IOException {
            g.writeNumberField("pid", pid);
            g.writeStringField("host", host);
        }
    }

    // ------------------------------------------------------------------------------------ ingest

    /**
     * A part was cut from the round's source, before its job is created. Round 0 is the input; later rounds are
     * record-retry rounds. {@code offset} is the byte offset of its first record in the input file, or -1 when the
     * part is not a byte range of a file (a spool). {@code sha256} is the hash of the part's bytes (the header
     * line included, exactly as uploaded); it may instead be written with {@link Uploaded} when it is taken while
     * the part is uploaded.
     */
    public static final class PartPlanned extends JournalEntry {
        static final String TYPE = "partPlanned";
        /** The round (0 = the input). */
        public final int round;
        /** The part index within the round, from 0. */
        public final int part;
        /** The 0-based index of the part's first record within the round's rows. */
        public final long firstRecord;
        /** The records in the part. */
        public final long records;
        /** The 1-based input line of the first record, or 0 when not known (retry rounds). */
        public final long firstLine;
        /** The byte offset in the input file, or -1. */
        public final long offset;
        /** The part's size in bytes (uncompressed, header included). */
        public final long bytes;
        /** The part's SHA-256 hex, or {@code null} when it is written with the upload. */
        public final String sha256;

        /**
         * @param round the round
         * @param part the part index
         * @param firstRecord the first record's 0-based index in the round
         * @param records the record count
         * @param firstLine the first record's input line, or 0
         * @param offset the byte offset in the input file, or -1
         * @param bytes the part's size
         * @param sha256 the part's hash, or {@code null}
         */
        public PartPlanned(int round, int part, long firstRecord, long records, long firstLine, long offset,
                long bytes, String sha256) {
            super(TYPE);
            this.round = round;
            this.part = part;
            this.firstRecord = firstRecord;
            this.records = records;
            this.firstLine = firstLine;
            this.offset = offset;
            this.bytes = bytes;
            this.sha256 = sha256;
        }

        @Override
        void writeFields(JsonGenerator g) throws IOException {
            writePart(g, round, part);
            g.writeNumberField("firstRecord", firstRecord);
            g.writeNumberField("records", records);
            g.writeNumberField("firstLine", firstLine);
            g.writeNumberField("offset", offset);
            g.writeNumberField("bytes", bytes);
            writeOptional(g, "sha256", sha256);
        }
    }

    /** The round's source is exhausted: every one of its parts was planned. */
    public static final class RoundPlanned extends JournalEntry {
        static final String TYPE = "roundPlanned";
        /** The round. */
        public final int round;
        /** Its part count. */
        public final int parts;
        /** Its record count. */
        public final long records;

        /**
         * @param round the round
         * @param parts the part count
         * @param records the record count
         */
        public RoundPlanned(int round, int parts, long records) {
            super(TYPE);
            this.round = round;
            this.parts = parts;
            this.records = records;
        }

        @Override
        void writeFields(JsonGenerator g) throws IOException {
            g.writeNumberField("round", round);
            g.writeNumberField("parts", parts);
            g.writeNumberField("records", records);
        }
    }

    /**
     * A create-job request for the part is about to be sent. A {@code createSent} without a {@link JobCreated}
     * after it means the create's answer may have been lost: on resume the orphan search looks for an
     * {@code Open} job created since {@code at}.
     */
    public static final class CreateSent extends JournalEntry {
        static final String TYPE = "createSent";
        /** The round. */
        public final int round;
        /** The part. */
        public final int part;
        /** The attempt, from 1. */
        public final int attempt;

        /**
         * @param round the round
         * @param part the part
         * @param attempt the attempt from 1
         */
        public CreateSent(int round, int part, int attempt) {
            super(TYPE);
            this.round = round;
            this.part = part;
            this.attempt = attempt;
        }

        @Override
        void writeFields(JsonGenerator g) throws IOException {
            writePart(g, round, part);
            g.writeNumberField("attempt", attempt);
        }
    }

    /** The create answer arrived: the part's job id, written before the upload starts. */
    public static final class JobCreated extends JournalEntry {
        static final String TYPE = "jobCreated";
        /** The round. */
        public final int round;
        /** The part. */
        public final int part;
        /** The job id. */
        public final String job;

        /**
         * @param round the round
         * @param part the part
         * @param job the job id
         */
        public JobCreated(int round, int part, String job) {
            super(TYPE);
            this.round = round;
            this.part = part;
            this.job = Objects.requireNonNull(job, "job");
        }

        @Override
        void writeFields(JsonGenerator g) throws IOException {
            writePart(g, round, part);
            g.writeStringField("job", job);
        }
    }

    /** The part's single upload to the job succeeded (the PUT answered 201). */
    public static final class Uploaded extends JournalEntry {
        static final String TYPE = "uploaded";
        /** The round. */
        public final int round;
        /** The part. */
        public final int part;
        /** The job id. */
        public final String job;
        /** The bytes sent over the wire (compressed size when gzipped). */
        public final long bytes;
        /** The SHA-256 of the part's uncompressed bytes taken during the upload, or {@code null}. */
        public final String sha256;

        /**
         * @param round the round
         * @param part the part
         * @param job the job id
         * @param bytes the bytes sent
         * @param sha256 the part's hash taken during the upload, or {@code null}
         */
        public Uploaded(int round, int part, String job, long bytes, String sha256) {
            super(TYPE);
            this.round = round;
            this.part = part;
            this.job = Objects.requireNonNull(job, "job");
            this.bytes = bytes;
            this.sha256 = sha256;
        }

        @Override
        void writeFields(JsonGenerator g) throws IOException {
            writePart(g, round, part);
            g.writeStringField("job", job);
            g.writeNumberField("bytes", bytes);
            writeOptional(g, "sha256", sha256);
        }
    }

    /** The job was closed ({@code UploadComplete}); its state as the close answered. */
    public static final class Closed extends JournalEntry {
        static final String TYPE = "closed";
        /** The round. */
        public final int round;
        /** The part. */
        public final int part;
        /** The job id. */
        public final String job;
        /** The state the close answered (usually {@code UploadComplete}). */
        public final String state;

        /**
         * @param round the round
         * @param part the part
         * @param job the job id
         * @param state the job's state
         */
        public Closed(int round, int part, String job, String state) {
            super(TYPE);
            this.round = round;
            this.part = part;
            this.job = Objects.requireNonNull(job, "job");
            this.state = Objects.requireNonNull(state, "state");
        }

        @Override
        void writeFields(JsonGenerator g) throws IOException {
            writePart(g, round, part);
            g.writeStringField("job", job);
            g.writeStringField("state", state);
        }
    }

    /**
     * The job reached a terminal state ({@code JobComplete}, {@code Failed}, {@code Aborted}) with these counts;
     * also written for a job aborted by the run itself (a discarded attempt, {@code reason} says why).
     */
    public static final class Terminal extends JournalEntry {
        static final String TYPE = "terminal";
        /** The round. */
        public final int round;
        /** The part. */
        public final int part;
        /** The job id. */
        public final String job;
        /** The terminal state. */
        public final String state;
        /** {@code numberRecordsProcessed}. */
        public final long processed;
        /** {@code numberRecordsFailed}. */
        public final long failed;
        /** Why the run aborted the job, or {@code null}. */
        public final String reason;

        /**
         * @param round the round
         * @param part the part
         * @param job the job id
         * @param state the terminal state
         * @param processed records processed
         * @param failed records failed
         * @param reason why the run aborted it, or {@code null}
         */
        public Terminal(int round, int part, String job, String state, long processed, long failed, String reason) {
            super(TYPE);
            this.round = round;
            this.part = part;
            this.job = Objects.requireNonNull(job, "job");
            this.state = Objects.requireNonNull(state, "state");
            this.processed = processed;
            this.failed = failed;
            this.reason = reason;
        }

        @Override
        void writeFields(JsonGenerator g) throws IOException {
            writePart(g, round, part);
            g.writeStringField("job", job);
            g.writeStringField("state", state);
            g.writeNumberField("processed", processed);
            g.writeNumberField("failed", failed);
            writeOptional(g, "reason", reason);
        }
    }

    /** The part could not be sent in the attempts allowed; its jobs were aborted and the run went on. */
    public static final class PartFailed extends JournalEntry {
        static final String TYPE = "partFailed";
        /** The round. */
        public final int round;
        /** The part. */
        public final int part;
        /** Why. */
        public final String reason;

        /**
         * @param round the round
         * @param part the part
         * @param reason why
         */
        public PartFailed(int round, int part, String reason) {
            super(TYPE);
            this.round = round;
            this.part = part;
            this.reason = Objects.requireNonNull(reason, "reason");
        }

        @Override
        void writeFields(JsonGenerator g) throws IOException {
            writePart(g, round, part);
            g.writeStringField("reason", reason);
        }
    }

    /**
     * A record-retry round started: the jobs of the previous round whose failed (and unprocessed) rows it
     * resubmits, how many of each job's rows, the previous round's parts that could not be sent whose rows it
     * resubmits too, and the spool of all those rows: {@code rowsFile} (relative to the journal's directory),
     * written and forced to disk before this line, with its SHA-256. A resumed round reads its rows from the
     * spool, never again from Salesforce, so it cuts exactly the parts journaled before the crash.
     */
    public static final class RetryRound extends JournalEntry {
        static final String TYPE = "retryRound";
        /** The round, from 1. */
        public final int round;
        /** The jobs whose rows are resubmitted. */
        public final List<String> fromJobs;
        /** Per job of {@link #fromJobs}: its failed rows resubmitted (empty when not journaled). */
        public final List<Long> failedRows;
        /** Per job of {@link #fromJobs}: its unprocessed rows resubmitted (empty when not journaled). */
        public final List<Long> unprocessedRows;
        /** The previous round's parts that could not be sent, whose rows are resubmitted. */
        public final List<Long> fromParts;
        /** The rows resubmitted in all, or -1 when not journaled. */
        public final long rows;
        /** The spool of the round's rows, or {@code null}. */
        public final String rowsFile;
        /** The spool's SHA-256, or {@code null}. */
        public final String rowsSha256;

        /**
         * A round start without counts (rows read again from Salesforce).
         *
         * @param round the round from 1
         * @param fromJobs the jobs whose rows are resubmitted
         * @param rowsFile the spool of the rows, or {@code null}
         * @param rowsSha256 the spool's hash, or {@code null}
         */
        public RetryRound(int round, List<String> fromJobs, String rowsFile, String rowsSha256) {
            this(round, fromJobs, List.of(), List.of(), List.of(), -1, rowsFile, rowsSha256);
        }

        /**
         * @param round the round from 1
         * @param fromJobs the jobs whose rows are resubmitted
         * @param failedRows per job, its failed rows resubmitted
         * @param unprocessedRows per job, its unprocessed rows resubmitted
         * @param fromParts the previous round's unsent parts whose rows are resubmitted
         * @param rows the rows in all
         * @param rowsFile the spool of the rows, or {@code null}
         * @param rowsSha256 the spool's hash, or {@code null}
         */
        public RetryRound(int round, List<String> fromJobs, List<Long> failedRows, List<Long> unprocessedRows,
                List<Long> fromParts, long rows, String rowsFile, String rowsSha256) {
            super(TYPE);
            this.round = round;
            this.fromJobs = List.copyOf(fromJobs);
            this.failedRows = List.copyOf(failedRows);
            this.unprocessedRows = List.copyOf(unprocessedRows);
            this.fromParts = List.copyOf(fromParts);
            this.rows = rows;
            this.rowsFile = rowsFile;
            this.rowsSha256 = rowsSha256;
            if (!this.failedRows.isEmpty() && (this.failedRows.size() != this.fromJobs.size()
                    || this.unprocessedRows.size() != this.fromJobs.size())) {
                throw new IllegalArgumentException("failedRows and unprocessedRows need one count per job");
            }
        }

        @Override
        void writeFields(JsonGenerator g) throws IOException {
            g.writeNumberField("round", round);
            g.writeArrayFieldStart("fromJobs");
            for (String j : fromJobs) {
                g.writeString(j);
            }
            g.writeEndArray();
            if (!failedRows.isEmpty()) {
                writeLongs(g, "failedRows", failedRows);
                writeLongs(g, "unprocessedRows", unprocessedRows);
            }
            if (!fromParts.isEmpty()) {
                writeLongs(g, "fromParts", fromParts);
            }
            if (rows >= 0) {
                g.writeNumberField("rows", rows);
            }
            writeOptional(g, "rowsFile", rowsFile);
            writeOptional(g, "rowsSha256", rowsSha256);
        }

        private static void writeLongs(JsonGenerator g, String name, List<Long> values) throws IOException {
            g.writeArrayFieldStart(name);
            for (long v : values) {
                g.writeNumber(v);
            }
            g.writeEndArray();
        }
    }


    /** The run is complete: its final counts. Nothing is resumed after it. */
    public static final class RunComplete extends JournalEntry {
        static final String TYPE = "runComplete";
        /** Input rows submitted. */
        public final long submitted;
        /** Rows that succeeded. */
        public final long succeeded;
        /** Rows that failed. */
        public final long failed;
        /** Rows not processed. */
        public final long unprocessed;

        /**
         * @param submitted rows submitted
         * @param succeeded rows succeeded
         * @param failed rows failed
         * @param unprocessed rows unprocessed
         */
        public RunComplete(long submitted, long succeeded, long failed, long unprocessed) {
            super(TYPE);
            this.submitted = submitted;
            this.succeeded = succeeded;
            this.failed = failed;
            this.unprocessed = unprocessed;
        }

        @Override
        void writeFields(JsonGenerator g) throws IOException {
            g.writeNumberField("submitted", submitted);
            g.writeNumberField("succeeded", succeeded);
            g.writeNumberField("failed", failed);
            g.writeNumberField("unprocessed", unprocessed);
        }
    }

    // ------------------------------------------------------------------------------------ query

    /** The export's query job was created. */
    public static final class QueryJob extends JournalEntry {
        static final String TYPE = "queryJob";
        /** The job id. */
        public final String job;

        /** @param job the job id */
        public QueryJob(String job) {
            super(TYPE);
            this.job = Objects.requireNonNull(job, "job");
        }

        @Override
        void writeFields(JsonGenerator g) throws IOException {
            g.writeStringField("job", job);
        }
    }

    /**
     * A result page was written to the output and the output forced to disk: {@code offset} is the output's size
     * after the page. {@code locator} is the locator the page was fetched with ({@code null} for the first page),
     * {@code next} the page's {@code Sforce-Locator} ({@code null} on the last page).
     */
    public static final class Page extends JournalEntry {
        static final String TYPE = "page";
        /** The page index, from 0. */
        public final long page;
        /** The locator it was fetched with, or {@code null} for the first. */
        public final String locator;
        /** The next page's locator, or {@code null} after the last. */
        public final String next;
        /** Its rows. */
        public final long rows;
        /** The output's size after it. */
        public final long offset;

        /**
         * @param page the index from 0
         * @param locator its locator, or {@code null} for the first page
         * @param next the next locator, or {@code null} after the last page
         * @param rows its rows
         * @param offset the output's size after it
         */
        public Page(long page, String locator, String next, long rows, long offset) {
            super(TYPE);
            this.page = page;
            this.locator = locator;
            this.next = next;
            this.rows = rows;
            this.offset = offset;
        }

        @Override
        void writeFields(JsonGenerator g) throws IOException {
            g.writeNumberField("page", page);
            writeOptional(g, "locator", locator);
            writeOptional(g, "next", next);
            g.writeNumberField("rows", rows);
            g.writeNumberField("offset", offset);
        }
    }

    /** The export is complete. Nothing is resumed after it. */
    public static final class ExportComplete extends JournalEntry {
        static final String TYPE = "exportComplete";
        /** Pages written. */
        public final long pages;
        /** Rows written. */
        public final long rows;
        /** The output's final size. */
        public final long bytes;

        /**
         * @param pages pages written
         * @param rows rows written
         * @param bytes the output's size
         */
        public ExportComplete(long pages, long rows, long bytes) {
            super(TYPE);
            this.pages = pages;
            this.rows = rows;
            this.bytes = bytes;
        }

        @Override
        void writeFields(JsonGenerator g) throws IOException {
            g.writeNumberField("pages", pages);
            g.writeNumberField("rows", rows);
            g.writeNumberField("bytes", bytes);
        }
    }
}
