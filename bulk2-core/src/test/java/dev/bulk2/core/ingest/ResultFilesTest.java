package dev.bulk2.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.exception.LocalIoException;
import dev.bulk2.testkit.Bulk2Emulator;
import dev.bulk2.testkit.RecordedRequest;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** writeTo(dir, files) writes only what is asked for, and every output file honours the umask. */
class ResultFilesTest {
    private static final PollingPolicy FAST = PollingPolicy.builder().initialDelay(Duration.ofMillis(5))
            .multiplier(1.5).maxDelay(Duration.ofMillis(40)).jitter(0).build();

    @TempDir
    Path tmp;

    private static long requestsTo(Bulk2Emulator sf, String resource) {
        return sf.requests().stream().map(RecordedRequest::path).filter(p -> p.contains(resource)).count();
    }

    @Test
    void failedAndUnprocessedOnly_neverDownloadsTheSuccesses_andFilesHonourTheUmask() throws Exception {
        Path in = Files.writeString(tmp.resolve("in.csv"), "External_ID__c,LastName\nEXT-1,A\nEXT-2," + "x".repeat(300)
                + "\nEXT-3,C\n");
        try (Bulk2Emulator sf = Bulk2Emulator.builder().port(0).build().start();
                BulkClient client = BulkClient.builder().instanceUrl(sf.instanceUrl())
                        .auth(AuthProvider.ofToken(sf.issueToken())).build()) {
            IngestResult r = client.ingest("Account").upsert("External_ID__c").pollingPolicy(FAST).upload(in)
                    .awaitCompletion();
            assertThat(r.recordsFailed()).isEqualTo(1);
            long successDownloads = requestsTo(sf, "successfulResults");
            Path out = tmp.resolve("report");

            Map<String, Long> written = r.writeTo(out, EnumSet.of(ResultFile.FAILED, ResultFile.UNPROCESSED));

            assertThat(written).containsExactly(Map.entry("failed.csv", 1L), Map.entry("unprocessed.csv", 0L));
            assertThat(requestsTo(sf, "successfulResults")).isEqualTo(successDownloads);
            assertThat(out.resolve("successful.csv")).doesNotExist();
            assertThat(Files.readAllLines(out.resolve("failed.csv"))).hasSize(2)
                    .first().isEqualTo("sf__Id,sf__Error,External_ID__c,LastName");
            assertThat(Files.readAllLines(out.resolve("unprocessed.csv")))
                    .containsExactly("External_ID__c,LastName");
            assertThat(r.writeTo(out, Set.of(ResultFile.SUCCESSFUL))).containsExactly(Map.entry("successful.csv", 2L));
            assertThatThrownBy(() -> r.writeTo(out, Set.of())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Choose at least one ResultFile to write");

            // a regular file where the directory should be: a LocalIoException naming it
            Path notDir = Files.writeString(tmp.resolve("taken"), "x");
            assertThatThrownBy(() -> r.writeTo(notDir, Set.of(ResultFile.FAILED)))
                    .isInstanceOfSatisfying(LocalIoException.class, e -> assertThat(e.path()).contains(notDir))
                    .hasMessageStartingWith("Cannot write the ingest results to " + notDir + ": ");

            assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
            var umaskDefault = Files.getPosixFilePermissions(Files.createFile(tmp.resolve("probe")));
            for (String f : new String[] {"failed.csv", "unprocessed.csv", "successful.csv"}) {
                assertThat(Files.getPosixFilePermissions(out.resolve(f))).as(f).isEqualTo(umaskDefault);
            }
            // the query export too (it used to be owner-only, 0600, from a temporary file)
            Path export = tmp.resolve("accounts.csv");
            client.query("SELECT Id, External_ID__c FROM Account").toPath(export);
            assertThat(Files.readAllLines(export)).hasSize(3);
            assertThat(Files.getPosixFilePermissions(export)).isEqualTo(umaskDefault);
        }
    }
}
