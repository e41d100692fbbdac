package dev.bulk2.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulk2.core.Backoff;
import dev.bulk2.core.BulkClient;
import dev.bulk2.core.JobState;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.RetryPolicy;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.exception.IngestFailedException;
import dev.bulk2.testkit.Bulk2Emulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verdict of a run: a failed load never looks like a success (issue 13). */
class IngestOutcomeTest {
    private static final PollingPolicy FAST = PollingPolicy.builder().initialDelay(Duration.ofMillis(5))
            .maxDelay(Duration.ofMillis(20)).jitter(0).build();

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private BulkClient client() {
        Bulk2Emulator sf = Bulk2Emulator.builder().port(0).build().start();
        open.add(sf);
        BulkClient c = BulkClient.builder().instanceUrl(sf.instanceUrl()).auth(AuthProvider.ofToken(sf.issueToken()))
                .retryPolicy(RetryPolicy.builder().maxAttempts(2).backoff(Backoff.fixed(Duration.ofMillis(1))).build())
                .build();
        open.add(c);
        return c;
    }

    private Path csv(String content) throws Exception {
        Path p = tmp.resolve("in.csv");
        Files.writeString(p, content);
        return p;
    }

    @Test
    void jobFailedAsAWhole_isNotSuccessful_althoughNoRowFailedAndItReconciles() throws Exception {
        IngestResult r = client().ingest("Account").upsert("External_ID__c").pollingPolicy(FAST)
                .upload(csv("External_ID__c,LastName,Email\nE-1,One,a@example.com\nE-2,Two,b@example.com\n"))
                .awaitCompletion();
        String job = r.jobIds().get(0);

        // what the issue saw: nothing says "failed" in the counts
        assertThat(r.jobs()).extracting(j -> j.state()).containsExactly(JobState.FAILED);
        assertThat(r.recordsFailed()).isZero();
        assertThat(r.isReconciled()).isTrue();
        // the verdict does
        assertThat(r.outcome()).isEqualTo(IngestOutcome.JOBS_FAILED_OR_RECORDS_UNPROCESSED);
        assertThat(r.isSuccessful()).isFalse();
        assertThat(r.toString()).isEqualTo("IngestResult{failedJobs=[job " + job
                + " FAILED: InvalidBatch : Field name not found : Email], outcome=JOBS_FAILED_OR_RECORDS_UNPROCESSED, "
                + "jobs=1, submitted=2, succeeded=0, failed=0, unprocessed=2, reconciled=true}");
        assertThat(r.reconciliationReport()).startsWith("JOBS_FAILED_OR_RECORDS_UNPROCESSED\n"
                + "  FAILED JOB " + job + " FAILED: InvalidBatch : Field name not found : Email\n"
                + "submitted 2 = succeeded 0 + failed 0 + unprocessed 2: reconciled\n");

        IngestFailedException e = catchThrowableOfType(r::throwIfNotSuccessful, IngestFailedException.class);
        assertThat(e).hasMessage("Ingest not successful (JOBS_FAILED_OR_RECORDS_UNPROCESSED): 1 of 1 job failed (job "
                + job + " FAILED: InvalidBatch : Field name not found : Email); 0 rows failed, 2 rows unprocessed, "
                + "0 of 2 succeeded. Fix the cause named above, then load the unprocessed rows again "
                + "(unprocessedRecords() or writeTo(dir) writes unprocessed.csv).");
        assertThat(e.outcome()).isEqualTo(IngestOutcome.JOBS_FAILED_OR_RECORDS_UNPROCESSED);
        assertThat(e.result()).isSameAs(r);
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void rowErrors_areSomeRecordsFailed_andThrowNamingTheFailedRows() throws Exception {
        IngestResult r = client().ingest("Account").insert().pollingPolicy(FAST)
                .upload(csv("External_ID__c,LastName,PersonEmail\nOK-1,Fine,\nBAD-1,Bad,not-an-email\n"))
                .awaitCompletion();

        assertThat(r.outcome()).isEqualTo(IngestOutcome.SOME_RECORDS_FAILED);
        assertThat(r.isSuccessful()).isFalse();
        assertThat(r.toString()).startsWith("IngestResult{outcome=SOME_RECORDS_FAILED, jobs=1, submitted=2, "
                + "succeeded=1, failed=1, unprocessed=0");
        IngestFailedException e = catchThrowableOfType(r::throwIfNotSuccessful, IngestFailedException.class);
        assertThat(e).hasMessage("Ingest not successful (SOME_RECORDS_FAILED): 1 rows failed, 0 rows unprocessed, "
                + "1 of 2 succeeded. The failed rows and their errors are in failedRecords() (writeTo(dir) writes "
                + "failed.csv).");
        assertThat(e.outcome()).isEqualTo(IngestOutcome.SOME_RECORDS_FAILED);
    }

    @Test
    void everyRowSucceeded_isSuccessful_andThrowIfNotSuccessfulReturnsTheResult() throws Exception {
        IngestResult r = client().ingest("Account").upsert("External_ID__c").pollingPolicy(FAST)
                .upload(csv("External_ID__c,LastName\nE-1,One\nE-2,Two\n")).awaitCompletion();

        assertThat(r.outcome()).isEqualTo(IngestOutcome.ALL_SUCCEEDED);
        assertThat(r.isSuccessful()).isTrue();
        assertThat(r.throwIfNotSuccessful()).isSameAs(r);
        assertThat(r.toString()).isEqualTo("IngestResult{outcome=ALL_SUCCEEDED, jobs=1, submitted=2, succeeded=2, "
                + "failed=0, unprocessed=0, reconciled=true}");
        assertThat(r.reconciliationReport()).startsWith("ALL_SUCCEEDED\nsubmitted 2 = succeeded 2 + failed 0 + "
                + "unprocessed 0: reconciled\n");
    }
}
