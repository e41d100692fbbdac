package dev.bulk2.core.plan;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One problem found by a pre-flight check, with where it is (line, column, field) and a hint. Values of the
 * input are never quoted in the message (they may be personal data); the field, the rule and the position are.
 * Immutable and thread-safe.
 */
public final class PlanProblem {
    private final ProblemKind kind;
    private final long line;
    private final long record;
    private final int column;
    private final String columnName;
    private final String field;
    private final String message;
    private final String hint;

    private PlanProblem(ProblemKind kind, long line, long record, int column, String columnName, String field,
            String message, String hint) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.line = line;
        this.record = record;
        this.column = column;
        this.columnName = columnName;
        this.field = field;
        this.message = Objects.requireNonNull(message, "message");
        this.hint = hint;
    }

    /**
     * Creates a problem.
     *
     * @param kind the kind
     * @param line the 1-based physical line, or 0 when the problem is not on one line
     * @param record the 1-based data row (the header excluded), or 0
     * @param column the 1-based CSV column, or 0
     * @param columnName the header name of the column, or null
     * @param field the object's field concerned, or null
     * @param message what is wrong
     * @param hint what to do, or null
     * @return the problem
     */
    public static PlanProblem of(ProblemKind kind, long line, long record, int column, String columnName,
            String field, String message, String hint) {
        return new PlanProblem(kind, line, record, column, columnName, field, message, hint);
    }

    /** @return the kind */
    public ProblemKind kind() {
        return kind;
    }

    /** @return the 1-based physical line where the problem is (a header problem is on line 1), if on one line */
    public OptionalLong line() {
        return line > 0 ? OptionalLong.of(line) : OptionalLong.empty();
    }

    /** @return the 1-based data row (header excluded) for row-level problems */
    public OptionalLong record() {
        return record > 0 ? OptionalLong.of(record) : OptionalLong.empty();
    }

    /** @return the 1-based CSV column, if the problem is in one column */
    public OptionalInt column() {
        return column > 0 ? OptionalInt.of(column) : OptionalInt.empty();
    }

    /** @return the column's header name, if the problem is in one column */
    public Optional<String> columnName() {
        return Optional.ofNullable(columnName);
    }

    /** @return the object's field concerned, as the describe spells it, if known */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** @return what is wrong */
    public String message() {
        return message;
    }

    /** @return what to do (for example "did you mean PersonGender__pc?"), if there is a hint */
    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }

    /**
     * The problem on one line: kind, position, message and hint.
     *
     * @return for example {@code UNKNOWN_FIELD at line 1, column 3 (PersonGender__c): ... Did you mean ...}
     */
    public String describe() {
        StringBuilder sb = new StringBuilder(kind.name());
        String sep = " at ";
        if (line > 0) {
            sb.append(sep).append("line ").append(line);
            sep = ", ";
        }
        if (record > 0) {
            sb.append(sep).append("row ").append(record);
            sep = ", ";
        }
        if (column > 0) {
            sb.append(sep).append("column ").append(column);
            if (columnName != null) {
                sb.append(" (").append(columnName).append(')');
            }
        }
        sb.append(": ").append(message);
        if (hint != null) {
            sb.append(' ').append(hint);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PlanProblem)) {
            return false;
        }
        PlanProblem p = (PlanProblem) o;
        return kind == p.kind && line == p.line && record == p.record && column == p.column
                && Objects.equals(columnName, p.columnName) && Objects.equals(field, p.field)
                && message.equals(p.message) && Objects.equals(hint, p.hint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, line, record, column, columnName, field, message);
    }

    @Override
    public String toString() {
        return "PlanProblem{" + describe() + '}';
    }
}
