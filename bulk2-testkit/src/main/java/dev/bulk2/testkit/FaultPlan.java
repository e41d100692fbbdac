package dev.bulk2.testkit;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Seeded fault injection for the emulator. Immutable and thread-safe. Every category draws from its own
 * {@code Random(seed + category)}, so with sequential requests the same seed gives the same faults, and
 * enabling one category does not shift the draws of another.
 *
 * <ul>
 *   <li>{@code serverErrorRate}: fraction of REST requests answered {@code 500 UNKNOWN_EXCEPTION} (with an
 *       ErrorId) before any processing.</li>
 *   <li>{@code throttleRate}: fraction answered {@link #throttleStatus()} ({@code 503 SERVER_UNAVAILABLE} by
 *       default, or {@code 403 REQUEST_LIMIT_EXCEEDED}) before any processing.</li>
 *   <li>{@code dropUploadRate}: fraction of {@code PUT .../batches} whose connection is closed after reading
 *       part of the body (no response; the upload is not recorded).</li>
 *   <li>{@code dropUploadRepeats}: an upload whose connection was dropped is dropped again on the next N uploads
 *       of the same data (same first 4 KB of the decoded body: the header and the first rows of a part), so that
 *       consecutive attempts of one part fail in a row, as on a network path that keeps breaking a large body.</li>
 *   <li>{@code dropDownloadRate}: fraction of result downloads (ingest results, query results) whose
 *       connection is closed after part of the body was sent.</li>
 *   <li>{@code expireTokenEveryNRequests}: every N-th authenticated REST request first expires the token it
 *       carries, so it is answered 401 {@code INVALID_SESSION_ID}.</li>
 *   <li>{@code rejectTokensAfterExpiry}: after each such expiry, the next N tokens issued (token endpoint or
 *       {@code issueToken()}) are already invalid at their first REST request: 401 with the same
 *       {@code [{"errorCode":"INVALID_SESSION_ID","message":"Session expired or invalid"}]} body, as when the
 *       org resets sessions right after a login. A client then needs N + 1 fresh tokens in a row.</li>
 *   <li>{@code failJobAfterRecords}: every ingest job turns {@code Failed} after that many records; the rest
 *       are in {@code unprocessedrecords}. {@code failJobsRate}: fraction of ingest jobs that turn
 *       {@code Failed} after half of their records.</li>
 *   <li>{@code lockErrorRate}: fraction of records that fail with {@code UNABLE_TO_LOCK_ROW} on their first
 *       attempt; the same record (same id, external id or row content) succeeds in a later job.</li>
 *   <li>{@code slowResponse}: fraction of REST requests delayed by the given duration.</li>
 * </ul>
 */
public final class FaultPlan {
    private static final FaultPlan NONE = builder().build();

    private final long seed;
    private final double serverErrorRate;
    private final double throttleRate;
    private final int throttleStatus;
    private final double dropUploadRate;
    private final int dropUploadRepeats;
    private final double dropDownloadRate;
    private final int expireTokenEveryNRequests;
    private final int rejectTokensAfterExpiry;
    private final long failJobAfterRecords;
    private final double failJobsRate;
    private final double lockErrorRate;
    private final Duration slowResponseDelay;
    private final double slowResponseRate;

    private FaultPlan(Builder b) {
        this.seed = b.seed;
        this.serverErrorRate = b.serverErrorRate;
        this.throttleRate = b.throttleRate;
        this.throttleStatus = b.throttleStatus;
        this.dropUploadRate = b.dropUploadRate;
        this.dropUploadRepeats = b.dropUploadRepeats;
        this.dropDownloadRate = b.dropDownloadRate;
        this.expireTokenEveryNRequests = b.expireTokenEveryNRequests;
        this.rejectTokensAfterExpiry = b.rejectTokensAfterExpiry;
        this.failJobAfterRecords = b.failJobAfterRecords;
        this.failJobsRate = b.failJobsRate;
        this.lockErrorRate = b.lockErrorRate;
        this.slowResponseDelay = b.slowResponseDelay;
        this.slowResponseRate = b.slowResponseRate;
    }

    /**
     * No faults at all (the default of the emulator).
     *
     * @return the empty plan
     */
    public static FaultPlan none() {
        return NONE;
    }

    /**
     * Starts a builder; every rate defaults to 0, the seed to 1.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses the CLI form {@code seed=1,serverErrorRate=0.05,throttleRate=0.01,throttleStatus=503,
     * dropUploadRate=0.1,dropUploadRepeats=2,dropDownloadRate=0.1,expireTokenEveryNRequests=50,
     * rejectTokensAfterExpiry=2,failJobAfterRecords=5000,
     * failJobsRate=0.2,lockErrorRate=0.01,slowResponseMillis=2000,slowResponseRate=0.1}.
     *
     * @param spec comma-separated {@code key=value} pairs (keys case-insensitive)
     * @return the plan
     * @throws IllegalArgumentException naming the bad key or value
     */
    public static FaultPlan parse(String spec) {
        Builder b = builder();
        long slowMillis = 0;
        double slowRate = 0;
        if (spec == null || spec.isBlank()) {
            return b.build();
        }
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Fault spec '" + p + "' is not key=value (e.g. serverErrorRate=0.05)");
            }
            String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1).trim();
            try {
                switch (key) {
                    case "seed": b.seed(Long.parseLong(value)); break;
                    case "servererrorrate": b.serverErrorRate(Double.parseDouble(value)); break;
                    case "throttlerate": b.throttleRate(Double.parseDouble(value)); break;
                    case "throttlestatus": b.throttleStatus(Integer.parseInt(value)); break;
                    case "dropuploadrate": b.dropUploadRate(Double.parseDouble(value)); break;
                    case "dropuploadrepeats": b.dropUploadRepeats(Integer.parseInt(value)); break;
                    case "dropdownloadrate": b.dropDownloadRate(Double.parseDouble(value)); break;
                    case "expiretokeneverynrequests": b.expireTokenEveryNRequests(Integer.parseInt(value)); break;
                    case "rejecttokensafterexpiry": b.rejectTokensAfterExpiry(Integer.parseInt(value)); break;
                    case "failjobafterrecords": b.failJobAfterRecords(Long.parseLong(value)); break;
                    case "failjobsrate": b.failJobsRate(Double.parseDouble(value)); break;
                    case "lockerrorrate": b.lockErrorRate(Double.parseDouble(value)); break;
                    case "slowresponsemillis": slowMillis = Long.parseLong(value); break;
                    case "slowresponserate": slowRate = Double.parseDouble(value); break;
                    default:
                        throw new IllegalArgumentException("Unknown fault '" + p.substring(0, eq).trim()
                                + "'; known: seed, serverErrorRate, throttleRate, throttleStatus, dropUploadRate, "
                                + "dropUploadRepeats, dropDownloadRate, expireTokenEveryNRequests, "
                                + "rejectTokensAfterExpiry, failJobAfterRecords, failJobsRate, "
                                + "lockErrorRate, slowResponseMillis, slowResponseRate");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Fault '" + p + "' has a value that is not a number", e);
            }
        }
        if (slowRate > 0 || slowMillis > 0) {
            b.slowResponse(Duration.ofMillis(slowMillis), slowRate);
        }
        return b.build();
    }

    /**
     * A copy as a builder.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return builder().seed(seed).serverErrorRate(serverErrorRate).throttleRate(throttleRate)
                .throttleStatus(throttleStatus).dropUploadRate(dropUploadRate).dropUploadRepeats(dropUploadRepeats)
                .dropDownloadRate(dropDownloadRate).expireTokenEveryNRequests(expireTokenEveryNRequests)
                .rejectTokensAfterExpiry(rejectTokensAfterExpiry).failJobAfterRecords(failJobAfterRecords)
                .failJobsRate(failJobsRate).lockErrorRate(lockErrorRate)
                .slowResponse(slowResponseDelay, slowResponseRate);
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    /** @return fraction of REST requests answered 500 */
    public double serverErrorRate() {
        return serverErrorRate;
    }

    /** @return fraction of REST requests throttled */
    public double throttleRate() {
        return throttleRate;
    }

    /** @return the throttling status: 503 (SERVER_UNAVAILABLE) or 403 (REQUEST_LIMIT_EXCEEDED) */
    public int throttleStatus() {
        return throttleStatus;
    }

    /** @return fraction of uploads whose connection is dropped */
    public double dropUploadRate() {
        return dropUploadRate;
    }

    /** @return how many further uploads of the same data are dropped after a dropped upload, 0 = none */
    public int dropUploadRepeats() {
        return dropUploadRepeats;
    }

    /** @return fraction of result downloads whose connection is dropped */
    public double dropDownloadRate() {
        return dropDownloadRate;
    }

    /** @return N for "every N-th request expires its token", 0 = never */
    public int expireTokenEveryNRequests() {
        return expireTokenEveryNRequests;
    }

    /** @return tokens issued after an injected expiry that are already invalid at their first use, 0 = none */
    public int rejectTokensAfterExpiry() {
        return rejectTokensAfterExpiry;
    }

    /** @return records after which every ingest job fails, 0 = never */
    public long failJobAfterRecords() {
        return failJobAfterRecords;
    }

    /** @return fraction of ingest jobs that fail half-way */
    public double failJobsRate() {
        return failJobsRate;
    }

    /** @return fraction of records failing once with UNABLE_TO_LOCK_ROW */
    public double lockErrorRate() {
        return lockErrorRate;
    }

    /** @return the delay of slow responses */
    public Duration slowResponseDelay() {
        return slowResponseDelay;
    }

    /** @return fraction of REST requests delayed */
    public double slowResponseRate() {
        return slowResponseRate;
    }

    /** @return whether no fault is configured */
    public boolean isNone() {
        return serverErrorRate == 0 && throttleRate == 0 && dropUploadRate == 0 && dropDownloadRate == 0
                && expireTokenEveryNRequests == 0 && failJobAfterRecords == 0 && failJobsRate == 0
                && lockErrorRate == 0 && slowResponseRate == 0;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FaultPlan)) {
            return false;
        }
        FaultPlan f = (FaultPlan) o;
        return seed == f.seed && serverErrorRate == f.serverErrorRate && throttleRate == f.throttleRate
                && throttleStatus == f.throttleStatus && dropUploadRate == f.dropUploadRate
                && dropUploadRepeats == f.dropUploadRepeats && dropDownloadRate == f.dropDownloadRate
                && expireTokenEveryNRequests == f.expireTokenEveryNRequests
                && rejectTokensAfterExpiry == f.rejectTokensAfterExpiry
                && failJobAfterRecords == f.failJobAfterRecords && failJobsRate == f.failJobsRate
                && lockErrorRate == f.lockErrorRate && slowResponseDelay.equals(f.slowResponseDelay)
                && slowResponseRate == f.slowResponseRate;
    }

    @Override
    public int hashCode() {
        return Objects.hash(seed, serverErrorRate, throttleRate, throttleStatus, dropUploadRate, dropUploadRepeats,
                dropDownloadRate, expireTokenEveryNRequests, rejectTokensAfterExpiry, failJobAfterRecords, failJobsRate, lockErrorRate, slowResponseDelay,
                slowResponseRate);
    }

    @Override
    public String toString() {
        return "FaultPlan{seed=" + seed + ", serverErrorRate=" + serverErrorRate + ", throttleRate=" + throttleRate
                + ", throttleStatus=" + throttleStatus + ", dropUploadRate=" + dropUploadRate
                + ", dropUploadRepeats=" + dropUploadRepeats + ", dropDownloadRate=" + dropDownloadRate
                + ", expireTokenEveryNRequests=" + expireTokenEveryNRequests + ", rejectTokensAfterExpiry="
                + rejectTokensAfterExpiry + ", failJobAfterRecords=" + failJobAfterRecords + ", failJobsRate="
                + failJobsRate + ", lockErrorRate=" + lockErrorRate + ", slowResponse=" + slowResponseDelay + "@"
                + slowResponseRate + "}";
    }

    /** Builder for {@link FaultPlan}. Not thread-safe. */
    public static final class Builder {
        private long seed = 1;
        private double serverErrorRate;
        private double throttleRate;
        private int throttleStatus = 503;
        private double dropUploadRate;
        private int dropUploadRepeats;
        private double dropDownloadRate;
        private int expireTokenEveryNRequests;
        private int rejectTokensAfterExpiry;
        private long failJobAfterRecords;
        private double failJobsRate;
        private double lockErrorRate;
        private Duration slowResponseDelay = Duration.ZERO;
        private double slowResponseRate;

        private Builder() {
        }

        private static double rate(String name, double r) {
            if (!(r >= 0 && r <= 1)) {
                throw new IllegalArgumentException(name + " must be between 0 and 1, was " + r);
            }
            return r;
        }

        /**
         * @param seed random seed; default 1
         * @return this
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param rate fraction (0..1) of REST requests answered 500; default 0
         * @return this
         */
        public Builder serverErrorRate(double rate) {
            this.serverErrorRate = rate("serverErrorRate", rate);
            return this;
        }

        /**
         * @param rate fraction (0..1) of REST requests throttled; default 0
         * @return this
         */
        public Builder throttleRate(double rate) {
            this.throttleRate = rate("throttleRate", rate);
            return this;
        }

        /**
         * @param status 503 (SERVER_UNAVAILABLE, default) or 403 (REQUEST_LIMIT_EXCEEDED)
         * @return this
         */
        public Builder throttleStatus(int status) {
            if (status != 503 && status != 403) {
                throw new IllegalArgumentException("throttleStatus must be 503 or 403, was " + status);
            }
            this.throttleStatus = status;
            return this;
        }

        /**
         * @param rate fraction (0..1) of uploads dropped mid-body; default 0
         * @return this
         */
        public Builder dropUploadRate(double rate) {
            this.dropUploadRate = rate("dropUploadRate", rate);
            return this;
        }

        /**
         * @param n further uploads of the same data (first 4 KB of the decoded body) dropped after a dropped
         *     upload, so consecutive attempts of one part fail in a row; 0 = none (default)
         * @return this
         */
        public Builder dropUploadRepeats(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("dropUploadRepeats must be >= 0, was " + n);
            }
            this.dropUploadRepeats = n;
            return this;
        }

        /**
         * @param n after each expiry injected by {@link #expireTokenEveryNRequests(int)}, the next n tokens issued
         *     are already invalid at their first REST request (401 {@code INVALID_SESSION_ID}); 0 = none (default)
         * @return this
         */
        public Builder rejectTokensAfterExpiry(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("rejectTokensAfterExpiry must be >= 0, was " + n);
            }
            this.rejectTokensAfterExpiry = n;
            return this;
        }

        /**
         * @param rate fraction (0..1) of result downloads dropped mid-body; default 0
         * @return this
         */
        public Builder dropDownloadRate(double rate) {
            this.dropDownloadRate = rate("dropDownloadRate", rate);
            return this;
        }

        /**
         * @param n every n-th authenticated REST request gets 401 after its token is expired; 0 = never (default)
         * @return this
         */
        public Builder expireTokenEveryNRequests(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("expireTokenEveryNRequests must be >= 0, was " + n);
            }
            this.expireTokenEveryNRequests = n;
            return this;
        }

        /**
         * @param records every ingest job fails after this many records; 0 = never (default)
         * @return this
         */
        public Builder failJobAfterRecords(long records) {
            if (records < 0) {
                throw new IllegalArgumentException("failJobAfterRecords must be >= 0, was " + records);
            }
            this.failJobAfterRecords = records;
            return this;
        }

        /**
         * @param rate fraction (0..1) of ingest jobs failing after half of their records; default 0
         * @return this
         */
        public Builder failJobsRate(double rate) {
            this.failJobsRate = rate("failJobsRate", rate);
            return this;
        }

        /**
         * @param rate fraction (0..1) of records failing with UNABLE_TO_LOCK_ROW on their first attempt; default 0
         * @return this
         */
        public Builder lockErrorRate(double rate) {
            this.lockErrorRate = rate("lockErrorRate", rate);
            return this;
        }

        /**
         * @param delay how long a slow response waits
         * @param rate fraction (0..1) of REST requests that are slow; default 0
         * @return this
         */
        public Builder slowResponse(Duration delay, double rate) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("slowResponse delay must not be negative, was " + delay);
            }
            this.slowResponseDelay = delay;
            this.slowResponseRate = rate("slowResponse rate", rate);
            return this;
        }

        /**
         * Builds the plan.
         *
         * @return the plan
         */
        public FaultPlan build() {
            return new FaultPlan(this);
        }
    }
}
