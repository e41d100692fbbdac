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
     * Daemon threads {@code <prefix>N}, remembered until they have died, so that {@link #joinThreads} can wait
     * for the last ones: an executor is terminated when its workers have left their loop, a moment before the
     * threads themselves end.
     */
    private static final class Named implements java.util.concurrent.ThreadFactory {
        private final String prefix;
        private final AtomicInteger n = new AtomicInteger();
        private final java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Named(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            threads.removeIf(t -> !t.isAlive()); // bounded by the live threads and the few just ended
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            threads.add(t);
            return t;
        }
    }

    /**
     * Waits, at most until {@code deadlineNanos} ({@link System#nanoTime()}), for the threads of a terminated
     * executor made here to end.
     *
     * @param ex the executor (others are ignored)
     * @param deadlineNanos when to give up
     * @return whether every thread ended
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean joinThreads(ExecutorService ex, long deadlineNanos) throws InterruptedException {
        if (!(ex instanceof ThreadPoolExecutor)
                || !(((ThreadPoolExecutor) ex).getThreadFactory() instanceof Named)) {
            return true;
        }
        for (Thread t : ((Named) ((ThreadPoolExecutor) ex).getThreadFactory()).threads) {
            if (t == Thread.currentThread()) {
                continue; // close() called from one of its own threads
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return !t.isAlive();
            }
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
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
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, new Named("bulk2-scheduler-"));
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
        ThreadPoolExecutor ex = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new Named("bulk2-io-"));
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
        ThreadPoolExecutor ex = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), new Named("bulk2-http-"));
        return ex;
    }
}
