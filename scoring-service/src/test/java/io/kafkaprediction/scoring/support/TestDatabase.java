package io.kafkaprediction.scoring.support;

import io.kafkaprediction.scoring.EnvironmentSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One real PostgreSQL per test JVM (embedded binaries), with the user_features table. */
public final class TestDatabase {

    private static EmbeddedPostgres postgres;

    private TestDatabase() {
    }

    public static synchronized String jdbcUrl() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away anyway
                }
            }));
            execute(resource("/user_features.sql"));
        }
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    /** A lookup deadline for tests that are not about it: a loaded machine must not turn their lookups into 503s. */
    public static final int LOOKUP_TIMEOUT_MS = 10_000;

    /** Micronaut properties for a data source on this database, with a generous lookup deadline. */
    public static Map<String, Object> datasourceProperties() {
        Map<String, Object> props = new java.util.LinkedHashMap<>(
                EnvironmentSettings.datasource(jdbcUrl(), "postgres", "postgres", 2, LOOKUP_TIMEOUT_MS));
        props.put("scoring.lookups.timeout-ms", LOOKUP_TIMEOUT_MS);
        return props;
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
    }

    public static void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static void insert(String userId, String eventType, double value, Instant at) {
        insert(userId, eventType, value, at, null);
    }

    /** @param arrivedAt when the row landed; null: its insert time, as the column's default */
    public static void insert(String userId, String eventType, double value, Instant at, Instant arrivedAt) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO user_features VALUES (?, ?, ?, ?, ?, coalesce(?, clock_timestamp()))")) {
            s.setObject(1, UUID.nameUUIDFromBytes((userId + '|' + eventType + '|' + at).getBytes(StandardCharsets.UTF_8)));
            s.setString(2, userId);
            s.setString(3, eventType);
            s.setDouble(4, value);
            s.setTimestamp(5, Timestamp.from(at));
            s.setTimestamp(6, arrivedAt == null ? null : Timestamp.from(arrivedAt));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = TestDatabase.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
