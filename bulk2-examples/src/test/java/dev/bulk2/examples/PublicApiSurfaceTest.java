package dev.bulk2.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.auth.ClientCredentialsAuth;
import dev.bulk2.core.BulkClient;
import dev.bulk2.csv.CsvChunker;
import dev.bulk2.testkit.Bulk2Emulator;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.lang.reflect.GenericArrayType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The supported API of each library module (public types outside {@code *.internal*}) must not expose internal
 * types or third-party types (Jackson, Commons CSV, Nimbus) in its public or protected signatures, so that
 * internals and dependencies can change without breaking users (conventions §3).
 */
class PublicApiSurfaceTest {
    private static final List<String> FORBIDDEN_PREFIXES = List.of(
            "com.fasterxml.", "org.apache.commons.csv.", "com.nimbusds.", "okhttp3.", "kotlin.");

    @ParameterizedTest
    @ValueSource(strings = {"csv", "core", "auth", "testkit"})
    void publicSignatures_exposeNoInternalOrThirdPartyTypes(String module) throws Exception {
        Class<?> anchor = anchorOf(module);
        List<String> violations = new ArrayList<>();
        List<Class<?>> types = publicApiTypes(anchor);
        assertThat(types).as("public API types of bulk2-" + module).isNotEmpty();
        for (Class<?> c : types) {
            check(c, "superclass", c.getGenericSuperclass(), violations);
            for (Type t : c.getGenericInterfaces()) {
                check(c, "interface", t, violations);
            }
            for (Method m : c.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    check(c, m.getName() + " return", m.getGenericReturnType(), violations);
                    for (Type p : m.getGenericParameterTypes()) {
                        check(c, m.getName() + " parameter", p, violations);
                    }
                    for (Type x : m.getGenericExceptionTypes()) {
                        check(c, m.getName() + " throws", x, violations);
                    }
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (visible(k.getModifiers()) && !k.isSynthetic()) {
                    for (Type p : k.getGenericParameterTypes()) {
                        check(c, "constructor parameter", p, violations);
                    }
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (visible(f.getModifiers()) && !f.isSynthetic()) {
                    check(c, "field " + f.getName(), f.getGenericType(), violations);
                }
            }
        }
        assertThat(violations).as("internal or third-party types in the public API of bulk2-" + module).isEmpty();
    }

    private static Class<?> anchorOf(String module) {
        switch (module) {
            case "csv":
                return CsvChunker.class;
            case "core":
                return BulkClient.class;
            case "auth":
                return ClientCredentialsAuth.class;
            default:
                return Bulk2Emulator.class;
        }
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void check(Class<?> owner, String where, Type type, List<String> violations) {
        if (type == null) {
            return;
        }
        if (type instanceof Class) {
            Class<?> c = (Class<?>) type;
            while (c.isArray()) {
                c = c.getComponentType();
            }
            String n = c.getName();
            boolean internal = n.startsWith("dev.bulk2.") && n.contains(".internal.");
            boolean hiddenOwn = n.startsWith("dev.bulk2.") && !Modifier.isPublic(c.getModifiers())
                    && !where.equals("superclass");
            if (internal || hiddenOwn || FORBIDDEN_PREFIXES.stream().anyMatch(n::startsWith)) {
                violations.add(owner.getName() + " " + where + ": " + n);
            }
        } else if (type instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) type;
            check(owner, where, p.getRawType(), violations);
            for (Type a : p.getActualTypeArguments()) {
                check(owner, where, a, violations);
            }
        } else if (type instanceof WildcardType) {
            for (Type b : ((WildcardType) type).getUpperBounds()) {
                check(owner, where, b, violations);
            }
            for (Type b : ((WildcardType) type).getLowerBounds()) {
                check(owner, where, b, violations);
            }
        } else if (type instanceof GenericArrayType) {
            check(owner, where, ((GenericArrayType) type).getGenericComponentType(), violations);
        } else if (type instanceof TypeVariable) {
            for (Type b : ((TypeVariable<?>) type).getBounds()) {
                if (b != Object.class) {
                    check(owner, where, b, violations);
                }
            }
        }
    }

    /** Public top-level and nested types of the module that holds {@code anchor}, outside internal packages. */
    private static List<Class<?>> publicApiTypes(Class<?> anchor) throws IOException, URISyntaxException,
            ClassNotFoundException {
        Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.filter(p -> p.toString().endsWith(".class"))
                        .forEach(p -> names.add(location.relativize(p).toString()));
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                    String n = e.nextElement().getName();
                    if (n.endsWith(".class")) {
                        names.add(n);
                    }
                }
            }
        }
        List<Class<?>> out = new ArrayList<>();
        for (String file : names) {
            String name = file.substring(0, file.length() - ".class".length()).replace('/', '.').replace('\\', '.');
            if (!name.startsWith("dev.bulk2.") || name.contains(".internal.") || name.endsWith("module-info")
                    || name.endsWith("package-info")) {
                continue;
            }
            Class<?> c = Class.forName(name, false, anchor.getClassLoader());
            if (isExported(c)) {
                out.add(c);
            }
        }
        return out;
    }

    private static boolean isExported(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
                return false;
            }
        }
        return true;
    }
}
