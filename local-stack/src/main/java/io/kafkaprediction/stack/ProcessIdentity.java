package io.kafkaprediction.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One process as Linux's {@code /proc} shows it: pid, start time (clock ticks since boot) and
 * command line. A pid alone is not an identity: after a crash the number can belong to any other
 * process. pid + start time can, and the command line confirms it is the kind of process we started.
 * The shell script ({@code ./stack}) writes the same "pid start" pair into {@code stack.pid}.
 */
public record ProcessIdentity(long pid, long startTicks, String commandLine) {

    public static Optional<ProcessIdentity> of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            String stat = Files.readString(proc.resolve("stat"), StandardCharsets.UTF_8);
            // "pid (comm) state ppid ...": comm may contain spaces and parentheses, so split after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long start = Long.parseLong(fields[19]); // field 22 of proc(5), the 20th after comm
            String command = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').strip();
            return Optional.of(new ProcessIdentity(pid, start, command));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone (or not Linux)
        }
    }

    public static ProcessIdentity current() {
        return of(ProcessHandle.current().pid()).orElseThrow(() -> new IllegalStateException("no /proc entry for this JVM"));
    }

    /** The "pid start" line written to pid files. */
    public String record() {
        return pid + " " + startTicks;
    }

    /**
     * The live process that {@code record} ("pid start") names, if it is still that same process and
     * its command line contains {@code marker}; empty for anything else, which must never be signalled.
     */
    public static Optional<ProcessIdentity> live(String record, String marker) {
        String[] parts = record == null ? new String[0] : record.trim().split("\\s+");
        if (parts.length < 2) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(parts[0]);
            long start = Long.parseLong(parts[1]);
            return of(pid).filter(p -> p.startTicks == start && p.commandLine.contains(marker));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Still this very process (same pid and start time)? */
    public boolean isAlive() {
        return of(pid).map(p -> p.startTicks == startTicks).orElse(false);
    }

    /**
     * SIGTERM, then SIGKILL after {@code timeout}; each signal only after checking it is still this
     * process. Returns true when it is gone.
     */
    public boolean stop(Duration timeout) {
        if (!isAlive()) {
            return true;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        handle.ifPresent(ProcessHandle::destroy);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive() && System.nanoTime() < deadline) {
            sleep(100);
        }
        if (isAlive()) {
            handle.ifPresent(ProcessHandle::destroyForcibly);
            for (int i = 0; i < 50 && isAlive(); i++) {
                sleep(100);
            }
        }
        return !isAlive();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
