package io.kafkaprediction.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.StackNames;
import io.kafkaprediction.stack.restproxy.RestProxyServer;
import io.kafkaprediction.stack.scoring.ScoringService;
import io.kafkaprediction.systemtests.SystemStack;

/**
 * 10 000 malformed requests to each HTTP server of the stack, one at a time over loopback
 * (keep-alive, as clients do): every answer a 4xx, never a 5xx or a dropped connection, and the
 * server answers a good request correctly afterwards.
 *
 * <p>The REST Proxy API defects this test once found (500 for an invalid topic name, 200 for
 * partition -1, kept-alive connections dropped after an error with an unread body) are fixed and
 * covered by {@code RestProxyServerTest}; every answer outside 4xx fails here.
 */
@EnabledIfSystemProperty(named = "stack.reliability", matches = "true")
@ExtendWith(SystemStack.class)
class MalformedHttpIT {
    static final int REQUESTS = 10_000;
    static final int SCORING_MAX_BODY = 1_048_576;

    @Test
    void scoringServiceAnswersEveryMalformedRequestWith4xxAndStillScoresAfterwards(LocalStack stack) {
        Outcome outcome = fire("scoring service", stack.scoringUrl(), MalformedRequests.forScoring(11L, SCORING_MAX_BODY));

        Http.Reply good = Http.postJson(stack.scoringUrl() + "/predict",
                "{\"user_id\":\"user1\",\"features_for_prediction\":[0.5,0.7,0.3]}");
        assertThat(outcome.unexpected()).as("answers outside 4xx (kind, request, status, body)").isEmpty();
        assertThat(good.status()).as("good request afterwards: %s", good.body()).isEqualTo(200);
        assertThat(good.body()).contains("\"prediction_score\":").contains("\"model_version\":\"" + ScoringService.DEMO_MODEL_VERSION + "\"");
    }

    @Test
    void restProxyAnswersEveryMalformedRequestWith4xxAndStillProducesAfterwards(LocalStack stack) {
        Outcome outcome = fire("REST Proxy API", stack.restProxyUrl(),
                MalformedRequests.forRestProxy(12L, RestProxyServer.DEFAULT_MAX_BODY_BYTES, StackNames.EVENTS_TOPIC));

        int index = FeatureEvents.newRange();
        Http.Reply good = Http.post(stack.restProxyUrl() + "/topics/" + StackNames.EVENTS_TOPIC,
                "application/vnd.kafka.json.v2+json",
                ("{\"records\":[{\"key\":\"" + FeatureEvents.userId(index) + "\",\"value\":" + FeatureEvents.json(index) + "}]}")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(outcome.unexpected()).as("answers outside 4xx (kind, request, status, body)").isEmpty();
        assertThat(good.status()).as("good request afterwards: %s", good.body()).isEqualTo(200);
        assertThat(good.body()).contains("\"error_code\":null").contains("\"offset\":");
    }

    /** Status counts per request kind; answers outside 4xx. */
    private record Outcome(Map<String, Map<Integer, Integer>> statuses, List<String> unexpected) {
    }

    private static Outcome fire(String server, String baseUrl, MalformedRequests requests) {
        Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
        List<String> unexpected = new ArrayList<>();
        Map<String, Integer> droppedAfter = new TreeMap<>();
        String previous = "none";
        long start = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            MalformedRequests.Request request = requests.next();
            int status;
            String body;
            try {
                Http.Reply reply = Http.send(request.method(), baseUrl + request.path(), request.contentType(), request.body());
                status = reply.status();
                body = reply.body();
            } catch (IllegalStateException e) {
                status = -1;
                body = e.getMessage();
            }
            statuses.computeIfAbsent(request.kind(), k -> new TreeMap<>()).merge(status, 1, Integer::sum);
            if (status == -1) {
                droppedAfter.merge(previous, 1, Integer::sum);
            }
            if (status < 400 || status > 499) {
                String line = request.kind() + ": " + request.method() + " " + request.path() + " -> " + status + " "
                        + (body.length() > 160 ? body.substring(0, 160) : body) + " (previous request: " + previous + ")";
                unexpected.add(line);
            }
            previous = request.kind() + " -> " + status;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("RELIABILITY | %d malformed requests to the %s | outside 4xx: %d | %.1f s (%.0f/s)%n",
                REQUESTS, server, unexpected.size(), seconds, REQUESTS / seconds);
        statuses.forEach((kind, counts) -> System.out.println("  " + kind + ": " + counts));
        if (!droppedAfter.isEmpty()) {
            System.out.println("  connections dropped, by the request before: " + droppedAfter);
        }
        unexpected.stream().limit(10).forEach(u -> System.out.println("  UNEXPECTED " + u));
        return new Outcome(statuses, unexpected);
    }
}
