package dev.bulk2.testkit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone emulator: {@code java -jar bulk2-testkit-<version>-standalone.jar --port 8080 [--schema file.json]
 * [--faults seed=1,serverErrorRate=0.05] [--host 127.0.0.1] [--client-id ID] [--client-secret S]
 * [--username U] [--batch-delay-ms N] [--keys-only] [--api-call-limit N] [--bulk-batch-limit N]
 * [--query-job-limit N] [--malformed-csv REJECT_FILE|FAIL_AT_RECORD] [--wrong-value-count FAIL_ROW|FAIL_JOB]}.
 * Prints where it listens and the credentials, then runs until killed.
 */
public final class Bulk2EmulatorMain {
    private Bulk2EmulatorMain() {
    }

    /**
     * Entry point.
     *
     * @param args command line
     * @throws InterruptedException when interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        Bulk2Emulator emulator;
        try {
            emulator = start(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("bulk2-emulator: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "bulk2-emulator-shutdown"));
        forever.await();
    }

    /**
     * The usage text.
     *
     * @return usage
     */
    public static String usage() {
        return "usage: java -jar bulk2-testkit-standalone.jar [--port 8080] [--host 127.0.0.1] [--schema file.json]"
                + " [--faults seed=1,serverErrorRate=0.05,...] [--client-id ID] [--client-secret SECRET]"
                + " [--username USER] [--batch-delay-ms N] [--keys-only] [--api-call-limit N]"
                + " [--bulk-batch-limit N] [--query-job-limit N] [--malformed-csv REJECT_FILE|FAIL_AT_RECORD]"
                + " [--wrong-value-count FAIL_ROW|FAIL_JOB]";
    }

    /**
     * Parses the arguments, starts the emulator and prints how to reach it.
     *
     * @param args command line
     * @param out where to print
     * @return the running emulator
     * @throws IllegalArgumentException for bad arguments
     */
    public static Bulk2Emulator start(String[] args, PrintStream out) {
        Bulk2Emulator.Builder b = Bulk2Emulator.builder().port(8080);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--keys-only")) {
                b.storeMode(StoreMode.KEYS_ONLY);
                continue;
            }
            if (a.equals("--help") || a.equals("-h")) {
                throw new IllegalArgumentException("help requested");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--port": b.port(Integer.parseInt(v)); break;
                    case "--host": b.host(v); break;
                    case "--schema": b.schemaFile(Path.of(v)); break;
                    case "--faults": b.faults(FaultPlan.parse(v)); break;
                    case "--client-id": b.clientId(v); break;
                    case "--client-secret": b.clientSecret(v); break;
                    case "--username": b.username(v); break;
                    case "--batch-delay-ms": b.processingDelayPerBatch(Duration.ofMillis(Long.parseLong(v))); break;
                    case "--api-call-limit": b.apiCallLimit(Long.parseLong(v)); break;
                    case "--bulk-batch-limit": b.dailyBulkApiBatches(Long.parseLong(v)); break;
                    case "--query-job-limit": b.dailyBulkV2QueryJobs(Long.parseLong(v)); break;
                    case "--malformed-csv": b.malformedCsv(choice(a, MalformedCsv.class, v)); break;
                    case "--wrong-value-count": b.wrongValueCount(choice(a, WrongValueCount.class, v)); break;
                    default: throw new IllegalArgumentException("unknown option " + a);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + a + " needs a number, got '" + v + "'", e);
            }
        }
        Bulk2Emulator e = b.build().start();
        out.println("Bulk API 2.0 emulator listening on " + e.instanceUrl());
        out.println("  instance URL : " + e.instanceUrl());
        out.println("  token URL    : " + e.tokenUrl());
        out.println("  client id    : " + e.clientId());
        out.println("  client secret: " + e.clientSecret());
        out.println("  username     : " + e.username());
        out.println("  API versions : v41.0-v67.0 (query v47.0+, resultPages v58.0+)");
        out.flush();
        return e;
    }

    private static <E extends Enum<E>> E choice(String option, Class<E> type, String v) {
        try {
            return Enum.valueOf(type, v.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " must be one of "
                    + java.util.Arrays.toString(type.getEnumConstants()) + ", got '" + v + "'", e);
        }
    }
}
