package dev.bulk2.core.ingest;

import dev.bulk2.core.exception.IngestStoppedException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.bulk2.core.Backoff;
import dev.bulk2.core.BulkClient;
import dev.bulk2.core.JobInfo;
import dev.bulk2.core.JobState;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.RetryPolicy;
import dev.bulk2.core.auth.AccessToken;
import dev.bulk2.core.auth.CachingAuthProvider;
import dev.bulk2.core.exception.AuthenticationException;
import dev.bulk2.core.exception.BulkApiException;
import dev.bulk2.core.exception.RequestLimitExceededException;
import dev.bulk2.testkit.Bulk2Emulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only failures that would hit every part stop a run early: a token that stays rejected, the org's daily request
 * limit, a misconfiguration. The jobs already created are collected and named, and the exception says what was
 * loaded and how to resume. Each failure is triggered at an exact point: when the first part's job completes.
 */
class RunStopsEarlyTest {
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

    /** Fresh tokens from the emulator until {@link #broken}; then tokens Salesforce never issued (always 401). */
    static final class SwitchableAuth extends CachingAuthProvider {
        final AtomicBoolean broken = new AtomicBoolean();
        final AtomicInteger fetches = new AtomicInteger();
        private final Bulk2Emulator sf;

        SwitchableAuth(Bulk2Emulator sf) {
            this.sf = sf;
        }

        @Override
        protected AccessToken fetch() {
            int n = fetches.incrementAndGet();
            String t = broken.get() ? "00D000000000001!revoked" + n : sf.issueToken();
            return AccessToken.of(t, sf.instanceUrl(), Instant.EPOCH);
        }
    }

    private Bulk2Emulator emulator(Bulk2Emulator.Builder b) {
        Bulk2Emulator sf = b.port(0).build().start();
        open.add(sf);
        return sf;
    }

    private BulkClient client(Bulk2Emulator sf, SwitchableAuth auth) {
        BulkClient c = BulkClient.builder().instanceUrl(sf.instanceUrl()).auth(auth)
                .retryPolicy(RetryPolicy.builder().backoff(Backoff.fixed(Duration.ofMillis(1))).build()).build();
        open.add(c);
        return c;
    }

    /** 9 rows in 3 parts of 3 (lines 2-4, 5-7, 8-10), one job at a time. */
    private Path input() throws Exception {
        StringBuilder sb = new StringBuilder("External_ID__c,LastName\n");
        for (int i = 1; i <= 9; i++) {
            sb.append("STOP-").append(i).append(",Last").append(i).append('\n');
        }
        Path p = tmp.resolve("in.csv");
        Files.writeString(p, sb.toString());
        return p;
    }

    private static IngestListener onFirstJobComplete(Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        return new IngestListener() {
            @Override
            public void onJobStateChanged(JobInfo job) {
                if (job.state() == JobState.JOB_COMPLETE && done.compareAndSet(false, true)) {
                    action.run();
                }
            }
        };
    }

    private static long creates(Bulk2Emulator sf) {
        return sf.requests().stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/jobs/ingest"))
                .count();
    }

    @Test
    void tokenStaysRejected_stopsTheRun_namesTheJobs_saysWhatWasLoadedAndHowToResume() throws Exception {
        Bulk2Emulator sf = emulator(Bulk2Emulator.builder());
        SwitchableAuth auth = new SwitchableAuth(sf);
        BulkClient client = client(sf, auth);
        IngestRun run = client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(3).maxConcurrentJobs(1)
                .pollingPolicy(FAST).listener(onFirstJobComplete(() -> {
                    auth.broken.set(true);
                    sf.expireAllTokens();
                })).upload(input());

        Throwable t = catchThrowable(run::awaitCompletion);

        assertThat(t).isExactlyInstanceOf(IngestStoppedException.class);
        IngestStoppedException e = (IngestStoppedException) t;
        String job = run.jobIds().get(0);
        assertThat(run.jobIds()).containsExactly(job);
        assertThat(e.getCause()).isExactlyInstanceOf(AuthenticationException.class);
        assertThat(e.getCause().getMessage()).isEqualTo("Salesforce rejected the access token for POST "
                + "/services/data/v64.0/jobs/ingest again after a refresh (INVALID_SESSION_ID). Check the user's "
                + "session settings, the connected app policies and the AuthProvider configuration.");
        assertThat(e.getMessage()).isEqualTo("The ingest stopped early: " + e.getCause().getMessage()
                + " Loaded before the stop: jobs [" + job + "] (3 rows succeeded, 0 failed, 0 unprocessed). The "
                + "input from line 5 on was not sent. To resume: fix the cause, re-attach with "
                + "client.attachIngestJobs([" + job + "]) to wait for the jobs and read their results, then send "
                + "the rows not sent again (an upsert may simply be run again).");
        assertThat(e.allJobIds()).containsExactly(job);
        assertThat(e.unfinishedJobIds()).isEmpty();
        assertThat(e.firstUnsubmittedLine()).isEqualTo(5);
        assertThat(e.result().recordsSucceeded()).isEqualTo(3);
        // the first 401 and 3 fresh tokens, each rejected: no retry of the create beyond that, no second part
        assertThat(auth.fetches.get()).isEqualTo(1 + 3);
        assertThat(creates(sf)).isEqualTo(1 + 4);
        assertThat(sf.records("Account")).hasSize(3);
    }

    @Test
    void dailyRequestLimitReached_stopsTheRun_namesTheJobs_saysWhatWasLoadedAndHowToResume() throws Exception {
        long limit = 60;
        Bulk2Emulator sf = emulator(Bulk2Emulator.builder().apiCallLimit(limit));
        BulkClient client = client(sf, new SwitchableAuth(sf));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        IngestRun run = client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(3).maxConcurrentJobs(1)
                .pollingPolicy(FAST).listener(onFirstJobComplete(() -> {
                    // another integration of the org uses up the rest of the day's allocation
                    String token = sf.issueToken();
                    URI limits = URI.create(sf.instanceUrl() + "/services/data/v64.0/limits");
                    try {
                        while (sf.apiCallCount() < limit) {
                            http.send(HttpRequest.newBuilder(limits).header("Authorization", "Bearer " + token)
                                    .build(), HttpResponse.BodyHandlers.discarding());
                        }
                    } catch (Exception x) {
                        throw new IllegalStateException(x);
                    }
                })).upload(input());

        Throwable t = catchThrowable(run::awaitCompletion);

        assertThat(t).isExactlyInstanceOf(IngestStoppedException.class);
        IngestStoppedException e = (IngestStoppedException) t;
        String job = e.allJobIds().get(0);
        assertThat(e.allJobIds()).containsExactly(job);
        assertThat(e.getCause()).isExactlyInstanceOf(RequestLimitExceededException.class);
        RequestLimitExceededException cause = (RequestLimitExceededException) e.getCause();
        assertThat(cause.statusCode()).isEqualTo(403);
        assertThat(cause.errorCode()).contains("REQUEST_LIMIT_EXCEEDED");
        assertThat(e.getMessage()).isEqualTo("The ingest stopped early: " + cause.getMessage()
                + " Loaded before the stop: jobs [" + job + "] (3 rows succeeded, 0 failed, 0 unprocessed). The "
                + "input from line 5 on was not sent. To resume: fix the cause, re-attach with "
                + "client.attachIngestJobs([" + job + "]) to wait for the jobs and read their results, then send "
                + "the rows not sent again (an upsert may simply be run again).");
        assertThat(e.firstUnsubmittedLine()).isEqualTo(5);
        // the limit is not retried: one refused create, no further part
        assertThat(sf.requests().stream().filter(r -> r.method().equals("POST") && r.status() == 403)).hasSize(1);
        assertThat(sf.records("Account")).hasSize(3);
    }

    @Test
    void misconfiguration_failsAtTheFirstPart_withTheFailureItself_andSendsNothingElse() throws Exception {
        Bulk2Emulator sf = emulator(Bulk2Emulator.builder());
        BulkClient client = client(sf, new SwitchableAuth(sf));
        IngestRun run = client.ingest("NoSuchObject__c").upsert("External_ID__c").maxRecordsPerJob(3)
                .maxConcurrentJobs(1).pollingPolicy(FAST).upload(input());

        Throwable t = catchThrowable(run::awaitCompletion);

        assertThat(t).isExactlyInstanceOf(BulkApiException.class);
        BulkApiException e = (BulkApiException) t;
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.errorCode()).contains("INVALIDENTITY");
        assertThat(e.getMessage()).isEqualTo("POST /services/data/v64.0/jobs/ingest failed: INVALIDENTITY (HTTP 400): "
                + "Entity 'NoSuchObject__c' is not supported by the Bulk API.. Fix the request (object, field names, "
                + "operation or query); retrying will not help");
        assertThat(run.jobIds()).isEmpty();
        // one create only: the failure would hit every part, so the other parts are not tried
        assertThat(creates(sf)).isEqualTo(1);
        assertThat(sf.jobs()).isEmpty();
    }
}
