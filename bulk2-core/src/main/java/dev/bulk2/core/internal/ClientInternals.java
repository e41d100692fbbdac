package dev.bulk2.core.internal;

import dev.bulk2.core.BulkClient;
import java.util.Objects;
import java.util.function.Function;

/**
 * Gives code in sibling packages access to a {@link BulkClient}'s {@link ClientContext} without a public API for
 * it. {@code BulkClient} installs the accessor when its class initialises. Internal.
 */
public final class ClientInternals {
    private static volatile Function<BulkClient, ClientContext> accessor;

    private ClientInternals() {
    }

    /**
     * Installs the accessor; only {@code BulkClient} calls this, once.
     *
     * @param a the accessor
     */
    public static synchronized void install(Function<BulkClient, ClientContext> a) {
        if (accessor != null) {
            throw new IllegalStateException("ClientInternals accessor already installed");
        }
        accessor = Objects.requireNonNull(a);
    }

    /**
     * The context of a client.
     *
     * @param client the client
     * @return its context
     */
    public static ClientContext context(BulkClient client) {
        Objects.requireNonNull(client, "client");
        return accessor.apply(client);
    }
}
