package dev.bulk2.core.internal.journal;

import static dev.bulk2.core.internal.journal.JournalTestData.CLOCK;
import static dev.bulk2.core.internal.journal.JournalTestData.input;
import static dev.bulk2.core.internal.journal.JournalTestData.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.core.exception.JournalException;
import dev.bulk2.core.exception.JournalException.Reason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalLockTest {
    @TempDir
    Path dir;

    private Process child;

    @AfterEach
    void stopChild() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
            child.waitFor();
        }
    }

    private Path journal() {
        return dir.resolve("accounts.journal");
    }

    /** Starts a JVM that opens the journal and holds it; returns once it says so. */
    private BufferedReader startHolder(Path journal) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                JournalHolderMain.class.getName(), journal.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).isEqualTo("HOLDING " + child.pid());
        return out;
    }

    private JournalException openFails(Path p) {
        try (Journal j = Journal.open(p, upsert(), input(), CLOCK)) {
            throw new AssertionError("opened");
        } catch (JournalException e) {
            return e;
        }
    }

    private static String host() {
        return JournalLock.Host.NAME;
    }

    private static Instant myStart() {
        return ProcessHandle.current().info().startInstant().orElseThrow();
    }

    @Test
    void aLiveProcessHoldingTheJournal_locksOthersOutAndIsNamed() throws Exception {
        Path p = journal();
        BufferedReader out = startHolder(p);
        JournalException e = openFails(p);
        assertThat(e.reason()).isEqualTo(Reason.LOCKED);
        assertThat(e.isRetryable()).isTrue();
        JournalException.Holder h = e.holder().orElseThrow();
        assertThat(h.pid()).isEqualTo(child.pid());
        assertThat(h.host()).isEqualTo(host());
        Instant childStart = child.info().startInstant().orElseThrow();
        assertThat(h.started()).contains(childStart);
        assertThat(e.getMessage()).contains("The journal " + p + " is in use: process " + child.pid() + " on host "
                + host() + ", started " + childStart + " holds it.").contains(JournalLock.lockFileOf(p).toString());
        assertThat(Files.readAllLines(p)).hasSize(2); // the refused open wrote nothing

        child.getOutputStream().write('\n'); // let it release
        child.getOutputStream().flush();
        assertThat(out.readLine()).isEqualTo("RELEASED");
        assertThat(child.waitFor()).isZero();
        assertThat(Files.size(JournalLock.lockFileOf(p))).isZero();
        try (Journal j = Journal.open(p, upsert(), input(), CLOCK)) {
            assertThat(j.lock().takenOverFrom()).isEmpty(); // released cleanly, not taken over
            assertThat(j.ingestState().resumes()).isZero();
        }
    }

    @Test
    void aLockLeftByAKilledProcess_isTakenOver() throws Exception {
        Path p = journal();
        startHolder(p);
        long pid = child.pid();
        child.destroyForcibly();
        child.waitFor();
        String left = Files.readString(JournalLock.lockFileOf(p));
        assertThat(left).contains("\"pid\":" + pid); // the body still names the dead holder
        try (Journal j = Journal.open(p, upsert(), input(), CLOCK)) {
            JournalException.Holder dead = j.lock().takenOverFrom().orElseThrow();
            assertThat(dead.pid()).isEqualTo(pid);
            assertThat(dead.host()).isEqualTo(host());
            assertThat(Files.readString(JournalLock.lockFileOf(p)))
                    .startsWith("{\"pid\":" + ProcessHandle.current().pid() + ",\"host\":");
            assertThat(j.isNew()).isFalse();
        }
    }

    @Test
    void theSameJvm_cannotOpenAJournalTwice() {
        Path p = journal();
        try (Journal j = Journal.open(p, upsert(), input(), CLOCK)) {
            JournalException e = openFails(p);
            assertThat(e.reason()).isEqualTo(Reason.LOCKED);
            assertThat(e.holder().orElseThrow().pid()).isEqualTo(ProcessHandle.current().pid());
        }
        Journal.open(p, upsert(), input(), CLOCK).close();
    }

    private void leaveLockBody(String body) throws IOException {
        Files.writeString(JournalLock.lockFileOf(journal()), body);
    }

    @Test
    void aBodyNamingALiveProcess_isRespectedEvenWithoutItsOsLock() throws IOException {
        leaveLockBody("{\"pid\":" + ProcessHandle.current().pid() + ",\"host\":\"" + host()
                + "\",\"processStarted\":\"" + myStart() + "\",\"acquired\":\"2026-12-01T01:00:00Z\"}");
        JournalException e = openFails(journal());
        assertThat(e.reason()).isEqualTo(Reason.LOCKED);
        assertThat(e.getMessage()).contains("is alive and named in it");
        assertThat(Files.exists(journal())).isFalse();
    }

    @Test
    void aBodyNamingAReusedPid_isTakenOver() throws IOException {
        leaveLockBody("{\"pid\":" + ProcessHandle.current().pid() + ",\"host\":\"" + host()
                + "\",\"processStarted\":\"" + myStart().minusSeconds(3600) + "\"}");
        try (Journal j = Journal.open(journal(), upsert(), input(), CLOCK)) {
            assertThat(j.lock().takenOverFrom().orElseThrow().started()).contains(myStart().minusSeconds(3600));
        }
    }

    @Test
    void aBodyFromAnotherHost_orUnreadable_isTakenOverOnceTheOsLockIsFree() throws IOException {
        for (String body : List.of("{\"pid\":1,\"host\":\"other-host.example\",\"processStarted\":"
                + "\"2026-12-01T01:00:00Z\"}", "{\"pid\":12", "\u0000\u0000\u0000")) {
            leaveLockBody(body);
            try (Journal j = Journal.open(journal(), upsert(), input(), CLOCK)) {
                assertThat(j.lock().takenOverFrom().isPresent()).as(body).isEqualTo(body.contains("other-host"));
            }
        }
    }
}
