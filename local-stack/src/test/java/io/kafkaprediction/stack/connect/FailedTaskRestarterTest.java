package io.kafkaprediction.stack.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** The restarter against a fake Connect REST API that reports a failed task. */
class FailedTaskRestarterTest {

    private static final String STATUS = "{\"name\":\"sink\",\"connector\":{\"state\":\"RUNNING\",\"worker_id\":\"w\"},"
            + "\"tasks\":[{\"id\":0,\"state\":\"RUNNING\",\"worker_id\":\"w\"},{\"id\":1,\"state\":\"FAILED\",\"worker_id\":\"w\","
            + "\"trace\":\"org.apache.kafka.connect.errors.ConnectException: PostgreSQL is down\\n\\tat Sink.put(Sink.java:1)\"}]}";

    private final List<String> restartCalls = new CopyOnWriteArrayList<>();
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private Capture capture;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (capture != null) {
            ((Logger) LogManager.getLogger(FailedTaskRestarter.class)).removeAppender(capture);
            capture.stop();
        }
    }

    @Test
    void logsEachRestartWithTheTaskAndTheCause() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/connectors/sink/status", exchange -> reply(exchange, 200, STATUS));
        server.createContext("/connectors/sink/restart", exchange -> {
            restartCalls.add(exchange.getRequestURI().getQuery());
            reply(exchange, 202, "{}");
        });
        server.start();
        capture = new Capture();
        capture.start();
        ((Logger) LogManager.getLogger(FailedTaskRestarter.class)).addAppender(capture);
        ConnectClient client = new ConnectClient("http://127.0.0.1:" + server.getAddress().getPort());

        try (FailedTaskRestarter restarter = new FailedTaskRestarter(() -> client, "sink", Duration.ofMillis(50)).start()) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !logLines.isEmpty());
            assertThat(restarter.restarts()).isEqualTo(1);
        }

        assertThat(restartCalls).containsExactly("includeTasks=true&onlyFailed=true");
        assertThat(logLines).containsExactly("WARN Restarted failed connector sink task 1: "
                + "org.apache.kafka.connect.errors.ConnectException: PostgreSQL is down (restart 1; the next no sooner than 2 s later)");
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private final class Capture extends AbstractAppender {
        Capture() {
            super("capture", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            logLines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
        }
    }
}
