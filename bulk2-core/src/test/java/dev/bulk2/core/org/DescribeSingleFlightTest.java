package dev.bulk2.core.org;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.TestSupport;
import dev.bulk2.core.exception.NotFoundException;
import dev.bulk2.testkit.FakeClock;
import dev.bulk2.testkit.RecordingSleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrent callers of client.describe() for one object share one HTTP call. The server holds the first answer
 * until every follower is parked waiting for it; the cache is off (TTL zero), so a follower that did not join the
 * in-flight call would send a second request.
 */
class DescribeSingleFlightTest {
    private static final int FOLLOWERS = 7;

    private MockWebServer server;
    private BulkClient client;
    private final CountDownLatch requestArrived = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger describeCalls = new AtomicInteger();
    private volatile MockResponse answer;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                describeCalls.incrementAndGet();
                requestArrived.countDown();
                if (!release.await(30, TimeUnit.SECONDS)) {
                    return new MockResponse().setResponseCode(500);
                }
                return answer;
            }
        });
        server.start();
        FakeClock clock = TestSupport.clockAt2025();
        client = TestSupport.clientFor(server, RecordingSleeper.advancing(clock), clock)
                .describeCacheTtl(Duration.ZERO).build();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        assertThat(TestSupport.openBodies(client)).isZero();
        client.close();
        server.shutdown();
    }

    /** Starts the leader, waits for its request, then starts followers and waits until each is parked. */
    private List<Thread> startCallers(String leaderName, List<Object> results) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        threads.add(caller(leaderName, results));
        threads.get(0).start();
        assertThat(requestArrived.await(10, TimeUnit.SECONDS)).as("leader request arrived").isTrue();
        for (int i = 0; i < FOLLOWERS; i++) {
            Thread t = caller(i % 2 == 0 ? "Account" : "ACCOUNT", results);
            threads.add(t);
            t.start();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Thread t : threads.subList(1, threads.size())) {
            while (t.getState() != Thread.State.WAITING) {
                assertThat(System.nanoTime()).as("follower parked on the in-flight describe").isLessThan(deadline);
                assertThat(t.isAlive()).as("follower still waiting").isTrue();
                Thread.onSpinWait();
            }
        }
        return threads;
    }

    private Thread caller(String name, List<Object> results) {
        return new Thread(() -> {
            Object r;
            try {
                r = client.describe(name);
            } catch (RuntimeException e) {
                r = e;
            }
            synchronized (results) {
                results.add(r);
            }
        }, "describe-caller");
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(t.isAlive()).isFalse();
        }
    }

    @Test
    void concurrentCallers_shareOneCall_andAllGetTheSameDescribe() throws Exception {
        answer = OrgResourcesMockTest.json(200, OrgResourcesMockTest.describeJson());
        List<Object> results = new ArrayList<>();

        List<Thread> threads = startCallers("account", results);
        release.countDown();
        joinAll(threads);

        assertThat(describeCalls.get()).isEqualTo(1);
        assertThat(results).hasSize(FOLLOWERS + 1);
        Object first = results.get(0);
        assertThat(first).isInstanceOf(SObjectDescribe.class);
        assertThat(results).allSatisfy(r -> assertThat(r).isSameAs(first));

        // TTL zero: once the shared call is done, the next caller asks again.
        client.describe("Account");
        assertThat(describeCalls.get()).isEqualTo(2);
    }

    @Test
    void concurrentCallers_shareOneFailure_andTheNextCallTriesAgain() throws Exception {
        answer = OrgResourcesMockTest.json(404, OrgResourcesMockTest.NOT_FOUND);
        List<Object> results = new ArrayList<>();

        List<Thread> threads = startCallers("Account", results);
        release.countDown();
        joinAll(threads);

        assertThat(describeCalls.get()).isEqualTo(1);
        assertThat(results).hasSize(FOLLOWERS + 1).allSatisfy(r -> assertThat(r)
                .isInstanceOfSatisfying(NotFoundException.class,
                        e -> assertThat(e.getMessage()).startsWith("No sObject named 'Account'")));

        answer = OrgResourcesMockTest.json(200, OrgResourcesMockTest.describeJson());
        assertThat(client.describe("Account").name()).isEqualTo("Account");
        assertThat(describeCalls.get()).isEqualTo(2);
    }

    @Test
    void interruptedFollower_stopsWaitingWithoutDisturbingTheLeader() throws Exception {
        answer = OrgResourcesMockTest.json(200, OrgResourcesMockTest.describeJson());
        List<Object> results = new ArrayList<>();
        List<Thread> threads = startCallers("Account", results);

        Thread follower = threads.get(1);
        follower.interrupt();
        follower.join(TimeUnit.SECONDS.toMillis(10));
        AtomicReference<Object> interrupted = new AtomicReference<>();
        synchronized (results) {
            assertThat(results).hasSize(1);
            interrupted.set(results.get(0));
        }
        assertThat(interrupted.get()).isInstanceOfSatisfying(dev.bulk2.core.exception.BulkException.class,
                e -> assertThat(e).hasMessage("Interrupted while waiting for the describe of Account that another "
                        + "thread is loading.").hasCauseInstanceOf(InterruptedException.class));

        release.countDown();
        joinAll(threads);
        assertThat(describeCalls.get()).isEqualTo(1);
        assertThat(results).hasSize(FOLLOWERS + 1);
        assertThat(results.subList(1, results.size())).allSatisfy(r -> assertThat(r).isInstanceOf(SObjectDescribe.class));
    }
}
