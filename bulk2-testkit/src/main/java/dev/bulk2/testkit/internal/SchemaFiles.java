package dev.bulk2.testkit.internal;

import dev.bulk2.testkit.FieldSchema;
import dev.bulk2.testkit.FieldType;
import dev.bulk2.testkit.ObjectSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read schema file " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(Json.parse(bytes));
        } catch (Json.JsonSyntaxException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid schema file " + file + ": " + e.getMessage(), e);
        }
    }

    static List<ObjectSchema> parse(Object root) {
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
            String name = str(m, "name", null);
            String prefix = str(m, "keyPrefix", null);
            if (name == null || prefix == null) {
                throw new IllegalArgumentException("every object needs \"name\" and \"keyPrefix\"");
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
            out.add(b.build());
        }
        return out;
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
