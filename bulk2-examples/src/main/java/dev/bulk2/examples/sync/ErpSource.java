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
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    private ErpSource(SyncConfig config, Connection reader, Connection writer, Set<String> columns) {
        this.config = config;
        this.reader = reader;
        this.writer = writer;
        this.columns = columns;
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
        if (config.jdbcUser.isEmpty() && config.jdbcPassword.isEmpty()) {
            return DriverManager.getConnection(config.jdbcUrl); // credentials, if any, in the URL's parameters
        }
        return DriverManager.getConnection(config.jdbcUrl, config.jdbcUser, config.jdbcPassword);
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

    /** @return the client table's columns, lower case */
    Set<String> columns() {
        return columns;
    }

    /** @return the watermark of the last successful run, or {@link Instant#EPOCH} */
    Instant watermark() {
        try (PreparedStatement ps = writer.prepareStatement("SELECT watermark FROM sync_watermark WHERE name = ?")) {
            ps.setString(1, config.syncName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, OffsetDateTime.class).toInstant() : Instant.EPOCH;
            }
        } catch (SQLException e) {
            throw new ErpException("reading the watermark", e);
        }
    }

    /** @return the id of the last committed run, or null */
    String committedRunId() {
        return runColumn("last_run_id", String.class);
    }

    /** @return when the last full run was committed, or null */
    Instant lastFullRun() {
        OffsetDateTime t = runColumn("last_full_at", OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private <T> T runColumn(String column, Class<T> type) {
        try (PreparedStatement ps = writer.prepareStatement("SELECT " + column + " FROM sync_run WHERE name = ?")) {
            ps.setString(1, config.syncName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, type) : null;
            }
        } catch (SQLException e) {
            throw new ErpException("reading sync_run", e);
        }
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

    /** @return the retry list: ERP key to the number of runs it failed in */
    Map<String, Integer> retryList() {
        Map<String, Integer> m = new HashMap<>();
        try (PreparedStatement ps = writer.prepareStatement("SELECT client_id, attempts FROM sync_retry WHERE name = ?")) {
            ps.setString(1, config.syncName);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getInt(2));
                }
            }
        } catch (SQLException e) {
            throw new ErpException("reading the retry list", e);
        }
        return m;
    }

    /** @return how many rows changed after {@code lower} (for the progress bar) */
    long countChanged(Instant lower) {
        try (PreparedStatement ps = writer.prepareStatement("SELECT COUNT(*) FROM " + config.table + " WHERE "
                + config.updatedColumn + " > ?")) {
            ps.setObject(1, utc(lower));
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
        try {
            List<ErpRow> retries = new ArrayList<>();
            List<String> keys = new ArrayList<>(retryKeys);
            for (int i = 0; i < keys.size(); i += IN_CHUNK) {
                List<String> chunk = keys.subList(i, Math.min(keys.size(), i + IN_CHUNK));
                String in = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement ps = reader.prepareStatement("SELECT * FROM " + config.table + " WHERE "
                        + config.keyColumn + " IN (" + in + ") AND " + config.updatedColumn + " <= ? ORDER BY "
                        + config.keyColumn)) {
                    for (int j = 0; j < chunk.size(); j++) {
                        ps.setString(j + 1, chunk.get(j));
                    }
                    ps.setObject(chunk.size() + 1, utc(lower));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            retries.add(read(rs));
                        }
                    }
                }
            }
            PreparedStatement ps = reader.prepareStatement("SELECT * FROM " + config.table + " WHERE "
                    + config.updatedColumn + " > ? ORDER BY " + config.updatedColumn + ", " + config.keyColumn);
            ps.setFetchSize(config.fetchSize);
            ps.setObject(1, utc(lower));
            return Stream.concat(retries.stream(), stream(ps));
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
        Iterator<ErpRow> it = new Iterator<ErpRow>() {
            private ErpRow next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    try {
                        if (rs.next()) {
                            next = read(rs);
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

    private ErpRow read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, Object> values = new HashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String name = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
            values.put(name, value(rs, i, md));
        }
        String key = (String) values.get(config.keyColumn.toLowerCase(Locale.ROOT));
        Object changed = values.get(config.updatedColumn.toLowerCase(Locale.ROOT));
        if (!(changed instanceof Instant)) {
            throw new ErpException("column " + config.updatedColumn + " of " + key + " is not a timestamp", null);
        }
        Object status = values.get(config.statusColumn.toLowerCase(Locale.ROOT));
        boolean active = true;
        for (String v : config.inactiveValues) {
            if (status != null && v.equalsIgnoreCase(String.valueOf(status))) {
                active = false;
            }
        }
        return new ErpRow(key, (Instant) changed, active, values);
    }

    private static Object value(ResultSet rs, int i, ResultSetMetaData md) throws SQLException {
        int type = md.getColumnType(i);
        String typeName = String.valueOf(md.getColumnTypeName(i)).toLowerCase(Locale.ROOT);
        Object v;
        if (type == Types.DATE) {
            v = rs.getObject(i, LocalDate.class);
        } else if (type == Types.TIMESTAMP_WITH_TIMEZONE || typeName.contains("timestamptz")
                || typeName.contains("with time zone")) {
            OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
            v = t == null ? null : t.toInstant();
        } else if (type == Types.TIMESTAMP) {
            // A column without zone is taken as UTC (document it; prefer TIMESTAMP WITH TIME ZONE).
            LocalDateTime t = rs.getObject(i, LocalDateTime.class);
            v = t == null ? null : t.toInstant(ZoneOffset.UTC);
        } else if (type == Types.BOOLEAN || type == Types.BIT) {
            boolean b = rs.getBoolean(i);
            v = rs.wasNull() ? null : b;
        } else if (type == Types.VARCHAR || type == Types.CHAR || type == Types.NVARCHAR || type == Types.LONGVARCHAR
                || type == Types.CLOB) {
            v = rs.getString(i);
        } else {
            v = rs.getObject(i);
        }
        return v;
    }

    static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    /**
     * Ends a run in one transaction: moves the watermark (when {@code newWatermark} is not null) and replaces the
     * retry list.
     */
    void commitRun(Instant newWatermark, Map<String, Integer> retry, Map<String, String> lastErrors, String runId,
            Instant fullRunAt) {
        try {
            writer.setAutoCommit(false);
            Instant lastFull = fullRunAt != null ? fullRunAt : lastFullRun();
            try (PreparedStatement del = writer.prepareStatement("DELETE FROM sync_run WHERE name = ?");
                    PreparedStatement ins = writer.prepareStatement(
                            "INSERT INTO sync_run (name, last_run_id, last_full_at) VALUES (?, ?, ?)")) {
                del.setString(1, config.syncName);
                del.executeUpdate();
                ins.setString(1, config.syncName);
                ins.setString(2, runId);
                ins.setObject(3, lastFull == null ? null : utc(lastFull));
                ins.executeUpdate();
            }
            if (newWatermark != null) {
                try (PreparedStatement del = writer.prepareStatement("DELETE FROM sync_watermark WHERE name = ?");
                        PreparedStatement ins = writer.prepareStatement(
                                "INSERT INTO sync_watermark (name, watermark) VALUES (?, ?)")) {
                    del.setString(1, config.syncName);
                    del.executeUpdate();
                    ins.setString(1, config.syncName);
                    ins.setObject(2, utc(newWatermark));
                    ins.executeUpdate();
                }
            }
            try (PreparedStatement del = writer.prepareStatement("DELETE FROM sync_retry WHERE name = ?");
                    PreparedStatement ins = writer.prepareStatement(
                            "INSERT INTO sync_retry (name, client_id, attempts, last_error) VALUES (?, ?, ?, ?)")) {
                del.setString(1, config.syncName);
                del.executeUpdate();
                for (Map.Entry<String, Integer> e : retry.entrySet()) {
                    ins.setString(1, config.syncName);
                    ins.setString(2, e.getKey());
                    ins.setInt(3, e.getValue());
                    String err = lastErrors.getOrDefault(e.getKey(), "");
                    ins.setString(4, err.length() > 1000 ? err.substring(0, 1000) : err);
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            writer.commit();
            if (!config.isPostgres()) {
                // H2 writes committed transactions to the file with a delay: force them, so that a process killed
                // right after the commit keeps it (PostgreSQL's commit is durable by itself).
                try (Statement st = writer.createStatement()) {
                    st.execute("CHECKPOINT SYNC");
                }
            }
        } catch (SQLException e) {
            try {
                writer.rollback();
            } catch (SQLException ignored) {
                // the original error is reported
            }
            throw new ErpException("storing the watermark and retry list", e);
        } finally {
            try {
                writer.setAutoCommit(true);
            } catch (SQLException ignored) {
                // connection is closed at the end of the run anyway
            }
        }
    }

    /** Writes the Salesforce id and the sync time back to the ERP rows (one transaction). */
    void writeBack(Map<String, String> keyToId, Instant syncedAt) {
        String sql = "UPDATE " + config.table + " SET " + config.writeBackIdColumn + " = ?, "
                + config.writeBackTimeColumn + " = ? WHERE " + config.keyColumn + " = ?";
        try (PreparedStatement ps = writer.prepareStatement(sql)) {
            writer.setAutoCommit(false);
            int n = 0;
            for (Map.Entry<String, String> e : keyToId.entrySet()) {
                ps.setString(1, e.getValue());
                ps.setObject(2, utc(syncedAt));
                ps.setString(3, e.getKey());
                ps.addBatch();
                if (++n % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
            writer.commit();
            writer.setAutoCommit(true);
        } catch (SQLException e) {
            throw new ErpException("writing Salesforce ids back", e);
        }
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
