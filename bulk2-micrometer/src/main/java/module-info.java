/**
 * Micrometer meters for bulk2: {@link dev.bulk2.micrometer.Bulk2Metrics} turns the client's
 * {@link dev.bulk2.core.ClientObserver} events and the runs' {@link dev.bulk2.core.ingest.IngestListener} events
 * into counters, timers and gauges.
 *
 * <p>Exports {@code dev.bulk2.micrometer} only; reads {@code dev.bulk2.core} and {@code micrometer.core}
 * transitively (the binder's API uses their types).
 */
module dev.bulk2.micrometer {
    requires transitive dev.bulk2.core;
    requires transitive micrometer.core;

    exports dev.bulk2.micrometer;
}
