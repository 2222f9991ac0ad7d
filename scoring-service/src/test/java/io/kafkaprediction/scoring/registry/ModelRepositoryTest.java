package io.kafkaprediction.scoring.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kafkaprediction.scoring.model.LoadedModel;
import io.kafkaprediction.scoring.support.ServiceProperties;
import io.kafkaprediction.scoring.support.TestModels;
import io.kafkaprediction.scoring.support.TestRepository;
import io.micrometer.core.instrument.search.Search;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** MODEL_PATH as a model repository: versions side by side, routing.json, canary, shadow. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelRepositoryTest extends RegistryServiceTest {

    private static final float[] ROW = {0.5f, 0.7f, 0.3f};
    private static final String FEATURES = "\"features_for_prediction\":[0.5,0.7,0.3]";
    private static final int USERS = 10_000;

    private TestRepository repository;
    /** Each version's score of ROW, from the same model files loaded outside the service. */
    private final Map<String, Float> expected = new HashMap<>();

    @Override
    public Map<String, String> getProperties() {
        Path root = ServiceProperties.temporaryDirectory("repository-test");
        repository = new TestRepository(root.resolve("models"), "model");
        for (long seed = 3; seed <= 7; seed++) {
            Path file = TestModels.demo(root.resolve("reference-" + seed + ".json"), seed);
            try (LoadedModel reference = TestModels.load(file, Optional.of(String.valueOf(seed)))) {
                expected.put(reference.version(), reference.predict(ROW));
            }
        }
        resetFiles();
        return Map.of("scoring.model.path", repository.root().toString());
    }

    @BeforeEach
    void versions345PrimaryThree() {
        resetFiles();
        registry.checkForChanges();
        assertThat(registry.versions()).containsExactly("3", "4", "5");
        assertThat(registry.current().version()).isEqualTo("3");
    }

    private void resetFiles() {
        repository.removeAllVersions();
        repository.addVersion("3", 3);
        repository.addVersion("4", 4);
        repository.addVersion("5", 5);
        repository.writeRouting("{\"primary\": \"3\"}");
    }

    @Test
    void everyVersionIsLoadedAndAddressedDirectly() throws IOException {
        double directBefore = predictions("4", ModelVersion.ROUTE_DIRECT);
        JsonNode infer = body(http.postJson("/v2/models/model/versions/4/infer",
                "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[0.5,0.7,0.3]}]}"));
        assertThat(infer.get("model_version").getStringValue()).isEqualTo("4");
        assertThat(infer.get("outputs").get(0).get("data").get(0).getFloatValue()).isEqualTo(expected.get("4"));
        assertThat(predictions("4", ModelVersion.ROUTE_DIRECT)).isEqualTo(directBefore + 1);
        assertThat(http.get("/v2/models/model/versions/5/ready").statusCode()).isEqualTo(200);
        HttpResponse<String> unknown = http.get("/v2/models/model/versions/9/ready");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no version '9'").contains("[3, 4, 5]");

        JsonNode predict = predict("someone");
        assertThat(predict.get("model_version").getStringValue()).isEqualTo("3");
        assertThat(predict.get("prediction_score").getFloatValue()).isEqualTo(expected.get("3"));
        JsonNode metadata = body(http.get("/v2/models/model"));
        assertThat(metadata.get("versions").values()).extracting(JsonNode::getStringValue).containsExactly("3", "4", "5");
        assertThat(metadata.get("routing").get("primary").getStringValue()).isEqualTo("3");
    }

    @Test
    void withoutARoutingFileTheLatestVersionIsPrimary() throws IOException {
        repository.deleteRouting();
        repository.addVersion("10", 6);

        assertThat(registry.checkForChanges()).isTrue();

        assertThat(registry.versions()).containsExactly("3", "4", "5", "10");
        assertThat(predict("someone").get("model_version").getStringValue()).isEqualTo("10");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 20, 50})
    void canaryShareOver10000UsersIsWithinOnePointOfTheSetting(int percent) {
        route(percent);

        long canary = canaryUsers().size();

        assertThat(100.0 * canary / USERS).isCloseTo(percent, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void aUserGetsTheSameVersionOnEveryCall() throws IOException {
        route(30);
        Map<String, String> first = new HashMap<>();
        for (int call = 0; call < 3; call++) {
            for (int u = 0; u < 100; u++) {
                JsonNode body = predict("user" + u);
                String version = body.get("model_version").getStringValue();
                assertThat(body.get("prediction_score").getFloatValue()).as(version).isEqualTo(expected.get(version));
                assertThat(first.computeIfAbsent("user" + u, k -> version)).as("user" + u).isEqualTo(version);
            }
        }
        assertThat(new HashSet<>(first.values())).containsExactlyInAnyOrder("3", "4");
    }

    @Test
    void raisingTheCanaryFrom10To20PercentMovesNoCanaryUserBack() {
        route(10);
        Set<String> at10 = canaryUsers();
        route(20);
        Set<String> at20 = canaryUsers();

        assertThat(at20).containsAll(at10);
        assertThat(at20.size()).isGreaterThan(at10.size());
    }

    @Test
    void perVersionMetricsTellVersionsApart() throws IOException {
        route(50);
        double canaryBefore = predictions("4", ModelVersion.ROUTE_CANARY);
        double primaryBefore = predictions("3", ModelVersion.ROUTE_PRIMARY);
        int canary = 0;
        for (int u = 0; u < 40; u++) {
            canary += predict("metrics" + u).get("model_version").getStringValue().equals("4") ? 1 : 0;
        }
        assertThat(predictions("4", ModelVersion.ROUTE_CANARY) - canaryBefore).isEqualTo(canary);
        assertThat(predictions("3", ModelVersion.ROUTE_PRIMARY) - primaryBefore).isEqualTo(40 - canary);
        assertThat(http.get("/prometheus").body())
                .containsPattern("scoring_version_predictions_total\\{model=\"model\",route=\"canary\",version=\"4\"\\} [1-9]")
                .contains("scoring_version_score_count{model=\"model\",version=\"3\"}");
    }

    @Test
    void shadowMetricsCountEveryRequestAndTheResponseStaysThePrimarys() throws IOException {
        repository.writeRouting("{\"primary\": \"3\", \"shadow\": \"5\"}");
        registry.checkForChanges();
        double before = shadow("5", "success");
        long differences = differences("5");
        int requests = 50;
        for (int u = 0; u < requests; u++) {
            JsonNode body = predict("shadowed" + u);
            assertThat(body.get("model_version").getStringValue()).isEqualTo("3");
            assertThat(body.get("prediction_score").getFloatValue()).isEqualTo(expected.get("3"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> shadow("5", "success") - before == requests);
        assertThat(differences("5") - differences).isEqualTo(requests);
        assertThat(meters.get("scoring.shadow.score").tag("version", "5").summary().mean())
                .isCloseTo(expected.get("5"), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(meters.get("scoring.shadow.difference").tag("version", "5").tag("baseline", "3").summary().max())
                .isCloseTo(Math.abs(expected.get("5") - expected.get("3")), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(meters.get("scoring.shadow.latency").tag("version", "5").timer().count()).isGreaterThanOrEqualTo(requests);
    }

    @Test
    void aFailingShadowChangesNoResponse() throws IOException {
        repository.addVersionWithOtherFeatureNames("6", 6);
        repository.writeRouting("{\"primary\": \"3\", \"shadow\": \"6\"}");
        registry.checkForChanges();
        double before = shadow("6", "failure");
        int requests = 20;
        for (int u = 0; u < requests; u++) {
            HttpResponse<String> response = http.postJson("/predict", "{\"user_id\":\"failing" + u + "\"," + FEATURES + "}");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(body(response).get("prediction_score").getFloatValue()).isEqualTo(expected.get("3"));
            assertThat(body(response).get("model_version").getStringValue()).isEqualTo("3");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> shadow("6", "failure") - before == requests);
        assertThat(shadow("6", "success")).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"primary\": \"3\"                     | not valid JSON",
            "{\"primary\": \"9\"}                    | primary names version '9', which is not loaded",
            "{\"primary\": \"4\", \"canary\": {\"version\": \"5\", \"percent\": 150}} | canary.percent must be a number from 0 to 100, got 150",
            "{\"primary\": \"4\", \"shadow\": \"7\"} | shadow names version '7', which is not loaded",
            "{\"primary\": \"4\", \"canari\": {}}    | unknown field 'canari'",
            "{\"canary\": {\"version\": \"5\", \"percent\": 10}} | primary is required"})
    void aBadRoutingFileIsRejectedAndTheOldRoutingStays(String content, String reason) throws IOException {
        double rejections = meters.get("scoring.routing.rejections").counter().count();
        repository.writeRouting(content);

        registry.checkForChanges();

        assertThat(predict("anyone").get("model_version").getStringValue()).isEqualTo("3");
        JsonNode routing = body(http.get("/v2/models/model")).get("routing");
        assertThat(routing.get("primary").getStringValue()).isEqualTo("3");
        assertThat(routing.get("last_error").getStringValue()).contains("routing.json rejected").contains(reason)
                .contains("the previous routing stays (primary 3)");
        assertThat(meters.get("scoring.routing.rejections").counter().count()).isEqualTo(rejections + 1);

        repository.writeRouting("{\"primary\": \"4\"}");
        registry.checkForChanges();
        assertThat(body(http.get("/v2/models/model")).get("routing").get("last_error").isNull()).isTrue();
        assertThat(predict("anyone").get("model_version").getStringValue()).isEqualTo("4");
    }

    @Test
    void removingARoutedVersionIsRefusedWhileRouted() throws IOException {
        route(50);
        repository.removeVersion("4");

        registry.checkForChanges();

        assertThat(registry.versions()).contains("4");
        JsonNode retained = body(http.get("/v2/models/model")).get("routing").get("retained");
        assertThat(retained.get("4").getStringValue()).contains("removed from disk").contains("canary");
        assertThat(canaryUsers()).isNotEmpty();
        assertThat(http.get("/v2/models/model/versions/4/ready").statusCode()).isEqualTo(200);

        repository.writeRouting("{\"primary\": \"3\"}");
        registry.checkForChanges();
        assertThat(registry.versions()).containsExactly("3", "5");
        assertThat(body(http.get("/v2/models/model")).get("routing").get("retained").size()).isZero();
    }

    @Test
    void aVersionThatDisappearsIsClosedOnlyAfterItsRequestsFinish() {
        repository.addVersion("7", 7);
        registry.checkForChanges();
        assertThat(registry.versions()).contains("7");
        ModelVersion inFlight = registry.lease("7");

        repository.removeVersion("7");
        registry.checkForChanges();

        assertThat(registry.versions()).doesNotContain("7");
        assertThat(http.get("/v2/models/model/versions/7/ready").statusCode()).isEqualTo(404);
        // Still open for the request holding it: explanations need the native Booster.
        assertThat(inFlight.model().explain(ROW).perFeature()).containsOnlyKeys("click", "view", "purchase");
        inFlight.release();
        assertThatThrownBy(() -> inFlight.model().explain(ROW)).hasMessageContaining("closed");
    }

    @Test
    void everyAnswerWhileVersionsAndRoutingChangeComesFromTheVersionItNames() throws Exception {
        ConcurrentPredictions clients = new ConcurrentPredictions(http, json, expected, 4, 10_000,
                (client, sent) -> "{\"user_id\":\"c" + client + "-" + sent + "\"," + FEATURES + "}", version -> { });
        for (int i = 0; i < 10; i++) {
            route(i % 2 == 0 ? 30 : 0);
            if (i % 2 == 0) {
                repository.addVersion("7", 7);
            } else {
                repository.removeVersion("7");
            }
            repository.writeRouting("{\"primary\": \"" + (i % 2 == 0 ? "5" : "3") + "\", \"shadow\": \"4\"}");
            registry.checkForChanges();
            Thread.sleep(30);
        }
        assertThat(clients.stop()).isEmpty();
    }

    private void route(int canaryPercent) {
        repository.writeRouting("{\"primary\": \"3\", \"canary\": {\"version\": \"4\", \"percent\": " + canaryPercent + "}}");
        registry.checkForChanges();
        assertThat(registry.routing().orElseThrow().canaryPercent()).isEqualTo(canaryPercent);
    }

    private Set<String> canaryUsers() {
        Set<String> users = new HashSet<>();
        for (int u = 0; u < USERS; u++) {
            try (Route route = registry.route("user" + u)) {
                if (route.scorer().version().equals("4")) {
                    users.add("user" + u);
                }
            }
        }
        return users;
    }

    private JsonNode predict(String user) throws IOException {
        HttpResponse<String> response = http.postJson("/predict", "{\"user_id\":\"" + user + "\"," + FEATURES + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    private JsonNode body(HttpResponse<String> response) throws IOException {
        return json.readValue(response.body(), JsonNode.class);
    }

    private double predictions(String version, String route) {
        return meters.get("scoring.version.predictions").tag("version", version).tag("route", route).counter().count();
    }

    private double shadow(String version, String outcome) {
        var counter = Search.in(meters).name("scoring.shadow.predictions").tag("version", version)
                .tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private long differences(String version) {
        var summary = Search.in(meters).name("scoring.shadow.difference").tag("version", version).summary();
        return summary == null ? 0 : summary.count();
    }
}
