package io.kafkaprediction.scoring.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaprediction.scoring.support.Http;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Clients that send {@code POST /predict} from several threads while a test changes what the
 * service serves. An answer is a problem unless it is a 200 whose score is the expected score of
 * the version it names. Each client stops when the test calls {@link #stop()}, or after
 * {@code maxRequests}, so a hung test cannot send forever.
 */
final class ConcurrentPredictions {

    private final AtomicBoolean stop = new AtomicBoolean();
    private final ExecutorService clients;
    private final List<Future<List<String>>> results = new ArrayList<>();

    /**
     * Returns once every client runs. {@code request} gives the body of a client's n-th request;
     * {@code served} hears the version of each good answer.
     */
    ConcurrentPredictions(Http http, JsonMapper json, Map<String, Float> expected, int threads, int maxRequests,
            BiFunction<Integer, Integer, String> request, Consumer<String> served) throws InterruptedException {
        clients = Executors.newFixedThreadPool(threads);
        CountDownLatch started = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int client = t;
            results.add(clients.submit(() -> {
                List<String> problems = new ArrayList<>();
                started.countDown();
                for (int sent = 0; !stop.get() && sent < maxRequests; sent++) {
                    HttpResponse<String> response = http.postJson("/predict", request.apply(client, sent));
                    if (response.statusCode() != 200) {
                        problems.add(response.statusCode() + " " + response.body());
                        continue;
                    }
                    JsonNode body = json.readValue(response.body(), JsonNode.class);
                    String version = body.get("model_version").getStringValue();
                    Float score = expected.get(version);
                    if (score == null || score != body.get("prediction_score").getFloatValue()) {
                        problems.add("unexpected answer " + response.body());
                    }
                    served.accept(version);
                }
                return problems;
            }));
        }
        started.await(10, TimeUnit.SECONDS);
    }

    /** Stops the clients and returns every problem they saw. */
    List<String> stop() throws Exception {
        stop.set(true);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        List<String> problems = new ArrayList<>();
        for (Future<List<String>> result : results) {
            problems.addAll(result.get());
        }
        return problems;
    }
}
