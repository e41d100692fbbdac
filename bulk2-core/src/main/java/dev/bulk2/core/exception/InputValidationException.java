package dev.bulk2.core.exception;

import dev.bulk2.core.plan.IngestPlan;
import dev.bulk2.core.plan.PlanProblem;
import java.util.List;

/**
 * The pre-flight of an ingest run found problems in the input, before any job was created: nothing was sent.
 * {@link #problems()} lists them (each with line, column, field and hint), {@link #plan()} is the whole plan.
 * {@link #line()} and {@link #column()} are those of the first problem. A subtype of
 * {@link InvalidInputException}, so code that handles malformed input keeps working.
 */
public class InputValidationException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final transient IngestPlan plan;

    /**
     * Creates the exception.
     *
     * @param message what is wrong (the first problems) and that nothing was sent
     * @param plan the plan with every problem
     */
    public InputValidationException(String message, IngestPlan plan) {
        super(message, first(plan).line().orElse(-1), first(plan).column().orElse(-1), null, null);
        this.plan = plan;
    }

    private static PlanProblem first(IngestPlan plan) {
        return plan.problems().isEmpty() ? PlanProblem.of(dev.bulk2.core.plan.ProblemKind.MALFORMED_CSV, 0, 0, 0,
                null, null, "none", null) : plan.problems().get(0);
    }

    /** @return the plan that was refused */
    public IngestPlan plan() {
        return plan;
    }

    /** @return the problems found (at most the listed ones; {@code plan().problemCount()} counts all) */
    public List<PlanProblem> problems() {
        return plan.problems();
    }
}
