package dev.bulk2.core.query;

import dev.bulk2.core.BulkClient;
import dev.bulk2.core.JobInfo;
import dev.bulk2.core.auth.AuthProvider;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child JVM of {@link QueryJournalCrashTest}: runs a journaled export ({@link QueryJournalCrashTest#SOQL},
 * {@link QueryJournalCrashTest#PAGE} rows per page) to a file against the emulator in the test JVM and, at the
 * crash point it is told, prints {@code AT <point>} and blocks, so that the test can kill it there with SIGKILL.
 * The page points are in page {@link #PAGE_INDEX} (the second page). Prints {@code DONE <rows>} when the export
 * ends without reaching the point.
 *
 * <p>Arguments: instance URL, token, output file, journal file, crash point.
 */
public final class QueryJournalCrashMain {
    /** The page the page points stop in. */
    static final long PAGE_INDEX = 1;

    private QueryJournalCrashMain() {
    }

    public static void main(String[] args) throws Exception {
        URI instance = URI.create(args[0]);
        String token = args[1];
        Path out = Path.of(args[2]);
        Path journal = Path.of(args[3]);
        String point = args[4];
        QueryListener listener = new QueryListener() {
            @Override
            public void jobCreated(JobInfo job) {
                reached(point, "jobJournaled");
            }

            @Override
            public void jobPolled(JobInfo job) {
                if (!job.isTerminal()) {
                    reached(point, "polling");
                }
            }
        };
        JournaledExport.CrashPoints points = (at, page) -> {
            if (at.equals("beforeComplete") || page == PAGE_INDEX) {
                reached(point, at);
            }
        };
        try (BulkClient client = BulkClient.builder().instanceUrl(instance).auth(AuthProvider.ofToken(token))
                .build()) {
            QueryResult r = client.query(QueryJournalCrashTest.SOQL).maxRecordsPerPage(QueryJournalCrashTest.PAGE)
                    .pollingPolicy(QueryTestSupport.FAST_POLL).timeout(Duration.ofMinutes(2)).listener(listener)
                    .journal(journal).crashPoints(points).toPath(out);
            System.out.println("DONE " + r.rows());
        }
    }

    /** At the crash point: says so and blocks until killed (the ingest crash child's rule). */
    static void reached(String point, String here) {
        dev.bulk2.core.ingest.JournalCrashMain.reached(point, here);
    }
}
