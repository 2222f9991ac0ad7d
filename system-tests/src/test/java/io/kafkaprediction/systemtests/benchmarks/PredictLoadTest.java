package io.kafkaprediction.systemtests.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** Against a real HTTP server on loopback: a stand-in for /predict that knows two users. */
class PredictLoadTest {
    private HttpServer server;
    private final Set<String> bodies = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/predict", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            requests.incrementAndGet();
            boolean known = body.contains("\"known");
            byte[] answer = (known ? "{\"prediction_score\":0.5}" : "{\"detail\":\"user_id has no features\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(known ? 200 : 404, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI predict() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/predict");
    }

    @Test
    void constantRateSendsEveryScheduledRequestWithTheUsersBody() throws Exception {
        int[] n = {0};
        PredictLoad.Result result = PredictLoad.constantRate(predict(), 2, 200, 1.0, () -> "known" + (n[0]++ % 2))
                .requireNoErrors("constant rate");

        assertThat(result.micros()).hasSize(200);
        assertThat(requests.get()).isEqualTo(200);
        assertThat(bodies).containsExactlyInAnyOrder("{\"user_id\":\"known0\"}", "{\"user_id\":\"known1\"}");
        assertThat(result.percentileMillis(99)).isPositive();
    }

    @Test
    void closedLoopRunsForItsTimeAndCountsAnswers() throws Exception {
        PredictLoad.Result result = PredictLoad.closedLoop(predict(), 2, 0.5, () -> "known").requireNoErrors("closed loop");

        assertThat(result.micros().length).isEqualTo(requests.get()).isGreaterThan(10);
        assertThat(result.seconds()).isBetween(0.5, 30.0);
    }

    @Test
    void aNon2xxAnswerFailsTheRunNamingStatusAndBody() throws Exception {
        int[] n = {0};
        PredictLoad.Result result = PredictLoad.constantRate(predict(), 1, 100, 0.5, () -> n[0]++ == 10 ? "unknown" : "known");

        assertThat(result.errors()).isEqualTo(1);
        assertThat(result.micros()).hasSize(49);
        assertThatThrownBy(() -> result.requireNoErrors("at a constant rate"))
                .hasMessageContaining("1 of 50").hasMessageContaining("404").hasMessageContaining("has no features")
                .hasMessageContaining("unknown");
    }
}
