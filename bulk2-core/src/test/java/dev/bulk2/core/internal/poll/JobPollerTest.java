package dev.bulk2.core.internal.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.JobState;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.testkit.FakeClock;
import dev.bulk2.testkit.RecordingSleeper;
import dev.bulk2.core.exception.NotFoundException;
import dev.bulk2.core.exception.WaitTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobPollerTest {
    private static final String ID = "750Ws00000Bx1nQIAR";
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final java.util.concurrent.ExecutorService io = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        scheduler.shutdownNow();
        io.shutdownNow();
        assertThat(scheduler.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    private static JobInfo info(JobState state) {
        return JobInfo.builder().id(ID).state(state).build();
    }

    /** Returns InProgress n-1 times, then JobComplete. */
    private static Supplier<JobInfo> completesAfter(int n, AtomicInteger calls) {
        return () -> calls.incrementAndGet() >= n ? info(JobState.JOB_COMPLETE) : info(JobState.IN_PROGRESS);
    }

    private static PollingPolicy exact(Duration timeout) {
        return PollingPolicy.builder().initialDelay(Duration.ofSeconds(1)).multiplier(2).maxDelay(Duration.ofSeconds(5))
                .timeout(timeout).jitter(0).build();
    }

    @Test
    void baseDelay_growsByMultiplier_andCaps() {
        PollingPolicy p = PollingPolicy.builder().initialDelay(Duration.ofSeconds(1)).multiplier(1.5)
                .maxDelay(Duration.ofSeconds(30)).jitter(0).build();
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i <= 12; i++) {
            ms.add(p.delay(i).toMillis());
        }
        assertThat(ms).containsExactly(1000L, 1000L, 1500L, 2250L, 3375L, 5062L, 7593L, 11390L, 17085L, 25628L,
                30000L, 30000L, 30000L);
    }

    @Test
    void pollingPolicy_isABackoff_defaultsAreGeometric_andACustomBackoffDrivesThePolls() {
        PollingPolicy p = PollingPolicy.builder().jitter(0).build();
        for (int i = 0; i <= 12; i++) {
            assertThat(p.backoff().delay(i)).isEqualTo(dev.bulk2.core.Backoff.geometric(Duration.ofSeconds(1), 1.5,
                    Duration.ofSeconds(30), 0).delay(i));
        }
        assertThat(PollingPolicy.defaults().initialDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(PollingPolicy.defaults().multiplier()).isEqualTo(1.5);
        assertThat(PollingPolicy.defaults().maxDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(PollingPolicy.defaults().jitter()).isEqualTo(0.1);
        assertThat(PollingPolicy.defaults().timeout()).isEqualTo(Duration.ofHours(24));

        FakeClock clock = FakeClock.of(Instant.parse("2025-01-01T00:00:00Z"));
        RecordingSleeper sleeper = RecordingSleeper.advancing(clock);
        JobPoller poller = new JobPoller(clock, sleeper::sleep, scheduler, io);
        PollingPolicy fixed = PollingPolicy.builder().backoff(dev.bulk2.core.Backoff.fixed(Duration.ofSeconds(7)))
                .timeout(Duration.ofHours(1)).build();
        assertThat(fixed.toBuilder().build()).isEqualTo(fixed);
        AtomicInteger calls = new AtomicInteger();
        poller.await(poller.newWait(completesAfter(4, calls), fixed, null, false, null));
        assertThat(sleeper.delays()).extracting(Duration::toMillis).containsExactly(7000L, 7000L, 7000L, 7000L);
    }

    @Test
    void jitter_onlyShortensDelays() {
        PollingPolicy p = PollingPolicy.builder().jitter(0.5).build();
        for (int i = 0; i < 50; i++) {
            assertThat(p.delay(3)).isLessThanOrEqualTo(p.baseDelay(3)).isGreaterThanOrEqualTo(
                    p.baseDelay(3).dividedBy(2));
        }
    }

    @Test
    void builder_rejectsBadValues_namingTheSetting() {
        assertThatThrownBy(() -> PollingPolicy.builder().multiplier(0.5)).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> PollingPolicy.builder().timeout(Duration.ZERO)).hasMessageContaining("timeout");
        assertThatThrownBy(() -> PollingPolicy.builder().initialDelay(Duration.ofSeconds(10))
                .maxDelay(Duration.ofSeconds(1)).build()).hasMessageContaining("maxDelay");
        assertThat(PollingPolicy.defaults().toBuilder().build()).isEqualTo(PollingPolicy.defaults());
    }

    /**
     * Waits (fake time, policy {@link #exact}) for a job whose successive polls answer InProgress with these
     * processed counts, -1 for JobComplete.
     *
     * @param expectedRecords the wait's expected records (0: not given)
     * @return the sleeps, in ms, then the polls made
     */
    private List<Long> sleepsOf(long expectedRecords, long... processed) {
        FakeClock clock = FakeClock.of(Instant.parse("2025-01-01T00:00:00Z"));
        RecordingSleeper sleeper = RecordingSleeper.advancing(clock);
        JobPoller poller = new JobPoller(clock, sleeper::sleep, scheduler, io);
        AtomicInteger calls = new AtomicInteger();
        Supplier<JobInfo> answers = () -> {
            long p = processed[Math.min(calls.getAndIncrement(), processed.length - 1)];
            return p < 0 ? info(JobState.JOB_COMPLETE)
                    : JobInfo.builder().id(ID).state(JobState.IN_PROGRESS).numberRecordsProcessed(p).build();
        };
        JobPoller.Wait w = poller.newWait(answers, exact(Duration.ofHours(1)), null, false, i -> { });
        JobInfo done = poller.await(expectedRecords > 0 ? w.expectedRecords(expectedRecords) : w);
        assertThat(done.state()).isEqualTo(JobState.JOB_COMPLETE);
        List<Long> out = new ArrayList<>();
        sleeper.delays().forEach(d -> out.add(d.toMillis()));
        out.add(poller.polls());
        return out;
    }

    @Test
    void await_withExpectedRecords_pollsWhenTheRestShouldBeDone_neverLaterThanThePolicy() {
        // queued twice (0), then 1,000 of 10,000 at t=4 s, 2,000 at t=5 s (1,000/s), 7,000 at t=10 s, done:
        // the policy's 1, 1, 2 s while queued; 1 s (its first delay) after the first progress, to measure the rate;
        // then min(policy 5 s, 8,000 left at 1,000/s = 8 s) = 5 s; then 3,000 left at 1,000/s = 3 s (policy: 5 s);
        // 6 polls
        assertThat(sleepsOf(10_000, 0, 0, 1000, 2000, 7000, -1)).containsExactly(1000L, 1000L, 2000L, 1000L, 5000L,
                3000L, 6L);
        // the same job without the expected records: the policy's delays only, and one poll more
        assertThat(sleepsOf(0, 0, 0, 1000, 2000, 7000, 9000, -1)).containsExactly(1000L, 1000L, 2000L, 4000L,
                5000L, 5000L, 5000L, 7L);
    }

    @Test
    void await_withExpectedRecords_nearlyDoneOrStalled_neverPollsFasterThanTheFirstDelay() {
        // 9,900 of 10,000 one second after 1,000: 100 left is 11 ms at that rate, polled after the first delay;
        // then the count stalls at 9,900: back to the policy's delays, no extra polls
        assertThat(sleepsOf(10_000, 0, 0, 1000, 9900, 9900, 9900, -1)).containsExactly(1000L, 1000L, 2000L, 1000L,
                1000L, 5000L, 5000L, 7L);
    }

    @Test
    void await_sleepsAdaptively_untilTerminal_andCountsPolls() {
        FakeClock clock = FakeClock.of(Instant.parse("2025-01-01T00:00:00Z"));
        RecordingSleeper sleeper = RecordingSleeper.advancing(clock);
        JobPoller poller = new JobPoller(clock, sleeper::sleep, scheduler, io);
        AtomicInteger calls = new AtomicInteger();
        List<JobState> seen = new ArrayList<>();
        JobInfo done = poller.await(poller.newWait(completesAfter(5, calls), exact(Duration.ofHours(1)), null, false,
                i -> seen.add(i.state())));
        assertThat(done.state()).isEqualTo(JobState.JOB_COMPLETE);
        assertThat(calls).hasValue(5);
        assertThat(poller.polls()).isEqualTo(5);
        assertThat(seen).hasSize(5).endsWith(JobState.JOB_COMPLETE);
        assertThat(sleeper.delays()).extracting(Duration::toMillis).containsExactly(1000L, 1000L, 2000L, 4000L, 5000L);
    }

    @Test
    void await_pollFirst_doesNotSleepWhenAlreadyTerminal() {
        FakeClock clock = FakeClock.of(Instant.parse("2025-01-01T00:00:00Z"));
        RecordingSleeper sleeper = RecordingSleeper.advancing(clock);
        JobPoller poller = new JobPoller(clock, sleeper::sleep, scheduler, io);
        JobInfo done = poller.await(poller.newWait(() -> info(JobState.FAILED), exact(Duration.ofHours(1)), null,
                true, null));
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(sleeper.delays()).isEmpty();
    }

    @Test
    void await_neverSleepsPastTheDeadline_lastSleepShortened_thenOneLastPoll() {
        FakeClock clock = FakeClock.of(Instant.parse("2025-01-01T00:00:00Z"));
        RecordingSleeper sleeper = RecordingSleeper.advancing(clock);
        JobPoller poller = new JobPoller(clock, sleeper::sleep, scheduler, io);
        AtomicInteger calls = new AtomicInteger();
        JobPoller.Wait wait = poller.newWait(completesAfter(1000, calls), exact(Duration.ofMillis(9500)), null, false,
                null).timeoutHint("Re-attach with client.ingestJob(id).");
        assertThatThrownBy(() -> poller.await(wait))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
                    assertThat(e.unfinishedJobIds()).containsExactly(ID);
                    assertThat(e.attempts()).isEqualTo(5);
                    assertThat(e.elapsed()).isEqualTo(Duration.ofMillis(9500));
                    assertThat(e.getMessage()).contains(ID, "InProgress", "5 polls", "keeps running",
                            "Re-attach with client.ingestJob(id).");
                });
        // 1 + 1 + 2 + 4 = 8 s, then the 5 s delay is cut to the 1.5 s that remain
        assertThat(sleeper.delays()).extracting(Duration::toMillis).containsExactly(1000L, 1000L, 2000L, 4000L, 1500L);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2025-01-01T00:00:09.500Z"));
    }

    @Test
    void awaitAsync_samePath_completesWithTerminalInfo() {
        // the system sleeper: the async form turns its waits into scheduler timers (no thread blocked)
        JobPoller poller = new JobPoller(Clock.systemUTC(), dev.bulk2.core.Sleeper.system(), scheduler, io);
        AtomicInteger calls = new AtomicInteger();
        PollingPolicy fast = PollingPolicy.builder().initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(4))
                .jitter(0).build();
        CompletableFuture<JobInfo> f = poller.awaitAsync(poller.newWait(completesAfter(6, calls), fast, null, false,
                null));
        assertThat(f.join().state()).isEqualTo(JobState.JOB_COMPLETE);
        assertThat(calls).hasValue(6);
        assertThat(poller.polls()).isEqualTo(6);
    }

    @Test
    void awaitAsync_timesOut_withJobIds() {
        JobPoller poller = new JobPoller(Clock.systemUTC(), dev.bulk2.core.Sleeper.system(), scheduler, io);
        PollingPolicy fast = PollingPolicy.builder().initialDelay(Duration.ofMillis(2)).maxDelay(Duration.ofMillis(5))
                .timeout(Duration.ofMillis(60)).jitter(0).build();
        CompletableFuture<JobInfo> f = poller.awaitAsync(poller.newWait(() -> info(JobState.IN_PROGRESS), fast, null,
                true, null));
        assertThatThrownBy(f::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WaitTimeoutException.class)
                .satisfies(e -> assertThat(((WaitTimeoutException) e.getCause()).unfinishedJobIds()).containsExactly(ID));
    }

    @Test
    void pollFailure_propagates_inBothForms() {
        FakeClock clock = FakeClock.of(Instant.parse("2025-01-01T00:00:00Z"));
        JobPoller poller = new JobPoller(clock, RecordingSleeper.advancing(clock)::sleep, scheduler, io);
        Supplier<JobInfo> failing = () -> {
            throw new NotFoundException("gone", 404, "NOT_FOUND", List.of(), "GET", "/jobs/ingest/" + ID, ID);
        };
        assertThatThrownBy(() -> poller.await(poller.newWait(failing, exact(Duration.ofHours(1)), null, true, null)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> poller.awaitAsync(poller.newWait(failing, exact(Duration.ofHours(1)), null, true,
                null)).join()).hasCauseInstanceOf(NotFoundException.class);
    }

    /**
     * Regression (ingest bench hang): a poll whose GET never returns (dead server, dead HTTP client threads) used to
     * block the scheduler thread it ran on, so neither the other jobs' polls nor the deadline could ever fire.
     * Now polls run off the scheduler and a guard fails the wait at deadline + grace.
     */
    @Test
    void awaitAsync_pollThatNeverReturns_failsAtDeadlinePlusGrace_andDoesNotStarveTheScheduler() throws Exception {
        JobPoller poller = new JobPoller(Clock.systemUTC(), dev.bulk2.core.Sleeper.system(), scheduler, io);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stuck = new CountDownLatch(1);
        PollingPolicy fast = PollingPolicy.builder().initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(4))
                .timeout(Duration.ofMillis(200)).jitter(0).build();
        Supplier<JobInfo> hangs = () -> {
            stuck.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return info(JobState.JOB_COMPLETE);
        };
        AtomicInteger calls = new AtomicInteger();
        try {
            CompletableFuture<JobInfo> stuckWait = poller.awaitAsync(poller.newWait(hangs, fast, null, true, null)
                    .jobId(ID).stuckPollGrace(Duration.ofMillis(50)));
            assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();
            // the one scheduler thread is free: another job's wait still completes
            CompletableFuture<JobInfo> other = poller.awaitAsync(poller.newWait(completesAfter(3, calls), fast, null,
                    false, null));
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                assertThat(other.join().state()).isEqualTo(JobState.JOB_COMPLETE);
                assertThatThrownBy(stuckWait::join).hasCauseInstanceOf(WaitTimeoutException.class)
                        .satisfies(e -> assertThat(e.getCause().getMessage()).contains(ID, "still running",
                                "abandoned"));
            });
        } finally {
            release.countDown();
        }
        assertThat(JobPoller.defaultStuckPollGrace(fast)).isEqualTo(Duration.ofSeconds(1));
        assertThat(JobPoller.defaultStuckPollGrace(PollingPolicy.defaults())).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void awaitAsync_withAFakeSleeper_runsOnFakeTime_sameDelaysAsTheBlockingForm() {
        FakeClock clock = FakeClock.of(Instant.parse("2025-01-01T00:00:00Z"));
        RecordingSleeper sleeper = RecordingSleeper.advancing(clock);
        JobPoller poller = new JobPoller(clock, sleeper::sleep, scheduler, io);
        AtomicInteger calls = new AtomicInteger();
        JobInfo done = poller.awaitAsync(poller.newWait(completesAfter(5, calls), exact(Duration.ofHours(1)), null,
                false, null)).join();
        assertThat(done.state()).isEqualTo(JobState.JOB_COMPLETE);
        assertThat(sleeper.delays()).extracting(Duration::toMillis).containsExactly(1000L, 1000L, 2000L, 4000L, 5000L);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2025-01-01T00:00:13Z"));
    }
}
