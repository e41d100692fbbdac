package dev.bulk2.core.ingest;

import dev.bulk2.core.exception.BudgetExceededException;
import dev.bulk2.core.exception.InputValidationException;
import dev.bulk2.core.exception.LocalIoException;
import dev.bulk2.core.internal.ClientContext;
import dev.bulk2.core.internal.preflight.Budgets;
import dev.bulk2.core.internal.preflight.Planner;
import dev.bulk2.core.org.OrgLimits;
import dev.bulk2.core.org.SObjectDescribe;
import dev.bulk2.core.plan.IngestPlan;
import dev.bulk2.core.plan.PlanOptions;
import dev.bulk2.core.plan.PlanProblem;
import dev.bulk2.core.plan.Preflight;
import dev.bulk2.csv.CsvMapping;
import dev.bulk2.csv.internal.CsvTokenizer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * The pre-flight of a real run: plans the input, refuses it before any job when the plan has problems (budgets
 * first, then load-wide problems, then row problems unless they are pre-rejected), and for pre-rejected rows
 * streams only the good rows. Package-private.
 */
final class PreflightRun {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.core.ingest");
    private static final int MAX_IN_MESSAGE = 5;

    private PreflightRun() {
    }

    static Planner.OrgAccess org(ClientContext ctx) {
        return new Planner.OrgAccess() {
            @Override
            public SObjectDescribe describe(String object) {
                return ctx.org().describe(object);
            }

            @Override
            public OrgLimits limits() {
                return ctx.org().limits();
            }
        };
    }

    /** Writes the whole input to a spool file. */
    interface SpoolWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Spools an input to a temporary file in the request's spool directory (or {@code java.io.tmpdir}) for the
     * pre-flight; the caller deletes it ({@link #deleteQuietly(Path)}).
     *
     * @param what the input, for the message ("the input", "the rows")
     * @throws LocalIoException if the file cannot be written (a partial file is deleted)
     */
    static Path spool(IngestJobRequest r, String what, SpoolWriter writer) {
        Path dir = r.spoolDirectory().orElse(Path.of(System.getProperty("java.io.tmpdir")));
        Path f = null;
        boolean written = false;
        try {
            f = Files.createTempFile(dir, "bulk2-preflight-", ".csv");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f))) {
                writer.writeTo(out);
            }
            written = true;
            return f;
        } catch (IOException e) {
            throw new LocalIoException("Cannot spool " + what + " for the pre-flight in " + dir + ": "
                    + e.getMessage(), dir, e);
        } finally {
            if (!written && f != null) {
                deleteQuietly(f); // a partial spool (write failed, or the rows' source threw)
            }
        }
    }

    static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // a temporary file; the OS cleans the directory
        }
    }

    static Planner.Planned plan(ClientContext ctx, IngestJobRequest r, Path csv, PlanOptions options) {
        return Planner.plan(r, r.chunker(), csv, options, org(ctx));
    }

    /**
     * Checks a file before the run.
     *
     * @return the rows to pre-reject (empty when every row is good)
     * @throws BudgetExceededException if a budget is exceeded
     * @throws InputValidationException if there are problems that stop the run
     */
    static TreeMap<Long, PlanProblem> check(ClientContext ctx, IngestJobRequest r, Path csv, Preflight p) {
        Planner.Planned planned = plan(ctx, r, csv, p.options());
        IngestPlan plan = planned.plan;
        if (!planned.exceeded.isEmpty()) {
            Budgets.Exceeded e = planned.exceeded.get(0);
            throw new BudgetExceededException(e.problem.message() + " Nothing was sent. " + e.problem.hint()
                    .orElse(""), e.limit, e.needed, e.available, plan);
        }
        if (plan.problemCount() > 0 && !(plan.loadProblems().isEmpty() && p.preRejectsInvalidRows())) {
            throw new InputValidationException(message(plan, csv), plan);
        }
        if (!planned.badRows.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, () -> String.format(Locale.ROOT, "Pre-flight of %s: %,d of %,d rows"
                    + " left out of the upload (see IngestResult.preRejectedRows()); first: %s", csv.getFileName(),
                    planned.badRows.size(), plan.records(), planned.badRows.firstEntry().getValue().describe()));
        }
        return planned.badRows;
    }

    private static String message(IngestPlan plan, Path csv) {
        StringBuilder sb = new StringBuilder("Pre-flight of ").append(csv.getFileName()).append(" found ")
                .append(String.format(Locale.ROOT, "%,d", plan.problemCount()))
                .append(plan.problemCount() == 1 ? " problem" : " problems").append("; nothing was sent, no job"
                + " was created: ");
        List<PlanProblem> l = plan.problems();
        for (int i = 0; i < Math.min(MAX_IN_MESSAGE, l.size()); i++) {
            sb.append(i == 0 ? "" : "; ").append(l.get(i).describe());
        }
        if (plan.problemCount() > MAX_IN_MESSAGE) {
            sb.append("; and ").append(plan.problemCount() - MAX_IN_MESSAGE).append(" more (see problems())");
        }
        return sb.append(sb.charAt(sb.length() - 1) == '.' ? " " : ". ").append("Fix the input, or turn row"
                + " problems into pre-rejected rows with"
                + " Preflight.preRejectInvalidRows(true).").toString();
    }

    /** A mapping that writes a row's raw values in header order. */
    static CsvMapping<String[]> rawMapping(List<String> header) {
        CsvMapping.Builder<String[]> b = CsvMapping.builder();
        for (int i = 0; i < header.size(); i++) {
            int k = i;
            b.column(header.get(i), row -> row[k]);
        }
        return b.build();
    }

    /** The rows of a file in order, those in {@code bad} left out; closes the file at the end. */
    static final class GoodRows implements Iterator<String[]>, AutoCloseable {
        private final CsvTokenizer tokenizer;
        private final TreeMap<Long, PlanProblem> bad;
        private final Path csv;
        final List<String> header;
        private long record;
        private String[] next;

        GoodRows(Path csv, char delimiter, TreeMap<Long, PlanProblem> bad) {
            this.csv = csv;
            this.bad = bad;
            try {
                InputStream in = Files.newInputStream(csv);
                this.tokenizer = CsvTokenizer.builder(delimiter).describedAs(csv.getFileName().toString()).build(in);
                this.header = List.of(tokenizer.next());
            } catch (IOException e) {
                throw new LocalIoException("Cannot read " + csv + ": " + e.getMessage(), csv, e);
            }
        }

        @Override
        public boolean hasNext() {
            try {
                while (next == null) {
                    String[] v = tokenizer.next();
                    if (v == null) {
                        close();
                        return false;
                    }
                    record++;
                    if (!bad.containsKey(record)) {
                        next = v;
                    }
                }
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("Reading " + csv + " again after the pre-flight failed", e);
            }
        }

        @Override
        public String[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String[] v = next;
            next = null;
            return v;
        }

        @Override
        public void close() {
            try {
                tokenizer.close();
            } catch (IOException ignored) {
                // read to the end or the run stopped
            }
        }
    }
}
