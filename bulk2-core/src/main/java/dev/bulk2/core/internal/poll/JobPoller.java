package dev.bulk2.core.internal.poll;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.JobState;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.Sleeper;
import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.exception.WaitTimeoutException;
import dev.bulk2.core.internal.ClientContext;
import dev.bulk2.core.internal.Delays;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls a job until it is terminal, with the adaptive delays of a {@link PollingPolicy}, never sleeping past the
 * deadline (the last sleep is shortened to the time that remains, then one last poll is made).
 *
 * <p>The blocking form ({@link #await}) sleeps with the injected {@link Sleeper}; the async form
 * ({@link #awaitAsync}) waits through the same sleeper without blocking a thread between polls (the system sleeper
 * becomes timers on the {@link ScheduledExecutorService}; a fake sleeper is called on the poll executor, so tests
 * run on fake time). Both drive the same {@link Wait} state machine, so they make the same calls with the same delays.
 * Each poll is one call of the supplier (normally one {@code GET}); {@link #polls()} counts them.
 *
 * <p>The async form never runs a poll (blocking I/O) on the scheduler: the scheduler only fires timers, and the
 * poll itself runs on the poll executor (the client's I/O executor). A poll that does not return (a server that stopped answering, an HTTP client whose threads
 * died) therefore cannot starve the scheduler, and a guard timer fails the wait with
 * {@link WaitTimeoutException} once the deadline plus a short grace ({@link Wait#stuckPollGrace()}) has passed,
 * whatever the stuck poll does.
 *
 * <p>Used by ingest and query. Internal; thread-safe.
 */
public final class JobPoller {
    private static final System.Logger LOG = System.getLogger("dev.bulk2.core.poll");
    private final Clock clock;
    private final Sleeper sleeper;
    private final ScheduledExecutorService scheduler;
    private final Executor pollExecutor;
    private final AtomicLong polls = new AtomicLong();

    private final Delays delays;

    /**
     * Creates a poller.
     *
     * @param clock the clock measuring deadlines
     * @param sleeper the sleeper of both forms: the system sleeper becomes timers on {@code scheduler}, any other
     *     is called on {@code pollExecutor} (see {@link Delays})
     * @param scheduler the timer of the async form (never blocked by a poll)
     * @param pollExecutor where the async form runs each poll (blocking I/O): the client's I/O executor; it
     *     should not share threads with {@code scheduler}, or a stuck poll can delay the deadline guard
     */
    public JobPoller(Clock clock, Sleeper sleeper, ScheduledExecutorService scheduler, Executor pollExecutor) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.pollExecutor = Objects.requireNonNull(pollExecutor, "pollExecutor");
        this.delays = new Delays(sleeper, scheduler, pollExecutor);
    }

    /**
     * A poller on a client's clock, sleeper and executor.
     *
     * @param ctx the client context
     * @return the poller
     */
    public static JobPoller of(ClientContext ctx) {
        return new JobPoller(ctx.clock(), ctx.sleeper(), ctx.scheduler(), ctx.io());
    }

    /**
     * The default grace of a poll still running at the deadline (see {@link Wait#stuckPollGrace(Duration)}): the
     * policy's {@link PollingPolicy#maxDelay()} clamped to 1..10 s.
     *
     * @param policy the polling policy
     * @return the grace
     */
    public static Duration defaultStuckPollGrace(PollingPolicy policy) {
        Duration d = policy.maxDelay();
        Duration min = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(10);
        return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
    }

    /** @return polls made by this poller so far (both forms) */
    public long polls() {
        return polls.get();
    }

    /** @return the clock */
    public Clock clock() {
        return clock;
    }

    /**
     * Starts a wait description; nothing is polled until {@link #await} or {@link #awaitAsync}.
     *
     * @param poll one poll: fetches the job's current info (normally one GET)
     * @param policy the delays and the default timeout
     * @param deadline when to give up, or {@code null} for now + {@link PollingPolicy#timeout()}
     * @param pollFirst {@code true} to poll at once; {@code false} to wait {@code initialDelay} first (right after
     *     closing a job, when an immediate poll would be wasted)
     * @param onPoll called with every polled info (progress), may be {@code null}
     * @return the wait
     */
    public Wait newWait(Supplier<JobInfo> poll, PollingPolicy policy, Instant deadline, boolean pollFirst,
            Consumer<JobInfo> onPoll) {
        return new Wait(poll, policy, deadline, pollFirst, onPoll, JobInfo::isTerminal);
    }

    /**
     * Polls until the job is terminal, blocking the calling thread between polls with the sleeper.
     *
     * @param wait the wait (used once)
     * @return the terminal info
     * @throws WaitTimeoutException at the deadline; the job keeps running
     * @throws BulkException if a poll fails
     * @throws dev.bulk2.core.exception.BulkException wrapping an interruption (the interrupt flag is restored)
     */
    public JobInfo await(Wait wait) {
        Step s = wait.start();
        while (s.result == null) {
            try {
                sleeper.sleep(s.delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BulkException("Interrupted while waiting for job " + wait.jobId() + " (" + wait.attempts
                        + " polls); the job keeps running on Salesforce.", e);
            }
            s = wait.step();
        }
        return s.result;
    }

    /**
     * Polls until the job is terminal without blocking: the scheduler times each poll and the poll runs on the
     * poll executor. The future completes on a poll thread (or a scheduler thread at the deadline guard);
     * cancelling it stops polling (the job keeps running on Salesforce). If a poll is still running when the
     * deadline plus {@link Wait#stuckPollGrace()} has passed, the future fails with {@link WaitTimeoutException}
     * without waiting for it.
     *
     * @param wait the wait (used once)
     * @return the terminal info, or a failure with {@link WaitTimeoutException} or the poll's exception
     */
    public CompletableFuture<JobInfo> awaitAsync(Wait wait) {
        CompletableFuture<JobInfo> f = new CompletableFuture<>();
        Instant deadline = wait.resolveDeadline();
        Duration untilGuard = Duration.between(clock.instant(), deadline).plus(wait.stuckPollGrace());
        try {
            ScheduledFuture<?> guard = scheduler.schedule(() -> {
                if (!f.isDone()) {
                    f.completeExceptionally(wait.stuckTimeout());
                }
            }, Math.max(0, untilGuard.toMillis()), TimeUnit.MILLISECONDS);
            f.whenComplete((i, e) -> guard.cancel(false));
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new BulkException("Cannot wait for job " + wait.jobId()
                    + ": the client's executor is shut down (was the BulkClient closed?)", e));
            return f;
        }
        schedule(wait, f, Duration.ZERO, true);
        return f;
    }

    private void schedule(Wait wait, CompletableFuture<JobInfo> f, Duration delay, boolean starting) {
        if (f.isDone()) {
            return;
        }
        Runnable poll = () -> {
            if (f.isDone()) {
                return;
            }
            Step s;
            try {
                s = starting ? wait.start() : wait.step();
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
                return;
            }
            if (s.result != null) {
                f.complete(s.result);
            } else {
                schedule(wait, f, s.delay, false);
            }
        };
        Runnable timer = () -> {
            if (f.isDone()) {
                return;
            }
            try {
                pollExecutor.execute(poll);
            } catch (RejectedExecutionException e) {
                f.completeExceptionally(new BulkException("Cannot run the next poll of job " + wait.jobId()
                        + ": the poll executor rejected it", e));
            }
        };
        if (starting && delay.isZero()) {
            timer.run(); // no timer needed: hand the first step straight to the poll executor
            return;
        }
        delays.after(delay).whenComplete((v, e) -> {
            if (e != null) {
                f.completeExceptionally(e);
            } else {
                timer.run();
            }
        });
    }

    /** What to do next: a result, or sleep for a delay and poll again. */
    static final class Step {
        final JobInfo result;
        final Duration delay;

        Step(JobInfo result, Duration delay) {
            this.result = result;
            this.delay = delay;
        }
    }

    /**
     * One wait for one job: the state machine shared by the blocking and async forms. Not thread-safe; used by
     * one thread at a time (the async form runs its steps one after another).
     */
    public final class Wait {
        private final Supplier<JobInfo> poll;
        private final PollingPolicy policy;
        private final boolean pollFirst;
        private final Consumer<JobInfo> onPoll;
        private final Predicate<JobInfo> done;
        private volatile Instant started;
        private volatile Instant deadline;
        private volatile int attempts;
        private volatile JobInfo last;
        private volatile String knownId;
        private volatile String hint;
        private volatile Duration stuckPollGrace;
        private volatile long expectedRecords = -1;
        /** The last poll that saw the processed count grow: when, and the count (-1: none yet). */
        private volatile Instant progressAt;
        private volatile long progressSeen = -1;

        Wait(Supplier<JobInfo> poll, PollingPolicy policy, Instant deadline, boolean pollFirst,
                Consumer<JobInfo> onPoll, Predicate<JobInfo> done) {
            this.poll = Objects.requireNonNull(poll, "poll");
            this.policy = Objects.requireNonNull(policy, "policy");
            this.deadline = deadline;
            this.pollFirst = pollFirst;
            this.onPoll = onPoll;
            this.done = done;
        }

        /**
         * Names the job in messages before the first poll returned.
         *
         * @param jobId the id
         * @return this wait
         */
        public Wait jobId(String jobId) {
            this.knownId = jobId;
            return this;
        }

        /**
         * The last info seen: the given initial one until the first poll.
         *
         * @param info the info known before waiting (for example the answer of the close call)
         * @return this wait
         */
        public Wait initialInfo(JobInfo info) {
            this.last = info;
            if (info != null && knownId == null) {
                knownId = info.id();
            }
            return this;
        }

        /**
         * The records the job holds (an ingest job's uploaded records), so that the wait polls about when the job
         * should be done instead of up to a whole backoff delay later. While an {@code InProgress} job's {@code
         * numberRecordsProcessed} grows, the delay after a poll is the time its remaining records take at the rate
         * seen since the previous poll that saw it grow (the first such poll asks for the next after the policy's
         * first delay, to measure that rate); never longer than the policy's delay, never shorter than its first
         * delay. A poll that sees no growth keeps the policy's delay, so a queued or stalled job costs no extra
         * polls.
         *
         * @param records the job's records; 0 or less leaves the policy's delays alone
         * @return this wait
         */
        public Wait expectedRecords(long records) {
            this.expectedRecords = records;
            return this;
        }

        /**
         * What the timeout message tells the caller to do, for example how to re-attach.
         *
         * @param hint a sentence, or {@code null} for a generic one
         * @return this wait
         */
        public Wait timeoutHint(String hint) {
            this.hint = hint;
            return this;
        }

        /**
         * How long the async form lets a poll run past the deadline before it gives up on it. The default is the
         * policy's {@link PollingPolicy#maxDelay()} clamped to 1..10 s: the last poll, made at the deadline, gets
         * that long to answer.
         *
         * @param grace a non-negative duration
         * @return this wait
         */
        public Wait stuckPollGrace(Duration grace) {
            Objects.requireNonNull(grace, "grace");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("stuckPollGrace must not be negative: " + grace);
            }
            this.stuckPollGrace = grace;
            return this;
        }

        /** @return the grace given to a poll still running at the deadline (async form) */
        public Duration stuckPollGrace() {
            return stuckPollGrace != null ? stuckPollGrace : defaultStuckPollGrace(policy);
        }

        String jobId() {
            return last != null ? last.id() : knownId;
        }

        /** Fixes the deadline now if none was given. */
        Instant resolveDeadline() {
            if (deadline == null) {
                deadline = clock.instant().plus(policy.timeout());
            }
            return deadline;
        }

        /** The timeout of a wait whose poll is still running past the deadline and its grace. */
        WaitTimeoutException stuckTimeout() {
            if (started == null) {
                started = clock.instant();
            }
            WaitTimeoutException e = timeout();
            return new WaitTimeoutException(e.getMessage() + " A poll was still running " + stuckPollGrace()
                    + " after the deadline (no answer from Salesforce); it was abandoned.", e.unfinishedJobs(), e.attempts(),
                    e.elapsed());
        }

        /** @return polls made by this wait */
        public int attempts() {
            return attempts;
        }

        /** @return the last polled info, or the initial one, or {@code null} */
        public JobInfo lastInfo() {
            return last;
        }

        Step start() {
            started = clock.instant();
            resolveDeadline();
            if (pollFirst) {
                return step();
            }
            return sleepOrTimeout(policy.baseDelay(0));
        }

        Step step() {
            JobInfo info;
            try {
                info = poll.get();
            } catch (BulkException e) {
                if (!e.isRetryable()) {
                    throw e;
                }
                // a poll that failed after the transport's own retries (5xx, dropped connection): the job is
                // still there; poll again after the next delay, within the deadline
                attempts++;
                polls.incrementAndGet();
                LOG.log(System.Logger.Level.INFO, "Polling job {0} failed ({1}); polling again", jobId(),
                        e.getMessage());
                return sleepOrTimeout(policy.delay(attempts));
            }
            attempts++;
            polls.incrementAndGet();
            last = info;
            if (onPoll != null) {
                onPoll.accept(info);
            }
            if (done.test(info)) {
                return new Step(info, null);
            }
            return sleepOrTimeout(soonerIfNearlyDone(info, policy.delay(attempts)));
        }

        /** The policy's {@code backoff}, shortened while the job's records are processed ({@link #expectedRecords}). */
        private Duration soonerIfNearlyDone(JobInfo info, Duration backoff) {
            long total = expectedRecords;
            long processed = info.numberRecordsProcessed();
            if (total <= 0 || info.state() != JobState.IN_PROGRESS || processed <= 0 || processed <= progressSeen) {
                return backoff;
            }
            Instant now = clock.instant();
            Duration floor = policy.baseDelay(0);
            Duration wanted = floor;
            if (progressSeen > 0) {
                long nanos = Duration.between(progressAt, now).toNanos();
                double left = Math.max(0, total - processed) * (double) Math.max(0, nanos)
                        / (processed - progressSeen);
                Duration eta = Duration.ofNanos((long) Math.min(left, Long.MAX_VALUE / 2.0));
                wanted = eta.compareTo(floor) < 0 ? floor : eta;
            }
            progressSeen = processed;
            progressAt = now;
            return wanted.compareTo(backoff) < 0 ? wanted : backoff;
        }

        private Step sleepOrTimeout(Duration wanted) {
            Duration remaining = Duration.between(clock.instant(), deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                throw timeout();
            }
            return new Step(null, wanted.compareTo(remaining) > 0 ? remaining : wanted);
        }

        private WaitTimeoutException timeout() {
            Duration elapsed = Duration.between(started, clock.instant());
            String id = jobId();
            String state = last == null ? "not yet polled" : last.stateAsString().orElse(last.state().toString());
            List<JobInfo> infos = last == null ? List.of() : List.of(last);
            return new WaitTimeoutException("Job " + id + " is still " + state + " after " + attempts + " polls in "
                    + elapsed + "; it keeps running on Salesforce. " + (hint != null ? hint : "Wait again or abort it."),
                    infos, attempts, elapsed);
        }
    }
}
