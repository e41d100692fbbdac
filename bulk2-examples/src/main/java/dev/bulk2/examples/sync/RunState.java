package dev.bulk2.examples.sync;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The hand-over from {@code --submit-only} to {@code status}: the submitted job ids and what the run had counted
 * before Salesforce processed the rows, in {@code <state>/pending-run.properties} (written by atomic rename).
 *
 * <p>This is the one place to replace by the SDK's run journal: the journal will also make a run killed at any
 * point resumable, which this file does not (it is written only once all jobs are uploaded).
 */
final class RunState {
    private static final String FILE = "pending-run.properties";

    String runId;
    List<String> jobIds = new ArrayList<>();
    Instant watermarkBefore;
    Instant lowerBound;
    Instant candidateWatermark;
    long read;
    long fromRetryList;
    long rejected;
    long deactivated;

    void save(Path stateDir) {
        Properties p = new Properties();
        p.setProperty("runId", runId);
        p.setProperty("jobIds", String.join(",", jobIds));
        p.setProperty("watermarkBefore", watermarkBefore.toString());
        p.setProperty("lowerBound", lowerBound.toString());
        p.setProperty("candidateWatermark", candidateWatermark.toString());
        p.setProperty("read", Long.toString(read));
        p.setProperty("fromRetryList", Long.toString(fromRetryList));
        p.setProperty("rejected", Long.toString(rejected));
        p.setProperty("deactivated", Long.toString(deactivated));
        StringWriter w = new StringWriter();
        try {
            p.store(w, "bulk2 ERP sync: jobs submitted by --submit-only, collected by 'status'");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ReportWriter.writeAtomically(stateDir.resolve(FILE), w.toString());
    }

    static Optional<RunState> load(Path stateDir) {
        Path f = stateDir.resolve(FILE);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(f, StandardCharsets.UTF_8)));
            RunState s = new RunState();
            s.runId = p.getProperty("runId");
            String ids = p.getProperty("jobIds", "");
            s.jobIds = ids.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(ids.split(",")));
            s.watermarkBefore = Instant.parse(p.getProperty("watermarkBefore"));
            s.lowerBound = Instant.parse(p.getProperty("lowerBound"));
            s.candidateWatermark = Instant.parse(p.getProperty("candidateWatermark"));
            s.read = Long.parseLong(p.getProperty("read"));
            s.fromRetryList = Long.parseLong(p.getProperty("fromRetryList"));
            s.rejected = Long.parseLong(p.getProperty("rejected"));
            s.deactivated = Long.parseLong(p.getProperty("deactivated"));
            return Optional.of(s);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("the pending run file " + f + " is unreadable (" + e.getMessage()
                    + "); delete it after checking the jobs in Salesforce");
        }
    }

    static void clear(Path stateDir) {
        try {
            Files.deleteIfExists(stateDir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
