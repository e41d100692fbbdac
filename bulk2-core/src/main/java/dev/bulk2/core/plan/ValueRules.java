package dev.bulk2.core.plan;

import dev.bulk2.core.Operation;
import dev.bulk2.core.internal.preflight.RowValues;
import dev.bulk2.core.org.SObjectDescribe;
import dev.bulk2.csv.LineEnding;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The pre-flight's value rules for rows you build in memory (from a database cursor, say) before they are written
 * to the CSV you upload: the same describe-based checks a {@link Preflight} with a describe runs over every value
 * of a file (characters Salesforce cannot store, line breaks against the line ending, dates, date-times, times,
 * booleans, numbers with their digits, precision and scale, lengths, e-mail, restricted picklists, ids), one row at
 * a time and without writing or re-reading anything. A row they refuse is one a describe-based pre-flight would
 * pre-reject; checking rows as they are built lets the upload's own pre-flight stay offline (structure and
 * budgets only), which saves tokenizing the file a second time.
 *
 * <pre>{@code
 * ValueRules rules = ValueRules.of(describe, Operation.UPSERT, "External_ID__c", mapping.columns());
 * rules.headerProblems();                        // unknown or read-only fields: fix the mapping first
 * Optional<PlanProblem> p = rules.check(n, mapping.values(row));
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class ValueRules {
    private final RowValues rows;

    private ValueRules(RowValues rows) {
        this.rows = rows;
    }

    /**
     * Rules for rows of {@code header} with LF line endings.
     *
     * @param describe the object's describe ({@code client.org().describe(object)})
     * @param operation the operation the rows are for (an upsert also checks its key column's values)
     * @param externalIdField the upsert's external id field, or null for the other operations
     * @param header the columns of every row, in order
     * @return the rules
     */
    public static ValueRules of(SObjectDescribe describe, Operation operation, String externalIdField,
            List<String> header) {
        return of(describe, operation, externalIdField, header, LineEnding.LF);
    }

    /**
     * Rules for rows of {@code header}.
     *
     * @param describe the object's describe
     * @param operation the operation the rows are for
     * @param externalIdField the upsert's external id field, or null
     * @param header the columns of every row, in order
     * @param lineEnding the job's line ending (quoted line breaks are checked against it)
     * @return the rules
     */
    public static ValueRules of(SObjectDescribe describe, Operation operation, String externalIdField,
            List<String> header, LineEnding lineEnding) {
        Objects.requireNonNull(describe, "describe");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(lineEnding, "lineEnding");
        return new ValueRules(new RowValues(operation, externalIdField, describe, header, lineEnding));
    }

    /**
     * What the header check of a pre-flight finds for these columns: unknown fields (with "did you mean"),
     * fields the operation cannot write, a missing key column. Their columns' values are not checked.
     *
     * @return the problems, header order; empty when every column is a writable field
     */
    public List<PlanProblem> headerProblems() {
        return rows.headerProblems();
    }

    /**
     * Checks one row's field texts (as {@code CsvMapping.values(row)} gives them).
     *
     * @param record the row's 1-based number, named in the problem ({@link PlanProblem#record()})
     * @param values the texts in header order; null reads as empty
     * @return the first problem in column order, with kind, column, field and reason (never the value); empty
     *     when every value can be right
     * @throws IllegalArgumentException if the row has another number of fields than the header
     */
    public Optional<PlanProblem> check(long record, List<String> values) {
        return Optional.ofNullable(rows.check(record, values));
    }
}
