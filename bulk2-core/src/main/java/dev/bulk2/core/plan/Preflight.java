package dev.bulk2.core.plan;

import java.util.Objects;

/**
 * Whether and how a real run validates its input before the first job ({@code Ingest.preflight(...)}).
 *
 * <ul>
 *   <li>{@link #defaults()}: a {@code Path} input is scanned whole before the first job (one extra read of the
 *       file) with {@link PlanOptions#offline()} checks, so that a malformed row at the end stops the run with
 *       nothing sent; stream and row inputs stream as before (no second read).</li>
 *   <li>{@link #none()}: no pre-flight: parts are read and sent as they come, and a malformed row is found when
 *       the reader gets to it (parts before it are already loaded). For inputs too large to scan twice.</li>
 *   <li>{@link #with(PlanOptions)}: scan with other options, for example {@link PlanOptions#online()} to check
 *       the header against the describe and the plan against the org's limits and budgets.</li>
 * </ul>
 *
 * <p>A problem that concerns the whole load stops the run before any job with an
 * {@link dev.bulk2.core.exception.InputValidationException} (or a
 * {@link dev.bulk2.core.exception.BudgetExceededException}); so do row problems, unless
 * {@link #preRejectInvalidRows(boolean)} is on, in which case the bad rows are left out of the upload and listed
 * in {@code IngestResult.preRejectedRows()}. Immutable and thread-safe.
 */
public final class Preflight {
    private static final Preflight NONE = new Preflight(false, PlanOptions.offline(), false, false);
    private static final Preflight DEFAULTS = new Preflight(true, PlanOptions.offline(), false, false);

    private final boolean enabled;
    private final PlanOptions options;
    private final boolean spoolStreams;
    private final boolean preReject;

    private Preflight(boolean enabled, PlanOptions options, boolean spoolStreams, boolean preReject) {
        this.enabled = enabled;
        this.options = options;
        this.spoolStreams = spoolStreams;
        this.preReject = preReject;
    }

    /** @return no pre-flight: the streaming behaviour (a bad row is found when the reader reaches it) */
    public static Preflight none() {
        return NONE;
    }

    /** @return the default: {@code Path} inputs scanned whole, offline, before the first job */
    public static Preflight defaults() {
        return DEFAULTS;
    }

    /**
     * Scans the input with these options before the first job.
     *
     * @param options what the scan may ask the org and the budgets
     * @return the pre-flight
     */
    public static Preflight with(PlanOptions options) {
        return new Preflight(true, Objects.requireNonNull(options, "options"), false, false);
    }

    /**
     * Whether stream inputs are spooled to a temporary file (in the run's spool directory) and scanned before
     * the first job, like files. Default false: streams are sent as they are read.
     *
     * @param spool true to spool and scan streams first
     * @return a copy
     */
    public Preflight spoolStreams(boolean spool) {
        return new Preflight(enabled, options, spool, preReject);
    }

    /**
     * Whether rows with row-level problems ({@link ProblemKind#isRowLevel()}) are left out of the upload and
     * reported as pre-rejected rows of the result, instead of stopping the run. Default false.
     *
     * @param preReject true to send only the good rows
     * @return a copy
     */
    public Preflight preRejectInvalidRows(boolean preReject) {
        return new Preflight(enabled, options, spoolStreams, preReject);
    }

    /** @return whether the input is validated before the first job */
    public boolean isEnabled() {
        return enabled;
    }

    /** @return the checks' options */
    public PlanOptions options() {
        return options;
    }

    /** @return whether streams are spooled and scanned first */
    public boolean spoolsStreams() {
        return spoolStreams;
    }

    /** @return whether rows with row-level problems are pre-rejected */
    public boolean preRejectsInvalidRows() {
        return preReject;
    }

    @Override
    public String toString() {
        return enabled ? "Preflight{" + options + (spoolStreams ? ", spoolStreams" : "")
                + (preReject ? ", preRejectInvalidRows" : "") + '}' : "Preflight{none}";
    }
}
