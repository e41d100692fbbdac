package dev.bulk2.core.internal.journal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.bulk2.core.internal.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes and decodes journal lines with jackson-core streaming. Decoding reads a line into a flat map (strings,
 * longs, booleans, string arrays, one level of nested objects) and then into a typed entry; anything else is a
 * {@link BadLine} with a message naming the problem. Internal, stateless.
 */
final class JournalCodec {
    private JournalCodec() {
    }

    /** A line that is not valid; the caller turns it into the right {@code JournalException}. */
    static final class BadLine extends Exception {
        private static final long serialVersionUID = 1L;

        BadLine(String message) {
            super(message, null, false, false);
        }
    }

    /** A decoded entry line. */
    static final class Line {
        final long number;
        final Instant at;
        final JournalEntry entry;

        Line(long number, Instant at, JournalEntry entry) {
            this.number = number;
            this.at = at;
            this.entry = entry;
        }
    }

    // --------------------------------------------------------------------------------------------- encoding

    /** The header line, newline included; {@code bulk2Journal} is always the first member. */
    static byte[] encodeHeader(JournalHeader h) {
        return withNewline(Json.write(g -> {
            g.writeStartObject();
            g.writeNumberField("bulk2Journal", h.version);
            g.writeStringField("kind", h.kind.wire());
            g.writeStringField("created", h.created.toString());
            g.writeStringField("sdkVersion", h.sdkVersion);
            g.writeStringField("request", h.requestFingerprint);
            g.writeObjectFieldStart("input");
            InputIdentity in = h.input;
            g.writeStringField("type", in.type().wire);
            if (in.type() == InputIdentity.Type.FILE) {
                g.writeNumberField("size", in.size());
                g.writeStringField("sha256", in.sha256());
                JournalEntry.writeOptional(g, "name", in.name());
            } else {
                g.writeStringField("key", in.key());
            }
            g.writeEndObject();
            g.writeEndObject();
        }));
    }

    /** An entry line, newline included. */
    static byte[] encode(JournalEntry e, Instant at) {
        return withNewline(Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("type", e.type());
            g.writeStringField("at", at.toString());
            e.writeFields(g);
            g.writeEndObject();
        }));
    }

    private static byte[] withNewline(byte[] json) {
        byte[] out = java.util.Arrays.copyOf(json, json.length + 1);
        out[json.length] = '\n';
        return out;
    }

    // --------------------------------------------------------------------------------------------- decoding

    /** Parses one JSON object (the whole line, nothing after it) into a map. */
    static Map<String, Object> parseObject(byte[] line, int length) throws BadLine {
        try (JsonParser p = Json.FACTORY.createParser(line, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadLine("not a JSON object");
            }
            Map<String, Object> out = readObject(p, true);
            if (p.nextToken() != null) {
                throw new BadLine("text after the JSON object");
            }
            return out;
        } catch (IOException e) {
            throw new BadLine("not valid JSON (" + e.getMessage().split("\n", 2)[0] + ")");
        }
    }

    private static Map<String, Object> readObject(JsonParser p, boolean allowNested) throws IOException, BadLine {
        Map<String, Object> out = new LinkedHashMap<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            Object value;
            switch (v) {
                case VALUE_STRING: value = p.getText(); break;
                case VALUE_NUMBER_INT: value = p.getLongValue(); break;
                case VALUE_TRUE: value = Boolean.TRUE; break;
                case VALUE_FALSE: value = Boolean.FALSE; break;
                case VALUE_NULL: value = null; break;
                case START_ARRAY: {
                    // an array holds strings or integers, one kind only
                    List<Object> list = new ArrayList<>();
                    JsonToken kind = null;
                    while ((v = p.nextToken()) == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_INT) {
                        if (kind != null && v != kind) {
                            throw new BadLine("'" + name + "' mixes strings and integers");
                        }
                        kind = v;
                        list.add(v == JsonToken.VALUE_STRING ? p.getText() : (Object) p.getLongValue());
                    }
                    if (v != JsonToken.END_ARRAY) {
                        throw new BadLine("'" + name + "' must be an array of strings or of integers");
                    }
                    value = list;
                    break;
                }
                case START_OBJECT:
                    if (!allowNested) {
                        throw new BadLine("'" + name + "' is nested too deeply");
                    }
                    value = readObject(p, false);
                    break;
                default:
                    throw new BadLine("'" + name + "' has an unsupported value (" + v + ")");
            }
            if (out.containsKey(name)) {
                throw new BadLine("'" + name + "' appears twice");
            }
            out.put(name, value);
        }
        if (t != JsonToken.END_OBJECT) {
            throw new BadLine("malformed object");
        }
        return out;
    }

    /** Typed access to a decoded line's members. */
    static final class Fields {
        private final Map<String, Object> map;
        private final String what;

        Fields(Map<String, Object> map, String what) {
            this.map = map;
            this.what = what;
        }

        boolean has(String name) {
            return map.get(name) != null;
        }

        String str(String name) throws BadLine {
            Object v = map.get(name);
            if (!(v instanceof String)) {
                throw new BadLine(what + ": '" + name + "' must be a string" + (v == null ? " (missing)" : ""));
            }
            return (String) v;
        }

        String optStr(String name) throws BadLine {
            return has(name) ? str(name) : null;
        }

        long lng(String name) throws BadLine {
            Object v = map.get(name);
            if (!(v instanceof Long)) {
                throw new BadLine(what + ": '" + name + "' must be an integer" + (v == null ? " (missing)" : ""));
            }
            return (Long) v;
        }

        long optLng(String name, long dflt) throws BadLine {
            return has(name) ? lng(name) : dflt;
        }

        int idx(String name) throws BadLine {
            long v = lng(name);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new BadLine(what + ": '" + name + "' must be a non-negative index, not " + v);
            }
            return (int) v;
        }

        @SuppressWarnings("unchecked")
        List<String> strings(String name) throws BadLine {
            Object v = map.get(name);
            if (!(v instanceof List) || !((List<?>) v).stream().allMatch(o -> o instanceof String)) {
                throw new BadLine(what + ": '" + name + "' must be an array of strings");
            }
            return (List<String>) v;
        }

        /** An optional array of non-negative integers: empty when missing. */
        List<Long> longs(String name) throws BadLine {
            Object v = map.get(name);
            if (v == null) {
                return List.of();
            }
            if (!(v instanceof List)) {
                throw new BadLine(what + ": '" + name + "' must be an array of integers");
            }
            List<Long> out = new java.util.ArrayList<>();
            for (Object o : (List<?>) v) {
                if (!(o instanceof Long) || (Long) o < 0) {
                    throw new BadLine(what + ": '" + name + "' must be an array of non-negative integers");
                }
                out.add((Long) o);
            }
            return out;
        }

        @SuppressWarnings("unchecked")
        Fields obj(String name) throws BadLine {
            Object v = map.get(name);
            if (!(v instanceof Map)) {
                throw new BadLine(what + ": '" + name + "' must be an object" + (v == null ? " (missing)" : ""));
            }
            return new Fields((Map<String, Object>) v, what + "." + name);
        }

        Map<String, String> stringMap() throws BadLine {
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : map.entrySet()) {
                if (!(e.getValue() instanceof String)) {
                    throw new BadLine(what + ": '" + e.getKey() + "' must be a string");
                }
                out.put(e.getKey(), (String) e.getValue());
            }
            return out;
        }

        Instant instant(String name) throws BadLine {
            String s = str(name);
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                throw new BadLine(what + ": '" + name + "' is not a timestamp: " + s);
            }
        }
    }

    /** Whether the parsed first line looks like a journal header at all (has {@code bulk2Journal}). */
    static boolean isHeader(Map<String, Object> m) {
        return m.containsKey("bulk2Journal");
    }

    /** The header's version, before anything else is checked. */
    static long headerVersion(Map<String, Object> m) throws BadLine {
        return new Fields(m, "header").lng("bulk2Journal");
    }

    static JournalHeader decodeHeader(Map<String, Object> m) throws BadLine {
        Fields f = new Fields(m, "header");
        long version = f.lng("bulk2Journal");
        String kindName = f.str("kind");
        JournalKind kind = JournalKind.ofWire(kindName);
        if (kind == null) {
            throw new BadLine("header: unknown kind '" + kindName + "'");
        }
        Fields in = f.obj("input");
        String typeName = in.str("type");
        InputIdentity.Type type = InputIdentity.Type.ofWire(typeName);
        if (type == null) {
            throw new BadLine("header: unknown input type '" + typeName + "'");
        }
        InputIdentity input;
        try {
            input = type == InputIdentity.Type.FILE ? InputIdentity.ofFile(in.lng("size"), in.str("sha256"),
                    in.optStr("name")) : InputIdentity.ofKey(in.str("key"));
        } catch (IllegalArgumentException e) {
            throw new BadLine("header: bad input identity (" + e.getMessage() + ")");
        }
        return new JournalHeader(version, kind, f.instant("created"), f.str("sdkVersion"), f.str("request"), input);
    }

    static Line decodeEntry(long number, Map<String, Object> m) throws BadLine {
        Fields f = new Fields(m, "entry");
        String type = f.str("type");
        f = new Fields(m, type);
        Instant at = f.instant("at");
        JournalEntry e;
        switch (type) {
            case JournalEntry.RunStarted.TYPE:
                e = new JournalEntry.RunStarted(f.obj("request").stringMap());
                break;
            case JournalEntry.Resumed.TYPE:
                e = new JournalEntry.Resumed(f.lng("pid"), f.str("host"));
                break;
            case JournalEntry.PartPlanned.TYPE:
                e = new JournalEntry.PartPlanned(f.idx("round"), f.idx("part"), f.lng("firstRecord"),
                        f.lng("records"), f.optLng("firstLine", 0), f.optLng("offset", -1), f.lng("bytes"),
                        f.optStr("sha256"));
                break;
            case JournalEntry.RoundPlanned.TYPE:
                e = new JournalEntry.RoundPlanned(f.idx("round"), f.idx("parts"), f.lng("records"));
                break;
            case JournalEntry.CreateSent.TYPE:
                e = new JournalEntry.CreateSent(f.idx("round"), f.idx("part"), f.idx("attempt"));
                break;
            case JournalEntry.JobCreated.TYPE:
                e = new JournalEntry.JobCreated(f.idx("round"), f.idx("part"), f.str("job"));
                break;
            case JournalEntry.Uploaded.TYPE:
                e = new JournalEntry.Uploaded(f.idx("round"), f.idx("part"), f.str("job"), f.lng("bytes"),
                        f.optStr("sha256"));
                break;
            case JournalEntry.Closed.TYPE:
                e = new JournalEntry.Closed(f.idx("round"), f.idx("part"), f.str("job"), f.str("state"));
                break;
            case JournalEntry.Terminal.TYPE:
                e = new JournalEntry.Terminal(f.idx("round"), f.idx("part"), f.str("job"), f.str("state"),
                        f.lng("processed"), f.lng("failed"), f.optStr("reason"));
                break;
            case JournalEntry.PartFailed.TYPE:
                e = new JournalEntry.PartFailed(f.idx("round"), f.idx("part"), f.str("reason"));
                break;
            case JournalEntry.RetryRound.TYPE:
                try {
                    e = new JournalEntry.RetryRound(f.idx("round"), f.strings("fromJobs"), f.longs("failedRows"),
                            f.longs("unprocessedRows"), f.longs("fromParts"), f.optLng("rows", -1),
                            f.optStr("rowsFile"), f.optStr("rowsSha256"));
                } catch (IllegalArgumentException bad) {
                    throw new BadLine(type + ": " + bad.getMessage());
                }
                break;
            case JournalEntry.RunComplete.TYPE:
                e = new JournalEntry.RunComplete(f.lng("submitted"), f.lng("succeeded"), f.lng("failed"),
                        f.lng("unprocessed"));
                break;
            case JournalEntry.QueryJob.TYPE:
                e = new JournalEntry.QueryJob(f.str("job"));
                break;
            case JournalEntry.Page.TYPE:
                e = new JournalEntry.Page(f.lng("page"), f.optStr("locator"), f.optStr("next"), f.lng("rows"),
                        f.lng("offset"));
                break;
            case JournalEntry.ExportComplete.TYPE:
                e = new JournalEntry.ExportComplete(f.lng("pages"), f.lng("rows"), f.lng("bytes"));
                break;
            default:
                throw new BadLine("unknown line type '" + type + "'");
        }
        return new Line(number, at, e);
    }
}
