package dev.bulk2.core.internal.preflight;

import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.plan.IngestPlan;
import java.time.Duration;
import java.util.List;

/**
 * API request estimates of a plan. Per job: create, upload and close (3 requests), plus the polls of the job's
 * state. Expected: the polls until an assumed processing time of 10 s plus 1 ms per record has passed (Salesforce
 * processes tens of thousands of simple records a minute; complex triggers are slower). Worst case: every
 * request retried once and the job polled until the polling timeout. Result downloads are not counted: they
 * happen only when the caller asks. Internal.
 */
final class Estimates {
    static final int REQUESTS_PER_JOB = 3;

    private Estimates() {
    }

    /** @return {expected, worst case} */
    static long[] apiRequests(List<IngestPlan.Part> parts, PollingPolicy policy, Duration timeout) {
        long expected = 0;
        long worst = 0;
        long worstPolls = polls(policy, timeout);
        for (IngestPlan.Part p : parts) {
            expected += REQUESTS_PER_JOB + polls(policy, Duration.ofSeconds(10).plusMillis(p.records()));
            worst += 2L * REQUESTS_PER_JOB + worstPolls;
        }
        return new long[] {expected, worst};
    }

    /** Polls made until {@code d} has passed: the first comes after the initial delay. */
    static long polls(PollingPolicy policy, Duration d) {
        long n = 0;
        Duration t = Duration.ZERO;
        while (t.compareTo(d) < 0 && n < 10_000_000) {
            Duration step = policy.baseDelay((int) Math.min(Integer.MAX_VALUE, n));
            t = t.plus(step.isZero() ? Duration.ofMillis(1) : step);
            n++;
        }
        return Math.max(1, n);
    }
}
