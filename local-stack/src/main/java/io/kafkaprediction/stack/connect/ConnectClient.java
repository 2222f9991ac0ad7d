package io.kafkaprediction.stack.connect;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The few calls of Connect's REST API that the stack and its tests make. */
public final class ConnectClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ConnectClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A JSON answer with its status code. */
    public record Reply(int status, JsonNode body) {
        public JsonNode ok() {
            if (status / 100 != 2) {
                throw new IllegalStateException("Connect REST answered " + status + ": " + body);
            }
            return body;
        }
    }

    /**
     * User-Agent of the stack's reads: they poll (status every second, readiness), and the worker's
     * log configuration drops their access lines by this name so connect.log is not one line a second.
     */
    public static final String POLL_USER_AGENT = "local-stack-poll";

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("User-Agent", POLL_USER_AGENT).GET());
    }

    public Reply put(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes(body))));
    }

    public Reply post(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes(body))));
    }

    public Reply patch(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes(body))));
    }

    public Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** Creates or updates a connector (idempotent: the same config twice changes nothing). */
    public JsonNode putConnectorConfig(String connector, Map<String, String> config) {
        return put("/connectors/" + encode(connector) + "/config", config).ok();
    }

    public Reply status(String connector) {
        return get("/connectors/" + encode(connector) + "/status");
    }

    /**
     * Null when the connector and at least one task run and none failed; else why not (with the
     * failed task's trace, which is what an operator needs).
     */
    public String notRunningReason(String connector) {
        Reply reply = status(connector);
        if (reply.status() != 200) {
            return "status " + reply.status() + ": " + reply.body();
        }
        JsonNode body = reply.body();
        String state = body.path("connector").path("state").asText();
        if (!"RUNNING".equals(state)) {
            return "connector " + state + " " + body.path("connector").path("trace").asText("");
        }
        JsonNode tasks = body.path("tasks");
        if (tasks.isEmpty()) {
            return "no tasks yet";
        }
        for (JsonNode task : tasks) {
            String taskState = task.path("state").asText();
            if (!"RUNNING".equals(taskState)) {
                return "task " + task.path("id").asInt() + " " + taskState + " " + task.path("trace").asText("");
            }
        }
        return null;
    }

    /** Null once the worker has joined its group and serves requests; else why not. */
    String readiness() {
        try {
            Reply reply = get("/connectors");
            return reply.status() == 200 ? null : "GET /connectors answered " + reply.status();
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = response.body();
            JsonNode json = body.length == 0 ? JSON.nullNode() : parse(body);
            return new Reply(response.statusCode(), json);
        } catch (IOException e) {
            throw new IllegalStateException("Connect REST API at " + baseUrl + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(new String(body, StandardCharsets.UTF_8));
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static byte[] bytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialise " + body, e);
        }
    }

    public static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
