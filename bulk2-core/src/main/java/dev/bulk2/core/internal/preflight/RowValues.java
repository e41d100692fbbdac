package dev.bulk2.core.internal.preflight;

import dev.bulk2.core.Operation;
import dev.bulk2.core.org.FieldDescribe;
import dev.bulk2.core.org.SObjectDescribe;
import dev.bulk2.core.plan.PlanProblem;
import dev.bulk2.csv.LineEnding;
import java.util.List;

/**
 * The pre-flight's header check and value rules for rows that are built in memory rather than read from a file:
 * the same {@link HeaderCheck} and {@link ValueCheck} the planner runs over a file's tokens, applied to one row's
 * field texts. Internal (behind {@code dev.bulk2.core.plan.ValueRules}); thread-safe after construction.
 */
public final class RowValues {
    private final List<String> header;
    private final FieldDescribe[] fields;
    private final ValueCheck values;
    private final List<PlanProblem> headerProblems;

    /**
     * @param op the operation (an upsert checks the values of its key column too)
     * @param externalId the upsert's external id field, or null
     * @param describe the object's describe
     * @param header the CSV header: the columns of every row, in order
     * @param lineEnding the job's line ending (quoted line breaks are checked against it)
     */
    public RowValues(Operation op, String externalId, SObjectDescribe describe, List<String> header,
            LineEnding lineEnding) {
        this.header = List.copyOf(header);
        HeaderCheck hc = new HeaderCheck(op, externalId, describe, o -> null);
        hc.check(this.header);
        this.fields = hc.valueFields();
        this.headerProblems = List.copyOf(hc.problems());
        this.values = new ValueCheck(lineEnding);
    }

    /** @return what the header check found (unknown or read-only fields, a missing key column), in order */
    public List<PlanProblem> headerProblems() {
        return headerProblems;
    }

    /**
     * The first problem of one row's field texts, in column order: characters Salesforce cannot store, then the
     * field's type rules.
     *
     * @param record the row's 1-based number (named in the problem)
     * @param row the field texts, in header order (nulls are read as empty)
     * @return the problem, or null when every value can be right
     * @throws IllegalArgumentException if the row has another number of fields than the header
     */
    public PlanProblem check(long record, List<String> row) {
        if (row.size() != header.size()) {
            throw new IllegalArgumentException("Row " + record + " has " + row.size() + " fields but the header has "
                    + header.size() + " columns");
        }
        int n = row.size();
        for (int i = 0; i < n; i++) {
            String v = row.get(i) == null ? "" : row.get(i);
            ValueCheck.Finding f = values.characters(v);
            FieldDescribe fd = i < fields.length ? fields[i] : null;
            if (f == null && fd != null) {
                f = values.value(fd, v);
            }
            if (f != null) {
                return PlanProblem.of(f.kind, 0, record, i + 1, header.get(i), fd != null ? fd.name() : null,
                        f.reason, f.hint);
            }
        }
        return null;
    }
}
