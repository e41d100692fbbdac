package dev.bulk2.examples.sync;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;

/**
 * The end-to-end sync scenarios on a real PostgreSQL server, each test in a fresh schema. The server comes from
 * {@code .ci/postgres.sh}: URL in {@code BULK2_TEST_PG_URL} (default {@value #DEFAULT_URL}), credentials in
 * {@code BULK2_TEST_PG_USER}/{@code BULK2_TEST_PG_PASSWORD} (default bulk2/bulk2). Unreachable server: skipped on a
 * developer machine, a failure when {@code CI=true}.
 */
class PostgresSyncRunTest extends AbstractSyncRunTest {
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/bulk2_test";

    private String baseUrl;
    private String user;
    private String password;
    private String schema;

    @Override
    Erp newErp(Path dir) throws Exception {
        baseUrl = System.getenv().getOrDefault("BULK2_TEST_PG_URL", DEFAULT_URL);
        user = System.getenv().getOrDefault("BULK2_TEST_PG_USER", "bulk2");
        password = System.getenv().getOrDefault("BULK2_TEST_PG_PASSWORD", "bulk2");
        schema = "sync_" + Long.toHexString(System.nanoTime());
        try (Connection c = DriverManager.getConnection(baseUrl, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String why = "PostgreSQL at " + baseUrl + " unreachable (" + e.getMessage() + "); run .ci/postgres.sh";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why, e);
            }
            Assumptions.abort(why);
        }
        return new Erp(baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password, true);
    }

    @AfterEach
    void dropSchema() throws SQLException {
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(baseUrl, user, password);
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
