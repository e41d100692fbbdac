package dev.bulk2.core.exception;

import dev.bulk2.core.plan.IngestPlan;

/**
 * A planned load needs more than what is left of an org daily limit ({@code DailyApiRequests},
 * {@code DailyBulkApiBatches}) or of a budget set with {@code PlanOptions.withMaxApiRequests}/
 * {@code withMaxBulkBatches}. Thrown before any job exists; the message gives the figures.
 */
public class BudgetExceededException extends BulkException {
    private static final long serialVersionUID = 1L;

    private final String limit;
    private final long needed;
    private final long available;
    private final transient IngestPlan plan;

    /**
     * Creates the exception.
     *
     * @param message the figures and what to do
     * @param limit the limit or budget exceeded, for example {@code DailyBulkApiBatches} or
     *     {@code maxBulkBatches}
     * @param needed what the plan needs
     * @param available what is left (or the budget)
     * @param plan the plan
     */
    public BudgetExceededException(String message, String limit, long needed, long available, IngestPlan plan) {
        super(message);
        this.limit = limit;
        this.needed = needed;
        this.available = available;
        this.plan = plan;
    }

    /** @return the limit or budget exceeded */
    public String limit() {
        return limit;
    }

    /** @return what the plan needs */
    public long needed() {
        return needed;
    }

    /** @return what is left of the limit, or the budget */
    public long available() {
        return available;
    }

    /** @return the plan */
    public IngestPlan plan() {
        return plan;
    }
}
