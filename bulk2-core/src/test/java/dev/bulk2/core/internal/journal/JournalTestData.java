package dev.bulk2.core.internal.journal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Requests, identities and entries shared by the journal tests. */
final class JournalTestData {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T02:00:00Z"), ZoneOffset.UTC);

    private JournalTestData() {
    }

    static Map<String, String> upsertFields(String externalId) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("object", "Account");
        f.put("operation", "upsert");
        f.put("externalIdFieldName", externalId);
        f.put("lineEnding", "LF");
        f.put("columnDelimiter", "COMMA");
        f.put("maxBytesPerJob", "100000000");
        f.put("maxRecordsPerJob", "150000000");
        f.put("recordRetryRounds", "2");
        return f;
    }

    static JournalRequest upsert() {
        return JournalRequest.of(JournalKind.INGEST, upsertFields("External_ID__c"));
    }

    static JournalRequest query() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("query", "SELECT Id, Name FROM Account");
        f.put("operation", "query");
        f.put("columnDelimiter", "COMMA");
        f.put("lineEnding", "LF");
        return JournalRequest.of(JournalKind.QUERY, f);
    }

    static InputIdentity input() {
        return InputIdentity.ofFile(1234, "aa".repeat(32), "/data/clients.csv");
    }

    static final String SHA_A = "0a".repeat(32);
    static final String SHA_B = "0b".repeat(32);

    /** A complete two-part ingest with a record-retry round, in journal order. */
    static List<JournalEntry> fullIngest() {
        return List.of(
                new JournalEntry.PartPlanned(0, 0, 0, 600, 2, 57, 60_000, SHA_A),
                new JournalEntry.CreateSent(0, 0, 1),
                new JournalEntry.JobCreated(0, 0, "750A"),
                new JournalEntry.Uploaded(0, 0, "750A", 60_000, null),
                new JournalEntry.Closed(0, 0, "750A", "UploadComplete"),
                new JournalEntry.PartPlanned(0, 1, 600, 400, 602, 60_057, 40_000, null),
                new JournalEntry.RoundPlanned(0, 2, 1000),
                new JournalEntry.CreateSent(0, 1, 1),
                new JournalEntry.JobCreated(0, 1, "750B"),
                new JournalEntry.Terminal(0, 1, "750B", "Aborted", 0, 0, "upload outcome unknown"),
                new JournalEntry.CreateSent(0, 1, 2),
                new JournalEntry.JobCreated(0, 1, "750C"),
                new JournalEntry.Uploaded(0, 1, "750C", 40_000, SHA_B),
                new JournalEntry.Closed(0, 1, "750C", "UploadComplete"),
                new JournalEntry.Terminal(0, 0, "750A", "JobComplete", 600, 3, null),
                new JournalEntry.Terminal(0, 1, "750C", "JobComplete", 400, 0, null),
                new JournalEntry.RetryRound(1, List.of("750A"), null, null),
                new JournalEntry.PartPlanned(1, 0, 0, 3, 0, -1, 300, "0c".repeat(32)),
                new JournalEntry.RoundPlanned(1, 1, 3),
                new JournalEntry.CreateSent(1, 0, 1),
                new JournalEntry.JobCreated(1, 0, "750D"),
                new JournalEntry.Uploaded(1, 0, "750D", 300, null),
                new JournalEntry.Closed(1, 0, "750D", "UploadComplete"),
                new JournalEntry.Terminal(1, 0, "750D", "JobComplete", 3, 0, null),
                new JournalEntry.PartFailed(1, 0, "never: for the round trip only"),
                new JournalEntry.RunComplete(1000, 1000, 0, 0));
    }

    static List<JournalEntry> fullQuery() {
        return List.of(
                new JournalEntry.QueryJob("750Q"),
                new JournalEntry.Page(0, null, "MjAwMDA", 20_000, 1_000_000),
                new JournalEntry.Page(1, "MjAwMDA", "NDAwMDA", 20_000, 2_000_000),
                new JournalEntry.Page(2, "NDAwMDA", null, 5, 2_000_250),
                new JournalEntry.ExportComplete(3, 40_005, 2_000_250));
    }
}
