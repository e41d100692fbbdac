package dev.bulk2.examples;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The ERP side of the demo: a JDBC database holding clients, with a watermark table so that each run sends
 * only what changed since the last reconciled run. The embedded default is an in-memory H2 database seeded with
 * realistic rows (a few of them deliberately invalid, as real ERP data is).
 */
public final class ErpDatabase implements AutoCloseable {
    private static final String[] FIRST = {"Ada", "Alan", "Grace", "Katherine", "Linus", "Mary", "Dorothy",
        "Edsger", "Barbara", "Donald", "Frances", "John", "Radia", "Tim", "Margaret", "Ken", "Hedy", "Claude"};
    private static final String[] LAST = {"Lovelace", "Turing", "Hopper", "Johnson", "Pauling", "Jackson",
        "Vaughan", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus", "Perlman", "Berners-Lee", "Hamilton",
        "Thompson", "Lamarr", "Shannon", "O'Neil", "García"};
    private static final String[] CITY = {"London", "Wilmslow", "Arlington", "Hampton", "Portland", "Zürich",
        "Paris", "Lyon", "Boston", "Austin"};
    private static final String[] SALUTATION = {"Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", ""};
    private static final String[] MARITAL = {"Single", "Married", "Widowed", "Divorced", ""};

    private final Connection connection;

    private ErpDatabase(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens a database and creates the tables if needed.
     *
     * @param jdbcUrl for example {@code jdbc:h2:mem:erp;DB_CLOSE_DELAY=-1} or a PostgreSQL URL
     * @param user the user
     * @param password the password
     * @return the database
     * @throws SQLException if it cannot be opened
     */
    public static ErpDatabase open(String jdbcUrl, String user, String password) throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS client ("
                    + "client_id VARCHAR(32) PRIMARY KEY, salutation VARCHAR(16), first_name VARCHAR(40),"
                    + " last_name VARCHAR(80), email VARCHAR(120), birth_date DATE, mobile VARCHAR(40),"
                    + " street VARCHAR(255), city VARCHAR(40), state VARCHAR(40), postal_code VARCHAR(20),"
                    + " country VARCHAR(80), opted_out_email BOOLEAN NOT NULL, marital_status VARCHAR(20),"
                    + " updated_at TIMESTAMP NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS sync_watermark (name VARCHAR(64) PRIMARY KEY,"
                    + " updated_at TIMESTAMP NOT NULL)");
        }
        return new ErpDatabase(c);
    }

    /**
     * Inserts {@code count} generated clients, deterministic for a seed. About 1 in 200 has no last name and
     * about 1 in 200 an invalid e-mail address, so that the sync has record errors to report.
     *
     * @param count how many clients
     * @param seed the random seed
     * @param changedAt the {@code updated_at} of every row
     * @throws SQLException on a database error
     */
    public void seed(int count, long seed, Instant changedAt) throws SQLException {
        Random r = new Random(seed);
        String sql = "INSERT INTO client VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 1; i <= count; i++) {
                String first = FIRST[r.nextInt(FIRST.length)];
                String last = r.nextInt(200) == 0 ? null : LAST[r.nextInt(LAST.length)];
                String email = (first + "." + (last == null ? "x" : last) + i + "@example.com")
                        .toLowerCase(java.util.Locale.ROOT).replace("'", "");
                if (r.nextInt(200) == 0) {
                    email = email.replace("@", "@@");
                }
                ps.setString(1, String.format("C-%07d", i));
                ps.setString(2, SALUTATION[r.nextInt(SALUTATION.length)]);
                ps.setString(3, first);
                ps.setString(4, last);
                ps.setString(5, email);
                ps.setObject(6, LocalDate.of(1940 + r.nextInt(65), 1 + r.nextInt(12), 1 + r.nextInt(28)));
                ps.setString(7, r.nextInt(10) == 0 ? null : String.format("+44 7700 %06d", r.nextInt(1_000_000)));
                ps.setString(8, (1 + r.nextInt(200)) + (r.nextBoolean() ? " High St" : " Rue de la Paix, Apt "
                        + (1 + r.nextInt(9))));
                ps.setString(9, CITY[r.nextInt(CITY.length)]);
                ps.setString(10, r.nextBoolean() ? "VA" : null);
                ps.setString(11, String.format("%05d", r.nextInt(100_000)));
                ps.setString(12, r.nextBoolean() ? "United Kingdom" : "United States");
                ps.setBoolean(13, r.nextInt(5) == 0);
                ps.setString(14, MARITAL[r.nextInt(MARITAL.length)]);
                ps.setTimestamp(15, Timestamp.from(changedAt));
                ps.addBatch();
                if (i % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /**
     * The watermark of the last reconciled run.
     *
     * @param name the sync's name
     * @return the watermark, or the epoch when the sync never completed
     * @throws SQLException on a database error
     */
    public Instant watermark(String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT updated_at FROM sync_watermark WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : Instant.EPOCH;
            }
        }
    }

    /**
     * Moves the watermark forward (only after a run reconciled).
     *
     * @param name the sync's name
     * @param value the new watermark
     * @throws SQLException on a database error
     */
    public void advanceWatermark(String name, Instant value) throws SQLException {
        try (PreparedStatement del = connection.prepareStatement("DELETE FROM sync_watermark WHERE name = ?");
                PreparedStatement ins = connection.prepareStatement("INSERT INTO sync_watermark VALUES (?, ?)")) {
            del.setString(1, name);
            del.executeUpdate();
            ins.setString(1, name);
            ins.setTimestamp(2, Timestamp.from(value));
            ins.executeUpdate();
        }
    }

    /**
     * Streams the clients changed after the watermark, in {@code updated_at} order, without loading them all:
     * the JDBC cursor is read as the stream is consumed. Close the stream to release the cursor.
     *
     * @param after the watermark
     * @return the changed clients
     * @throws SQLException on a database error
     */
    public Stream<ErpClient> changedSince(Instant after) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(
                "SELECT * FROM client WHERE updated_at > ? ORDER BY updated_at, client_id");
        ps.setFetchSize(1000);
        ps.setTimestamp(1, Timestamp.from(after));
        ResultSet rs = ps.executeQuery();
        Iterator<ErpClient> it = new Iterator<ErpClient>() {
            private ErpClient next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        if (rs.next()) {
                            next = read(rs);
                        }
                    } catch (SQLException e) {
                        throw new IllegalStateException("Reading clients from the ERP failed: " + e.getMessage(), e);
                    }
                }
                return next != null;
            }

            @Override
            public ErpClient next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ErpClient c = next;
                next = null;
                return c;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(() -> {
                    try {
                        rs.close();
                        ps.close();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    private static ErpClient read(ResultSet rs) throws SQLException {
        java.sql.Date birth = rs.getDate("birth_date");
        return new ErpClient(rs.getString("client_id"), rs.getString("salutation"), rs.getString("first_name"),
                rs.getString("last_name"), rs.getString("email"), birth == null ? null : birth.toLocalDate(),
                rs.getString("mobile"), rs.getString("street"), rs.getString("city"), rs.getString("state"),
                rs.getString("postal_code"), rs.getString("country"), rs.getBoolean("opted_out_email"),
                rs.getString("marital_status"), rs.getTimestamp("updated_at").toInstant());
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
