package io.kafkaprediction.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** How the stack launches, waits for and stops its child JVMs (Connect workers, the scoring service). */
public final class ChildProcesses {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private ChildProcesses() {
    }

    /**
     * Runs {@code command} in its own session where {@code setsid} exists, so a Ctrl-C in the
     * terminal reaches only the stack, which then stops its children in order (Connect before Kafka).
     */
    public static List<String> ownSession(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(command.size() + 1);
        wrapped.add(SETSID.toString());
        wrapped.addAll(command);
        return wrapped;
    }

    /** Starts {@code command} in its own session with {@code environment} added, output appended to {@code logFile}. */
    public static Process launch(List<String> command, Map<String, String> environment, Path logFile) throws IOException {
        Files.createDirectories(logFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(ownSession(command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        ChildRecords.launched(logFile.getFileName().toString().replaceFirst("\\.log$", ""), process);
        return process;
    }

    /**
     * Polls {@code readiness} (null when ready, else why not) until it is ready, failing fast when the
     * process exits and with the last reason after {@code timeout}; {@code what} names it in messages.
     */
    public static void awaitReady(Process process, String what, Duration timeout, Supplier<String> readiness, Path logFile) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String reason = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited with " + process.exitValue() + " during start-up"
                        + lastCause(logFile).map(c -> ": " + c).orElse("") + "; see " + logFile);
            }
            reason = readiness.get();
            if (reason == null) {
                return;
            }
            StartAbandon.check();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException(what + " did not come up within " + timeout.toSeconds() + " s: " + reason
                + "; see " + logFile);
    }

    /**
     * Why a child gave up, from the end of its log: its own "Cannot start: ..." line, else the last
     * "Caused by:" of a trace, so the stack's last line names the cause and not just an exit code.
     */
    static Optional<String> lastCause(Path logFile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(logFile);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        String causedBy = null;
        for (int i = lines.size() - 1; i >= Math.max(0, lines.size() - 300); i--) {
            String line = lines.get(i);
            int start = line.indexOf("Cannot start: ");
            if (start >= 0) {
                return Optional.of(line.substring(start + "Cannot start: ".length()).strip());
            }
            if (causedBy == null && line.startsWith("Caused by: ")) {
                causedBy = line.substring("Caused by: ".length()).strip();
            }
        }
        return Optional.ofNullable(causedBy);
    }

    /** SIGTERM (the child's shutdown hooks run), SIGKILL if it is still there after {@code timeout}. */
    public static void stop(Process process, Duration timeout) {
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!process.isAlive()) {
            ChildRecords.stopped(process);
        }
    }
}
