package dev.bulk2.core.ingest;

import dev.bulk2.core.internal.CsvHints;

import dev.bulk2.core.exception.IngestStoppedException;
import dev.bulk2.core.exception.InvalidInputException;
import dev.bulk2.core.exception.LocalIoException;
import dev.bulk2.core.exception.WaitTimeoutException;
import dev.bulk2.core.JobInfo;
import dev.bulk2.csv.CsvException;
import dev.bulk2.csv.CsvFormatException;
import dev.bulk2.csv.CsvRowSourceException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the end state of a run into the exception its waiters see, if any: the run's time limit, malformed input,
 * or a failure that stopped the run early. Each message says what was loaded and what to do next.
 * Package-private.
 */
final class RunFailures {
    private final RunState state;
    private final Instant deadline;
    private final List<JobOutcome> outcomes;
    private final List<FailedPart> failedParts;
    private final boolean inputFullyRead;
    private final long firstUnsubmittedLine;
    private final long polls;
    private final Duration elapsed;
    private final int partsAbandoned;
    /** The run's journal, or {@code null}: with one, resuming is running the same ingest again. */
    private java.nio.file.Path journal;

    RunFailures(RunState state, Instant deadline, List<JobOutcome> outcomes, List<FailedPart> failedParts,
            boolean inputFullyRead, long firstUnsubmittedLine, long polls, Duration elapsed, int partsAbandoned) {
        this.state = state;
        this.deadline = deadline;
        this.outcomes = outcomes;
        this.failedParts = failedParts;
        this.inputFullyRead = inputFullyRead;
        this.firstUnsubmittedLine = firstUnsubmittedLine;
        this.polls = polls;
        this.elapsed = elapsed;
        this.partsAbandoned = partsAbandoned;
    }

    /** The run has a journal: resuming means running the same ingest with it again. */
    RunFailures journal(java.nio.file.Path file) {
        this.journal = file;
        return this;
    }

    /**
     * "Malformed input at line N: ..." with hints an ingest can follow ({@link CsvHints#forIngest}).
     */
    static String malformed(CsvFormatException e) {
        return "Malformed input at " + where(e) + ": " + CsvHints.forIngest(e);
    }

    /**
     * What a run that could not start throws for a failure of its first read (the header): malformed CSV as an
     * {@link InvalidInputException} saying nothing was sent, a local file problem as a {@link LocalIoException}.
     *
     * @param csv the input file, or {@code null}
     */
    static RuntimeException notStarted(RuntimeException e, java.nio.file.Path csv) {
        if (e instanceof CsvFormatException) {
            CsvFormatException f = (CsvFormatException) e;
            return new InvalidInputException(malformed(f) + " Nothing was sent.", f.line(), f.column().orElse(-1), f,
                    null);
        }
        if (e instanceof CsvException) {
            LocalIoException io = LocalFiles.of("Reading the input", (CsvException) e, csv);
            return io != null ? io : e;
        }
        return e;
    }

    /** What was sent before bad input; followed by "the part containing ...". */
    private String sent(IngestResult result) {
        return outcomes.isEmpty() ? "Nothing was sent:" : "Parts before it were submitted as jobs " + jobIds(outcomes)
                + " (" + (result == null ? 0 : result.recordsSubmitted()) + " rows);";
    }

    /** The input line of bad input: the CSV line, or the line a typed row would have. */
    static long line(CsvException e) {
        return e instanceof CsvRowSourceException ? ((CsvRowSourceException) e).line()
                : ((CsvFormatException) e).line();
    }

    static String where(CsvFormatException e) {
        return "line " + e.line() + (e.column().isPresent() ? ", column " + e.column().getAsInt() : "");
    }

    /** The exception the run completes with, or {@code null} when it completes with {@code result}. */
    Throwable failure(IngestResult result, CsvException inputError) {
        Throwable fatal = state.fatal;
        if (fatal != null) {
            if (outcomes.isEmpty() && failedParts.isEmpty() && state.discarded.isEmpty()) {
                return fatal; // nothing was created: the failure itself says it all
            }
            List<String> unfinished = ids(unfinished(outcomes));
            boolean allSent = inputFullyRead && firstUnsubmittedLine <= 0;
            String rest = allSent ? "" : firstUnsubmittedLine > 0 ? " The input from line " + firstUnsubmittedLine
                    + " on was not sent." : " The rest of the input was not sent.";
            String resume = journal == null ? " To resume: fix the cause, re-attach with client.attachIngestJobs("
                    + jobIds(outcomes) + ") to wait for the jobs and read their results, then send "
                    + (allSent ? "the rows reported as not sent" : "the rows not sent")
                    + " again (an upsert may simply be run again)."
                    : fatal instanceof dev.bulk2.core.exception.JournalException ? " The journal " + journal
                    + " keeps what was done; its error above says how to go on."
                    : " To resume: fix the cause, then run the same ingest with the journal " + journal
                    + " again: it re-attaches to these jobs and sends only what was not sent.";
            return new IngestStoppedException("The ingest stopped early: " + fatal.getMessage() + " "
                    + loaded(result) + (unfinished.isEmpty() ? "" : " Jobs " + unfinished + " were still running; "
                    + "they go on on Salesforce.") + rest + resume, fatal, result, jobIds(outcomes), unfinished,
                    inputFullyRead, firstUnsubmittedLine);
        }
        if (state.timedOut) {
            List<JobInfo> unfinished = unfinished(outcomes);
            boolean allSent = inputFullyRead && partsAbandoned == 0;
            return new WaitTimeoutException("The ingest reached its time limit at " + deadline + " with "
                    + unfinished.size() + " of " + outcomes.size() + " jobs unfinished " + ids(unfinished)
                    + (allSent ? "" : "; the input was not fully sent"
                    + (firstUnsubmittedLine > 0 ? " (rows from line " + firstUnsubmittedLine + " on"
                    + (partsAbandoned > 0 ? ": " + partsAbandoned + " part(s) were still in a create/upload/close "
                    + "call at the deadline and were not submitted, later parts may have been" : "")
                    + ")" : ""))
                    + ". The jobs keep running on Salesforce: re-attach with client.attachIngestJobs(ids) or abort "
                    + "them.", unfinished, jobIds(outcomes), (int) polls, elapsed, allSent, firstUnsubmittedLine);
        }
        if (inputError instanceof CsvRowSourceException) {
            CsvRowSourceException e = (CsvRowSourceException) inputError;
            // the cause is the source's own exception, not wrapped again
            return new InvalidInputException(e.getMessage() + ". " + sent(result) + " the part containing row "
                    + e.row() + " and everything after it was not sent. Fix the row source (the cause is the "
                    + "exception it threw) and send the rows from that part on again.", e.row(), -1, e.getCause(),
                    outcomes.isEmpty() ? null : result);
        }
        if (inputError != null) {
            CsvFormatException e = (CsvFormatException) inputError;
            return new InvalidInputException(malformed(e) + " " + sent(result) + " the part containing line "
                    + e.line() + " and everything after it was not sent.", e.line(), e.column().orElse(-1), e,
                    outcomes.isEmpty() ? null : result);
        }
        return null;
    }

    private String loaded(IngestResult result) {
        return "Loaded before the stop: jobs " + jobIds(outcomes) + " (" + result.recordsSucceeded()
                + " rows succeeded, " + result.recordsFailed() + " failed, " + result.recordsUnprocessed()
                + " unprocessed)" + (failedParts.isEmpty() ? "" : "; " + failedParts.size() + " part(s) not sent")
                + ".";
    }

    static List<JobInfo> unfinished(List<JobOutcome> outcomes) {
        List<JobInfo> l = new ArrayList<>();
        for (JobOutcome o : outcomes) {
            if (!o.info.state().isTerminal()) {
                l.add(o.info);
            }
        }
        return l;
    }

    static List<String> jobIds(List<JobOutcome> outcomes) {
        List<String> l = new ArrayList<>();
        for (JobOutcome o : outcomes) {
            l.add(o.id());
        }
        return l;
    }

    static List<String> ids(List<JobInfo> infos) {
        List<String> l = new ArrayList<>();
        for (JobInfo i : infos) {
            l.add(i.id());
        }
        return l;
    }
}
