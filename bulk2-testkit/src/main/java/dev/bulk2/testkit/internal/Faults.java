package dev.bulk2.testkit.internal;

import dev.bulk2.testkit.FaultPlan;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Runtime state of a {@link FaultPlan}: one seeded Random per category. Thread-safe. */
final class Faults {
    final FaultPlan plan;
    private Random server;
    private Random throttle;
    private Random dropUpload;
    private Random dropDownload;
    private Random jobs;
    private Random lock;
    private Random slow;
    private long authRequests;
    private int tokensToReject;
    private final Set<String> lockFailed = new HashSet<>();
    /** Data (key of the first bytes) whose next uploads are dropped, with how many remain. */
    private final Map<String, Integer> dropStreaks = new HashMap<>();

    Faults(FaultPlan plan) {
        this.plan = plan;
        reset();
    }

    synchronized void reset() {
        long s = plan.seed();
        server = new Random(s);
        throttle = new Random(s + 1);
        dropUpload = new Random(s + 2);
        dropDownload = new Random(s + 3);
        jobs = new Random(s + 4);
        lock = new Random(s + 5);
        slow = new Random(s + 6);
        authRequests = 0;
        tokensToReject = 0;
        lockFailed.clear();
        dropStreaks.clear();
    }

    private static boolean hit(Random r, double rate) {
        return rate > 0 && r.nextDouble() < rate;
    }

    synchronized boolean serverError() {
        return hit(server, plan.serverErrorRate());
    }

    synchronized boolean throttle() {
        return hit(throttle, plan.throttleRate());
    }

    /**
     * Whether an upload of this data is dropped: again, while a streak started by an earlier drop of the same data
     * lasts ({@link FaultPlan#dropUploadRepeats()}), else by the seeded draw (which then starts a streak).
     *
     * @param dataKey identifies the data (its first bytes)
     */
    synchronized boolean dropUpload(String dataKey) {
        Integer left = dropStreaks.get(dataKey);
        if (left != null) {
            if (left <= 1) {
                dropStreaks.remove(dataKey);
            } else {
                dropStreaks.put(dataKey, left - 1);
            }
            return true;
        }
        if (hit(dropUpload, plan.dropUploadRate())) {
            if (plan.dropUploadRepeats() > 0) {
                dropStreaks.put(dataKey, plan.dropUploadRepeats());
            }
            return true;
        }
        return false;
    }

    synchronized boolean dropDownload() {
        return hit(dropDownload, plan.dropDownloadRate());
    }

    synchronized boolean slow() {
        return hit(slow, plan.slowResponseRate());
    }

    /** Counts an authenticated request; true when this one must find its token expired. */
    synchronized boolean expireTokenNow() {
        authRequests++;
        int n = plan.expireTokenEveryNRequests();
        if (n > 0 && authRequests % n == 0) {
            tokensToReject = plan.rejectTokensAfterExpiry();
            return true;
        }
        return false;
    }

    /** True when a token being issued now must be invalid at its first use (right after an injected expiry). */
    synchronized boolean rejectIssuedToken() {
        if (tokensToReject > 0) {
            tokensToReject--;
            return true;
        }
        return false;
    }

    /**
     * Where an ingest job with that many records fails, or -1.
     *
     * @param records records in the job
     * @return the record count after which it fails, or -1
     */
    synchronized long failJobAt(long records) {
        long at = -1;
        if (plan.failJobAfterRecords() > 0 && records > plan.failJobAfterRecords()) {
            at = plan.failJobAfterRecords();
        }
        if (hit(jobs, plan.failJobsRate())) {
            long half = records / 2;
            at = at < 0 ? half : Math.min(at, half);
        }
        return at;
    }

    /** True when this record key fails with UNABLE_TO_LOCK_ROW now (first attempt only). */
    synchronized boolean lockError(String key) {
        if (plan.lockErrorRate() <= 0 || lockFailed.contains(key)) {
            return false;
        }
        if (hit(lock, plan.lockErrorRate())) {
            lockFailed.add(key);
            return true;
        }
        return false;
    }
}
