package dev.bulk2.examples.sync;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A read-only look at an SDK run journal (the JSON-lines format of {@code docs/journal.md}), for what the SDK
 * does not expose while a run is in flight or after its process is gone: the jobs created, whether every part of
 * the input is uploaded and closed (the end of {@code --submit-only}), and whether the run completed. A torn
 * last line is ignored, like the SDK does. Immutable.
 */
final class JournalView {
    private static final JsonFactory JSON = new JsonFactory();

    private final List<String> jobIds;
    private final int plannedParts;
    private final Set<Integer> closedParts;
    private final boolean complete;

    private JournalView(List<String> jobIds, int plannedParts, Set<Integer> closedParts, boolean complete) {
        this.jobIds = jobIds;
        this.plannedParts = plannedParts;
        this.closedParts = closedParts;
        this.complete = complete;
    }

    static JournalView read(Path journal) {
        Set<String> jobs = new LinkedHashSet<>();
        Set<Integer> closed = new HashSet<>();
        int planned = -1;
        boolean complete = false;
        try (BufferedReader r = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String type = null;
                String job = null;
                int round = -1;
                int part = -1;
                int parts = -1;
                try (JsonParser p = JSON.createParser(line)) {
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        continue;
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.getCurrentName();
                        JsonToken t = p.nextToken();
                        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                            p.skipChildren();
                        } else if ("type".equals(name)) {
                            type = p.getText();
                        } else if ("job".equals(name)) {
                            job = p.getText();
                        } else if ("round".equals(name)) {
                            round = p.getIntValue();
                        } else if ("part".equals(name)) {
                            part = p.getIntValue();
                        } else if ("parts".equals(name)) {
                            parts = p.getIntValue();
                        }
                    }
                } catch (IOException torn) {
                    continue; // a torn last line: the SDK ignores it too
                }
                if ("jobCreated".equals(type) && job != null) {
                    jobs.add(job);
                } else if (("closed".equals(type) || "terminal".equals(type)) && round == 0) {
                    closed.add(part);
                } else if ("roundPlanned".equals(type) && round == 0) {
                    planned = parts;
                } else if ("runComplete".equals(type)) {
                    complete = true;
                }
            }
        } catch (NoSuchFileException e) {
            return new JournalView(List.of(), -1, Set.of(), false);
        } catch (IOException e) {
            throw new ConfigException("cannot read the run journal " + journal + ": " + e.getMessage());
        }
        return new JournalView(new ArrayList<>(jobs), planned, closed, complete);
    }

    /** @return the jobs the run created, oldest first */
    List<String> jobIds() {
        return jobIds;
    }

    /** @return whether every part of the input was planned and its job closed (or already terminal) */
    boolean allClosed() {
        return complete || (plannedParts >= 0 && closedParts.size() >= plannedParts);
    }

    /** @return whether the run completed ({@code runComplete}) */
    boolean complete() {
        return complete;
    }
}
