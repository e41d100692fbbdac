package dev.bulk2.testkit.jsforce;

import dev.bulk2.testkit.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;


/** Reads the fidelity script's JSON summary with the emulator's JSON reader, plus typed accessors for assertions. */
final class MiniJson {

    private MiniJson() {
    }

    /** Parses with the emulator's own reader ({@link Json#parse}); numbers come back as {@link Json.Num}. */
    static Object parse(String json) {
        return Json.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON number as a long. */
    static long number(Object value, String path) {
        if (!(value instanceof Json.Num)) {
            throw new AssertionError(path + " is not a JSON number: " + value);
        }
        return Long.parseLong(((Json.Num) value).text);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value, String path) {
        if (!(value instanceof Map)) {
            throw new AssertionError(path + " is not a JSON object: " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof List)) {
            throw new AssertionError(key + " is not a JSON array: " + value);
        }
        return (List<Map<String, Object>>) value;
    }
}
