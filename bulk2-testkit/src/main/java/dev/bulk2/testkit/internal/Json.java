package dev.bulk2.testkit.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** jackson-core streaming helpers: a tiny tree reader and a generator factory. */
public final class Json {
    static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /** Thrown for malformed JSON. */
    public static final class JsonSyntaxException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JsonSyntaxException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Writes JSON into a byte array. */
    public interface Writer {
        /**
         * Writes with the generator.
         *
         * @param g generator
         * @throws IOException on failure
         */
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * Renders JSON.
     *
     * @param w the writer
     * @return UTF-8 bytes
     */
    public static byte[] render(Writer w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            w.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Parses a JSON value into Map / List / String / Long / Double / Boolean / null. Numbers keep their text in
     * {@link Num}.
     *
     * @param bytes UTF-8 JSON
     * @return the value
     * @throws JsonSyntaxException if malformed
     */
    public static Object parse(byte[] bytes) {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new JsonSyntaxException("No content to map due to end-of-input", null);
            }
            Object v = read(p, t);
            if (p.nextToken() != null) {
                throw new JsonSyntaxException("Unexpected content after the JSON value at " + p.currentLocation(),
                        null);
            }
            return v;
        } catch (IOException e) {
            throw new JsonSyntaxException(getOriginalMessageSafe(e), e);
        }
    }

    /** A JSON number, with its literal text. */
    public static final class Num {
        /** The literal text. */
        public final String text;

        Num(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                JsonToken n;
                while ((n = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    m.put(name, read(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(read(p, n));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Num(p.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new JsonSyntaxException("Unexpected token " + t + " at " + p.currentLocation(), null);
        }
    }

    private static String getOriginalMessageSafe(IOException e) {
        return e.getMessage();
    }
}
