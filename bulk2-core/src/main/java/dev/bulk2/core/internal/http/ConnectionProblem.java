package dev.bulk2.core.internal.http;

import dev.bulk2.core.internal.net.ConnectionProblems;
import java.io.IOException;
import java.net.URI;

/** The transport's view of {@link ConnectionProblems} (the wording is shared with bulk2-auth). Internal. */
final class ConnectionProblem {
    private ConnectionProblem() {
    }

    static String describe(IOException e, URI uri) {
        return ConnectionProblems.describe(e, uri);
    }

    static String hint(IOException e) {
        return ConnectionProblems.hint(e);
    }
}
