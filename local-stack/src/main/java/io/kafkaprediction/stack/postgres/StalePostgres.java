package io.kafkaprediction.stack.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.kafkaprediction.stack.ProcessIdentity;

/**
 * A PostgreSQL left running by a stack that was killed (its {@code postmaster.pid} still names a
 * live process) holds the data folder and the port; it is stopped before the next start.
 */
public final class StalePostgres {
    private StalePostgres() {
    }

    /**
     * The pid of a live postmaster of {@code dataDir}: the pid in its {@code postmaster.pid}, only if
     * that process is a {@code postgres} whose command line names this data folder (a reused pid is not).
     */
    public static Optional<Long> live(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid;
        try {
            List<String> lines = Files.readAllLines(pidFile);
            pid = Long.parseLong(lines.get(0).trim());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable: PostgreSQL itself will judge the file on start
        }
        String folder = dataDir.toAbsolutePath().normalize().toString();
        return ProcessIdentity.of(pid)
                .filter(p -> p.commandLine().contains("postgres") && p.commandLine().contains(folder))
                .map(ProcessIdentity::pid);
    }

    /** Stops a live postmaster of {@code dataDir}, if any; returns its pid. */
    public static Optional<Long> stopIfRunning(Path dataDir) {
        Optional<Long> livePid = live(dataDir);
        if (livePid.isEmpty()) {
            return Optional.empty();
        }
        long pid = livePid.get();
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return Optional.empty();
        }
        // SIGINT = fast shutdown: clients disconnected, WAL flushed. SIGQUIT only if that hangs.
        signal("INT", pid);
        if (!awaitExit(process.get(), 10_000)) {
            signal("QUIT", pid);
            awaitExit(process.get(), 5_000);
        }
        return Optional.of(pid);
    }

    private static void signal(String signal, long pid) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal stale PostgreSQL " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean awaitExit(ProcessHandle process, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (process.isAlive() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !process.isAlive();
    }
}
