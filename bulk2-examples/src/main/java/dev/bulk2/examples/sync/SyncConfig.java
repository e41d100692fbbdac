package dev.bulk2.examples.sync;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The settings of one sync, read from a properties file and environment variables. Every key can be overridden by
 * an environment variable named {@code BULK2_SYNC_} + the key in upper case with dots as underscores
 * ({@code jdbc.url} becomes {@code BULK2_SYNC_JDBC_URL}). Secrets (the JDBC password, the client secret) are
 * accepted only from the environment or from a file named in the properties; a secret in the properties file is
 * a configuration error. Relative paths are resolved against the directory of the properties file.
 *
 * <p>Immutable; {@link #toString()} redacts the secrets.
 */
public final class SyncConfig {
    /** How clients deactivated in the ERP reach Salesforce. */
    public enum DeactivationMode {
        /** Upsert the row with the configured inactive field set to true (the default). */
        UPDATE_FIELD,
        /** Delete the Salesforce record found through the external id (a Bulk delete job). */
        DELETE
    }

    /** Which OAuth flow the sync uses. */
    public enum AuthMode {
        /** OAuth 2.0 client credentials flow (client id + secret, run-as integration user). */
        CLIENT_CREDENTIALS,
        /** OAuth 2.0 JWT bearer flow (client id + username + private key file). */
        JWT
    }

    static final String ENV_PREFIX = "BULK2_SYNC_";
    static final String ENV_JDBC_PASSWORD = "BULK2_SYNC_JDBC_PASSWORD";
    static final String ENV_CLIENT_SECRET = "BULK2_SYNC_SF_CLIENT_SECRET";

    /** The default polling of the run's jobs ({@code upload.poll*}): first delay, growth factor, longest delay. */
    static final String DEFAULT_POLL_INITIAL_DELAY = "PT0.2S";
    static final double DEFAULT_POLL_MULTIPLIER = 1.5;
    static final String DEFAULT_POLL_MAX_DELAY = "PT10S";

    /** Every key this class reads; anything else in the file is reported as unknown. */
    static final List<String> KEYS = Collections.unmodifiableList(Arrays.asList("sync.name", "state.dir",
            "jdbc.url", "jdbc.user", "jdbc.passwordFile", "jdbc.fetchSize", "erp.table", "erp.keyColumn",
            "erp.updatedColumn", "erp.statusColumn", "erp.inactiveValues", "sf.url", "sf.auth", "sf.clientId",
            "sf.clientSecretFile", "sf.jwt.username", "sf.jwt.keyFile", "sf.apiVersion", "sf.object",
            "sf.externalIdField", "sf.recordTypeId", "sf.recordTypeDeveloperName", "mapping.file",
            "sync.overlap", "upload.maxRecordsPerJob", "upload.maxConcurrentJobs", "upload.timeout",
            "upload.pollInitialDelay", "upload.pollMaxDelay", "upload.pollMultiplier",
            "threshold.maxFailedPercent", "threshold.maxFailedRecords", "retry.maxRuns", "deactivation.mode",
            "deactivation.field", "reports.retention", "writeBack.enabled", "writeBack.idColumn",
            "writeBack.timeColumn", "readBack.enabled", "alert.url", "alert.command", "alert.timeout",
            "fullRun.interval", "hardDeletes.detect", "report.countCreated", "preflight.enabled"));

    final String syncName;
    final Path stateDir;
    final String jdbcUrl;
    final String jdbcUser;
    final String jdbcPassword;
    final int fetchSize;
    final String table;
    final String keyColumn;
    final String updatedColumn;
    final String statusColumn;
    final List<String> inactiveValues;
    final URI sfUrl;
    final AuthMode authMode;
    final String clientId;
    final String clientSecret;
    final String jwtUsername;
    final Path jwtKeyFile;
    final String apiVersion;
    final String sfObject;
    final String externalIdField;
    final String recordTypeId;
    final String recordTypeDeveloperName;
    final Path mappingFile;
    final Duration overlap;
    final long maxRecordsPerJob;
    final int maxConcurrentJobs;
    final Duration uploadTimeout;
    /** The polling of the Bulk jobs: first delay, growth factor and longest delay between two polls of a job. */
    final Duration pollInitialDelay;
    final double pollMultiplier;
    final Duration pollMaxDelay;
    final double maxFailedPercent;
    final long maxFailedRecords;
    final int retryMaxRuns;
    final DeactivationMode deactivationMode;
    final String deactivationField;
    final int reportRetention;
    final boolean writeBack;
    final String writeBackIdColumn;
    final String writeBackTimeColumn;
    final boolean readBack;
    final URI alertUrl;
    final String alertCommand;
    final Duration alertTimeout;
    /** A run becomes a full run when the last full run is older than this; {@code null}: only on {@code --full}. */
    final Duration fullRunInterval;
    final boolean detectHardDeletes;
    final boolean countCreated;
    final boolean preflight;

    private SyncConfig(Reader r) {
        syncName = r.string("sync.name", "person-accounts");
        stateDir = r.path("state.dir", "sync-state");
        jdbcUrl = r.required("jdbc.url");
        if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("jdbc.url must be an H2 (jdbc:h2:...) or PostgreSQL (jdbc:postgresql:...) URL,"
                    + " got " + redactUrl(jdbcUrl));
        }
        jdbcUser = r.string("jdbc.user", "");
        jdbcPassword = r.secret(ENV_JDBC_PASSWORD, "jdbc.passwordFile", false);
        fetchSize = (int) r.positive("jdbc.fetchSize", 1000);
        table = r.identifier("erp.table", "client");
        keyColumn = r.identifier("erp.keyColumn", "client_id");
        updatedColumn = r.identifier("erp.updatedColumn", "updated_at");
        statusColumn = r.identifier("erp.statusColumn", "status");
        inactiveValues = r.list("erp.inactiveValues", "INACTIVE,DELETED");
        sfUrl = r.uri("sf.url", true);
        authMode = r.enumValue("sf.auth", AuthMode.class, AuthMode.CLIENT_CREDENTIALS);
        clientId = r.required("sf.clientId");
        if (authMode == AuthMode.CLIENT_CREDENTIALS) {
            clientSecret = r.secret(ENV_CLIENT_SECRET, "sf.clientSecretFile", true);
            jwtUsername = null;
            jwtKeyFile = null;
        } else {
            clientSecret = null;
            jwtUsername = r.required("sf.jwt.username");
            jwtKeyFile = r.existingFile("sf.jwt.keyFile");
        }
        apiVersion = r.string("sf.apiVersion", "64.0");
        if (!apiVersion.matches("[1-9][0-9]{1,2}\\.0")) {
            throw new ConfigException("sf.apiVersion must look like 64.0, got '" + apiVersion + "'");
        }
        sfObject = r.identifier("sf.object", "Account");
        externalIdField = r.identifier("sf.externalIdField", "External_ID__c");
        recordTypeId = r.string("sf.recordTypeId", "");
        if (!recordTypeId.isEmpty() && !recordTypeId.matches("[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}")) {
            throw new ConfigException("sf.recordTypeId must be a 15 or 18 character Salesforce id, got '"
                    + recordTypeId + "'");
        }
        recordTypeDeveloperName = r.string("sf.recordTypeDeveloperName", "");
        if (!recordTypeDeveloperName.isEmpty() && !recordTypeDeveloperName.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new ConfigException("sf.recordTypeDeveloperName must be an API name, got '"
                    + recordTypeDeveloperName + "'");
        }
        String mapping = r.string("mapping.file", "");
        mappingFile = mapping.isEmpty() ? null : r.existingFile("mapping.file");
        overlap = r.duration("sync.overlap", "PT10M");
        maxRecordsPerJob = r.positive("upload.maxRecordsPerJob", 10_000);
        maxConcurrentJobs = (int) r.positive("upload.maxConcurrentJobs", 2);
        uploadTimeout = r.duration("upload.timeout", "PT2H");
        pollInitialDelay = r.duration("upload.pollInitialDelay", DEFAULT_POLL_INITIAL_DELAY);
        if (pollInitialDelay.isZero()) {
            throw new ConfigException("upload.pollInitialDelay must be positive, got PT0S");
        }
        pollMaxDelay = r.duration("upload.pollMaxDelay", DEFAULT_POLL_MAX_DELAY);
        if (pollMaxDelay.compareTo(pollInitialDelay) < 0) {
            throw new ConfigException("upload.pollMaxDelay (" + pollMaxDelay + ") must not be shorter than"
                    + " upload.pollInitialDelay (" + pollInitialDelay + ")");
        }
        pollMultiplier = r.decimal("upload.pollMultiplier", DEFAULT_POLL_MULTIPLIER, 1.0, 10.0,
                "a number from 1.0 to 10.0");
        maxFailedPercent = r.percent("threshold.maxFailedPercent", 1.0);
        maxFailedRecords = r.number("threshold.maxFailedRecords", -1);
        retryMaxRuns = (int) r.positive("retry.maxRuns", 3);
        deactivationMode = r.enumValue("deactivation.mode", DeactivationMode.class, DeactivationMode.UPDATE_FIELD);
        deactivationField = r.identifier("deactivation.field", "Inactive__c");
        reportRetention = (int) r.positive("reports.retention", 30);
        writeBack = r.bool("writeBack.enabled", false);
        writeBackIdColumn = r.identifier("writeBack.idColumn", "salesforce_id");
        writeBackTimeColumn = r.identifier("writeBack.timeColumn", "synced_at");
        readBack = r.bool("readBack.enabled", false);
        alertUrl = r.uri("alert.url", false);
        alertCommand = r.string("alert.command", "");
        alertTimeout = r.duration("alert.timeout", "PT30S");
        String interval = r.string("fullRun.interval", "");
        fullRunInterval = interval.isEmpty() ? null : r.duration("fullRun.interval", "");
        detectHardDeletes = r.bool("hardDeletes.detect", true);
        countCreated = r.bool("report.countCreated", false);
        preflight = r.bool("preflight.enabled", true);
    }

    /**
     * Reads a properties file, with the process environment on top.
     *
     * @param file the properties file
     * @return the configuration
     * @throws ConfigException if a setting is missing or invalid
     */
    public static SyncConfig load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * Reads a properties file, with the given environment on top.
     *
     * @param file the properties file
     * @param env the environment variables
     * @return the configuration
     * @throws ConfigException if a setting is missing or invalid
     */
    public static SyncConfig load(Path file, Map<String, String> env) {
        Properties p = new Properties();
        try (java.io.Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException("configuration file not found: " + file);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
        Path base = file.toAbsolutePath().getParent();
        return of(p, env, base);
    }

    /**
     * Builds a configuration from properties and an environment.
     *
     * @param props the properties (no secrets)
     * @param env the environment variables (may hold secrets)
     * @param baseDir the directory relative paths are resolved against
     * @return the configuration
     * @throws ConfigException if a setting is missing or invalid
     */
    public static SyncConfig of(Properties props, Map<String, String> env, Path baseDir) {
        for (String k : props.stringPropertyNames()) {
            if (k.equals("jdbc.password") || k.equals("sf.clientSecret")) {
                throw new ConfigException(k + " must not be in the properties file: set the environment variable "
                        + (k.startsWith("jdbc") ? ENV_JDBC_PASSWORD : ENV_CLIENT_SECRET) + " or name a file in "
                        + k + "File");
            }
            if (!KEYS.contains(k)) {
                throw new ConfigException("unknown setting '" + k + "' in the configuration file");
            }
        }
        return new SyncConfig(new Reader(props, env, baseDir));
    }

    /** @return the state directory (lock, run state, reports, demo database) */
    public Path stateDir() {
        return stateDir;
    }

    /** @return the directory that holds one report directory per run */
    public Path reportsDir() {
        return stateDir.resolve("reports");
    }

    /** @return the sync's name (the watermark's key) */
    public String syncName() {
        return syncName;
    }

    /** @return the JDBC URL */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** @return whether the ERP is PostgreSQL (else H2) */
    boolean isPostgres() {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    /** Strips credentials that some users put into JDBC URLs ({@code password=...}). */
    static String redactUrl(String url) {
        return url.replaceAll("(?i)(password|pwd)=[^&;]*", "$1=***");
    }

    @Override
    public String toString() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("syncName", syncName);
        m.put("stateDir", stateDir);
        m.put("jdbcUrl", redactUrl(jdbcUrl));
        m.put("jdbcUser", jdbcUser);
        m.put("jdbcPassword", jdbcPassword.isEmpty() ? "(none)" : "***");
        m.put("sfUrl", sfUrl);
        m.put("auth", authMode);
        m.put("clientId", clientId);
        m.put("clientSecret", clientSecret == null ? "(n/a)" : "***");
        m.put("jwtUsername", jwtUsername);
        m.put("jwtKeyFile", jwtKeyFile);
        m.put("apiVersion", apiVersion);
        m.put("object", sfObject);
        m.put("externalIdField", externalIdField);
        m.put("mappingFile", mappingFile == null ? "(built-in)" : mappingFile);
        m.put("overlap", overlap);
        m.put("deactivation", deactivationMode);
        return "SyncConfig" + m;
    }

    /** Typed reading of settings, each failure one line naming the key. */
    private static final class Reader {
        private final Properties props;
        private final Map<String, String> env;
        private final Path base;

        Reader(Properties props, Map<String, String> env, Path base) {
            this.props = props;
            this.env = env;
            this.base = base;
        }

        static String envName(String key) {
            return ENV_PREFIX + key.replace('.', '_').toUpperCase(Locale.ROOT);
        }

        String raw(String key) {
            String v = env.get(envName(key));
            if (v == null) {
                v = props.getProperty(key);
            }
            return v == null ? null : v.trim();
        }

        String string(String key, String def) {
            String v = raw(key);
            return v == null || v.isEmpty() ? def : v;
        }

        String required(String key) {
            String v = raw(key);
            if (v == null || v.isEmpty()) {
                throw new ConfigException("missing setting " + key + " (or environment variable " + envName(key)
                        + ")");
            }
            return v;
        }

        String identifier(String key, String def) {
            String v = string(key, def);
            if (!v.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new ConfigException(key + " must be a plain identifier (letters, digits, _), got '" + v + "'");
            }
            return v;
        }

        List<String> list(String key, String def) {
            List<String> out = new ArrayList<>();
            for (String s : string(key, def).split(",")) {
                if (!s.trim().isEmpty()) {
                    out.add(s.trim());
                }
            }
            return Collections.unmodifiableList(out);
        }

        Path path(String key, String def) {
            Path p = Path.of(string(key, def));
            return (p.isAbsolute() || base == null ? p : base.resolve(p)).normalize();
        }

        Path existingFile(String key) {
            required(key);
            Path p = path(key, "");
            if (!Files.isRegularFile(p)) {
                throw new ConfigException(key + ": file not found: " + p);
            }
            return p;
        }

        String secret(String envVar, String fileKey, boolean required) {
            String v = env.get(envVar);
            if (v != null && !v.isEmpty()) {
                return v;
            }
            String file = raw(fileKey);
            if (file != null && !file.isEmpty()) {
                Path p = path(fileKey, "");
                try {
                    return Files.readString(p, StandardCharsets.UTF_8).trim();
                } catch (IOException e) {
                    throw new ConfigException(fileKey + ": cannot read secret file " + p);
                }
            }
            if (required) {
                throw new ConfigException("missing secret: set the environment variable " + envVar
                        + " or name a file in " + fileKey);
            }
            return "";
        }

        URI uri(String key, boolean required) {
            String v = required ? required(key) : string(key, "");
            if (v.isEmpty()) {
                return null;
            }
            try {
                URI u = new URI(v);
                if (u.getHost() == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))) {
                    throw new URISyntaxException(v, "needs http(s)://host");
                }
                return u;
            } catch (URISyntaxException e) {
                throw new ConfigException(key + " is not an http(s) URL: '" + v + "'");
            }
        }

        long number(String key, long def) {
            String v = string(key, "");
            if (v.isEmpty()) {
                return def;
            }
            try {
                return Long.parseLong(v.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new ConfigException(key + " must be a whole number, got '" + v + "'");
            }
        }

        long positive(String key, long def) {
            long n = number(key, def);
            if (n <= 0) {
                throw new ConfigException(key + " must be positive, got " + n);
            }
            return n;
        }

        double percent(String key, double def) {
            return decimal(key, def, 0, 100, "a percentage between 0 and 100");
        }

        /** A number in {@code [min, max]}; {@code what} says so in the error. */
        double decimal(String key, double def, double min, double max, String what) {
            String v = string(key, "");
            try {
                double d = v.isEmpty() ? def : Double.parseDouble(v);
                if (!(d >= min && d <= max)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new ConfigException(key + " must be " + what + ", got '" + v + "'");
            }
        }

        boolean bool(String key, boolean def) {
            String v = string(key, String.valueOf(def)).toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new ConfigException(key + " must be true or false, got '" + v + "'");
            }
            return Boolean.parseBoolean(v);
        }

        Duration duration(String key, String def) {
            String v = string(key, def);
            try {
                Duration d = Duration.parse(v);
                if (d.isNegative()) {
                    throw new ConfigException(key + " must not be negative, got " + v);
                }
                return d;
            } catch (DateTimeParseException e) {
                throw new ConfigException(key + " must be an ISO-8601 duration such as PT10M, got '" + v + "'");
            }
        }

        <E extends Enum<E>> E enumValue(String key, Class<E> type, E def) {
            String v = string(key, "");
            if (v.isEmpty()) {
                return def;
            }
            String name = v.replace('-', '_').toUpperCase(Locale.ROOT);
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(name)) {
                    return e;
                }
            }
            List<String> allowed = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                allowed.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new ConfigException(key + " must be one of " + allowed + ", got '" + v + "'");
        }
    }
}
