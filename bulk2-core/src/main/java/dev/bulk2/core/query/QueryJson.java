package dev.bulk2.core.query;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.bulk2.core.internal.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Reads the {@code resultPages} JSON with jackson-core streaming. Package-private. */
final class QueryJson {
    private QueryJson() {
    }

    /** One answer of {@code resultPages}. */
    static final class LinksPage {
        final List<String> resultUrls;
        final String next;
        final boolean done;

        LinksPage(List<String> resultUrls, String next, boolean done) {
            this.resultUrls = Collections.unmodifiableList(resultUrls);
            this.next = next;
            this.done = done;
        }
    }

    /**
     * Reads {@code {"resultPages":[{"resultUrl":…}],"nextRecordsUrl":…,"done":…}}; the continuation is accepted
     * as {@code nextRecordsUrl} or {@code nextRecordUrl} (the documentation spells it both ways).
     */
    static LinksPage readLinks(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
            throw new IOException("Malformed resultPages answer: expected an object but found " + t);
        }
        List<String> urls = new ArrayList<>();
        String next = null;
        Boolean done = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            t = p.nextToken();
            switch (name) {
                case "resultPages":
                    if (t == JsonToken.START_ARRAY) {
                        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                            if (t == JsonToken.START_OBJECT) {
                                String url = readLink(p);
                                if (url != null) {
                                    urls.add(url);
                                }
                            } else if (t == JsonToken.VALUE_STRING) {
                                urls.add(p.getText());
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "nextRecordsUrl":
                case "nextRecordUrl": {
                    String v = Json.text(p);
                    if (v != null && !v.isBlank() && !v.equals("null")) {
                        next = v;
                    }
                    break;
                }
                case "done":
                    done = t == JsonToken.VALUE_TRUE || "true".equals(Json.text(p));
                    break;
                default:
                    p.skipChildren();
            }
        }
        boolean isDone = done != null ? done || next == null : next == null;
        return new LinksPage(urls, isDone ? null : next, isDone);
    }

    private static String readLink(JsonParser p) throws IOException {
        String url = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("resultUrl") || name.equals("resultsUrl") || name.equals("url")) {
                String v = Json.text(p);
                if (v != null && !v.isBlank()) {
                    url = v;
                }
            } else {
                p.skipChildren();
            }
        }
        return url;
    }
}
