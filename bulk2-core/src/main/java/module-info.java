/**
 * The bulk2 client for the Salesforce Bulk API 2.0: {@link dev.bulk2.core.BulkClient}, fluent ingest and query,
 * the low-level job API, retries, authentication hooks and the exceptions a call can throw.
 *
 * <p>Exports the API packages {@code dev.bulk2.core}, {@code .auth}, {@code .exception}, {@code .ingest},
 * {@code .org}, {@code .plan} and {@code .query}; {@code dev.bulk2.core.internal} and its subpackages (the transport, the client
 * internals) are not exported, except {@code dev.bulk2.core.internal.net} to {@code dev.bulk2.auth} only (its
 * token endpoint words connection failures as the REST calls do). Reads {@code dev.bulk2.csv} and {@code java.net.http} transitively, as
 * the API uses their types; Jackson is used only inside.
 */
module dev.bulk2.core {
    requires transitive dev.bulk2.csv;
    requires transitive java.net.http;
    requires com.fasterxml.jackson.core;

    exports dev.bulk2.core;
    exports dev.bulk2.core.auth;
    exports dev.bulk2.core.exception;
    exports dev.bulk2.core.ingest;
    exports dev.bulk2.core.org;
    exports dev.bulk2.core.plan;
    exports dev.bulk2.core.query;
    exports dev.bulk2.core.internal.net to dev.bulk2.auth;
}
