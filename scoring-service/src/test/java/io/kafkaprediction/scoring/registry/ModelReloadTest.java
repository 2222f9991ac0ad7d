package io.kafkaprediction.scoring.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaprediction.scoring.demo.DemoModel;
import io.kafkaprediction.scoring.model.LoadedModel;
import io.kafkaprediction.scoring.support.LogLines;
import io.kafkaprediction.scoring.support.ServiceProperties;
import io.kafkaprediction.scoring.support.TestModels;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelReloadTest extends RegistryServiceTest {

    private static final float[] ROW = {0.5f, 0.7f, 0.3f};
    private static final String PREDICT = "{\"user_id\":\"u\",\"features_for_prediction\":[0.5,0.7,0.3]}";

    private Path dir;
    private Path modelFile;
    /** Reference score of each model version, from models loaded outside the service. */
    private final Map<String, Float> expected = new ConcurrentHashMap<>();
    private final List<LoadedModel> references = new ArrayList<>();
    private String versionA;
    private String versionB;

    @Override
    public Map<String, String> getProperties() {
        dir = ServiceProperties.temporaryDirectory("reload-test");
        versionA = reference(1);
        versionB = reference(2);
        modelFile = dir.resolve("model.json");
        TestModels.replaceAtomically(modelFile, 1);
        return Map.of("scoring.model.path", modelFile.toString());
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
    void aReloadedModelAnswersWithItsOwnVersionAttribute() throws IOException {
        Path tmp = DemoModel.train(dir.resolve("versioned.json.tmp"), 400, 1, DemoModel.FEATURE_NAMES, "2026.12.04-b");
        Files.move(tmp, modelFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(registry.checkForChanges()).isTrue();

        // The same trees as version A (seed 1): only the recorded version tells the two files apart.
        JsonNode body = json.readValue(http.postJson("/predict", PREDICT).body(), JsonNode.class);
        assertThat(body.get("model_version").getStringValue()).isEqualTo("2026.12.04-b");
        assertThat(body.get("prediction_score").getFloatValue()).isEqualTo(expected.get(versionA));
        assertThat(registry.versions()).containsExactly("2026.12.04-b");
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
    void aDeletedFileKeepsTheCurrentModelAndShowsTheProblem() throws IOException {
        Files.delete(modelFile);

        try (LogLines log = new LogLines(ModelRegistry.class)) {
            assertThat(registry.checkForChanges()).isFalse();
            assertThat(registry.checkForChanges()).isFalse();
            assertThat(log.lines()).containsExactly("WARN model file " + modelFile
                    + " no longer exists; a restart would start without a model; version " + versionA + " keeps serving");
        }

        assertThat(http.postJson("/predict", PREDICT).statusCode()).isEqualTo(200);
        assertThat(registry.current().version()).isEqualTo(versionA);
        JsonNode reload = json.readValue(http.get("/v2/models/model").body(), JsonNode.class).get("reload");
        assertThat(reload.get("last_error").getStringValue()).contains("no longer exists");
        assertHealthUpWithWarning("model file " + modelFile + " no longer exists");
    }

    @Test
    void aModelSplittingOnAnUndeclaredFeatureIsRefusedAndTheOldOneServes() throws IOException {
        Path bad = TestModels.withSplitOnFeature(modelFile, dir.resolve("bad.json"), 9);
        Files.move(bad, modelFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        try (LogLines log = new LogLines(ModelRegistry.class)) {
            assertThat(registry.checkForChanges()).isFalse();
            assertThat(log.lines()).singleElement().asString()
                    .startsWith("ERROR Rejected model reload, version " + versionA + " keeps serving")
                    .contains("splits on feature index 9");
        }

        JsonNode body = json.readValue(http.postJson("/predict", PREDICT).body(), JsonNode.class);
        assertThat(body.get("model_version").getStringValue()).isEqualTo(versionA);
        assertThat(body.get("prediction_score").getFloatValue()).isEqualTo(expected.get(versionA));
        assertHealthUpWithWarning("splits on feature index 9");
    }

    private void assertHealthUpWithWarning(String expectedPart) throws IOException {
        HttpResponse<String> health = http.get("/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode root = json.readValue(health.body(), JsonNode.class);
        assertThat(root.get("status").getStringValue()).isEqualTo("UP");
        JsonNode warnings = root.get("details").get("scoring").get("details").get("warnings");
        assertThat(warnings.size()).as(health.body()).isEqualTo(1);
        assertThat(warnings.get(0).getStringValue()).startsWith("model " + versionA + " keeps serving")
                .contains(expectedPart);
    }

    @Test
    void everyAnswerDuringReloadsComesFromTheOldOrTheNewModel() throws Exception {
        Map<String, Integer> answersByVersion = new ConcurrentHashMap<>();
        ConcurrentPredictions clients = new ConcurrentPredictions(http, json, expected, 6, 20_000,
                (client, sent) -> PREDICT, version -> answersByVersion.merge(version, 1, Integer::sum));
        for (int i = 0; i < 20; i++) {
            TestModels.replaceAtomically(modelFile, i % 2 == 0 ? 2 : 1);
            assertThat(registry.checkForChanges()).isTrue();
            Thread.sleep(20);
        }
        assertThat(clients.stop()).isEmpty();
        assertThat(answersByVersion.keySet()).isNotEmpty().isSubsetOf(versionA, versionB);
    }

    private String reference(long seed) {
        LoadedModel model = TestModels.load(TestModels.demo(dir.resolve("reference-" + seed + ".json"), seed));
        references.add(model);
        expected.put(model.version(), model.predict(ROW));
        return model.version();
    }

    private double reloadFailures() {
        return meters.get("scoring.model.reloads").tag("outcome", "failure").counter().count();
    }
}
