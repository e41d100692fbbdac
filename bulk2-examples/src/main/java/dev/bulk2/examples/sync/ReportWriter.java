package dev.bulk2.examples.sync;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One report directory per run under {@code <state>/reports/<runId>}: {@code failed.csv}, {@code rejected.csv},
 * {@code unprocessed.csv}, {@code differences.csv} (read-back) and {@code summary.json}. Old directories beyond
 * the retention count are deleted. Not thread-safe.
 */
final class ReportWriter implements AutoCloseable {
    private final Path dir;
    private final BufferedWriter failed;
    private final BufferedWriter rejected;
    private final BufferedWriter unprocessed;
    private BufferedWriter differences;

    /** The columns of {@code rejected.csv} (also of the spool's own list of locally rejected rows). */
    static final String[] REJECTED_HEADER = {"erp_key", "reason_code", "message", "fields"};

    /**
     * Opens the run's report directory, writing {@code failed.csv}, {@code rejected.csv} and {@code
     * unprocessed.csv} afresh (a resumed run's end writes them again, whole).
     *
     * @param localRejects the rows the read phase rejected (each segment's {@code seg-N.rejected.csv}), copied
     *     first into {@code rejected.csv}; the rows the SDK's pre-flight left out are added with {@link #rejected}
     */
    ReportWriter(Path reportsRoot, String runId, List<Path> localRejects) {
        this.dir = reportsRoot.resolve(runId);
        try {
            Files.createDirectories(dir);
            failed = open("failed.csv", "erp_key", "error_code", "message", "fields", "attempts", "given_up");
            rejected = open("rejected.csv", REJECTED_HEADER);
            for (Path f : localRejects) {
                if (Files.exists(f)) {
                    try (java.io.BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                        in.readLine(); // its header: rejected.csv has its own
                        in.transferTo(rejected);
                    }
                }
            }
            unprocessed = open("unprocessed.csv", "erp_key");
        } catch (IOException e) {
            throw new ConfigException("cannot write the report directory " + dir + ": " + e.getMessage());
        }
    }

    /**
     * Opens a CSV file of this report's format with its header (the spool's list of rejected rows).
     *
     * @return the writer; rows go through {@link #row(BufferedWriter, String...)}
     */
    static BufferedWriter csvFile(Path file, String... header) throws IOException {
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        row(w, header);
        return w;
    }

    Path dir() {
        return dir;
    }

    private BufferedWriter open(String name, String... header) throws IOException {
        return csvFile(dir.resolve(name), header);
    }

    void failed(String key, String code, String message, List<String> fields, int attempts, boolean givenUp) {
        row(failed, key, code, message, String.join(";", fields), String.valueOf(attempts), String.valueOf(givenUp));
    }

    void rejected(String key, String code, String message, String field) {
        row(rejected, key, code, message, field);
    }

    void unprocessed(String key) {
        row(unprocessed, key);
    }

    void difference(String key, String field, String erpValue, String salesforceValue, String explanation) {
        try {
            if (differences == null) {
                differences = open("differences.csv", "erp_key", "field", "erp_value", "salesforce_value",
                        "explanation");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        row(differences, key, field, erpValue, salesforceValue, explanation);
    }

    static void row(BufferedWriter w, String... values) {
        try {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    w.write(',');
                }
                w.write(quote(values[i]));
            }
            w.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String quote(String v) {
        if (v == null) {
            return "";
        }
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }

    /** Writes {@code summary.json} atomically (temporary file, then rename). */
    Path writeSummary(RunSummary s) {
        Path target = dir.resolve("summary.json");
        writeAtomically(target, s.toJson());
        return target;
    }

    static void writeAtomically(Path target, String content) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    @Override
    public void close() {
        try {
            failed.close();
            rejected.close();
            unprocessed.close();
            if (differences != null) {
                differences.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the oldest report directories so that at most {@code keep} remain. */
    static void applyRetention(Path reportsRoot, int keep) {
        if (!Files.isDirectory(reportsRoot)) {
            return;
        }
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(reportsRoot, Files::isDirectory)) {
            ds.forEach(dirs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Collections.sort(dirs); // run ids start with a UTC timestamp: name order is age order
        for (int i = 0; i < dirs.size() - keep; i++) {
            try (Stream<Path> walk = Files.walk(dirs.get(i))) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
