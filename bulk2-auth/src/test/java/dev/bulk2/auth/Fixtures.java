package dev.bulk2.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Reads parts of src/test/resources/fixtures/oauth-and-rest-errors.json as JSON text. */
final class Fixtures {
    private static final JsonFactory JSON = new JsonFactory();

    private Fixtures() {
    }

    /** The JSON text at a path of object member names, e.g. "clientCredentials", "response", "body". */
    static String json(String... path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/oauth-and-rest-errors.json");
                JsonParser p = JSON.createParser(in)) {
            p.nextToken();
            for (String name : path) {
                seek(p, name);
            }
            return copy(p);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each element of the array at the path, as JSON text. */
    static List<String> array(String... path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/oauth-and-rest-errors.json");
                JsonParser p = JSON.createParser(in)) {
            p.nextToken();
            for (String name : path) {
                seek(p, name);
            }
            List<String> out = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                out.add(copy(p));
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads one scalar member of a JSON object text. */
    static String member(String json, String... path) {
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            for (String name : path) {
                seek(p, name);
            }
            return p.currentToken().isStructStart() ? copy(p) : p.getText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void seek(JsonParser p, String name) throws Exception {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String n = p.currentName();
            p.nextToken();
            if (n.equals(name)) {
                return;
            }
            p.skipChildren();
        }
        throw new IllegalArgumentException("no member " + name);
    }

    private static String copy(JsonParser p) throws Exception {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.copyCurrentStructure(p);
        }
        return w.toString();
    }
}
