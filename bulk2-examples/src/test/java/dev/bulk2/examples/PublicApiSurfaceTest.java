package dev.bulk2.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.auth.ClientCredentialsAuth;
import dev.bulk2.core.BulkClient;
import dev.bulk2.csv.CsvChunker;
import dev.bulk2.testkit.Bulk2Emulator;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
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
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The supported API of each library module (public types outside {@code *.internal*}) must not expose internal
 * types or third-party types (Jackson, Commons CSV, Nimbus) in its public or protected signatures, so that
 * internals and dependencies can change without breaking users (conventions §3).
 *
 * <p>The same surface is enforced by each module's {@code module-info}: it exports exactly the API packages,
 * internal packages at most to sibling bulk2 modules that use them, and a consumer module on the module path can
 * use the API but cannot reach {@code ClientInternals} or the transport. These tests run on the class path, so the
 * module path is exercised here by compiling (and once running) small consumer modules against the built modules.
 */
class PublicApiSurfaceTest {
    private static final List<String> FORBIDDEN_PREFIXES = List.of(
            "com.fasterxml.", "org.apache.commons.csv.", "com.nimbusds.", "okhttp3.", "kotlin.");
    private static final List<String> LIBRARY_MODULES = List.of("csv", "core", "auth", "testkit");

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

    @ParameterizedTest
    @ValueSource(strings = {"csv", "core", "auth", "testkit"})
    void moduleDescriptor_exportsExactlyTheApiPackages_andInternalsOnlyToSiblingsThatUseThem(String module)
            throws Exception {
        Class<?> anchor = anchorOf(module);
        ModuleDescriptor d = descriptorOf(anchor);
        assertThat(d.name()).isEqualTo("dev.bulk2." + module);
        assertThat(d.isOpen()).as(d.name() + " is not an open module").isFalse();
        assertThat(d.isAutomatic()).isFalse();

        Set<String> apiPackages = publicApiTypes(anchor).stream().map(Class::getPackageName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> unqualified = d.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
        assertThat(unqualified).as("unqualified exports of " + d.name() + " = its packages with public API types")
                .isEqualTo(apiPackages);
        assertThat(d.packages()).as("packages of " + d.name()).containsAll(apiPackages);

        for (ModuleDescriptor.Exports e : d.exports()) {
            if (!e.isQualified()) {
                assertThat(isInternal(e.source())).as("internal package exported to everyone: " + e.source())
                        .isFalse();
                continue;
            }
            for (String target : e.targets()) {
                assertThat(LIBRARY_MODULES.stream().map(m -> "dev.bulk2." + m))
                        .as(e.source() + " is exported only to sibling bulk2 modules").contains(target);
                assertThat(target).isNotEqualTo(d.name());
                String user = target.substring("dev.bulk2.".length());
                assertThat(referencesPackage(anchorOf(user), e.source()))
                        .as(e.source() + " is exported to " + target + ", which must use it").isTrue();
            }
        }
        for (ModuleDescriptor.Opens o : d.opens()) {
            assertThat(isInternal(o.source()) && !o.isQualified())
                    .as("internal package opened to everyone: " + o.source()).isFalse();
        }
    }

    @Test
    void consumerModule_compilesAgainstTheApi_butCannotReachClientInternalsOrTheTransport() throws Exception {
        String modulePath = modulePath(BulkClient.class, CsvChunker.class,
                Class.forName("com.fasterxml.jackson.core.JsonFactory"));
        Path work = targetDir().resolve("module-consumer");

        List<String> api = compileModule(work.resolve("api"), modulePath,
                "module consumer { requires dev.bulk2.core; }",
                Map.of("consumer/UsesApi.java", String.join("\n",
                        "package consumer;",
                        "import dev.bulk2.core.BulkClient;",
                        "import dev.bulk2.core.exception.BulkException;",
                        "import dev.bulk2.csv.ColumnDelimiter;",       // dev.bulk2.csv read through core
                        "import java.net.http.HttpClient;",           // java.net.http read through core
                        "public final class UsesApi {",
                        "    static BulkClient.Builder configure(HttpClient http) {",
                        "        ColumnDelimiter d = ColumnDelimiter.COMMA;",
                        "        return BulkClient.builder().httpClient(http);",
                        "    }",
                        "    static boolean isBulk(RuntimeException e) { return e instanceof BulkException; }",
                        "}")));
        assertThat(api).as("errors compiling a consumer of the API on the module path").isEmpty();

        List<String> internals = compileModule(work.resolve("internals"), modulePath,
                "module consumer { requires dev.bulk2.core; }",
                Map.of("consumer/UsesInternals.java", String.join("\n",
                        "package consumer;",
                        "import dev.bulk2.core.internal.ClientInternals;",
                        "import dev.bulk2.core.internal.http.Transport;",
                        "import dev.bulk2.csv.internal.CsvTokenizer;",
                        "public final class UsesInternals {",
                        "    ClientInternals internals;",
                        "    Transport transport;",
                        "    CsvTokenizer tokenizer;",
                        "}")));
        assertThat(internals).anySatisfy(m -> assertThat(m)
                .contains("package dev.bulk2.core.internal is not visible")
                .contains("package dev.bulk2.core.internal is declared in module dev.bulk2.core, "
                        + "which does not export it"));
        assertThat(internals).anySatisfy(m -> assertThat(m)
                .contains("package dev.bulk2.core.internal.http is not visible")
                .contains("package dev.bulk2.core.internal.http is declared in module dev.bulk2.core, "
                        + "which does not export it"));
        assertThat(internals).anySatisfy(m -> assertThat(m)
                .contains("package dev.bulk2.csv.internal is not visible")
                .contains("package dev.bulk2.csv.internal is declared in module dev.bulk2.csv, "
                        + "which does not export it to module consumer"));
    }

    @Test
    void consumerModule_runsAnIngestAndAQueryAgainstTheEmulator_withEverythingOnTheModulePath() throws Exception {
        String modulePath = modulePath(BulkClient.class, CsvChunker.class, ClientCredentialsAuth.class,
                Bulk2Emulator.class, Class.forName("com.fasterxml.jackson.core.JsonFactory"),
                Class.forName("com.nimbusds.jose.JWSObject"));
        Path work = targetDir().resolve("module-consumer").resolve("run");
        List<String> errors = compileModule(work, modulePath,
                "module consumer { requires dev.bulk2.auth; requires dev.bulk2.testkit; }",
                Map.of("consumer/Main.java", String.join("\n",
                        "package consumer;",
                        "import dev.bulk2.auth.ClientCredentialsAuth;",
                        "import dev.bulk2.core.BulkClient;",
                        "import dev.bulk2.core.ingest.IngestResult;",
                        "import dev.bulk2.core.query.QueryRows;",
                        "import dev.bulk2.testkit.Bulk2Emulator;",
                        "import java.nio.file.Files;",
                        "import java.nio.file.Path;",
                        "import java.util.Map;",
                        "import java.util.TreeSet;",
                        "public final class Main {",
                        "    public static void main(String[] args) throws Exception {",
                        "        Path csv = Files.writeString(Path.of(args[0]), \"Name\\nAcme\\nGlobex\\n\");",
                        "        try (Bulk2Emulator sf = Bulk2Emulator.builder().build().start();",
                        "             BulkClient client = BulkClient.builder().auth(ClientCredentialsAuth.builder()",
                        "                     .tokenUrl(sf.tokenUrl()).clientId(sf.clientId())",
                        "                     .clientSecret(sf.clientSecret()).build()).build()) {",
                        "            IngestResult r = client.ingest(\"Account\").insert().upload(csv).awaitCompletion();",
                        "            TreeSet<String> names = new TreeSet<>();",
                        "            try (QueryRows<Map<String, String>> rows = client.query(\"SELECT Id, Name FROM Account\")",
                        "                    .stream()) {",
                        "                rows.forEach(row -> names.add(row.get(\"Name\")));",
                        "            }",
                        "            System.out.println(\"core=\" + BulkClient.class.getModule().getName());",
                        "            System.out.println(\"testkit=\" + Bulk2Emulator.class.getModule().getName());",
                        "            System.out.println(\"succeeded=\" + r.recordsSucceeded());",
                        "            System.out.println(\"queried=\" + names);",
                        "            System.out.println(\"stored=\" + sf.records(\"Account\").size());",
                        "            System.out.println(\"userAgent=\" + sf.requests().get(sf.requests().size() - 1)",
                        "                    .header(\"User-Agent\"));",
                        "        }",
                        "    }",
                        "}")));
        assertThat(errors).as("errors compiling the consumer module").isEmpty();

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx128m",
                "--module-path", work.resolve("classes") + File.pathSeparator + modulePath,
                "-m", "consumer/consumer.Main", work.resolve("accounts.csv").toString())
                .redirectErrorStream(true);
        pb.environment().remove("CLASSPATH");   // the module path only
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : output.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[a-zA-Z]+")) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertThat(out).as(output)
                .containsEntry("core", "dev.bulk2.core")           // loaded as named modules, not the class path
                .containsEntry("testkit", "dev.bulk2.testkit")
                .containsEntry("succeeded", "2")
                .containsEntry("queried", "[Acme, Globex]")      // query pages read by csv.internal's tokenizer
                .containsEntry("stored", "2");
        // SdkVersion reads its resource from inside dev.bulk2.core: the version is known, not "unknown"
        assertThat(out.get("userAgent")).as(output).matches("bulk2-java/\\d+\\.\\d+\\.\\d+\\S* Java/.*");
    }

    private static boolean isInternal(String pkg) {
        return pkg.matches("(.+\\.)?internal(\\..+)?");
    }

    private static ModuleDescriptor descriptorOf(Class<?> anchor) throws IOException, URISyntaxException {
        Set<String> packages = new TreeSet<>();
        for (String file : classFiles(anchor)) {
            int slash = file.lastIndexOf('/');
            if (slash > 0 && !file.startsWith("META-INF/")) {
                packages.add(file.substring(0, slash).replace('/', '.'));
            }
        }
        Path location = locationOf(anchor);
        if (Files.isDirectory(location)) {
            try (InputStream in = Files.newInputStream(location.resolve("module-info.class"))) {
                return ModuleDescriptor.read(in, () -> packages);
            }
        }
        try (JarFile jar = new JarFile(location.toFile());
             InputStream in = jar.getInputStream(jar.getJarEntry("module-info.class"))) {
            return ModuleDescriptor.read(in, () -> packages);
        }
    }

    /** Whether a class file of the module holding {@code anchor} names a type of {@code pkg}. */
    private static boolean referencesPackage(Class<?> anchor, String pkg) throws IOException, URISyntaxException {
        byte[] binaryName = (pkg.replace('.', '/') + "/").getBytes(UTF_8);   // as in the constant pool
        Path location = locationOf(anchor);
        for (String file : classFiles(anchor)) {
            byte[] bytes;
            if (Files.isDirectory(location)) {
                bytes = Files.readAllBytes(location.resolve(file));
            } else {
                try (JarFile jar = new JarFile(location.toFile());
                     InputStream in = jar.getInputStream(jar.getJarEntry(file))) {
                    bytes = in.readAllBytes();
                }
            }
            if (indexOf(bytes, binaryName) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String modulePath(Class<?>... anchors) throws URISyntaxException {
        List<String> entries = new ArrayList<>();
        for (Class<?> a : anchors) {
            entries.add(locationOf(a).toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    /** {@code target/} of this module (the parent of {@code target/test-classes}). */
    private static Path targetDir() throws URISyntaxException {
        return locationOf(PublicApiSurfaceTest.class).getParent();
    }

    /**
     * Compiles a module named {@code consumer} for Java 11 on the given module path into {@code dir/classes}.
     *
     * @return the error diagnostics, empty when it compiled
     */
    private static List<String> compileModule(Path dir, String modulePath, String moduleInfo,
            Map<String, String> sources) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                old.sorted(Comparator.reverseOrder()).forEach(f -> {
                    try {
                        Files.delete(f);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        Path src = dir.resolve("src");
        List<Path> files = new ArrayList<>();
        files.add(Files.writeString(Files.createDirectories(src).resolve("module-info.java"), moduleInfo));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            files.add(Files.writeString(f, e.getValue()));
        }
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, UTF_8)) {
            // nothing on the class path: javac would otherwise default to this JVM's, which holds the bulk2 classes
            fm.setLocationFromPaths(StandardLocation.CLASS_PATH, List.of());
            List<String> options = List.of("--release", "11", "--module-path", modulePath,
                    "-d", classes.toString(), "-Xlint:all");
            javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(d.getMessage(Locale.ROOT));
            }
        }
        return errors;
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
        List<Class<?>> out = new ArrayList<>();
        for (String file : classFiles(anchor)) {
            String name = file.substring(0, file.length() - ".class".length()).replace('/', '.');
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

    private static Path locationOf(Class<?> anchor) throws URISyntaxException {
        return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The class files of the classes directory or jar that holds {@code anchor}, as {@code a/b/C.class}. */
    private static List<String> classFiles(Class<?> anchor) throws IOException, URISyntaxException {
        Path location = locationOf(anchor);
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.filter(p -> p.toString().endsWith(".class"))
                        .forEach(p -> names.add(location.relativize(p).toString().replace('\\', '/')));
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                    String n = e.nextElement().getName();
                    if (n.endsWith(".class") && !n.startsWith("META-INF/")) {
                        names.add(n);
                    }
                }
            }
        }
        return names;
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
