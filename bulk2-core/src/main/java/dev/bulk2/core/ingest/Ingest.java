package dev.bulk2.core.ingest;

import dev.bulk2.core.exception.InvalidInputException;
import dev.bulk2.core.BulkClient;
import dev.bulk2.core.Operation;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.internal.ClientContext;
import dev.bulk2.core.internal.ClientInternals;
import dev.bulk2.core.plan.IngestPlan;
import dev.bulk2.core.plan.PlanOptions;
import dev.bulk2.core.plan.Preflight;
import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.CsvMapping;
import dev.bulk2.csv.LineEnding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The fluent ingest chain returned by {@code client.ingest("Account")}: configuration calls, then one
 * {@code upload(...)} that starts the run.
 *
 * <pre>{@code
 * IngestResult r = client.ingest("Account")
 *         .upsert("External_ID__c")
 *         .maxConcurrentJobs(1)
 *         .recordRetryPolicy(RecordRetryPolicy.lockErrors())
 *         .upload(Path.of("clients.csv"))
 *         .awaitCompletion();
 * }</pre>
 *
 * <p>Each configuration call sets the property of the same name on an {@link IngestJobRequest} (see its builder
 * for defaults); {@link #request()} returns that value. Input larger than {@code maxBytesPerJob} or
 * {@code maxRecordsPerJob} is split by the bulk2-csv chunker, one job per part. {@code plan(...)} computes what a
 * run would do without creating any job, and {@link #preflight(Preflight)} sets how a run validates its input
 * before the first job (see {@code docs/preflight.md}). Not thread-safe (a builder); the returned
 * {@link IngestRun} is.
 */
public final class Ingest {
    private final ClientContext ctx;
    private final IngestJobRequest.Builder b;
    private Preflight preflight = Preflight.defaults();

    Ingest(ClientContext ctx, IngestJobRequest.Builder b) {
        this.ctx = ctx;
        this.b = b;
    }

    /** @return this chain, inserting records */
    public Ingest insert() {
        return op(Operation.INSERT, null);
    }

    /** @return this chain, updating records by {@code Id} */
    public Ingest update() {
        return op(Operation.UPDATE, null);
    }

    /**
     * Upserts on an external id field.
     *
     * @param externalIdField an External ID field, or {@code Id}
     * @return this chain
     */
    public Ingest upsert(String externalIdField) {
        return op(Operation.UPSERT, Objects.requireNonNull(externalIdField, "externalIdField"));
    }

    /** @return this chain, deleting records by {@code Id} (to the recycle bin) */
    public Ingest delete() {
        return op(Operation.DELETE, null);
    }

    /** @return this chain, hard-deleting records by {@code Id} (needs the Bulk API Hard Delete permission) */
    public Ingest hardDelete() {
        return op(Operation.HARD_DELETE, null);
    }

    private Ingest op(Operation op, String externalId) {
        b.operation(op).externalIdFieldName(externalId);
        return this;
    }

    /**
     * @param lineEnding see {@link IngestJobRequest.Builder#lineEnding(LineEnding)}
     * @return this chain
     */
    public Ingest lineEnding(LineEnding lineEnding) {
        b.lineEnding(lineEnding);
        return this;
    }

    /**
     * @param columnDelimiter see {@link IngestJobRequest.Builder#columnDelimiter(ColumnDelimiter)}
     * @return this chain
     */
    public Ingest columnDelimiter(ColumnDelimiter columnDelimiter) {
        b.columnDelimiter(columnDelimiter);
        return this;
    }

    /**
     * @param assignmentRuleId see {@link IngestJobRequest.Builder#assignmentRuleId(String)}
     * @return this chain
     */
    public Ingest assignmentRuleId(String assignmentRuleId) {
        b.assignmentRuleId(assignmentRuleId);
        return this;
    }

    /**
     * @param bytes see {@link IngestJobRequest.Builder#maxBytesPerJob(long)} (default 100,000,000)
     * @return this chain
     */
    public Ingest maxBytesPerJob(long bytes) {
        b.maxBytesPerJob(bytes);
        return this;
    }

    /**
     * @param records see {@link IngestJobRequest.Builder#maxRecordsPerJob(long)} (default no limit)
     * @return this chain
     */
    public Ingest maxRecordsPerJob(long records) {
        b.maxRecordsPerJob(records);
        return this;
    }

    /**
     * @param jobs see {@link IngestJobRequest.Builder#maxConcurrentJobs(int)} (default 3; 1 = strictly serial)
     * @return this chain
     */
    public Ingest maxConcurrentJobs(int jobs) {
        b.maxConcurrentJobs(jobs);
        return this;
    }

    /**
     * @param gzip see {@link IngestJobRequest.Builder#gzip(boolean)} (default {@code false})
     * @return this chain
     */
    public Ingest gzip(boolean gzip) {
        b.gzip(gzip);
        return this;
    }

    /**
     * @param policy see {@link IngestJobRequest.Builder#pollingPolicy(PollingPolicy)}
     * @return this chain
     */
    public Ingest pollingPolicy(PollingPolicy policy) {
        b.pollingPolicy(policy);
        return this;
    }

    /**
     * @param timeout see {@link IngestJobRequest.Builder#timeout(Duration)} (default the polling timeout, 24 h)
     * @return this chain
     */
    public Ingest timeout(Duration timeout) {
        b.timeout(timeout);
        return this;
    }

    /**
     * @param policy see {@link IngestJobRequest.Builder#recordRetryPolicy(RecordRetryPolicy)} (default none)
     * @return this chain
     */
    public Ingest recordRetryPolicy(RecordRetryPolicy policy) {
        b.recordRetryPolicy(policy);
        return this;
    }

    /**
     * @param listener see {@link IngestJobRequest.Builder#listener(IngestListener)}
     * @return this chain
     */
    public Ingest listener(IngestListener listener) {
        b.listener(listener);
        return this;
    }

    /**
     * @param directory see {@link IngestJobRequest.Builder#spoolDirectory(Path)}
     * @return this chain
     */
    public Ingest spoolDirectory(Path directory) {
        b.spoolDirectory(directory);
        return this;
    }

    /**
     * @param file see {@link IngestJobRequest.Builder#journal(Path)} (default none)
     * @return this chain
     */
    public Ingest journal(Path file) {
        b.journal(file);
        return this;
    }

    /**
     * @param key see {@link IngestJobRequest.Builder#journalKey(String)}
     * @return this chain
     */
    public Ingest journalKey(String key) {
        b.journalKey(key);
        return this;
    }

    /**
     * Sets how the input is validated before the first job. Default {@link Preflight#defaults()}: a {@code Path}
     * input is scanned whole (offline) first, so that a malformed row anywhere stops the run with no job created;
     * streams are sent as they are read. {@link Preflight#none()} restores pure streaming for files too.
     *
     * @param preflight the pre-flight
     * @return this chain
     */
    public Ingest preflight(Preflight preflight) {
        this.preflight = Objects.requireNonNull(preflight, "preflight");
        return this;
    }

    /**
     * Plans a load of the file without creating any job, reading the object's describe and the org limits
     * ({@link PlanOptions#online()}).
     *
     * @param csv the file
     * @return the plan
     * @see #plan(Path, PlanOptions)
     */
    public IngestPlan plan(Path csv) {
        return plan(csv, PlanOptions.online());
    }

    /**
     * Plans a load of the file without creating any job: the parts a run would cut, jobs, API requests, Bulk API
     * batches, how the columns map onto the object, and every problem found. The only requests are the
     * describe(s) and the limits, and none with {@link PlanOptions#offline()}.
     *
     * @param csv UTF-8 CSV with a header row
     * @param options what may be asked and the budgets
     * @return the plan (problems are in it, not thrown)
     * @throws dev.bulk2.core.exception.LocalIoException if the file cannot be read
     */
    public IngestPlan plan(Path csv, PlanOptions options) {
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(options, "options");
        return PreflightRun.plan(ctx, request(), csv, options).plan;
    }

    /**
     * Plans a load of a stream: it is spooled to a temporary file in the spool directory (deleted afterwards),
     * then planned like a file. The stream is read to its end but not closed.
     *
     * @param csv UTF-8 CSV with a header row
     * @param options what may be asked and the budgets
     * @return the plan
     */
    public IngestPlan plan(InputStream csv, PlanOptions options) {
        Objects.requireNonNull(csv, "csv");
        IngestJobRequest r = request();
        return planSpooled(r, PreflightRun.spool(r, "the input", csv::transferTo), options);
    }

    /**
     * Plans a load of typed rows: they are written with the mapping to a temporary CSV in the spool directory
     * (deleted afterwards), exactly as a run would encode them, then planned like a file. The rows are iterated
     * once here; a run iterates them again.
     *
     * @param rows the rows
     * @param mapping the columns
     * @param options what may be asked and the budgets
     * @param <T> the row type
     * @return the plan
     */
    public <T> IngestPlan plan(Iterable<T> rows, CsvMapping<T> mapping, PlanOptions options) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(mapping, "mapping");
        IngestJobRequest r = request();
        dev.bulk2.csv.CsvDialect dialect = dev.bulk2.csv.CsvDialect.of(r.columnDelimiter(), r.lineEnding());
        return planSpooled(r, PreflightRun.spool(r, "the rows", out -> dev.bulk2.csv.CsvRowWriter.writeAll(
                rows.iterator(), mapping, dialect, out)), options);
    }

    private IngestPlan planSpooled(IngestJobRequest r, Path spool, PlanOptions options) {
        try {
            return PreflightRun.plan(ctx, r, spool, options).plan;
        } finally {
            PreflightRun.deleteQuietly(spool);
        }
    }

    /**
     * The request this chain describes.
     *
     * @return an immutable request
     * @throws IllegalArgumentException if the operation is missing or inconsistent
     */
    public IngestJobRequest request() {
        return b.build();
    }

    /**
     * Loads a UTF-8 CSV file with a header row. Parts are byte ranges of the file (no copy): the file must not
     * change until the run is done.
     *
     * @param csv the file
     * @return the running ingest
     * <p>By default ({@link Preflight#defaults()}) the whole file is validated first, on the caller's thread, so
     * that a bad row anywhere stops the run before any job exists; see {@link #preflight(Preflight)}.
     *
     * @throws InvalidInputException if the header is malformed (nothing is sent)
     * @throws dev.bulk2.core.exception.InputValidationException if the pre-flight finds problems (nothing is
     *     sent, no job is created)
     * @throws dev.bulk2.core.exception.BudgetExceededException if the load needs more than an org limit or budget
     *     leaves (nothing is sent)
     */
    public IngestRun upload(Path csv) {
        Objects.requireNonNull(csv, "csv");
        IngestJobRequest r = request();
        return uploadFile(r, csv, () -> { });
    }

    private IngestRun uploadFile(IngestJobRequest r, Path csv, Runnable cleanup) {
        java.util.TreeMap<Long, dev.bulk2.core.plan.PlanProblem> bad;
        try {
            // the file and the spool directory first, so that the pre-flight's read cannot be the first to fail
            LocalFiles.checkInput(csv);
            r.spoolDirectory().ifPresent(LocalFiles::checkSpoolDirectory);
            bad = preflight.isEnabled() ? PreflightRun.check(ctx, r, csv, preflight) : new java.util.TreeMap<>();
        } catch (RuntimeException e) {
            cleanup.run();
            throw e;
        }
        List<dev.bulk2.core.plan.PlanProblem> rejected = List.copyOf(bad.values());
        if (rejected.isEmpty()) {
            return IngestRun.live(ctx, RunDriver.start(ctx, r, () -> r.chunker().split(csv), cleanup,
                    csv, rejected));
        }
        if (r.journal().isPresent() && r.journalKey().isEmpty()) {
            cleanup.run();
            throw new IllegalArgumentException("The pre-flight left " + rejected.size() + " rows out of " + csv
                    .getFileName() + ", so the upload is no longer the file itself: a journaled run then needs"
                    + " journalKey(...) to identify its input on resume (nothing was sent)");
        }
        PreflightRun.GoodRows rows = new PreflightRun.GoodRows(csv, r.columnDelimiter().character(), bad);
        CsvMapping<String[]> mapping = PreflightRun.rawMapping(rows.header);
        return IngestRun.live(ctx, RunDriver.start(ctx, r, () -> r.chunker().split(rows, mapping),
                () -> {
                    rows.close();
                    cleanup.run();
                }, null, rejected));
    }

    /**
     * Loads UTF-8 CSV with a header row from a one-shot stream. The stream is read on the run's reading thread,
     * one part at a time (each spooled to a temporary file until its job has the data), and closed by bulk2 when
     * it has been read or the run stops.
     *
     * @param csv the stream; ownership passes to the run
     * @return the running ingest
     * <p>With {@link Preflight#spoolStreams(boolean)} on, the stream is first spooled whole to a temporary file
     * and validated like a file (the spool is deleted when the run ends).
     *
     * @throws InvalidInputException if the header is malformed (nothing is sent)
     */
    public IngestRun upload(InputStream csv) {
        Objects.requireNonNull(csv, "csv");
        IngestJobRequest r = request();
        if (preflight.isEnabled() && preflight.spoolsStreams()) {
            Path spool;
            try {
                spool = PreflightRun.spool(r, "the input", csv::transferTo);
            } finally {
                closeQuietly(csv);
            }
            return uploadFile(r, spool, () -> PreflightRun.deleteQuietly(spool));
        }
        return start(r, () -> r.chunker().split(csv), () -> closeQuietly(csv));
    }

    /**
     * Loads typed rows, written as CSV with the mapping's columns. The stream is consumed lazily on the run's
     * reading thread and closed when read.
     *
     * @param rows the rows; ownership passes to the run
     * @param mapping the columns
     * @param <T> the row type
     * @return the running ingest
     */
    public <T> IngestRun upload(Stream<T> rows, CsvMapping<T> mapping) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(mapping, "mapping");
        IngestJobRequest r = request();
        Iterator<T> it = rows.iterator();
        return start(r, () -> r.chunker().split(it, mapping), rows::close);
    }

    /**
     * Loads typed rows, written as CSV with the mapping's columns. Iterated once, lazily, on the run's reading
     * thread.
     *
     * @param rows the rows
     * @param mapping the columns
     * @param <T> the row type
     * @return the running ingest
     */
    public <T> IngestRun upload(Iterable<T> rows, CsvMapping<T> mapping) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(mapping, "mapping");
        IngestJobRequest r = request();
        Iterator<T> it = rows.iterator();
        return start(r, () -> r.chunker().split(it, mapping), () -> { });
    }

    /**
     * Loads {@code Map} rows (field name to value); a missing key or {@code null} leaves the field unchanged.
     * Values are formatted as {@link CsvMapping#forMaps(List)} describes.
     *
     * @param rows the rows; ownership passes to the run
     * @param columns the header, in order
     * @return the running ingest
     */
    public IngestRun uploadMaps(Stream<? extends Map<String, ?>> rows, List<String> columns) {
        Objects.requireNonNull(rows, "rows");
        CsvMapping<Map<String, ?>> mapping = CsvMapping.forMaps(columns);
        IngestJobRequest r = request();
        Iterator<? extends Map<String, ?>> it = rows.iterator();
        return start(r, () -> r.chunker().split(it, mapping), rows::close);
    }

    private IngestRun start(IngestJobRequest r, java.util.function.Supplier<dev.bulk2.csv.CsvParts> parts,
            Runnable closeInput) {
        return IngestRun.live(ctx, RunDriver.start(ctx, r, parts, closeInput, null, List.of()));
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the data was read (or the run stopped); nothing useful to do
        }
    }

    @Override
    public String toString() {
        return "Ingest{" + b + ", " + preflight + "}";
    }
}
