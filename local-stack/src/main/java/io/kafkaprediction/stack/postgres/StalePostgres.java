package io.kafkaprediction.stack.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL left running by a stack that was killed (its {@code postmaster.pid} still names a
 * live process) holds the data folder and the port; it is stopped before the next start.
 */
public final class StalePostgres {
    private StalePostgres() {
    }

    /** Stops a live postmaster of {@code dataDir}, if any; returns its pid. */
    public static Optional<Long> stopIfRunning(Path dataDir) {
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
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(true));
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
