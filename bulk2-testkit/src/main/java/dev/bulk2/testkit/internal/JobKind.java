package dev.bulk2.testkit.internal;

import java.io.IOException;

/** What differs between the ingest and the query job resources; the URL rules they share are in routeJobs. */
interface JobKind {
    /** @return whether this kind serves {@code /jobs/query} */
    boolean isQuery();

    /** POST on the collection. */
    void create(Http h, String version) throws IOException;

    /** PATCH on one job (a state change). */
    void patch(Http h, Job j) throws IOException;

    /** DELETE on one job. */
    void delete(Http h, Job j) throws IOException;

    /** Any method on a sub-resource of one job; answers 404 or 405 itself for what it does not serve. */
    void subResource(Http h, Job j, String sub, String method, String version) throws IOException;
}
