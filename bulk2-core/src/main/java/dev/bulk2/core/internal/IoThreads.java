package dev.bulk2.core.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client's default executors and the marker of I/O tasks. Code running as a client I/O task must never block
 * waiting for another I/O task (the pool is bounded, so that could deadlock); {@link #onIoThread()} lets code such
 * as the query page reader choose an inline strategy there. Internal.
 */
public final class IoThreads {
    private static final ThreadLocal<Boolean> ON_IO = new ThreadLocal<>();

    private IoThreads() {
    }

    /**
     * Runs a task marked as a client I/O task.
     *
     * @param task the task
     */
    static void run(Runnable task) {
        Boolean before = ON_IO.get();
        ON_IO.set(Boolean.TRUE);
        try {
            task.run();
        } finally {
            if (before == null) {
                ON_IO.remove();
            }
        }
    }

    /** @return whether the current thread is running a client I/O task */
    public static boolean onIoThread() {
        return ON_IO.get() != null;
    }

    /**
     * The default scheduler: one daemon thread {@code bulk2-scheduler-N}, timers only.
     *
     * @return a new scheduler
     */
    public static ScheduledExecutorService newScheduler() {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "bulk2-scheduler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        return ex;
    }

    /**
     * The default I/O executor: at most {@code threads} daemon threads {@code bulk2-io-N}, created on demand and
     * retired after 30 s idle; extra tasks queue.
     *
     * @param threads the bound
     * @return a new executor
     */
    public static ExecutorService newIoExecutor(int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor ex = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "bulk2-io-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        ex.allowCoreThreadTimeOut(true);
        return ex;
    }

    /**
     * The executor of the JDK HTTP client a {@code BulkClient} creates: daemon threads {@code bulk2-http-N},
     * created on demand and retired after 30 s idle (the HTTP client hands it short tasks only).
     *
     * @return a new executor
     */
    public static ExecutorService newHttpExecutor() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor ex = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "bulk2-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        return ex;
    }
}
