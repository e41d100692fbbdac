package dev.bulk2.core.query;

import dev.bulk2.core.internal.ApiBridge;
import dev.bulk2.core.internal.ClientContext;

/** Installs the query entry points into {@link ApiBridge} (loaded by it on first use). Package-private. */
final class QueryBridge implements ApiBridge.Queries {
    static {
        ApiBridge.install(new QueryBridge());
    }

    private QueryBridge() {
    }

    @Override
    public Query query(ClientContext ctx, QueryJobRequest request) {
        return new Query(QueryJobs.forContext(ctx), request);
    }

    @Override
    public QueryJobs queryJobs(ClientContext ctx) {
        return QueryJobs.forContext(ctx);
    }
}
