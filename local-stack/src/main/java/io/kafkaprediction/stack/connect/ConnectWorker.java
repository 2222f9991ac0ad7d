package io.kafkaprediction.stack.connect;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.kafkaprediction.stack.ChildProcesses;

/**
 * One Kafka Connect worker in distributed mode, in its own JVM (same classpath as this one, main
 * {@link WorkerMain}): its {@code ${env:...}} secrets come from real environment variables, it can
 * run in another time zone, and it can be killed on its own. Several workers with the same
 * {@code group.id} form one Connect cluster.
 */
public final class ConnectWorker implements AutoCloseable {
    private final String name;
    private final int restPort;
    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final Path workDir;
    private final Path logFile;
    private Process process;

    /**
     * @param properties worker properties (complete: the caller applies defaults)
     * @param environment extra environment variables (the connector's secrets)
     */
    public ConnectWorker(String name, int restPort, Map<String, String> properties, Map<String, String> environment,
                         List<String> jvmOptions, Path workDir, Path logFile) {
        this.name = name;
        this.restPort = restPort;
        this.properties = new LinkedHashMap<>(properties);
        this.environment = Map.copyOf(environment);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.workDir = workDir;
        this.logFile = logFile;
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + restPort;
    }

    public int restPort() {
        return restPort;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("Connect worker " + name + " is not running");
        }
        return process.pid();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized void start(Duration timeout) {
        if (isAlive()) {
            return;
        }
        Path propertiesFile = workDir.resolve(name + ".properties");
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(logFile.getParent());
            Properties props = new Properties();
            props.putAll(properties);
            try (OutputStream out = Files.newOutputStream(propertiesFile)) {
                props.store(out, "Connect worker " + name + ", written by the local stack");
            }
            List<String> command = new ArrayList<>();
            command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xms128m");
            command.add("-Xmx1g");
            command.add("-Dlog4j2.configurationFile=log4j2-worker.properties");
            command.add("-Dstack.logFile=" + logFile);
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(WorkerMain.class.getName());
            command.add(propertiesFile.toString());
            process = ChildProcesses.launch(command, environment, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Connect worker " + name, e);
        }
        awaitReady(timeout);
    }

    /** Launches the JVM without waiting, so the caller can start other things meanwhile. */
    public synchronized void launch() {
        start(Duration.ZERO);
    }

    /** Waits until the worker has joined its group and serves REST requests. */
    public void awaitReady(Duration timeout) {
        if (timeout.isZero()) {
            return;
        }
        Process process;
        synchronized (this) {
            process = this.process;
        }
        if (process == null) {
            throw new IllegalStateException("Connect worker " + name + " was not started");
        }
        ConnectClient client = new ConnectClient(url());
        ChildProcesses.awaitReady(process, "Connect worker " + name + " (" + url() + ")", timeout, client::readiness, logFile);
    }

    /** Graceful stop (SIGTERM, Connect's shutdown hook), forced after {@code timeout}. */
    public synchronized void stop(Duration timeout) {
        if (process == null) {
            return;
        }
        ChildProcesses.stop(process, timeout);
        process = null;
    }

    /** SIGKILL, no goodbye: the group notices only by the session timeout. */
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
        stop(Duration.ofSeconds(8));
    }
}
