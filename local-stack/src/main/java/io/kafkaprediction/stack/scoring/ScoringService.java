package io.kafkaprediction.stack.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.kafkaprediction.stack.ChildProcesses;

/**
 * The scoring service, run as in production: its own JVM from its own fat jar, configured by
 * environment variables, so Micronaut's dependencies never meet Kafka's on one classpath.
 */
public final class ScoringService implements AutoCloseable {
    public static final String READINESS_PATH = "/health";
    public static final String MODEL_VERSION = "1.0.0";

    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final Path logFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private Process process;

    /**
     * @param environment DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD, MODEL_PATH and the like;
     *                    PORT, HOST and MODEL_VERSION are set here
     */
    public ScoringService(Path jar, int port, Map<String, String> environment, Path logFile) {
        this.jar = jar;
        this.port = port;
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("the scoring service is not running");
        }
        return process.pid();
    }

    /** Trains the demo model into {@code model} unless it exists (the service's own create-model command). */
    public static void ensureDemoModel(Path jar, Path model, Path logFile) {
        if (Files.exists(model)) {
            return;
        }
        try {
            Files.createDirectories(model.getParent());
            Process create = new ProcessBuilder(java(), "-jar", jar.toString(), "create-model", "--output", model.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            if (!create.waitFor(120, TimeUnit.SECONDS) || create.exitValue() != 0 || !Files.exists(model)) {
                create.destroyForcibly();
                throw new IllegalStateException("create-model did not write " + model + "; see " + logFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + jar + " create-model", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public synchronized void start(Duration timeout) {
        if (isAlive()) {
            return;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("scoring service jar " + jar + " is missing; build it with "
                    + "'mvn -B -DskipTests -pl scoring-service -am package'");
        }
        List<String> command = List.of(java(), "-Xms64m", "-Xmx512m", "-jar", jar.toString());
        Map<String, String> env = new HashMap<>(environment);
        env.put("PORT", Integer.toString(port));
        env.put("HOST", "127.0.0.1");
        env.putIfAbsent("MODEL_VERSION", MODEL_VERSION);
        try {
            process = ChildProcesses.launch(command, env, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the scoring service from " + jar, e);
        }
        awaitReady(timeout);
    }

    /** Launches the JVM without waiting, so the caller can start other things meanwhile. */
    public synchronized void launch() {
        start(Duration.ZERO);
    }

    /** Waits until {@value #READINESS_PATH} answers 200. */
    public void awaitReady(Duration timeout) {
        if (timeout.isZero()) {
            return;
        }
        Process process;
        synchronized (this) {
            process = this.process;
        }
        if (process == null) {
            throw new IllegalStateException("the scoring service was not started");
        }
        ChildProcesses.awaitReady(process, "the scoring service (" + url() + READINESS_PATH + ")", timeout, this::readiness, logFile);
    }

    /** Null when {@value #READINESS_PATH} answers 200, else why not. */
    public String readiness() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + READINESS_PATH))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? null : READINESS_PATH + " answered " + response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    public synchronized void stop(Duration timeout) {
        if (process == null) {
            return;
        }
        ChildProcesses.stop(process, timeout);
        process = null;
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    private static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }
}
