package dev.bulk2.core.internal.preflight;

import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.exception.LocalIoException;
import dev.bulk2.core.exception.NotFoundException;
import dev.bulk2.core.ingest.IngestJobRequest;
import dev.bulk2.core.org.FieldDescribe;
import dev.bulk2.core.org.OrgLimits;
import dev.bulk2.core.org.SObjectDescribe;
import dev.bulk2.core.plan.IngestPlan;
import dev.bulk2.core.plan.PlanOptions;
import dev.bulk2.core.plan.PlanProblem;
import dev.bulk2.core.plan.ProblemKind;
import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.CsvChunker;
import dev.bulk2.csv.CsvFormatException;
import dev.bulk2.csv.CsvPart;
import dev.bulk2.csv.CsvParts;
import dev.bulk2.csv.internal.CsvTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Computes an {@link IngestPlan} for a file without creating any job: reads the header with the shared
 * tokenizer, cuts the parts with the very chunker a run uses (so the plan's parts are the run's), scans each
 * part's bytes, tokenizes the parts that need a closer look (or all of them when values are checked against a
 * describe), and adds the estimates and budget checks. The only requests are the describe(s) and the limits,
 * and none with {@link PlanOptions#offline()}. Internal.
 */
public final class Planner {
    private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)?");

    /** The org reads a plan may make. */
    public interface OrgAccess {
        /** @param object the object @return its describe */
        SObjectDescribe describe(String object);

        /** @return the org limits */
        OrgLimits limits();
    }

    /** A plan, and for a run the rows with row-level problems (all of them, not only the listed ones). */
    public static final class Planned {
        /** The plan. */
        public final IngestPlan plan;
        /** Per data row (1-based), its first row-level problem, in row order. */
        public final TreeMap<Long, PlanProblem> badRows;
        /** The budgets exceeded, with their figures. */
        public final List<Budgets.Exceeded> exceeded;

        Planned(IngestPlan plan, TreeMap<Long, PlanProblem> badRows, List<Budgets.Exceeded> exceeded) {
            this.plan = plan;
            this.badRows = badRows;
            this.exceeded = exceeded;
        }
    }

    private final IngestJobRequest request;
    private final CsvChunker chunker;
    private final PlanOptions options;
    private final OrgAccess org;
    private final List<PlanProblem> loadProblems = new ArrayList<>();
    private final List<PlanProblem> rowProblems = new ArrayList<>();
    private final TreeMap<Long, PlanProblem> badRows = new TreeMap<>();
    private final Map<String, SObjectDescribe> described = new HashMap<>();
    private long problemCount;
    private int requests;

    private Planner(IngestJobRequest request, CsvChunker chunker, PlanOptions options, OrgAccess org) {
        this.request = request;
        this.chunker = chunker;
        this.options = options;
        this.org = org;
    }

    /**
     * Plans a load of a file.
     *
     * @param request the ingest
     * @param chunker the chunker a run would use
     * @param csv the file
     * @param options what may be asked and the budgets
     * @param org the org reads (used only when online)
     * @return the plan and the bad rows
     */
    public static Planned plan(IngestJobRequest request, CsvChunker chunker, Path csv, PlanOptions options,
            OrgAccess org) {
        return new Planner(request, chunker, options, org).run(csv);
    }

    private Planned run(Path csv) {
        IngestPlan.Builder b = IngestPlan.builder().object(request.object()).operation(request.operation())
                .externalIdField(request.externalIdFieldName().orElse(null)).dialect(chunker.dialect());
        List<String> header = readHeader(csv);
        FieldDescribe[] valueFields = null;
        SObjectDescribe describe = null;
        if (header != null) {
            b.header(header);
            boolean wrongDelimiter = checkDelimiter(header);
            describe = wrongDelimiter ? null : describe(request.object(), true);
            HeaderCheck hc = new HeaderCheck(request.operation(), request.externalIdFieldName().orElse(null),
                    describe, o -> describe(o, false));
            hc.check(header);
            hc.problems().forEach(this::load);
            b.columns(hc.columns());
            valueFields = describe != null && options.checksValues() ? hc.valueFields() : null;
        }
        b.describeChecked(describe != null);
        List<IngestPlan.Part> parts = scan(csv, valueFields);
        parts.forEach(b::addPart);
        PollingPolicy policy = request.pollingPolicy().orElse(PollingPolicy.defaults());
        long[] calls = Estimates.apiRequests(parts, policy, request.timeout().orElse(policy.timeout()));
        b.apiRequests(calls[0], calls[1]);
        OrgLimits limits = options.limits().orElse(null);
        if (limits == null && options.isOnline()) {
            requests++;
            limits = org.limits();
        }
        b.limits(limits);
        IngestPlan draft = b.build();
        List<Budgets.Exceeded> exceeded = Budgets.check(draft, limits, options);
        exceeded.forEach(e -> load(e.problem));
        List<PlanProblem> all = new ArrayList<>(loadProblems);
        all.addAll(rowProblems);
        b.addProblems(all).problemCount(problemCount).rowsWithProblems(badRows.size()).requestsMade(requests);
        return new Planned(b.build(), badRows, exceeded);
    }

    private void load(PlanProblem p) {
        problemCount++;
        if (loadProblems.size() + rowProblems.size() < options.maxListedProblems()) {
            loadProblems.add(p);
        }
    }

    private void row(PlanProblem p) {
        problemCount++;
        badRows.putIfAbsent(p.record().orElse(0), p);
        if (loadProblems.size() + rowProblems.size() < options.maxListedProblems()) {
            rowProblems.add(p);
        }
    }

    private SObjectDescribe describe(String object, boolean main) {
        String key = object.toLowerCase(Locale.ROOT);
        if (described.containsKey(key)) {
            return described.get(key);
        }
        SObjectDescribe d = options.describe(object).orElse(null);
        if (d == null && options.isOnline()) {
            requests++;
            try {
                d = org.describe(object);
            } catch (NotFoundException e) {
                if (main) {
                    load(PlanProblem.of(ProblemKind.OBJECT_NOT_WRITABLE, 0, 0, 0, null, null, "The org has no object "
                            + object + " (or the user cannot see it).", "Check the API name (custom objects end in"
                            + " __c) and the integration user's object permissions."));
                }
            }
        }
        described.put(key, d);
        return d;
    }

    private List<String> readHeader(Path csv) {
        try (InputStream in = Files.newInputStream(csv);
                CsvTokenizer t = CsvTokenizer.builder(chunker.dialect().delimiter().character())
                        .describedAs("header").build(in)) {
            String[] h = t.next();
            return h == null ? null : List.of(h);
        } catch (CsvFormatException e) {
            return null; // the chunker reports it with its own kind
        } catch (IOException e) {
            throw new LocalIoException("Cannot read " + csv + ": " + e.getMessage(), csv, e);
        }
    }

    /** A header that is not a list of API names with the job's delimiter but is with another one. */
    private boolean checkDelimiter(List<String> header) {
        boolean allNames = true;
        for (String h : header) {
            allNames &= API_NAME.matcher(h.trim()).matches();
        }
        if (allNames) {
            return false;
        }
        String line = String.join(String.valueOf(chunker.dialect().delimiter().character()), header);
        for (ColumnDelimiter d : ColumnDelimiter.values()) {
            if (d == chunker.dialect().delimiter() || line.indexOf(d.character()) < 0) {
                continue;
            }
            String[] names = line.split(Pattern.quote(String.valueOf(d.character())), -1);
            boolean ok = names.length > 1;
            for (String n : names) {
                ok &= API_NAME.matcher(n.replace("\"", "").trim()).matches();
            }
            if (ok) {
                load(PlanProblem.of(ProblemKind.WRONG_DELIMITER, 1, 0, 0, null, null, String.format(Locale.ROOT,
                        "The header does not split into field names with the job's columnDelimiter %s, but it does"
                        + " with %s ('%s'): %d columns.", chunker.dialect().delimiter(), d,
                        d == ColumnDelimiter.TAB ? "\\t" : String.valueOf(d.character()), names.length),
                        "Set columnDelimiter(ColumnDelimiter." + d + ") on the ingest, or write the file with "
                        + chunker.dialect().delimiter() + "."));
                return true;
            }
        }
        return false;
    }

    private List<IngestPlan.Part> scan(Path csv, FieldDescribe[] valueFields) {
        List<IngestPlan.Part> parts = new ArrayList<>();
        ValueCheck values = new ValueCheck(chunker.dialect().lineEnding());
        byte[] buf = new byte[1 << 16];
        RecordScan bytes = new RecordScan();
        long recordsBefore = 0;
        try (CsvParts ps = chunker.split(csv)) {
            for (CsvPart part : ps) {
                bytes.scan(part, chunker.dialect().lineEnding(), buf);
                parts.add(new IngestPlan.Part(part.index(), part.byteSize(), part.recordCount(),
                        part.firstRecordLine(), bytes.lastLine));
                if (bytes.suspect || valueFields != null) {
                    tokenize(part, recordsBefore, valueFields, values, bytes.suspect);
                }
                recordsBefore += part.recordCount();
                part.release();
            }
        } catch (CsvFormatException e) {
            load(PlanProblem.of(ProblemKind.MALFORMED_CSV, e.line(), 0, e.column().orElse(0), null, null,
                    dev.bulk2.core.internal.CsvHints.forIngest(e), "Nothing after it can be checked; fix the file"
                    + " and check again."));
        } catch (IOException e) {
            throw new LocalIoException("Cannot read " + csv + ": " + e.getMessage(), csv, e);
        }
        return parts;
    }

    /** @param characters whether the byte pass found something to look at (else no value can have it) */
    private void tokenize(CsvPart part, long recordsBefore, FieldDescribe[] fields, ValueCheck values,
            boolean characters) throws IOException {
        List<String> header = part.header();
        try (InputStream in = part.open();
                CsvTokenizer t = CsvTokenizer.builder(chunker.dialect().delimiter().character())
                        .describedAs("part " + part.index()).build(in)) {
            t.next();
            long prevEnd = t.line();
            long record = recordsBefore;
            String[] v;
            while ((v = t.next()) != null) {
                record++;
                long line = part.firstRecordLine() + (prevEnd + 1 - 2);
                prevEnd = t.line();
                for (int i = 0; i < v.length; i++) {
                    ValueCheck.Finding f = characters ? values.characters(v[i]) : null;
                    FieldDescribe fd = fields != null && i < fields.length ? fields[i] : null;
                    if (f == null && fd != null) {
                        f = values.value(fd, v[i]);
                    }
                    if (f != null) {
                        row(PlanProblem.of(f.kind, line, record, i + 1, i < header.size() ? header.get(i) : null,
                                fd != null ? fd.name() : null, f.reason, f.hint));
                    }
                }
            }
        }
    }
}
