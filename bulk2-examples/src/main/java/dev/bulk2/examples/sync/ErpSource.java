package dev.bulk2.examples.sync;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The ERP over JDBC (H2 or PostgreSQL): streams changed clients, and keeps the sync's own tables
 * ({@code sync_watermark}, {@code sync_retry}) that are updated in one transaction at the end of a run. Reading
 * uses its own connection with autocommit off and a fetch size, so PostgreSQL streams through a cursor instead of
 * loading the whole result. Timestamps are {@code TIMESTAMP WITH TIME ZONE} and bound as UTC
 * {@link OffsetDateTime}s, so the watermark does not depend on the JVM's or the server's time zone.
 */
final class ErpSource implements AutoCloseable {
    private static final int IN_CHUNK = 500;

    private final SyncConfig config;
    private final Connection reader;
    private final Connection writer;
    private final Set<String> columns;
    private final SyncTables tables;
    private final String keyColumn;
    private final String updatedColumn;
    private final String statusColumn;

    private ErpSource(SyncConfig config, Connection reader, Connection writer, Set<String> columns) {
        this.config = config;
        this.reader = reader;
        this.writer = writer;
        this.columns = columns;
        this.tables = new SyncTables(config, writer);
        this.keyColumn = config.keyColumn.toLowerCase(Locale.ROOT);
        this.updatedColumn = config.updatedColumn.toLowerCase(Locale.ROOT);
        this.statusColumn = config.statusColumn.toLowerCase(Locale.ROOT);
    }

    /**
     * Connects, creates the sync's own tables if missing and reads the client table's columns.
     *
     * @throws ConfigException if the database cannot be reached or the table is missing
     */
    static ErpSource open(SyncConfig config) {
        Connection r = null;
        Connection w = null;
        try {
            r = connect(config);
            w = connect(config);
            r.setAutoCommit(false);
            r.setReadOnly(true);
            if (!config.isPostgres()) {
                try (Statement s = r.createStatement()) {
                    s.execute("SET LAZY_QUERY_EXECUTION TRUE"); // stream the result instead of building it whole
                }
            }
            runScript(w, "/erp-sync/sync-tables.sql");
            Set<String> cols = new LinkedHashSet<>();
            try (Statement s = w.createStatement();
                    ResultSet rs = s.executeQuery("SELECT * FROM " + config.table + " WHERE 1 = 0")) {
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    cols.add(md.getColumnLabel(i).toLowerCase(Locale.ROOT));
                }
            } catch (SQLException e) {
                throw new ConfigException("ERP table " + config.table + " cannot be read: " + oneLine(e));
            }
            for (String c : new String[] {config.keyColumn, config.updatedColumn, config.statusColumn}) {
                if (!cols.contains(c.toLowerCase(Locale.ROOT))) {
                    throw new ConfigException("ERP table " + config.table + " has no column '" + c + "' (columns: "
                            + cols + ")");
                }
            }
            return new ErpSource(config, r, w, cols);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(r);
            closeQuietly(w);
            if (e instanceof ConfigException) {
                throw (ConfigException) e;
            }
            throw new ConfigException("cannot connect to the ERP database " + SyncConfig.redactUrl(config.jdbcUrl)
                    + ": " + oneLine(e));
        }
    }

    static Connection connect(SyncConfig config) throws SQLException {
        tuneH2(config.jdbcUrl);
        if (config.jdbcUser.isEmpty() && config.jdbcPassword.isEmpty()) {
            return DriverManager.getConnection(config.jdbcUrl); // credentials, if any, in the URL's parameters
        }
        return DriverManager.getConnection(config.jdbcUrl, config.jdbcUser, config.jdbcPassword);
    }

    /**
     * Switches off H2's JVM-wide cache of decoded values ({@code h2.objectCache}) before the JVM's first H2
     * connection, unless the property is set ({@code -Dh2.objectCache=true} keeps the cache). The cache hashes
     * every string H2 decodes to share equal ones; a streamed read keeps no rows, so there is nothing to share,
     * and the hashing was a fifth of the read path's CPU (ReadBench). Values and their types are the same either
     * way. No effect once H2 has been used in this JVM (H2 reads the property once).
     */
    private static void tuneH2(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            try {
                if (System.getProperty("h2.objectCache") == null) {
                    System.setProperty("h2.objectCache", "false");
                }
            } catch (SecurityException ignored) {
                // keep H2's default
            }
        }
    }

    /** Runs a classpath SQL script (statements end with a semicolon at the end of a line). */
    static void runScript(Connection c, String resource) throws SQLException {
        String sql;
        try (InputStream in = ErpSource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (Statement s = c.createStatement()) {
            StringBuilder stmt = new StringBuilder();
            for (String line : sql.split("\n")) {
                if (line.trim().startsWith("--")) {
                    continue;
                }
                stmt.append(line).append('\n');
                if (line.trim().endsWith(";")) {
                    String one = stmt.toString().trim();
                    s.execute(one.substring(0, one.length() - 1));
                    stmt.setLength(0);
                }
            }
        }
    }

    /** @return the sync's own tables (watermark, retry list, runs) */
    SyncTables tables() {
        return tables;
    }

    /** @return the client table's columns, lower case */
    Set<String> columns() {
        return columns;
    }

    /** @return which of the keys the client table still has (for the hard-delete key scan) */
    Set<String> existing(List<String> keys) {
        Set<String> found = new java.util.HashSet<>();
        String in = String.join(",", java.util.Collections.nCopies(keys.size(), "?"));
        try (PreparedStatement ps = writer.prepareStatement("SELECT " + config.keyColumn + " FROM " + config.table
                + " WHERE " + config.keyColumn + " IN (" + in + ")")) {
            for (int i = 0; i < keys.size(); i++) {
                ps.setString(i + 1, keys.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new ErpException("scanning client keys", e);
        }
        return found;
    }

    /**
     * @return how many rows changed after {@code lower}, for the progress bar's total; for a full run
     *     ({@code lower} is the epoch) the table's row count, which H2 answers without a scan (it counts also
     *     rows changed before 1970, which the read leaves out: the bar may end short of its total, nothing else)
     */
    long countChanged(Instant lower) {
        boolean all = Instant.EPOCH.equals(lower);
        try (PreparedStatement ps = writer.prepareStatement("SELECT COUNT(*) FROM " + config.table
                + (all ? "" : " WHERE " + config.updatedColumn + " > ?"))) {
            if (!all) {
                ps.setObject(1, utc(lower));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new ErpException("counting changed rows", e);
        }
    }

    /**
     * The rows to send: the retry-list rows not inside the window (read eagerly, the list is short), then the
     * rows changed after {@code lower}, streamed in {@code (updated_at, key)} order. Close the stream.
     */
    Stream<ErpRow> changed(Instant lower, Collection<String> retryKeys) {
        List<ErpRow> retries = retryRows(lower, retryKeys);
        return Stream.concat(retries.stream(), changedAfter(lower, null, null));
    }

    /**
     * The retry-list rows not inside the window ({@code updated_at <= lower}: the main scan does not see them),
     * read eagerly (the list is short) and sorted by key in Java's string order, so that a resumed read can go on
     * after the last one it stored whatever the database's collation.
     */
    List<ErpRow> retryRows(Instant lower, Collection<String> retryKeys) {
        try {
            List<ErpRow> retries = new ArrayList<>();
            List<String> keys = new ArrayList<>(retryKeys);
            for (int i = 0; i < keys.size(); i += IN_CHUNK) {
                List<String> chunk = keys.subList(i, Math.min(keys.size(), i + IN_CHUNK));
                String in = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement ps = reader.prepareStatement("SELECT * FROM " + config.table + " WHERE "
                        + config.keyColumn + " IN (" + in + ") AND " + config.updatedColumn + " <= ?")) {
                    for (int j = 0; j < chunk.size(); j++) {
                        ps.setString(j + 1, chunk.get(j));
                    }
                    ps.setObject(chunk.size() + 1, utc(lower));
                    try (ResultSet rs = ps.executeQuery()) {
                        Columns cols = new Columns(rs.getMetaData());
                        while (rs.next()) {
                            retries.add(read(rs, cols));
                        }
                    }
                }
            }
            retries.sort(java.util.Comparator.comparing(r -> r.key));
            return retries;
        } catch (SQLException e) {
            throw new ErpException("reading the retry list's clients", e);
        }
    }

    /**
     * The rows changed after {@code lower}, streamed in {@code (updated_at, key)} order; with a cursor, only those
     * after it in that order (a resumed read: the database compares, so its collation decides both). Close the
     * stream.
     *
     * @param cursorAt the {@code updated_at} of the last row already read, or null
     * @param cursorKey its key (with {@code cursorAt})
     */
    Stream<ErpRow> changedAfter(Instant lower, Instant cursorAt, String cursorKey) {
        try {
            String u = config.updatedColumn;
            String where = cursorAt == null ? u + " > ?"
                    : "(" + u + " > ? OR (" + u + " = ? AND " + config.keyColumn + " > ?))";
            PreparedStatement ps = reader.prepareStatement("SELECT * FROM " + config.table + " WHERE " + where
                    + " ORDER BY " + u + ", " + config.keyColumn);
            ps.setFetchSize(config.fetchSize);
            if (cursorAt == null) {
                ps.setObject(1, utc(lower));
            } else {
                ps.setObject(1, utc(cursorAt));
                ps.setObject(2, utc(cursorAt));
                ps.setString(3, cursorKey);
            }
            return stream(ps);
        } catch (SQLException e) {
            throw new ErpException("reading changed clients", e);
        }
    }

    /** Every row, in key order (for the read-back comparison). Close the stream. */
    Stream<ErpRow> all() {
        try {
            PreparedStatement ps = reader.prepareStatement("SELECT * FROM " + config.table + " ORDER BY "
                    + config.keyColumn);
            ps.setFetchSize(config.fetchSize);
            return stream(ps);
        } catch (SQLException e) {
            throw new ErpException("reading clients", e);
        }
    }

    private Stream<ErpRow> stream(PreparedStatement ps) throws SQLException {
        ResultSet rs = ps.executeQuery();
        Columns cols = new Columns(rs.getMetaData());
        Iterator<ErpRow> it = new Iterator<ErpRow>() {
            private ErpRow next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    try {
                        if (rs.next()) {
                            next = read(rs, cols);
                        } else {
                            done = true;
                        }
                    } catch (SQLException e) {
                        throw new ErpException("reading clients", e);
                    }
                }
                return next != null;
            }

            @Override
            public ErpRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ErpRow r = next;
                next = null;
                return r;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(() -> {
                    try {
                        rs.close();
                        ps.close();
                        reader.commit();
                    } catch (SQLException e) {
                        throw new ErpException("closing the client cursor", e);
                    }
                });
    }

    /**
     * The columns of one result set, taken once per query: names (lower case, shared by its rows), how each is
     * read, and where the key, change time and status are.
     */
    private final class Columns {
        final ErpRow.Columns row;
        final int[] kinds;
        final int key;
        final int updated;
        final int status;

        Columns(ResultSetMetaData md) throws SQLException {
            int n = md.getColumnCount();
            String[] names = new String[n];
            kinds = new int[n];
            for (int i = 0; i < n; i++) {
                names[i] = md.getColumnLabel(i + 1).toLowerCase(Locale.ROOT);
                kinds[i] = kind(md, i + 1);
            }
            row = new ErpRow.Columns(names);
            key = row.indexOf(keyColumn);
            updated = row.indexOf(updatedColumn);
            status = row.indexOf(statusColumn);
        }
    }

    private static final int DATE = 0;
    private static final int ZONED = 1;
    private static final int LOCAL = 2;
    private static final int BOOL = 3;
    private static final int TEXT = 4;
    private static final int OTHER = 5;

    private static int kind(ResultSetMetaData md, int i) throws SQLException {
        int type = md.getColumnType(i);
        String typeName = String.valueOf(md.getColumnTypeName(i)).toLowerCase(Locale.ROOT);
        if (type == Types.DATE) {
            return DATE;
        } else if (type == Types.TIMESTAMP_WITH_TIMEZONE || typeName.contains("timestamptz")
                || typeName.contains("with time zone")) {
            return ZONED;
        } else if (type == Types.TIMESTAMP) {
            return LOCAL; // a column without zone is taken as UTC (documented; prefer TIMESTAMP WITH TIME ZONE)
        } else if (type == Types.BOOLEAN || type == Types.BIT) {
            return BOOL;
        } else if (type == Types.VARCHAR || type == Types.CHAR || type == Types.NVARCHAR || type == Types.LONGVARCHAR
                || type == Types.CLOB) {
            return TEXT;
        }
        return OTHER;
    }

    private ErpRow read(ResultSet rs, Columns cols) throws SQLException {
        int[] kinds = cols.kinds;
        Object[] values = new Object[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            values[i] = value(rs, i + 1, kinds[i]);
        }
        String key = (String) (cols.key < 0 ? null : values[cols.key]);
        Object changed = cols.updated < 0 ? null : values[cols.updated];
        if (!(changed instanceof Instant)) {
            throw new ErpException("column " + config.updatedColumn + " of " + key + " is not a timestamp", null);
        }
        Object status = cols.status < 0 ? null : values[cols.status];
        boolean active = true;
        if (status != null) {
            String s = String.valueOf(status);
            for (String v : config.inactiveValues) {
                if (v.equalsIgnoreCase(s)) {
                    active = false;
                    break;
                }
            }
        }
        return new ErpRow(key, (Instant) changed, active, cols.row, values);
    }

    private static Object value(ResultSet rs, int i, int kind) throws SQLException {
        switch (kind) {
            case DATE:
                return rs.getObject(i, LocalDate.class);
            case ZONED: {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                return t == null ? null : t.toInstant();
            }
            case LOCAL: {
                LocalDateTime t = rs.getObject(i, LocalDateTime.class);
                return t == null ? null : t.toInstant(ZoneOffset.UTC);
            }
            case BOOL: {
                boolean b = rs.getBoolean(i);
                return rs.wasNull() ? null : b;
            }
            case TEXT:
                return rs.getString(i);
            default:
                return rs.getObject(i);
        }
    }

    static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return SyncConfig.redactUrl(nl < 0 ? m : m.substring(0, nl)).trim();
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing to do
            }
        }
    }

    @Override
    public void close() {
        try {
            reader.rollback();
        } catch (SQLException ignored) {
            // read-only
        }
        closeQuietly(reader);
        closeQuietly(writer);
    }

    /** A database error during a run (exit code 2: connection problem). */
    static final class ErpException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ErpException(String what, SQLException cause) {
            super("ERP database error while " + what + (cause == null ? "" : ": " + oneLine(cause)), cause);
        }
    }
}
