package dev.bulk2.testkit.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * {@code GET /services/data/vXX.X/limits}: the org limits, {@code {"Name": {"Max": n, "Remaining": n}}} in
 * alphabetical order as the REST API developer guide's "List Org Limits" example shows, generated from the
 * emulator's own counters and caps.
 */
final class Limits {
    /** Salesforce counts most records as 2 KB of data storage. */
    static final long RECORD_BYTES = 2048;
    private final Engine e;

    Limits(Engine e) {
        this.e = e;
    }

    void handle(Http h) throws IOException {
        long records = 0;
        for (ObjectStore s : e.stores.values()) {
            records += s.liveCount();
        }
        long dataMB = (records * RECORD_BYTES + (1 << 20) - 1) >> 20;
        long apiUsed = e.apiCallCount();
        h.json(200, Json.render(g -> {
            g.writeStartObject();
            limit(g, "DailyApiRequests", e.cfg.apiCallLimit, apiUsed);
            limit(g, "DailyBulkApiBatches", e.cfg.dailyBulkApiBatches, e.bulkApiBatchCount());
            limit(g, "DailyBulkV2QueryFileStorageMB", e.cfg.dailyBulkV2QueryFileStorageMB, e.allocations.queryStorageMBUsed());
            limit(g, "DailyBulkV2QueryJobs", e.cfg.dailyBulkV2QueryJobs, e.queryJobCount());
            limit(g, "DataStorageMB", e.cfg.dataStorageMB, dataMB);
            g.writeEndObject();
        }));
    }

    private static void limit(JsonGenerator g, String name, long max, long used) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("Max", max);
        g.writeNumberField("Remaining", Math.max(0, max - used));
        g.writeEndObject();
    }
}
