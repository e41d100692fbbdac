package dev.bulk2.core.query;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.JobState;
import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.exception.JobFailedException;
import dev.bulk2.core.exception.JournalException;
import dev.bulk2.core.exception.NotFoundException;
import dev.bulk2.core.internal.journal.InputIdentity;
import dev.bulk2.core.internal.journal.Journal;
import dev.bulk2.core.internal.journal.JournalEntry;
import dev.bulk2.core.internal.journal.JournalKind;
import dev.bulk2.core.internal.journal.JournalRequest;
import dev.bulk2.core.internal.journal.QueryResumeState;
import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.LineEnding;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Query#toPath(Path)} export with a run journal (issue 11): the query job id is journaled as soon as the
 * create answer arrives; each page is written to {@code <file>.part}, the output forced to disk, and only then
 * journaled with its locator, rows and the output's size after it. Started again with the same journal, it
 * re-attaches to the journaled job (waiting for it if it still runs), truncates {@code <file>.part} to the last
 * journaled page and goes on from that page's next locator, so the file ends byte for byte as an uninterrupted
 * export writes it. When every page is written the part file is moved into place and {@code exportComplete}
 * journaled; a completed journal gives its result again without any API call.
 *
 * <p>Pages are read serially by locator (the journal's resume point is a locator chain), whatever the query's
 * parallelism. Package-private; one run per instance, on one thread.
 */
final class JournaledExport {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.core.query");

    /** Where a crash test stops the export (test seam; {@link #NONE} in production). */
    interface CrashPoints {
        /** Does nothing. */
        CrashPoints NONE = (point, page) -> { };

        /**
         * The export reached a point: {@code midPage} (part of the page's bytes are in the output, not forced),
         * {@code pageWritten} (the page is in the output and forced, not journaled), {@code pageJournaled},
         * {@code beforeComplete} (every page journaled, the part file not moved yet).
         *
         * @param point the point
         * @param page the page index (from 0), or the page count for {@code beforeComplete}
         */
        void at(String point, long page);
    }

    private final QueryRun run;
    private final Path journalPath;
    private final Path out;
    private final Path part;
    private final CrashPoints points;

    JournaledExport(QueryRun run, Path journal, Path file, CrashPoints points) {
        this.run = run;
        this.journalPath = journal;
        this.out = file.toAbsolutePath().normalize();
        this.part = out.resolveSibling(out.getFileName() + ".part");
        this.points = points;
    }

    /** The request fields that decide the output (see docs/journal.md): query, operation, dialect. */
    static JournalRequest requestOf(QueryJobRequest r) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("query", r.query());
        f.put("operation", r.operation().apiName());
        f.put("columnDelimiter", r.columnDelimiter().orElse(ColumnDelimiter.COMMA).name());
        f.put("lineEnding", r.lineEnding().orElse(LineEnding.LF).name());
        return JournalRequest.of(JournalKind.QUERY, f);
    }

    /** The export's input identity: a key naming its output file. */
    static InputIdentity outputIdentity(Path file) {
        return InputIdentity.ofKey("output:" + file.toAbsolutePath().normalize());
    }

    QueryResult run() {
        try (Journal journal = open()) {
            QueryResumeState state = journal.queryState();
            if (state.isComplete()) {
                return completedResult(state);
            }
            String jobId = state.jobId().orElse(null);
            try {
                JobInfo job;
                if (jobId == null) {
                    JobInfo created = run.jobs.create(run.request);
                    jobId = created.id();
                    journal.append(new JournalEntry.QueryJob(jobId));
                    run.settings.listener.jobCreated(created);
                    job = run.await(created);
                } else {
                    LOG.log(System.Logger.Level.INFO, "Query export to {0}: resuming query job {1} after {2} "
                            + "page(s) ({3} rows, {4} bytes) from the journal {5}", out, jobId, state.pages(),
                            state.rows(), state.outputOffset(), journalPath);
                    try {
                        job = run.await(run.jobs.info(jobId));
                    } catch (JobFailedException e) {
                        JobFailedException f = new JobFailedException(e.getMessage() + " The journal " + journalPath
                                + " records this job, so the export cannot be resumed: delete the journal and "
                                + part + " to run it again with a new query job.", e.jobInfo());
                        f.addSuppressed(e);
                        throw f;
                    }
                }
                return export(journal, state, job);
            } catch (NotFoundException e) {
                if (jobId == null) {
                    throw e;
                }
                throw gone(jobId, e);
            }
        }
    }

    private Journal open() {
        try {
            return Journal.open(journalPath, requestOf(run.request), outputIdentity(out), run.ctx.clock());
        } catch (JournalException e) {
            if (e.reason() != JournalException.Reason.INPUT_MISMATCH || !e.field().equals(Optional.of("input key"))) {
                throw e;
            }
            String was = e.journaledValue().map(v -> v.startsWith("output:") ? v.substring(7) : v).orElse("?");
            throw new JournalException(JournalException.Reason.INPUT_MISMATCH, journalPath, "The journal "
                    + journalPath + " belongs to the export to " + was + ", not to " + out + ": resume it with the "
                    + "output file it was written for, or start over: delete the journal " + journalPath
                    + " (and the partial output " + was + ".part) and run the export again.", "output file", was,
                    out.toString());
        }
    }

    private JournalException gone(String jobId, NotFoundException e) {
        return new JournalException(JournalException.Reason.JOB_GONE, journalPath, "The query job " + jobId
                + " recorded in the journal " + journalPath + " no longer exists on Salesforce (HTTP "
                + e.statusCode() + " " + e.errorCode().orElse("NOT_FOUND") + ": it was deleted, or it expired, "
                + "since Salesforce keeps a query job and its results 7 days after it completes), so the export to "
                + out + " cannot be resumed and must start over: delete the journal " + journalPath
                + " and the partial output " + part + ", then run the export again (it creates a new query job).",
                e);
    }

    private QueryResult export(Journal journal, QueryResumeState state, JobInfo job) {
        long offset = state.outputOffset();
        long pages = state.pages();
        long rows = state.rows();
        try {
            if (!state.allPagesWritten()) {
                try (FileChannel ch = openPart(state)) {
                    PageWriter w = new PageWriter(ch, job, pages > 0);
                    try (PageSource src = PageSource.serialFrom(run.jobs, job, run.settings, run.stats,
                            state.nextLocator().orElse(null), Math.toIntExact(pages))) {
                        DownloadedPage p;
                        while ((p = src.next()) != null) {
                            try {
                                w.write(p);
                            } finally {
                                run.release(p);
                            }
                            ch.force(false);
                            offset = ch.position();
                            points.at("pageWritten", p.index);
                            journal.append(new JournalEntry.Page(p.index, p.locator, p.nextLocator, p.rows, offset));
                            points.at("pageJournaled", p.index);
                            pages++;
                            rows += p.rows;
                        }
                    }
                }
            } else {
                checkPartAfterLastPage(offset);
            }
            points.at("beforeComplete", pages);
            if (Files.exists(part)) {
                move();
            }
        } catch (IOException e) {
            throw new BulkException("Writing the results of query job " + job.id() + " to " + part + " failed (" + e
                    + "). Check the directory (exists, writable, disk space) and run the export again: the journal "
                    + journalPath + " resumes it after the last page written.", e);
        }
        journal.append(new JournalEntry.ExportComplete(pages, rows, offset));
        if (run.columns() == null) {
            run.header(null, readHeader(job));
        }
        QueryResult r = run.result(rows, Math.toIntExact(pages));
        run.settings.listener.completed(r);
        return r;
    }

    /** Opens the part file: new and empty before the first page, else cut to the last journaled page. */
    private FileChannel openPart(QueryResumeState state) throws IOException {
        long keep = state.outputOffset();
        if (state.pages() == 0) {
            FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            Journal.forceDirectoryOf(part);
            return ch;
        }
        FileChannel ch = cutPartTo(keep);
        ch.position(keep);
        return ch;
    }

    /**
     * Opens the part file cut to the journaled size: bytes written after the last journaled page are dropped.
     *
     * @throws JournalException INPUT_MISMATCH if the file is missing or shorter than the journal says
     */
    private FileChannel cutPartTo(long keep) throws IOException {
        long size = Files.exists(part) ? Files.size(part) : -1;
        if (size < keep) {
            throw outputLost(keep, size);
        }
        FileChannel ch = FileChannel.open(part, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (size > keep) {
            LOG.log(System.Logger.Level.INFO, "Query export to {0}: cutting {1} byte(s) written after the last "
                    + "journaled page", out, size - keep);
            ch.truncate(keep);
            ch.force(false);
        }
        return ch;
    }

    /** Every page is journaled: the part file is cut to its journaled size, or was already moved into place. */
    private void checkPartAfterLastPage(long keep) throws IOException {
        if (Files.exists(part)) {
            cutPartTo(keep).close();
            return;
        }
        long size = Files.exists(out) ? Files.size(out) : -1;
        if (size != keep) {
            throw outputLost(keep, size);
        }
    }

    private JournalException outputLost(long journaled, long now) {
        String file = Files.exists(part) ? part.toString() : part + " (or " + out + ")";
        return new JournalException(JournalException.Reason.INPUT_MISMATCH, journalPath, "The journal "
                + journalPath + " records " + journaled + " bytes of output written and forced to disk, but "
                + file + " " + (now < 0 ? "does not exist" : "has " + now + " bytes") + ": the output was changed "
                + "or removed since, so the export cannot be resumed and must start over: delete the journal "
                + journalPath + " and the output " + part + ", then run the export again.", "output size",
                Long.toString(journaled), Long.toString(now));
    }

    private void move() throws IOException {
        try {
            Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, out, StandardCopyOption.REPLACE_EXISTING);
        }
        Journal.forceDirectoryOf(out);
    }

    /** The result of a completed journal, without any API call: the job info is rebuilt from the journal. */
    private QueryResult completedResult(QueryResumeState state) {
        JournalEntry.ExportComplete c = state.completion().orElseThrow();
        long size;
        try {
            size = Files.exists(out) ? Files.size(out) : -1;
        } catch (IOException e) {
            size = -1;
        }
        if (size != c.bytes) {
            throw new JournalException(JournalException.Reason.INPUT_MISMATCH, journalPath, "The journal "
                    + journalPath + " records a completed export of " + c.bytes + " bytes to " + out + ", but the "
                    + "file " + (size < 0 ? "does not exist" : "has " + size + " bytes") + " now. To export again, "
                    + "delete the journal " + journalPath + " (and the output " + out + ") and run the export "
                    + "again.", "output size", Long.toString(c.bytes), Long.toString(size));
        }
        QueryJobRequest r = run.request;
        JobInfo info = JobInfo.builder().id(state.jobId().orElseThrow()).operation(r.operation())
                .state(JobState.JOB_COMPLETE).jobType("V2Query").contentType("CSV").query(r.query())
                .columnDelimiter(r.columnDelimiter().orElse(ColumnDelimiter.COMMA).apiName())
                .lineEnding(r.lineEnding().orElse(LineEnding.LF).apiName()).numberRecordsProcessed(c.rows).build();
        run.completedFromJournal(info);
        run.header(null, readHeader(info));
        QueryResult result = run.result(c.rows, Math.toIntExact(c.pages));
        run.settings.listener.completed(result);
        return result;
    }

    /** The column names from the first line of the finished output. */
    private String[] readHeader(JobInfo job) {
        try (InputStream in = Files.newInputStream(out)) {
            String[] names = new CsvRecordReader(in, run.delimiter(job)).next();
            return names == null ? new String[0] : names;
        } catch (IOException e) {
            throw new BulkException("Reading the header of " + out + " failed (" + e + ").", e);
        }
    }

    /** Writes pages to the part file: the header once (checked against the file's on resume), then the rows. */
    private final class PageWriter {
        private final FileChannel ch;
        private final OutputStream os;
        private final JobInfo job;
        private final boolean resumed;
        private final byte[] buf = new byte[64 * 1024];
        private byte[] firstHeader;

        PageWriter(FileChannel ch, JobInfo job, boolean resumed) {
            this.ch = ch;
            this.os = Channels.newOutputStream(ch);
            this.job = job;
            this.resumed = resumed;
        }

        void write(DownloadedPage p) throws IOException {
            try (InputStream in = p.open()) {
                byte[] header = in.readNBytes((int) Math.min(p.headerLength, Integer.MAX_VALUE));
                if (firstHeader == null) {
                    if (resumed) {
                        checkAgainstOutput(p, header);
                    } else {
                        os.write(header);
                    }
                    firstHeader = header;
                    String[] names = new CsvRecordReader(new ByteArrayInputStream(header), run.delimiter(job))
                            .next();
                    run.header(p, names == null ? new String[0] : names);
                } else if (!Arrays.equals(firstHeader, header)) {
                    throw new BulkException("Page " + (p.index + 1) + " of query job " + job.id()
                            + " has a different header than the first page; the results are inconsistent. "
                            + "Run the query again.");
                }
                int n;
                boolean first = true;
                while ((n = in.read(buf)) >= 0) {
                    if (first && points != CrashPoints.NONE && n > 1) {
                        os.write(buf, 0, n / 2);
                        points.at("midPage", p.index);
                        os.write(buf, n / 2, n - n / 2);
                    } else {
                        os.write(buf, 0, n);
                    }
                    first = false;
                }
            }
        }

        /** A resumed export's first page must have the header the output starts with. */
        private void checkAgainstOutput(DownloadedPage p, byte[] header) throws IOException {
            ByteBuffer b = Journal.readAt(ch, header.length, 0);
            if (b.hasRemaining() || !Arrays.equals(b.array(), header)) {
                throw new BulkException("Page " + (p.index + 1) + " of query job " + job.id() + " has another "
                        + "header than the output " + part + " written before the crash; the results are "
                        + "inconsistent. Start the export over: delete the journal " + journalPath + " and " + part
                        + ", then run it again.");
            }
        }
    }

    /** Runs the export on a thread of its own (the async terminal): it blocks while waiting and writing. */
    java.util.concurrent.CompletableFuture<QueryResult> runAsync() {
        java.util.concurrent.CompletableFuture<QueryResult> f = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(run());
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
            }
        }, "bulk2-query-journal");
        t.setDaemon(true);
        t.start();
        return f;
    }
}
