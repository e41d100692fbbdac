package dev.bulk2.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.Operation;
import dev.bulk2.core.TestSupport;
import dev.bulk2.core.internal.ClientInternals;
import dev.bulk2.testkit.RecordingSleeper;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A resumed part's orphan search (after a create whose answer was not journaled) must not take the job of a
 * create another part of the same client has in flight for an orphan: Salesforce lists that job {@code Open}
 * before its create's answer arrives.
 */
class OrphanSearchRaceTest {
    private static final String JOB = "{\"id\":\"750Ws00000Bx1nQIAR\",\"operation\":\"insert\",\"object\":\"Account\","
            + "\"state\":\"Open\",\"createdDate\":\"2025-06-02T09:14:07.000+0000\"}";
    private final CountDownLatch postArrived = new CountDownLatch(1);
    private final CountDownLatch releaseCreate = new CountDownLatch(1);
    private MockWebServer server;
    private BulkClient client;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
                if ("POST".equals(r.getMethod())) {
                    postArrived.countDown();
                    // the job exists (and is listed) while the create's answer is still on its way
                    if (!releaseCreate.await(30, TimeUnit.SECONDS)) {
                        return new MockResponse().setResponseCode(500);
                    }
                    return json(JOB);
                }
                if ("GET".equals(r.getMethod()) && r.getPath().endsWith("/jobs/ingest?jobType=V2Ingest")) {
                    return json("{\"done\":true,\"records\":[" + JOB + "]}");
                }
                return new MockResponse().setResponseCode(404);
            }
        });
        server.start();
        var clock = TestSupport.clockAt2025();
        client = TestSupport.clientFor(server, RecordingSleeper.advancing(clock), clock).build();
    }

    private static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
    }

    @AfterEach
    void stop() throws Exception {
        releaseCreate.countDown();
        client.close();
        server.shutdown();
    }

    @Test
    void orphanSearch_waitsForTheCreateInFlight_andDoesNotTakeItsJobForAnOrphan() throws Exception {
        CreateIngestJobRequest request = CreateIngestJobRequest.builder().object("Account")
                .operation(Operation.INSERT).build();
        CompletableFuture<String> create = CompletableFuture.supplyAsync(() -> client.ingestJobs().create(request)
                .id());
        assertThat(postArrived.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<List<String>> search = CompletableFuture.supplyAsync(() -> client.ingestJobs()
                .openOrphans(request, Instant.parse("2025-06-02T09:14:00Z"), Set.of()));
        var lock = ClientInternals.context(client).createLock();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!lock.hasQueuedThreads() && !search.isDone() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(search).as("the search waits for the create in flight").isNotDone();
        assertThat(lock.hasQueuedThreads()).isTrue();
        releaseCreate.countDown();
        assertThat(create.get(30, TimeUnit.SECONDS)).isEqualTo("750Ws00000Bx1nQIAR");
        assertThat(search.get(30, TimeUnit.SECONDS)).as("the job of this client's own create is no orphan").isEmpty();
        assertThat(server.takeRequest().getMethod()).isEqualTo("POST");
        RecordedRequest list = server.takeRequest();
        assertThat(list.getMethod()).isEqualTo("GET");
        assertThat(list.getPath()).isEqualTo("/services/data/v64.0/jobs/ingest?jobType=V2Ingest");
        assertThat(server.getRequestCount()).as("nothing aborted, nothing else sent").isEqualTo(2);
    }
}
