package io.kafkaprediction.stack.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.kafkaprediction.stack.ChildJvm;

/**
 * The scoring service, run as in production: its own JVM from its own fat jar, configured by
 * environment variables, so Micronaut's dependencies never meet Kafka's on one classpath. Ready
 * once {@value #READINESS_PATH} answers 200.
 */
public final class ScoringService extends ChildJvm {
    public static final String READINESS_PATH = "/health";
    /**
     * The version recorded in the demo model the stack creates. The service reports the loaded
     * model's own version (MODEL_VERSION, inherited from the shell, only overrides it), so a model
     * swapped in by hot reload shows its version in {@code model_version}.
     */
    public static final String DEMO_MODEL_VERSION = "1.0.0";

    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /**
     * @param environment DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD, MODEL_PATH and the like;
     *                    PORT and HOST are set here
     */
    public ScoringService(Path jar, int port, Map<String, String> environment, Path logFile) {
        super("the scoring service", logFile, Duration.ofSeconds(5));
        this.jar = jar;
        this.port = port;
        Map<String, String> env = new HashMap<>(environment);
        env.put("PORT", Integer.toString(port));
        env.put("HOST", "127.0.0.1");
        this.environment = Map.copyOf(env);
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Trains the demo model into {@code model} unless it exists (the service's own create-model command). */
    public static void ensureDemoModel(Path jar, Path model, Path logFile) {
        if (Files.exists(model)) {
            return;
        }
        try {
            Files.createDirectories(model.getParent());
            Process create = new ProcessBuilder(java(), "-jar", jar.toString(), "create-model", "--output", model.toString(),
                    "--version", DEMO_MODEL_VERSION)
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

    @Override
    protected List<String> command() {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("scoring service jar " + jar + " is missing; build it with "
                    + "'mvn -B -DskipTests -pl scoring-service -am package'");
        }
        // Logs rotate by size (logback-rolling.xml in the jar); stdout, same file, keeps only what bypasses logging.
        return List.of(java(), "-Xms64m", "-Xmx512m", "-Dlogback.configurationFile=logback-rolling.xml",
                "-Dstack.logFile=" + logFile(), "-jar", jar.toString());
    }

    @Override
    protected Map<String, String> environment() {
        return environment;
    }

    @Override
    protected String readiness() {
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
}
