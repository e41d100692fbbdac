package dev.bulk2.core.query;

import dev.bulk2.core.PollingPolicy;
import java.nio.file.Path;

/** The download settings of one query run. Package-private, immutable. */
final class QuerySettings {
    final int maxRecordsPerPage;
    final int parallelism;
    final int maxPageAttempts;
    final long memoryPerPage;
    final Path spoolDirectory;
    final PollingPolicy pollingPolicy;
    final QueryListener listener;

    QuerySettings(int maxRecordsPerPage, int parallelism, int maxPageAttempts, long memoryPerPage,
            Path spoolDirectory, PollingPolicy pollingPolicy, QueryListener listener) {
        this.maxRecordsPerPage = maxRecordsPerPage;
        this.parallelism = parallelism;
        this.maxPageAttempts = maxPageAttempts;
        this.memoryPerPage = memoryPerPage;
        this.spoolDirectory = spoolDirectory;
        this.pollingPolicy = pollingPolicy;
        this.listener = listener;
    }
}
