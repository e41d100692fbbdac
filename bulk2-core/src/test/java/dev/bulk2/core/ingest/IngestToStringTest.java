package dev.bulk2.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.auth.AuthProvider;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** {@code toString()} of the fluent ingest works at every step and never shows the token. */
class IngestToStringTest {
    private static final String TOKEN = "00DWs000000abcd!AQ8AQSecretTokenValue";

    @Test
    void beforeTheOperationIsChosen_describesWhatIsSet() {
        try (BulkClient client = BulkClient.builder().instanceUrl(URI.create("http://127.0.0.1:1"))
                .auth(AuthProvider.ofToken(TOKEN)).build()) {
            String s = client.ingest("Account").toString();
            assertThat(s).startsWith("Ingest{IngestJobRequest.Builder{object=Account, operation=(not chosen),")
                    .doesNotContain(TOKEN);
            String upsert = client.ingest("Account").upsert("External_ID__c").maxConcurrentJobs(2).toString();
            assertThat(upsert).contains("object=Account, operation=upsert, externalIdFieldName=External_ID__c")
                    .contains("maxConcurrentJobs=2").doesNotContain(TOKEN);
        }
    }
}
