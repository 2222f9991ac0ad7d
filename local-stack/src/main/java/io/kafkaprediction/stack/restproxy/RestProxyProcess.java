package io.kafkaprediction.stack.restproxy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.kafkaprediction.stack.ChildJvm;

/**
 * The REST Proxy API in its own JVM ({@link RestProxyMain}, same classpath as the stack) with its
 * own heap ({@value #HEAP}): whatever its clients make it hold, an out-of-memory error ends this
 * JVM ({@code ExitOnOutOfMemoryError}), never the broker's. Ready once {@code GET /topics} answers
 * 200, which needs Kafka too.
 */
public final class RestProxyProcess extends ChildJvm {
    /** {@link RestProxyLimits#defaults()} hold at most 32 MB of bodies; the parsed JSON and Jersey's copy come on top. */
    public static final String HEAP = "384m";

    private final int port;
    private final String bootstrapServers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    public RestProxyProcess(int port, String bootstrapServers, Path logFile) {
        super("the REST Proxy API", logFile, Duration.ofSeconds(5));
        this.port = port;
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    protected List<String> command() {
        return List.of(java(), "-Xms32m", "-Xmx" + HEAP, "-XX:+ExitOnOutOfMemoryError",
                "-Dlog4j2.configurationFile=log4j2-worker.properties", "-Dstack.logFile=" + logFile(),
                "-cp", System.getProperty("java.class.path"), RestProxyMain.class.getName(),
                "127.0.0.1", Integer.toString(port), bootstrapServers);
    }

    @Override
    protected Map<String, String> environment() {
        return Map.of();
    }

    @Override
    protected String readiness() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/topics"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? null : "/topics answered " + response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
