package dev.bulk2.examples.sync;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The command line of the nightly ERP to Salesforce sync ({@code java -jar bulk2-erp-sync.jar --config
 * sync.properties}). Exit codes: 0 ok, 1 record failures over the threshold, 2 configuration, authentication or
 * connection problem (one line on stderr), 3 another run holds the lock.
 */
@Command(name = "bulk2-erp-sync", mixinStandardHelpOptions = true, version = "bulk2-erp-sync 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Upserts the ERP clients changed since the last successful run into Salesforce as Person"
                + " Accounts (Bulk API 2.0), writes a report directory per run and alerts on failure.",
        subcommands = {SyncCli.Status.class},
        footer = {"", "Settings come from the properties file and BULK2_SYNC_* environment variables;"
                + " secrets only from BULK2_SYNC_JDBC_PASSWORD, BULK2_SYNC_SF_CLIENT_SECRET or files (docs/erp-sync.md).",
            "Exit codes: 0 ok, 1 record failures over the threshold, 2 configuration/authentication/connection"
                    + " problem, 3 another run holds the lock."})
public final class SyncCli implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true, scope = ScopeType.INHERIT,
            description = "The sync's properties file.")
    Path config;

    @Option(names = "--dry-run", description = "Read and check the changed rows, print the plan, send nothing.")
    boolean dryRun;

    @Option(names = "--submit-only", description = "Exit once every job is uploaded; 'status' collects the"
            + " results later (for loads that take hours).")
    boolean submitOnly;

    @Option(names = "--full", description = "Ignore the watermark and send every row (a weekly full run).")
    boolean full;

    private Map<String, String> env = Map.of();
    private PrintStream out = System.out;
    private PrintStream err = System.err;
    private boolean interactive;

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments, see {@code --help}
     */
    public static void main(String[] args) {
        oneLineLogs();
        Map<String, String> env = System.getenv();
        System.exit(run(args, env, System.out, System.err, Progress.isInteractiveTerminal(env)));
    }

    /** The JDK logging format {@link #oneLineLogs} sets: time with its offset, level, logger, message. */
    static final String LOG_FORMAT = "%1$tFT%1$tT%1$tz %4$s %3$s: %5$s%6$s%n";

    /**
     * One line per log record (the SDK's warnings of a retried call, the emulator's start) instead of the JDK's
     * two-line default, so that a cron log stays greppable; left alone when the user configured JDK logging
     * ({@code java.util.logging.config.file} or {@code java.util.logging.SimpleFormatter.format} set).
     */
    static void oneLineLogs() {
        if (System.getProperty("java.util.logging.config.file") == null
                && System.getProperty("java.util.logging.config.class") == null
                && System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
        }
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     * @param env the environment variables (settings and secrets)
     * @param out standard output
     * @param err standard error
     * @param interactive whether {@code out} is an interactive terminal (progress bar)
     * @return the exit code
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err,
            boolean interactive) {
        SyncCli cli = new SyncCli();
        cli.env = env;
        cli.out = out;
        cli.err = err;
        cli.interactive = interactive;
        CommandLine cl = new CommandLine(cli);
        cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cl.setParameterExceptionHandler((e, a) -> {
            cl.getErr().println("bulk2-sync: " + e.getMessage() + " (see --help)");
            return SyncJob.CONFIG;
        });
        cl.setExecutionExceptionHandler((e, c, p) -> {
            cl.getErr().println("bulk2-sync: unexpected error: " + e);
            return SyncJob.FAILURES;
        });
        return cl.execute(args);
    }

    SyncConfig load() {
        return SyncConfig.load(config, env);
    }

    @Override
    public Integer call() {
        if (dryRun && submitOnly) {
            err.println("bulk2-sync: --dry-run and --submit-only exclude each other");
            return SyncJob.CONFIG;
        }
        SyncConfig c;
        try {
            c = load();
        } catch (ConfigException e) {
            err.println("bulk2-sync: " + e.getMessage());
            return SyncJob.CONFIG;
        }
        return new SyncJob(c, out, err, interactive).run(full, dryRun, submitOnly);
    }

    /** {@code status}: collects the jobs of a pending {@code --submit-only} run. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Waits for the jobs of a pending --submit-only run, collects their results, writes the"
                    + " report, moves the watermark and alerts, with the same exit codes. Prints 'No pending --submit-only"
                    + " run' and exits 0 when there is none.")
    static final class Status implements Callable<Integer> {
        @CommandLine.ParentCommand
        SyncCli parent;

        @Option(names = "--no-wait", description = "Do not wait: print each job's state and counts and exit 0 while"
                + " any is still going (nothing is changed); once all are finished, collect the run.")
        boolean noWait;

        @Override
        public Integer call() {
            SyncConfig c;
            try {
                c = parent.load();
            } catch (ConfigException e) {
                parent.err.println("bulk2-sync: " + e.getMessage());
                return SyncJob.CONFIG;
            }
            return new SyncJob(c, parent.out, parent.err, parent.interactive).status(!noWait);
        }
    }
}
