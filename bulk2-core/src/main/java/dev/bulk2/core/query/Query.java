package dev.bulk2.core.query;

import dev.bulk2.core.exception.TruncatedPageException;
import dev.bulk2.core.BulkClient;
import dev.bulk2.core.JobInfo;
import dev.bulk2.core.Operation;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.exception.ApiVersionMismatchException;
import dev.bulk2.core.exception.BulkApiException;
import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.exception.JobFailedException;
import dev.bulk2.core.exception.WaitTimeoutException;
import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.CsvRow;
import dev.bulk2.csv.CsvRowMapper;
import dev.bulk2.csv.CsvValueException;
import dev.bulk2.core.exception.BulkDataException;
import dev.bulk2.csv.LineEnding;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A bulk query (extract) about to run: configure it, then call one terminal, which creates the query job, waits
 * for it with adaptive polling, and reads the results page by page. Obtain it with
 * {@link BulkClient#query(String)}.
 *
 * <pre>{@code
 * // every Account row, as maps in SELECT order, with flat memory
 * try (QueryRows<Map<String, String>> rows = client.query("SELECT Id, Name FROM Account").stream()) {
 *     rows.forEach(r -> index(r.get("Id"), r.get("Name")));
 * }
 *
 * // deleted rows too, to a single CSV file, pages fetched four at a time
 * QueryResult r = client.query("SELECT Id, IsDeleted FROM Account")
 *         .queryAll()
 *         .maxRecordsPerPage(50_000)
 *         .parallelism(4)
 *         .timeout(Duration.ofHours(1))
 *         .toPath(Path.of("accounts.csv"));
 * }</pre>
 *
 * <p><b>How results are read.</b> Serially, following {@code Sforce-Locator} until the literal {@code null};
 * or, with {@link #parallelism(int)} above 1 and API 58.0+, from the {@code resultPages} links with that many
 * concurrent downloads, output kept in result order. Either way the next page downloads while the current one is
 * consumed, and at most {@code parallelism + 2} pages are held at once: in memory up to
 * {@link #memoryPerPage(long)} each, in temporary files beyond. Each page is downloaded completely and its rows
 * are counted against {@code Sforce-NumberOfRecords} before any of its rows is handed out; a cut-off page, a
 * short page or a transient failure re-fetches that page only (pages are idempotent), up to
 * {@link #maxPageAttempts(int)} times, then fails with {@link TruncatedPageException} or the last error. An
 * expired token is refreshed by the transport and the same page is requested again.
 *
 * <p><b>Errors.</b> Invalid SOQL: {@link BulkApiException} with Salesforce's {@code errorCode} and message. Job
 * {@code Failed}/{@code Aborted}: {@link JobFailedException}. Deadline reached while waiting:
 * {@link WaitTimeoutException} naming the job (which keeps running). Results read with another API version than
 * the job's: {@link ApiVersionMismatchException}.
 *
 * <p><b>Sync and async.</b> Every terminal has an {@code …Async} twin running the same steps: the create call and
 * the download run as tasks on the client's I/O executor (an async download reads its pages one after the other,
 * without read-ahead or parallel pages, since an I/O task never waits for another), the wait is timed by the
 * client's scheduler without blocking a thread. Futures complete on those threads. Cancelling a future stops local work only; abort the job with
 * {@link QueryJobs#abort(String)} if needed.
 *
 * <p>Not thread-safe while being configured; each terminal call runs a new query job with the configuration of
 * that moment.
 */
public final class Query {
    private final QueryJobs jobs;
    private QueryJobRequest.Builder request;
    private int maxRecordsPerPage;
    private int parallelism = 1;
    private int maxPageAttempts = 4;
    private long memoryPerPage = 8L * 1024 * 1024;
    private Path spoolDirectory;
    private PollingPolicy pollingPolicy = PollingPolicy.defaults();
    private Duration timeout;
    private QueryListener listener = QueryListener.NONE;
    private JournaledExport.CrashPoints crashPoints = JournaledExport.CrashPoints.NONE;

    Query(QueryJobs jobs, QueryJobRequest request) {
        this.jobs = jobs;
        this.request = request.toBuilder();
    }

    /**
     * A query that runs a prepared request (its operation, SOQL, dialect and journal); {@code client.query(soql)}
     * is {@code Query.of(client, QueryJobRequest.of(soql))}.
     *
     * @param client the client
     * @param request the request
     * @return the configurable query
     */
    public static Query of(BulkClient client, QueryJobRequest request) {
        return new Query(Objects.requireNonNull(client, "client").queryJobs(),
                Objects.requireNonNull(request, "request"));
    }

    /**
     * Uses {@code queryAll}: the result also holds rows deleted by delete or merge (in the recycle bin) and
     * archived Task and Event rows. Default: {@code query}, live rows only.
     *
     * @return this query
     */
    public Query queryAll() {
        request.operation(Operation.QUERY_ALL);
        return this;
    }

    /**
     * The column delimiter of the result CSV. Default: Salesforce's ({@code COMMA}).
     *
     * @param delimiter the delimiter
     * @return this query
     */
    public Query columnDelimiter(ColumnDelimiter delimiter) {
        request.columnDelimiter(Objects.requireNonNull(delimiter, "delimiter"));
        return this;
    }

    /**
     * The line ending of the result CSV. Default: Salesforce's ({@code LF}).
     *
     * @param lineEnding the line ending
     * @return this query
     */
    public Query lineEnding(LineEnding lineEnding) {
        request.lineEnding(Objects.requireNonNull(lineEnding, "lineEnding"));
        return this;
    }

    /**
     * Rows per result page ({@code maxRecords}); Salesforce may send fewer. Larger pages mean fewer API calls.
     * Default: not sent (Salesforce's default page size).
     *
     * @param maxRecords a positive number, for example 50,000
     * @return this query
     */
    public Query maxRecordsPerPage(int maxRecords) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecordsPerPage must be positive, was " + maxRecords);
        }
        this.maxRecordsPerPage = maxRecords;
        return this;
    }

    /**
     * How many result pages download at once through {@code resultPages}. 1 reads serially by locator; above 1
     * needs API 58.0+ (below it, results are read serially anyway). Output order never changes. Default 1
     * (serial; {@code resultPages} is newer and less exercised than locator paging).
     *
     * @param parallelism 1 to 16
     * @return this query
     */
    public Query parallelism(int parallelism) {
        if (parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("parallelism must be between 1 and 16, was " + parallelism);
        }
        this.parallelism = parallelism;
        return this;
    }

    /**
     * How often a page is downloaded at most when it arrives cut off, short, or fails transiently. Default 4.
     *
     * @param attempts at least 1 (1 = no page retry)
     * @return this query
     */
    public Query maxPageAttempts(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("maxPageAttempts must be at least 1, was " + attempts);
        }
        this.maxPageAttempts = attempts;
        return this;
    }

    /**
     * Bytes of a downloaded page kept in memory; the rest of a larger page goes to a temporary file. Default
     * 8 MiB. With {@code parallelism + 2} pages held at most, heap use stays within a few times this value.
     *
     * @param bytes at least 64 KiB
     * @return this query
     */
    public Query memoryPerPage(long bytes) {
        if (bytes < 64 * 1024) {
            throw new IllegalArgumentException("memoryPerPage must be at least 65536 bytes, was " + bytes);
        }
        this.memoryPerPage = bytes;
        return this;
    }

    /**
     * Where large pages are spooled. Default: {@code java.io.tmpdir}. Spool files are deleted as soon as their
     * page is consumed, and when the results are closed.
     *
     * @param directory an existing, writable directory
     * @return this query
     */
    public Query spoolDirectory(Path directory) {
        this.spoolDirectory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /**
     * How the job is polled while it runs. Default {@link PollingPolicy#defaults()} (1 s growing to 30 s; its
     * timeout applies when neither {@link #timeout(Duration)} is set).
     *
     * @param policy the policy
     * @return this query
     */
    public Query pollingPolicy(PollingPolicy policy) {
        this.pollingPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * The longest wait for the job to complete, counted from the terminal call. Default: the polling
     * policy's timeout.
     *
     * @param timeout a positive duration
     * @return this query
     */
    public Query timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
        return this;
    }

    /**
     * Receives progress: job created, polls, pages downloaded and retried, completion. Default: none.
     *
     * @param listener the listener (thread-safe, quick)
     * @return this query
     */
    public Query listener(QueryListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Makes {@link #toPath(Path)} crash-safe and resumable: see {@link QueryJobRequest.Builder#journal(Path)}.
     * A killed export started again with the same query, output file and journal re-attaches to the journaled
     * query job and continues after the last page written ({@code docs/query.md}, "Crash-safe runs"). Only
     * {@code toPath}/{@code toPathAsync} take a journal; pages are then read serially, by locator.
     *
     * @param file the journal file (created if missing)
     * @return this query
     */
    public Query journal(Path file) {
        request.journal(Objects.requireNonNull(file, "file"));
        return this;
    }

    /** Test seam of the crash tests: where a journaled export stops. */
    Query crashPoints(JournaledExport.CrashPoints points) {
        this.crashPoints = Objects.requireNonNull(points, "points");
        return this;
    }

    /**
     * The create-job request this query sends.
     *
     * @return the request
     */
    public QueryJobRequest request() {
        return request.build();
    }

    private QueryRun newRun() {
        return newRun(false);
    }

    private QueryRun newRun(boolean journaled) {
        QueryJobRequest r = request.build();
        if (!journaled && r.journal().isPresent()) {
            throw new IllegalStateException("A journal applies to toPath(...) and toPathAsync(...) only: the other "
                    + "terminals cannot be resumed after a crash. Remove journal(...) or write to a file.");
        }
        QuerySettings s = new QuerySettings(maxRecordsPerPage, parallelism, maxPageAttempts, memoryPerPage,
                spoolDirectory, pollingPolicy, listener);
        Instant d = timeout == null ? null : jobs.context().clock().instant().plus(timeout);
        return new QueryRun(jobs, r, s, d);
    }

    // ------------------------------------------------------------------------------------------- terminals

    /**
     * Runs the query and returns its rows as a lazy, closeable sequence of maps (column order kept, values
     * {@code ""} for null or empty). Blocks until the job is complete; rows are then read as they are consumed.
     *
     * @return the rows; the caller closes them
     * @throws BulkApiException if Salesforce rejects the query
     * @throws JobFailedException if the job fails
     * @throws WaitTimeoutException if the deadline passes first
     */
    public QueryRows<Map<String, String>> stream() {
        return mapped(Function.identity());
    }

    private <T> QueryRows<T> mapped(Function<Map<String, String>, T> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        QueryRun run = newRun();
        JobInfo job = run.start();
        return new QueryRows<>(run, job, mapper);
    }

    /**
     * Async twin of {@link #stream()}: completes when the job is complete and rows can be read.
     *
     * @return the future rows; the caller closes them
     */
    public CompletableFuture<QueryRows<Map<String, String>>> streamAsync() {
        return mappedAsync(Function.identity());
    }

    private <T> CompletableFuture<QueryRows<T>> mappedAsync(Function<Map<String, String>, T> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        QueryRun run = newRun();
        return run.startAsync().thenApply(job -> new QueryRows<>(run, job, mapper));
    }

    /**
     * Runs the query and returns its rows mapped to {@code T} through a {@link CsvRow}, lazily: typed accessors
     * read Salesforce's result formats ({@code row.date("CloseDate")}, {@code row.bool("IsWon")},
     * {@code row.decimal("Amount")}, {@code row.dateTime("CreatedDate")}; an empty value is an empty
     * {@code Optional}).
     *
     * <pre>{@code
     * try (QueryRows<Deal> deals = client.query("SELECT Id, CloseDate, IsWon, Amount FROM Opportunity")
     *         .stream(r -> new Deal(r.value("Id"), r.date("CloseDate").orElse(null),
     *                 r.bool("IsWon").orElse(false), r.decimal("Amount").orElse(BigDecimal.ZERO)))) {
     *     deals.forEach(ledger::post);
     * }
     * }</pre>
     *
     * <p>The same pipeline as {@link #stream()}: the rows share one column index, each costs one array copy more
     * than a map row; {@link CsvRow#asMap()} gives the row as a map.
     *
     * @param mapper turns one row into a {@code T}; called on the consuming thread
     * @param <T> the row type
     * @return the rows; the caller closes them. A value the mapper cannot parse surfaces from the iteration as
     *     {@link dev.bulk2.core.exception.BulkDataException} (row, column, value, expected format; the cause is
     *     the {@link dev.bulk2.csv.CsvValueException}); an unknown column as {@link IllegalArgumentException}
     * @throws BulkApiException if Salesforce rejects the query
     * @throws JobFailedException if the job fails
     * @throws WaitTimeoutException if the deadline passes first
     */
    public <T> QueryRows<T> stream(CsvRowMapper<T> mapper) {
        return mapped(new TypedRows<>(mapper));
    }

    /**
     * Async twin of {@link #stream(CsvRowMapper)}: completes when the job is complete and rows can be read;
     * the mapper runs on the thread that iterates the rows.
     *
     * @param mapper turns one row into a {@code T}
     * @param <T> the row type
     * @return the future rows; the caller closes them
     */
    public <T> CompletableFuture<QueryRows<T>> streamAsync(CsvRowMapper<T> mapper) {
        return mappedAsync(new TypedRows<>(mapper));
    }

    /** Adapts a {@link CsvRowMapper} to the map rows, building the {@link CsvRow} column index once per result. */
    private static final class TypedRows<T> implements Function<Map<String, String>, T> {
        private final CsvRowMapper<T> mapper;
        private RowMap.Columns columns;
        private Function<List<String>, CsvRow> factory;
        private long rowNumber;

        TypedRows(CsvRowMapper<T> mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
        }

        @Override
        public T apply(Map<String, String> m) {
            CsvRow row;
            if (m instanceof RowMap) {
                RowMap r = (RowMap) m;
                if (r.columns() != columns) {
                    columns = r.columns();
                    factory = CsvRow.factory(columns.list);
                }
                row = factory.apply(r.valueList());
            } else {
                row = CsvRow.of(m);
            }
            rowNumber++;
            try {
                return mapper.map(row);
            } catch (CsvValueException e) {
                throw new BulkDataException("Query result row " + rowNumber + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Runs the query and calls {@code action} for every row, in result order, on the calling thread.
     *
     * @param action receives each row
     * @return the summary
     */
    public QueryResult forEachRow(Consumer<? super Map<String, String>> action) {
        Objects.requireNonNull(action, "action");
        QueryRun run = newRun();
        return forEach(run, run.start(), action);
    }

    /**
     * Async twin of {@link #forEachRow(Consumer)}: the action runs on a bulk2 download thread.
     *
     * @param action receives each row
     * @return the future summary
     */
    public CompletableFuture<QueryResult> forEachRowAsync(Consumer<? super Map<String, String>> action) {
        Objects.requireNonNull(action, "action");
        QueryRun run = newRun();
        return run.startAsync().thenApplyAsync(job -> forEach(run, job, action), run.ctx.io());
    }

    private static QueryResult forEach(QueryRun run, JobInfo job, Consumer<? super Map<String, String>> action) {
        try (QueryRows<Map<String, String>> rows = new QueryRows<>(run, job, Function.identity())) {
            for (Map<String, String> r : rows) {
                action.accept(r);
            }
            return rows.result();
        }
    }

    /**
     * Runs the query and writes the whole result to one CSV file: the header once, then every row, byte for byte
     * as Salesforce rendered it (the job's delimiter and line ending). The file is written under a temporary name
     * next to it and moved into place when complete, so a failed export never leaves a partial file.
     *
     * <p>With a {@link #journal(Path) journal} the file is written to {@code <file>.part} (a fixed name, so a
     * resumed export finds it), every page forced to disk and journaled, and moved into place when complete; a
     * journal whose export completed gives the same summary again without calling Salesforce.
     *
     * @param file the destination (replaced if it exists)
     * @return the summary
     * @throws dev.bulk2.core.exception.JournalException with a journal that cannot be used: another query or
     *     output file, in use by another process, or a query job that no longer exists (the export must start
     *     over)
     */
    public QueryResult toPath(Path file) {
        Objects.requireNonNull(file, "file");
        if (request.build().journal().isPresent()) {
            return journaled(file).run();
        }
        QueryRun run = newRun();
        return writeFile(run, run.start(), file);
    }

    /**
     * Async twin of {@link #toPath(Path)}. With a journal the whole export runs on a thread of its own
     * ({@code bulk2-query-journal}).
     *
     * @param file the destination
     * @return the future summary
     */
    public CompletableFuture<QueryResult> toPathAsync(Path file) {
        Objects.requireNonNull(file, "file");
        if (request.build().journal().isPresent()) {
            return journaled(file).runAsync();
        }
        QueryRun run = newRun();
        return run.startAsync().thenApplyAsync(job -> writeFile(run, job, file), run.ctx.io());
    }

    private JournaledExport journaled(Path file) {
        return new JournaledExport(newRun(true), request.build().journal().get(), file, crashPoints);
    }

    /**
     * A new file next to the output, named {@code prefix<random>.part}, created with the default permissions so
     * that the process's umask decides them, as for every file bulk2 writes ({@code Files.createTempFile} would
     * make it owner-only, 0600, and the export with it).
     */
    static Path createPartFile(Path dir, String prefix) throws IOException {
        for (;;) {
            Path p = dir.resolve(prefix + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current()
                    .nextLong(), 36) + ".part");
            try {
                return Files.createFile(p);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another name
            }
        }
    }

    private static QueryResult writeFile(QueryRun run, JobInfo job, Path file) {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            tmp = createPartFile(dir, abs.getFileName().toString() + ".");
            QueryResult r;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
                r = run.writeTo(job, out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            return r;
        } catch (IOException e) {
            throw new BulkException("Writing the results of query job " + job.id() + " to " + abs + " failed (" + e
                    + "). Check the directory (exists, writable, disk space) and run the export again.", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    /**
     * Runs the query and writes the whole result as one CSV to {@code out} (header once, the job's dialect).
     * The stream is flushed, not closed.
     *
     * @param out the destination
     * @return the summary
     */
    public QueryResult toOutputStream(OutputStream out) {
        Objects.requireNonNull(out, "out");
        QueryRun run = newRun();
        return run.writeTo(run.start(), out);
    }

    /**
     * Async twin of {@link #toOutputStream(OutputStream)}; the stream is written from a bulk2 download thread.
     *
     * @param out the destination
     * @return the future summary
     */
    public CompletableFuture<QueryResult> toOutputStreamAsync(OutputStream out) {
        Objects.requireNonNull(out, "out");
        QueryRun run = newRun();
        return run.startAsync().thenApplyAsync(job -> run.writeTo(job, out), run.ctx.io());
    }

    /**
     * Runs the query and returns the raw result pages, each complete and checked.
     *
     * @return the pages; the caller closes them and each page
     */
    public QueryPages pages() {
        QueryRun run = newRun();
        return new QueryPages(run, run.start());
    }

    /**
     * Async twin of {@link #pages()}.
     *
     * @return the future pages
     */
    public CompletableFuture<QueryPages> pagesAsync() {
        QueryRun run = newRun();
        return run.startAsync().thenApply(job -> new QueryPages(run, job));
    }

    @Override
    public String toString() {
        return "Query{" + request.build() + ", parallelism=" + parallelism + ", maxRecordsPerPage="
                + maxRecordsPerPage + "}";
    }
}
