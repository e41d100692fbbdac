package dev.bulk2.examples.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.testkit.JobSnapshot;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runnable jar ({@code target/bulk2-erp-sync.jar}, built by {@code package}; this test runs in the
 * {@code jar-tests} surefire execution after it) started as a child JVM against an H2 file ERP and the emulator in
 * this JVM, killed with SIGKILL at a named point ({@code -Dbulk2.sync.crashAt}, announced on its standard output:
 * no sleeps), then started again: every row ends stored once (no job uploaded twice, the completed jobs processed
 * exactly the rows the runs sent), nothing is left Open, and Salesforce equals the ERP field by field.
 */
class SyncCrashJarIT extends SyncTestSupport {
    @TempDir
    Path dir;

    void start() throws Exception {
        start("");
    }

    void start(String extra) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("erp");
        setUp(dir, new Erp(url, "sa", "", false), "upload.maxRecordsPerJob=500\n" + extra);
    }

    @AfterEach
    void stop() {
        tearDown();
    }

    private Process child(String crashAt, String... args) throws Exception {
        Path jar = Path.of(System.getProperty("bulk2.sync.jar", "target/bulk2-erp-sync.jar")).toAbsolutePath();
        assertThat(jar).as("the runnable jar (run 'package' first)").exists();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        if (crashAt != null) {
            cmd.add("-D" + CrashPoints.PROPERTY + "=" + crashAt);
        }
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs the jar until it announces the point, then kills it with SIGKILL. */
    private String killAt(String point, String... args) throws Exception {
        Process p = child(point, args);
        StringBuilder seen = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                seen.append(line).append('\n');
                if (line.equals(CrashPoints.MARKER + point)) {
                    p.destroyForcibly();
                    p.waitFor();
                    return seen.toString();
                }
            }
        }
        throw new AssertionError("the child ended (exit " + p.waitFor() + ") without reaching " + point + ":\n" + seen);
    }

    /** Runs the jar to its end. */
    private Run runToEnd(String... args) throws Exception {
        Process p = child(null, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, "");
    }

    private String[] configArgs(String... more) {
        List<String> a = new ArrayList<>(List.of("--config", config.toString()));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"spooling", "spooled", "jobCreated", "uploaded", "processed", "committed"})
    void killedAtAnyPoint_restartStoresEveryRowOnce_nothingOpen(String point) throws Exception {
        start();
        killAt(point, configArgs());
        assertThat(state.resolve("sync.lock")).exists(); // left behind by the killed run
        Run again = runToEnd(configArgs());
        assertThat(again.code).as(again.toString()).isZero();
        if (List.of("spooled", "jobCreated", "uploaded", "processed").contains(point)) {
            assertThat(again.out).contains("Resuming run").contains("resumed from the run journal");
        }
        if (point.equals("spooling")) {
            assertThat(again.out).contains("Deleted the half-written spool")
                    .contains("reading the ERP on from where the run stopped");
        }
        if (point.equals("committed")) {
            assertThat(again.out).contains("was committed before the process stopped");
        }
        assertStoredOnce(point.equals("committed") ? 2988 : 0);
        assertSalesforceEqualsErp();
        assertThat(erp.watermark()).isEqualTo(erp.maxUpdatedAt());
        assertThat(RunDir.dir(state)).doesNotExist();
        assertThat(RunDir.tmp(state)).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"deleteUploaded", "deleted"})
    void deleteMode_killedInTheDeletePhase_restartDeletesEachOnce(String point) throws Exception {
        start("deactivation.mode=delete\n");
        Run first = runToEnd(configArgs());
        assertThat(first.code).as(first.toString()).isZero();
        erp.update("UPDATE client SET status = 'INACTIVE', updated_at = CURRENT_TIMESTAMP"
                + " WHERE client_id IN ('C-0000010', 'C-0000011', 'C-0000012')");
        killAt(point, configArgs());
        Run again = runToEnd(configArgs());
        assertThat(again.code).as(again.toString()).isZero();
        assertThat(again.out).contains("Resuming run").contains("deletes 3/3 (0 not found, 0 failed)");
        assertThat(org.deletedRecords("Account").stream().map(r -> r.get("External_ID__c")))
                .containsExactlyInAnyOrder("C-0000010", "C-0000011", "C-0000012");
        List<JobSnapshot> deletes = org.jobs().stream().filter(j -> "delete".equals(j.operation()))
                .collect(Collectors.toList());
        assertThat(deletes).isNotEmpty().allSatisfy(j -> {
            assertThat(j.state()).as(j.id()).isNotEqualTo("Open");
            assertThat(j.uploadCount()).as(j.id()).isLessThanOrEqualTo(1);
        });
        assertThat(deletes.stream().filter(j -> "JobComplete".equals(j.state()))
                .mapToLong(JobSnapshot::numberRecordsProcessed).sum()).isEqualTo(3);
        assertThat(erp.watermark()).isEqualTo(erp.maxUpdatedAt());
        assertThat(RunDir.dir(state)).doesNotExist();
    }

    @Test
    void submitOnlyInOneProcess_killedAfterUpload_statusInAnotherCollects() throws Exception {
        start();
        killAt("uploaded", configArgs("--submit-only"));
        Run submitted = runToEnd(configArgs("--submit-only"));
        assertThat(submitted.code).as(submitted.toString()).isEqualTo(SyncJob.CONFIG); // a submitted run is pending
        assertThat(submitted.out).contains("run the 'status' command first");
        Run status = runToEnd(configArgs("status"));
        assertThat(status.code).as(status.toString()).isZero();
        assertThat(status.out).contains("Collecting run").contains("sent 2988: 2988 succeeded");
        assertStoredOnce(0);
        assertSalesforceEqualsErp();
        assertThat(erp.watermark()).isEqualTo(erp.maxUpdatedAt());
        assertThat(runToEnd(configArgs("status")).out).contains("No pending --submit-only run");
    }

    @Test
    void submitOnly_exitsAfterUpload_statusInAnotherProcessWaitsAndCollects() throws Exception {
        start();
        Run submitted = runToEnd(configArgs("--submit-only"));
        assertThat(submitted.code).as(submitted.toString()).isZero();
        assertThat(submitted.out).contains("submitted 6 job(s)");
        assertThat(erp.watermark()).isNull();
        Run status = runToEnd(configArgs("status"));
        assertThat(status.code).as(status.toString()).isZero();
        assertThat(status.out).contains("sent 2988: 2988 succeeded");
        assertStoredOnce(0);
        assertSalesforceEqualsErp();
    }

    @Test
    void unreachableSalesforce_exit2_retryWarningsOneLineEach_thenOneClearLine() throws Exception {
        start();
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String props = Files.readString(config).replaceAll("(?m)^sf\\.url=.*$", "sf.url=http://127.0.0.1:" + port);
        Files.writeString(config, props);
        Run run = runToEnd(configArgs());
        assertThat(run.code).as(run.toString()).isEqualTo(SyncJob.CONFIG);
        List<String> lines = run.out.lines().collect(Collectors.toList());
        List<String> warnings = lines.stream().filter(l -> l.contains(" WARNING ")).collect(Collectors.toList());
        assertThat(warnings).as(run.out).hasSize(3).allSatisfy(l -> assertThat(l).matches(
                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d{4} WARNING dev\\.bulk2\\.auth: Salesforce"
                + " token request \\(client credentials flow\\) to http://127\\.0\\.0\\.1:"
                + port + "/services/oauth2/token failed: connection failed: .* \\(attempt \\d of 4\\)"));
        assertThat(lines).as("no line of the JDK's two-line default format").noneMatch(l -> l.startsWith("WARNING:"));
        assertThat(lines.stream().filter(l -> l.startsWith("bulk2-sync: "))).as("stderr's one clear line")
                .singleElement().asString().startsWith("bulk2-sync: cannot log in to Salesforce at http://127.0.0.1:"
                        + port + ": authentication failed");
        assertThat(run.out).as("the watermark stays where it was").contains("watermark 1970-01-01T00:00:00Z ->"
                + " 1970-01-01T00:00:00Z (not moved: the run stopped before its commit)");
        assertThat(run.out).doesNotContain("\tat ").doesNotContain(org.clientSecret());
    }

    /**
     * No job was uploaded twice or left Open, and the completed upsert jobs processed exactly the rows the
     * finished runs sent (plus {@code extra}: a run that committed but was killed before its report).
     */
    private void assertStoredOnce(long extra) throws Exception {
        List<JobSnapshot> jobs = org.jobs().stream().filter(j -> "upsert".equals(j.operation()))
                .collect(Collectors.toList());
        assertThat(jobs).allSatisfy(j -> {
            assertThat(j.state()).as(j.id()).isNotEqualTo("Open");
            assertThat(j.uploadCount()).as(j.id()).isLessThanOrEqualTo(1);
        });
        long processed = jobs.stream().filter(j -> "JobComplete".equals(j.state()))
                .mapToLong(JobSnapshot::numberRecordsProcessed).sum();
        long sent = 0;
        try (Stream<Path> summaries = Files.walk(state.resolve("reports"))) {
            for (Path s : (Iterable<Path>) summaries.filter(p -> p.endsWith("summary.json"))::iterator) {
                String json = Files.readString(s);
                if (json.contains("\"exitCode\" : 0") && !json.contains("submitted ")) {
                    sent += AbstractSyncRunTest.number(json, "sent");
                }
            }
        }
        assertThat(processed).as("records processed by completed upsert jobs").isEqualTo(sent + extra);
    }
}
