package io.kafkaprediction.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models as Python XGBoost writes them. There is no Python here, so the fixtures are XGBoost4J
 * models edited by hand where the Python writers differ (per XGBoost's JSON model schema):
 * 2.x writes base_score as a scalar string ("5E-1") and has no "cats" object; the scikit-learn
 * wrapper stores its parameters in learner.attributes; pandas input adds feature_types.
 */
class PythonSavedModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void loadsPython2xModelWithScalarBaseScore() throws Exception {
        Path file = edit(Fixtures.BINARY_WITH_MISSING, "python-2x.json", learner -> {
            ((ObjectNode) learner.get("learner_model_param")).put("base_score", "5E-1");
            ((ObjectNode) learner.get("gradient_booster").get("model")).remove("cats");
        }, "[2, 1, 4]");
        assertServedBitForBit(file, 3);
    }

    @Test
    void loadsPython3xScikitLearnModelWithFeatureTypes() throws Exception {
        Path file = edit(Fixtures.REG_LOGISTIC, "python-3x-sklearn.json", learner -> {
            learner.putObject("attributes").put("scikit_learn",
                    "{\"_estimator_type\": \"regressor\", \"n_estimators\": 25}");
            learner.putArray("feature_names").add("click").add("view").add("purchase").add("signup");
            learner.putArray("feature_types").add("float").add("float").add("float").add("int");
        }, "[3, 0, 5]");
        try (LoadedModel model = new ModelLoader().load(file, Optional.empty())) {
            assertThat(model.featureNames()).containsExactly("click", "view", "purchase", "signup");
            assertThat(model.attributes()).containsExactly(java.util.Map.entry("scikit_learn",
                    "{\"_estimator_type\": \"regressor\", \"n_estimators\": 25}"));
        }
        assertServedBitForBit(file, 4);
    }

    private void assertServedBitForBit(Path file, int features) throws Exception {
        float[][] rows = Fixtures.rows(10_000, features, 21L);
        float[] expected = Fixtures.xgboostScores(file, rows);
        try (LoadedModel model = new ModelLoader().load(file, Optional.empty())) {
            assertThat(model.engine()).isEqualTo("tree-walk");
            for (int i = 0; i < rows.length; i++) {
                assertThat(Float.floatToIntBits(model.predict(rows[i]))).as("row %d", i)
                        .isEqualTo(Float.floatToIntBits(expected[i]));
            }
        }
    }

    private Path edit(Fixtures.Spec spec, String name, java.util.function.Consumer<ObjectNode> change, String version)
            throws Exception {
        Path original = Fixtures.train(spec, dir.resolve("original-" + name), 17L);
        ObjectNode root = (ObjectNode) JSON.readTree(original.toFile());
        change.accept((ObjectNode) root.get("learner"));
        root.set("version", JSON.readTree(version));
        Path file = dir.resolve(name);
        Files.writeString(file, JSON.writeValueAsString(root));
        return file;
    }
}
