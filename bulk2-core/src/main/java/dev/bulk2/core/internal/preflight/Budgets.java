package dev.bulk2.core.internal.preflight;

import dev.bulk2.core.org.OrgLimit;
import dev.bulk2.core.org.OrgLimits;
import dev.bulk2.core.plan.IngestPlan;
import dev.bulk2.core.plan.PlanOptions;
import dev.bulk2.core.plan.PlanProblem;
import dev.bulk2.core.plan.ProblemKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plan against what is left of the org's daily limits and the user's budgets: Bulk API batches (exact: one
 * per started 10,000 records of each job) and API requests (the expected count: the worst case polls until the
 * timeout and would exceed any budget). Internal.
 */
public final class Budgets {
    private static final String NEEDS = " exceeded: the load needs ";

    private Budgets() {
    }

    static List<Exceeded> check(IngestPlan plan, OrgLimits limits, PlanOptions options) {
        List<Exceeded> out = new ArrayList<>();
        if (limits != null) {
            OrgLimit batches = limits.dailyBulkApiBatches().orElse(null);
            if (batches != null && plan.bulkBatches() > batches.remaining()) {
                out.add(problem(batches.name(), plan.bulkBatches(), batches.remaining(), "Bulk API batches",
                        String.format(Locale.ROOT, "of its %,d per rolling 24 hours", batches.max())));
            }
            OrgLimit api = limits.dailyApiRequests().orElse(null);
            if (api != null && plan.apiRequestsExpected() > api.remaining()) {
                out.add(problem(api.name(), plan.apiRequestsExpected(), api.remaining(), "API requests",
                        String.format(Locale.ROOT, "of its %,d per rolling 24 hours", api.max())));
            }
        }
        options.maxBulkBatches().ifPresent(max -> {
            if (plan.bulkBatches() > max) {
                out.add(problem("maxBulkBatches", plan.bulkBatches(), max, "Bulk API batches", "in the budget set"));
            }
        });
        options.maxApiRequests().ifPresent(max -> {
            if (plan.apiRequestsExpected() > max) {
                out.add(problem("maxApiRequests", plan.apiRequestsExpected(), max, "API requests",
                        "in the budget set"));
            }
        });
        return out;
    }

    private static Exceeded problem(String limit, long needed, long left, String what, String of) {
        return new Exceeded(limit, needed, left, PlanProblem.of(ProblemKind.BUDGET_EXCEEDED, 0, 0, 0, null, limit,
                String.format(Locale.ROOT, "%s%s%,d %s, %,d are left %s.", limit, NEEDS, needed, what, left, of),
                "Load fewer records now (split the file), wait for the rolling 24-hour window, or raise the budget;"
                + " bigger jobs (maxRecordsPerJob a multiple of 10,000) waste no batches."));
    }

    /** One budget exceeded, with its figures. */
    public static final class Exceeded {
        /** The limit or budget name. */
        public final String limit;
        /** What the plan needs. */
        public final long needed;
        /** What is left (or the budget). */
        public final long available;
        /** The plan problem. */
        public final PlanProblem problem;

        Exceeded(String limit, long needed, long available, PlanProblem problem) {
            this.limit = limit;
            this.needed = needed;
            this.available = available;
            this.problem = problem;
        }
    }
}
