package dev.bulk2.examples.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * The sync's own tables in the ERP database ({@code sync-tables.sql}): {@code sync_watermark}, {@code sync_retry}
 * and {@code sync_run}, read at the start of a run and written in one transaction at its end
 * ({@link #commitRun}). Uses the ERP source's writing connection; not thread-safe.
 */
final class SyncTables {
    private final SyncConfig config;
    private final Connection writer;

    SyncTables(SyncConfig config, Connection writer) {
        this.config = config;
        this.writer = writer;
    }

    private static OffsetDateTime utc(Instant i) {
        return ErpSource.utc(i);
    }

    /** @return the watermark of the last successful run, or {@link Instant#EPOCH} */
    Instant watermark() {
        try (PreparedStatement ps = writer.prepareStatement("SELECT watermark FROM sync_watermark WHERE name = ?")) {
            ps.setString(1, config.syncName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, OffsetDateTime.class).toInstant() : Instant.EPOCH;
            }
        } catch (SQLException e) {
            throw new ErpSource.ErpException("reading the watermark", e);
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
            throw new ErpSource.ErpException("reading sync_run", e);
        }
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
            throw new ErpSource.ErpException("reading the retry list", e);
        }
        return m;
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
            throw new ErpSource.ErpException("storing the watermark and retry list", e);
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
            throw new ErpSource.ErpException("writing Salesforce ids back", e);
        }
    }

}
