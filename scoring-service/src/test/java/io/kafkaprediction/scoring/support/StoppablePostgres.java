package io.kafkaprediction.scoring.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL of its own (not the shared {@link TestDatabase}) that a test can freeze: SIGSTOP on
 * its postmaster and every child, by pid, so sockets stay open and nothing answers, the way a hung
 * host or a stalled disk looks to a client. Only this server's processes are signalled: the pid
 * comes from its own data directory's {@code postmaster.pid}.
 */
public final class StoppablePostgres implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final List<Long> stopped = new ArrayList<>();

    public StoppablePostgres() {
        try {
            dataDirectory = Files.createTempDirectory("stoppable-pg");
            postgres = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
        execute(resource("/user_features.sql"));
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    public void execute(String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Freezes the postmaster first (so it forks no new backend), then each of its children. */
    public synchronized void stop() {
        long postmaster = postmasterPid();
        List<Long> pids = new ArrayList<>();
        pids.add(postmaster);
        signal("STOP", pids);
        stopped.addAll(pids);
        List<Long> children = ProcessHandle.of(postmaster).orElseThrow().descendants().map(ProcessHandle::pid).toList();
        signal("STOP", children);
        stopped.addAll(children);
    }

    /** Resumes whatever {@link #stop()} froze; safe to call when nothing is stopped. */
    public synchronized void resume() {
        if (!stopped.isEmpty()) {
            signal("CONT", stopped);
            stopped.clear();
        }
    }

    @Override
    public void close() {
        resume();
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long postmasterPid() {
        try {
            // First line of postmaster.pid: the postmaster's pid.
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void signal(String signal, List<Long> pids) {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(String.valueOf(pid)));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException(command + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = StoppablePostgres.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
