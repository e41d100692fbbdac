package dev.bulk2.examples.sync;

import java.util.concurrent.CountDownLatch;

/**
 * A test hook: with {@code -Dbulk2.sync.crashAt=<point>} the run announces the point on standard output
 * ({@code bulk2.sync.crashAt reached <point>}) and blocks there for ever, so that a test can kill the JVM with
 * SIGKILL at exactly that step. Without the property nothing happens. Points: {@code spooling} (half the rows
 * read; earlier segments may already be uploading), {@code spooled} (every segment committed, the deletes
 * spooled), {@code jobCreated} (the process's second upsert job created), {@code uploaded} (its first upsert
 * job uploaded), {@code submitted} (every segment uploaded and closed), {@code processed} (every upsert job done,
 * results not collected), {@code deleteUploaded} (the Bulk delete job uploaded), {@code deleted} (the Bulk delete
 * done, results not collected), {@code committed} (watermark committed in the ERP, run directory not yet deleted).
 */
final class CrashPoints {
    static final String PROPERTY = "bulk2.sync.crashAt";
    static final String MARKER = "bulk2.sync.crashAt reached ";

    private CrashPoints() {
    }

    static void reached(String point) {
        if (point.equals(System.getProperty(PROPERTY))) {
            System.out.println(MARKER + point);
            System.out.flush();
            try {
                new CountDownLatch(1).await(); // until the test kills the JVM
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Runtime.getRuntime().halt(137);
            }
        }
    }
}
