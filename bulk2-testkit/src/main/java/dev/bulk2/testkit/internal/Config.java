package dev.bulk2.testkit.internal;

import dev.bulk2.testkit.FaultPlan;
import dev.bulk2.testkit.MalformedCsv;
import dev.bulk2.testkit.ObjectSchema;
import dev.bulk2.testkit.StoreMode;
import dev.bulk2.testkit.WrongValueCount;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Emulator settings: {@code Bulk2Emulator.Builder} fills a {@link #defaults()} instance and hands each emulator its
 * own {@link #copy()}, which is not changed after construction.
 */
public final class Config implements Cloneable {
    /** Listen port (0 = free). */
    public int port;
    /** Listen host. */
    public String host;
    /** OAuth client id. */
    public String clientId;
    /** OAuth client secret. */
    public String clientSecret;
    /** Run-as / JWT user name. */
    public String username;
    /** Key verifying JWT assertions. */
    public PublicKey jwtPublicKey;
    /** Matching private key when the emulator generated the pair, else null. */
    public PrivateKey jwtPrivateKey;
    /** Accepted JWT audiences besides login/test. */
    public Set<String> jwtAudiences;
    /** Token lifetime. */
    public Duration tokenTtl;
    /** Requests per token before it expires, 0 = unlimited. */
    public int tokenMaxRequests;
    /** Upload limit in base64 bytes (raw limit = two thirds). */
    public long maxUploadBytes;
    /** Delay after each processed batch. */
    public Duration processingDelayPerBatch;
    /** Records per internal batch. */
    public int batchSize;
    /** Object schemas. */
    public List<ObjectSchema> schemas;
    /** Faults. */
    public FaultPlan faults;
    /** Clock. */
    public Clock clock;
    /** Store mode. */
    public StoreMode storeMode;
    /** API call allocation. */
    public long apiCallLimit;
    /** Jobs per list page. */
    public int listPageSize;
    /** Default query page size (maxRecords). */
    public int queryPageSize;
    /** Max characters of the CSV part of a multipart create. */
    public int multipartMaxChars;
    /** Processing threads. */
    public int workerThreads;
    /** Malformed CSV handling. */
    public MalformedCsv malformedCsv;
    /** Records with more or fewer values than the header. */
    public WrongValueCount wrongValueCount;
    /** DailyBulkApiBatches Max. */
    public long dailyBulkApiBatches;
    /** DailyBulkV2QueryJobs Max. */
    public long dailyBulkV2QueryJobs;
    /** DailyBulkV2QueryFileStorageMB Max. */
    public long dailyBulkV2QueryFileStorageMB;
    /** DataStorageMB Max. */
    public long dataStorageMB;
    /** Max entries in the request log. */
    public int requestLogLimit;


    /**
     * The defaults of a new {@code Bulk2Emulator.Builder}; key pair, audiences and schemas are set by the builder.
     *
     * @return a new instance
     */
    public static Config defaults() {
        Config c = new Config();
        c.host = "127.0.0.1";
        c.clientId = "3MVG9Emulator0ConsumerKey0bulk2";
        c.clientSecret = "EMULATOR0SECRET0bulk2";
        c.username = "integration.user@bulk2.example";
        c.tokenTtl = Duration.ofHours(2);
        c.maxUploadBytes = 150_000_000L;
        c.processingDelayPerBatch = Duration.ZERO;
        c.batchSize = 10_000;
        c.faults = FaultPlan.none();
        c.clock = Clock.systemUTC();
        c.storeMode = StoreMode.FULL;
        c.apiCallLimit = 100_000;
        c.listPageSize = 1000;
        c.queryPageSize = 100_000;
        c.multipartMaxChars = 100_000;
        c.workerThreads = 2;
        c.requestLogLimit = 10_000;
        c.malformedCsv = MalformedCsv.REJECT_FILE;
        c.wrongValueCount = WrongValueCount.FAIL_ROW;
        c.dailyBulkApiBatches = 15_000;
        c.dailyBulkV2QueryJobs = 10_000;
        c.dailyBulkV2QueryFileStorageMB = 976_562;
        c.dataStorageMB = 1024;
        return c;
    }

    /**
     * A field-by-field copy (the values are immutable or replaced whole, never changed in place).
     *
     * @return the copy
     */
    public Config copy() {
        try {
            return (Config) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }
}
