package dev.bulk2.consumercheck;

import dev.bulk2.auth.ClientCredentialsAuth;
import dev.bulk2.core.BulkClient;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.ingest.IngestResult;
import dev.bulk2.core.query.QueryRows;
import dev.bulk2.testkit.Bulk2Emulator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a user's project does with bulk2: an upsert with OAuth client credentials against the standalone emulator
 * (its token URL, client id and secret are the arguments), read back with a bulk query, then the same upsert
 * against an in-process emulator from bulk2-testkit. Exits non-zero (an exception) when anything is off.
 */
public final class ConsumerCheck {
    private static final int ROWS = 3;

    private ConsumerCheck() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ConsumerCheck <tokenUrl> <clientId> <clientSecret>");
        }
        Path csv = Files.createTempFile("consumer-check", ".csv");
        try {
            StringBuilder sb = new StringBuilder("External_ID__c,FirstName,LastName\n");
            for (int i = 1; i <= ROWS; i++) {
                sb.append("CC-").append(i).append(",Ada,Consumer").append(i).append('\n');
            }
            Files.writeString(csv, sb);

            AuthProvider auth = ClientCredentialsAuth.builder().tokenUrl(URI.create(args[0]))
                    .clientId(args[1]).clientSecret(args[2]).build();
            try (BulkClient client = BulkClient.builder().auth(auth).build()) {
                client.verify();
                IngestResult r = upsert(client, csv);
                long stored = 0;
                try (QueryRows<Map<String, String>> rows = client
                        .query("SELECT Id, External_ID__c FROM Account").stream()) {
                    for (Map<String, String> row : rows) {
                        if (row.getOrDefault("External_ID__c", "").startsWith("CC-")) {
                            stored++;
                        }
                    }
                }
                check(stored == ROWS, "the standalone emulator holds " + stored + " CC- accounts, expected " + ROWS);
                System.out.println("consumer-check: standalone emulator: " + r.recordsSucceeded()
                        + " records upserted and read back, " + client.apiCallCount() + " API calls");
            }

            try (Bulk2Emulator sf = Bulk2Emulator.builder().port(0).build().start();
                    BulkClient client = BulkClient.builder().instanceUrl(sf.instanceUrl())
                            .auth(AuthProvider.ofToken(sf.issueToken())).build()) {
                upsert(client, csv);
                check(sf.records("Account").size() == ROWS, "the in-process emulator holds "
                        + sf.records("Account").size() + " accounts, expected " + ROWS);
                System.out.println("consumer-check: in-process emulator (bulk2-testkit): " + ROWS
                        + " records stored");
            }
        } finally {
            Files.deleteIfExists(csv);
        }
        System.out.println("consumer-check: OK");
    }

    private static IngestResult upsert(BulkClient client, Path csv) {
        IngestResult r = client.ingest("Account").upsert("External_ID__c").upload(csv)
                .awaitCompletion(Duration.ofMinutes(2));
        r.throwIfNotSuccessful();
        check(r.recordsSubmitted() == ROWS && r.recordsSucceeded() == ROWS, "unexpected result: " + r);
        return r;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException("consumer-check failed: " + message);
        }
    }
}
