package dev.bulk2.core.internal.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.LimitInfo;
import dev.bulk2.core.org.OrgLimit;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LimitWatcherTest {
    private static final Instant T = Instant.parse("2025-06-02T09:14:06Z");

    private static LimitInfo info(long used, long max) {
        return LimitInfo.parse("api-usage=" + used + "/" + max, T).orElseThrow();
    }

    private static List<Double> thresholds(List<LimitWatcher.Crossing> cs) {
        return cs.stream().map(LimitWatcher.Crossing::threshold).collect(Collectors.toList());
    }

    @Test
    void reportsEachThresholdOnce_atTheFirstObservationThatReachesIt() {
        LimitWatcher w = LimitWatcher.defaults();
        assertThat(w.observe(info(18412, 100000))).isEmpty();
        assertThat(w.observe(info(79999, 100000))).isEmpty();

        List<LimitWatcher.Crossing> at80 = w.observe(info(80000, 100000));
        assertThat(thresholds(at80)).containsExactly(0.8);
        LimitWatcher.Crossing c = at80.get(0);
        assertThat(c.used()).isEqualTo(80000);
        assertThat(c.max()).isEqualTo(100000);
        assertThat(c.observedAt()).isEqualTo(T);
        assertThat(c.message()).isEqualTo("The org has used 80% of its daily API requests (80,000 of 100,000, per "
                + "Sforce-Limit-Info); 20,000 remain in the rolling 24 hours. Other integrations share this "
                + "allocation.");

        assertThat(w.observe(info(85000, 100000))).isEmpty();
        assertThat(w.observe(info(70000, 100000))).as("usage fell as the window rolled").isEmpty();
        assertThat(w.observe(info(81000, 100000))).as("80% is not reported twice").isEmpty();
        assertThat(thresholds(w.observe(info(95000, 100000)))).containsExactly(0.95);
        assertThat(w.observe(info(99999, 100000))).isEmpty();
        assertThat(w.observe(info(100000, 100000))).isEmpty();
        assertThat(w.reportedCount()).isEqualTo(2);
    }

    @Test
    void aJumpOverBothThresholds_reportsBoth_lowestFirst() {
        LimitWatcher w = LimitWatcher.defaults();
        assertThat(thresholds(w.observe(info(14500, 15000)))).containsExactly(0.8, 0.95);
        assertThat(w.observe(info(14999, 15000))).isEmpty();
    }

    @Test
    void acceptsTheLimitsResourceFigures_andIgnoresAZeroAllocation() {
        LimitWatcher w = LimitWatcher.of(0.5);
        assertThat(w.observe(OrgLimit.of("DailyApiRequests", 0, 0), T)).isEmpty();
        List<LimitWatcher.Crossing> cs = w.observe(OrgLimit.of("DailyApiRequests", 5000, 2400), T);
        assertThat(thresholds(cs)).containsExactly(0.5);
        assertThat(cs.get(0).used()).isEqualTo(2600);
        assertThat(cs.get(0).message()).contains("(2,600 of 5,000, per DailyApiRequests)");
    }

    @Test
    void exactBoundaries_countAsReached() {
        LimitWatcher w = LimitWatcher.of(0.95, 0.8);
        assertThat(w.observe(info(11999, 15000))).isEmpty();
        assertThat(thresholds(w.observe(info(12000, 15000)))).containsExactly(0.8);
        assertThat(w.observe(info(14249, 15000))).isEmpty();
        assertThat(thresholds(w.observe(info(14250, 15000)))).containsExactly(0.95);
    }

    @Test
    void thresholdsAreValidated() {
        assertThatThrownBy(LimitWatcher::of).hasMessageContaining("at least one threshold");
        assertThatThrownBy(() -> LimitWatcher.of(0.8, 1.2)).hasMessageContaining("above 0 and at most 1: 1.2");
        assertThatThrownBy(() -> LimitWatcher.of(0)).hasMessageContaining("above 0");
        assertThatThrownBy(() -> LimitWatcher.of(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> LimitWatcher.of(0.8, 0.8)).hasMessageContaining("duplicate threshold: 0.8");
    }

    @Test
    void concurrentObservers_reportEachThresholdExactlyOnce() throws Exception {
        LimitWatcher w = LimitWatcher.defaults();
        java.util.concurrent.atomic.AtomicInteger reports = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        Thread[] ts = new Thread[8];
        for (int i = 0; i < ts.length; i++) {
            long used = 90000 + i * 1000;
            ts[i] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int k = 0; k < 100; k++) {
                    reports.addAndGet(w.observe(info(used, 100000)).size());
                }
            });
            ts[i].start();
        }
        go.countDown();
        for (Thread t : ts) {
            t.join(10_000);
        }
        assertThat(reports.get()).isEqualTo(2);
        assertThat(w.reportedCount()).isEqualTo(2);
    }
}
