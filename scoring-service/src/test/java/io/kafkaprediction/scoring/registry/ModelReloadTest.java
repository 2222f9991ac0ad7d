package io.kafkaprediction.scoring.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaprediction.scoring.model.LoadedModel;
import io.kafkaprediction.scoring.model.ModelLoader;
import io.kafkaprediction.scoring.support.Http;
import io.kafkaprediction.scoring.support.TestModels;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelReloadTest implements TestPropertyProvider {

    private static final float[] ROW = {0.5f, 0.7f, 0.3f};
    private static final String PREDICT = "{\"user_id\":\"u\",\"features_for_prediction\":[0.5,0.7,0.3]}";

    private Path dir;
    private Path modelFile;
    /** Reference score of each model version, from models loaded outside the service. */
    private final Map<String, Float> expected = new ConcurrentHashMap<>();
    private final List<LoadedModel> references = new ArrayList<>();
    private String versionA;
    private String versionB;

    @Inject
    EmbeddedServer server;

    @Inject
    ModelRegistry registry;

    @Inject
    MeterRegistry meters;

    @Inject
    JsonMapper json;

    private Http http;

    @Override
    public Map<String, String> getProperties() {
        try {
            dir = Files.createTempDirectory("reload-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        versionA = reference(1);
        versionB = reference(2);
        modelFile = dir.resolve("model.json");
        TestModels.replaceAtomically(modelFile, 1);
        return Map.of("scoring.model.path", modelFile.toString());
    }

    @BeforeAll
    void client() {
        http = new Http(server.getURL());
    }

    @BeforeEach
    void startFromModelA() {
        TestModels.replaceAtomically(modelFile, 1);
        registry.checkForChanges();
        assertThat(registry.current().version()).isEqualTo(versionA);
    }

    @AfterAll
    void closeReferences() {
        references.forEach(LoadedModel::close);
    }

    @Test
    void aNewFileIsSwappedInAndServed() throws IOException {
        TestModels.replaceAtomically(modelFile, 2);

        assertThat(registry.checkForChanges()).isTrue();

        JsonNode body = json.readValue(http.postJson("/predict", PREDICT).body(), JsonNode.class);
        assertThat(body.get("model_version").getStringValue()).isEqualTo(versionB);
        assertThat(body.get("prediction_score").getFloatValue()).isEqualTo(expected.get(versionB));
    }

    @Test
    void anUnchangedFileIsNotReloaded() {
        assertThat(registry.checkForChanges()).isFalse();
    }

    @Test
    void aCorruptFileKeepsTheCurrentModelAndShowsTheFailure() throws IOException {
        double failuresBefore = reloadFailures();
        Files.writeString(dir.resolve("corrupt.json"), "{\"learner\": {\"this is\": \"not a model\"");
        Files.move(dir.resolve("corrupt.json"), modelFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(registry.checkForChanges()).isFalse();

        HttpResponse<String> predict = http.postJson("/predict", PREDICT);
        assertThat(predict.statusCode()).isEqualTo(200);
        assertThat(json.readValue(predict.body(), JsonNode.class).get("model_version").getStringValue()).isEqualTo(versionA);
        JsonNode reload = json.readValue(http.get("/v2/models/model").body(), JsonNode.class).get("reload");
        assertThat(reload.get("last_error").getStringValue()).containsIgnoringCase("cannot load").contains(modelFile.toString());
        assertThat(reload.get("last_error_at").isNull()).isFalse();
        assertThat(reloadFailures()).isEqualTo(failuresBefore + 1);
        assertThat(http.get("/prometheus").body()).contains("scoring_model_reloads_total{outcome=\"failure\"}");
    }

    @Test
    void aModelWithABadFeatureDefinitionKeepsTheCurrentModelAndNamesTheFeature() throws IOException {
        Path bad = TestModels.withFeatureNames(TestModels.demo(dir.resolve("bad-definition.json"), 3),
                List.of("click", "view:count:1w", "purchase"));
        Files.move(bad, modelFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(registry.checkForChanges()).isFalse();

        HttpResponse<String> predict = http.postJson("/predict", PREDICT);
        assertThat(predict.statusCode()).isEqualTo(200);
        assertThat(json.readValue(predict.body(), JsonNode.class).get("model_version").getStringValue()).isEqualTo(versionA);
        JsonNode reload = json.readValue(http.get("/v2/models/model").body(), JsonNode.class).get("reload");
        assertThat(reload.get("last_error").getStringValue())
                .contains("feature 'view:count:1w': bad window '1w': a positive whole number and a unit s, m, h or d");
    }

    @Test
    void aGoodFileAfterACorruptOneClearsTheError() throws IOException {
        Files.writeString(modelFile, "not json at all");
        assertThat(registry.checkForChanges()).isFalse();

        TestModels.replaceAtomically(modelFile, 2);
        assertThat(registry.checkForChanges()).isTrue();

        JsonNode reload = json.readValue(http.get("/v2/models/model").body(), JsonNode.class).get("reload");
        assertThat(reload.get("last_error").isNull()).isTrue();
        assertThat(registry.current().version()).isEqualTo(versionB);
    }

    @Test
    void aDeletedFileKeepsTheCurrentModel() throws IOException {
        Files.delete(modelFile);

        assertThat(registry.checkForChanges()).isFalse();

        assertThat(http.postJson("/predict", PREDICT).statusCode()).isEqualTo(200);
        assertThat(registry.current().version()).isEqualTo(versionA);
    }

    @Test
    void everyAnswerDuringReloadsComesFromTheOldOrTheNewModel() throws Exception {
        int threads = 6;
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(threads);
        Map<String, Integer> answersByVersion = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            results.add(clients.submit(() -> {
                List<String> problems = new ArrayList<>();
                started.countDown();
                int sent = 0;
                // Bounded: stops when the reloads end, or after 20 000 requests per thread.
                while (!stop.get() && sent++ < 20_000) {
                    HttpResponse<String> response = http.postJson("/predict", PREDICT);
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
                    answersByVersion.merge(version, 1, Integer::sum);
                }
                return problems;
            }));
        }
        started.await(10, TimeUnit.SECONDS);
        for (int i = 0; i < 20; i++) {
            TestModels.replaceAtomically(modelFile, i % 2 == 0 ? 2 : 1);
            assertThat(registry.checkForChanges()).isTrue();
            Thread.sleep(20);
        }
        stop.set(true);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        List<String> problems = new ArrayList<>();
        for (Future<List<String>> result : results) {
            problems.addAll(result.get());
        }
        assertThat(problems).isEmpty();
        assertThat(answersByVersion.keySet()).isNotEmpty().isSubsetOf(versionA, versionB);
    }

    private String reference(long seed) {
        try {
            Path file = TestModels.demo(dir.resolve("reference-" + seed + ".json"), seed);
            LoadedModel model = new ModelLoader().load(file, Optional.empty());
            references.add(model);
            expected.put(model.version(), model.predict(ROW));
            return model.version();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private double reloadFailures() {
        return meters.get("scoring.model.reloads").tag("outcome", "failure").counter().count();
    }
}
