package io.kafkaprediction.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A component of the stack that runs as a child JVM (a Connect worker, the scoring service): start
 * it, wait until it is ready, stop it, ask for its pid and URL. Subclasses say what to run, with
 * which environment, and how readiness shows; launch, the readiness loop and the graceful-then-forced
 * stop are here once.
 */
public abstract class ChildJvm implements AutoCloseable {
    private final String description;
    private final Path logFile;
    private final Duration closeTimeout;
    private Process process;

    /**
     * @param description names the component in messages ("Connect worker connect")
     * @param closeTimeout how long {@link #close()} waits for a graceful stop before SIGKILL
     */
    protected ChildJvm(String description, Path logFile, Duration closeTimeout) {
        this.description = description;
        this.logFile = logFile;
        this.closeTimeout = closeTimeout;
    }

    /** The command line; may write the files it names. */
    protected abstract List<String> command() throws IOException;

    /** Environment variables added to this JVM's own. */
    protected abstract Map<String, String> environment();

    /** Null when the component serves requests, else why not (polled during start-up). */
    protected abstract String readiness();

    /** The base URL it serves on. */
    public abstract String url();

    /** Where its output goes (and its own logging, which the command may point there). */
    protected Path logFile() {
        return logFile;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(description + " is not running");
        }
        return process.pid();
    }

    /** Starts the JVM unless it runs, then waits up to {@code timeout} until it is ready. */
    public synchronized void start(Duration timeout) {
        launch();
        awaitReady(timeout);
    }

    /** Starts the JVM without waiting, so the caller can start other things meanwhile. */
    public synchronized void launch() {
        if (isAlive()) {
            return;
        }
        try {
            process = ChildProcesses.launch(command(), environment(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + description, e);
        }
    }

    /** Waits until {@link #readiness()} says ready; fails fast when the JVM exits meanwhile. */
    public void awaitReady(Duration timeout) {
        Process current;
        synchronized (this) {
            current = process;
        }
        if (current == null) {
            throw new IllegalStateException(description + " was not started");
        }
        ChildProcesses.awaitReady(current, description + " (" + url() + ")", timeout, this::readiness, logFile);
    }

    /** Graceful stop (SIGTERM, the child's shutdown hooks run), forced after {@code timeout}. */
    public synchronized void stop(Duration timeout) {
        if (process == null) {
            return;
        }
        ChildProcesses.stop(process, timeout);
        process = null;
    }

    /** SIGKILL, no goodbye: no shutdown hook runs (a Connect group notices only by its session timeout). */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop(closeTimeout);
    }

    /** The {@code java} of this JVM. */
    protected static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }
}
