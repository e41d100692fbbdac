package dev.bulk2.testkit.internal;

import dev.bulk2.testkit.FieldSchema;
import dev.bulk2.testkit.FieldType;
import dev.bulk2.testkit.ObjectSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the JSON schema file format described in docs/testkit.md. */
public final class SchemaFiles {
    private SchemaFiles() {
    }

    /**
     * Reads object schemas from a file.
     *
     * @param file JSON file
     * @return the schemas
     * @throws IllegalArgumentException naming the file and the problem
     */
    public static List<ObjectSchema> read(Path file) {
        return read(file, new LinkedHashMap<>());
    }

    /**
     * Reads object schemas from a file and applies them to the current schemas: an entry with {@code name}
     * adds or replaces an object, an entry with {@code extends} adds fields to an object already present
     * (built-in, declared earlier in the file or in an earlier file).
     *
     * @param file JSON file
     * @param current schemas by lower-case name; updated in place
     * @return the schemas the file declared or extended, in file order
     * @throws IllegalArgumentException naming the file and the problem
     */
    public static List<ObjectSchema> read(Path file, Map<String, ObjectSchema> current) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read schema file " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(Json.parse(bytes), current);
        } catch (Json.JsonSyntaxException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid schema file " + file + ": " + e.getMessage(), e);
        }
    }

    static List<ObjectSchema> parse(Object root, Map<String, ObjectSchema> current) {
        List<?> objects;
        if (root instanceof Map) {
            Object o = ((Map<?, ?>) root).get("objects");
            if (!(o instanceof List)) {
                throw new IllegalArgumentException("expected {\"objects\": [...]}");
            }
            objects = (List<?>) o;
        } else if (root instanceof List) {
            objects = (List<?>) root;
        } else {
            throw new IllegalArgumentException("expected {\"objects\": [...]}");
        }
        List<ObjectSchema> out = new ArrayList<>();
        for (Object o : objects) {
            Map<?, ?> m = (Map<?, ?>) o;
            String base = str(m, "extends", null);
            if (base != null) {
                ObjectSchema existing = current.get(base.toLowerCase(Locale.ROOT));
                if (existing == null) {
                    throw new IllegalArgumentException("\"extends\": \"" + base + "\" names no known object; known: "
                            + names(current));
                }
                List<FieldSchema> extra = new ArrayList<>();
                Object fields = m.get("fields");
                if (fields != null) {
                    for (Object fo : (List<?>) fields) {
                        extra.add(field(existing.name(), (Map<?, ?>) fo));
                    }
                }
                ObjectSchema extended = existing.extendedWith(extra.toArray(new FieldSchema[0]));
                current.put(extended.name().toLowerCase(Locale.ROOT), extended);
                out.add(extended);
                continue;
            }
            String name = str(m, "name", null);
            String prefix = str(m, "keyPrefix", null);
            if (name == null || prefix == null) {
                throw new IllegalArgumentException("every object needs \"name\" and \"keyPrefix\" (or \"extends\")");
            }
            ObjectSchema.Builder b = ObjectSchema.builder(name, prefix);
            Object fields = m.get("fields");
            if (fields != null) {
                for (Object fo : (List<?>) fields) {
                    b.field(field(name, (Map<?, ?>) fo));
                }
            }
            Object any = m.get("requireAnyOf");
            if (any != null) {
                List<String> names = new ArrayList<>();
                for (Object n : (List<?>) any) {
                    names.add((String) n);
                }
                b.requireAnyOf(names.toArray(new String[0]));
            }
            ObjectSchema built = b.build();
            current.put(built.name().toLowerCase(Locale.ROOT), built);
            out.add(built);
        }
        return out;
    }

    private static List<String> names(Map<String, ObjectSchema> current) {
        List<String> n = new ArrayList<>();
        for (ObjectSchema s : current.values()) {
            n.add(s.name());
        }
        return n;
    }

    private static FieldSchema field(String object, Map<?, ?> m) {
        String name = str(m, "name", null);
        String type = str(m, "type", "STRING");
        if (name == null) {
            throw new IllegalArgumentException("a field of " + object + " has no \"name\"");
        }
        FieldType t;
        try {
            t = FieldType.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(object + "." + name + ": unknown type " + type + "; expected one of "
                    + java.util.Arrays.toString(FieldType.values()), e);
        }
        FieldSchema.Builder b = FieldSchema.builder(name, t);
        String label = str(m, "label", null);
        if (label != null) {
            b.label(label);
        }
        Object len = m.get("length");
        if (len != null) {
            b.length(Integer.parseInt(len.toString()));
        }
        Object values = m.get("values");
        if (values != null) {
            List<String> vs = new ArrayList<>();
            for (Object v : (List<?>) values) {
                vs.add(String.valueOf(v));
            }
            b.picklistValues(vs);
        }
        b.restricted(bool(m, "restricted", false));
        b.requiredOnCreate(bool(m, "required", false));
        b.externalId(bool(m, "externalId", false));
        b.unique(bool(m, "unique", false));
        b.createable(bool(m, "createable", true));
        b.updateable(bool(m, "updateable", true));
        b.idLookup(bool(m, "idLookup", false));
        Object refs = m.get("referenceTo");
        if (refs != null) {
            List<String> rs = new ArrayList<>();
            for (Object r : refs instanceof List ? (List<?>) refs : List.of(refs)) {
                rs.add(String.valueOf(r));
            }
            b.referenceTo(rs.toArray(new String[0]));
        }
        String rel = str(m, "relationshipName", null);
        if (rel != null) {
            b.relationshipName(rel);
        }
        return b.build();
    }

    private static String str(Map<?, ?> m, String key, String def) {
        Object v = m.get(key);
        return v == null ? def : v.toString();
    }

    private static boolean bool(Map<?, ?> m, String key, boolean def) {
        Object v = m.get(key);
        return v == null ? def : Boolean.TRUE.equals(v);
    }
}
