package io.kafkaprediction.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.kafkaprediction.scoring.demo.DemoModel;
import io.kafkaprediction.scoring.features.definitions.Aggregation;
import io.kafkaprediction.scoring.features.definitions.FeatureDefinition;
import io.kafkaprediction.scoring.model.format.ModelDocuments;
import io.kafkaprediction.scoring.model.format.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoaderTest {

    private static final String[] NAMES = {"click", "view", "purchase"};

    @TempDir
    static Path dir;

    private static Path json;
    private static Path ubj;

    private final ModelLoader loader = new ModelLoader();

    @BeforeAll
    static void trainFixtures() throws Exception {
        json = Fixtures.train(Fixtures.BINARY_WITH_MISSING, dir.resolve("binary.json"), 3L, NAMES);
        ubj = Fixtures.train(Fixtures.BINARY_WITH_MISSING, dir.resolve("binary.ubj"), 3L, NAMES);
    }

    @Test
    void jsonAndUbjOfTheSameModelGiveTheSamePredictions() throws Exception {
        float[][] rows = Fixtures.rows(2_000, 3, 5L);
        try (LoadedModel fromJson = loader.load(json, Optional.empty());
             LoadedModel fromUbj = loader.load(ubj, Optional.empty())) {
            assertThat(fromUbj.engine()).isEqualTo(fromJson.engine()).isEqualTo("tree-walk");
            assertThat(fromUbj.featureNames()).isEqualTo(fromJson.featureNames());
            assertThat(fromUbj.objective()).isEqualTo(fromJson.objective()).isEqualTo("binary:logistic");
            for (float[] row : rows) {
                assertThat(Float.floatToIntBits(fromUbj.predict(row))).isEqualTo(Float.floatToIntBits(fromJson.predict(row)));
            }
        }
    }

    @Test
    void readsFeatureNamesAndMetadata() throws Exception {
        try (LoadedModel model = loader.load(json, Optional.empty())) {
            assertThat(model.featureNames()).containsExactly(NAMES);
            assertThat(model.featureCount()).isEqualTo(3);
            assertThat(model.source()).isEqualTo(json);
            assertThat(model.fallbackReason()).isEmpty();
        }
    }

    @Test
    void readsTheFeatureNamesAsDefinitions() throws Exception {
        String[] windowed = {"click:count:1h", "view:avg:30m", "click:age"};
        Path file = Fixtures.train(Fixtures.BINARY_WITH_MISSING, dir.resolve("windowed.json"), 3L, windowed);
        try (LoadedModel model = loader.load(file, Optional.empty())) {
            assertThat(model.featureNames()).containsExactly(windowed);
            assertThat(model.definitions()).extracting(FeatureDefinition::aggregation)
                    .containsExactly(Aggregation.COUNT, Aggregation.AVG, Aggregation.AGE);
            assertThat(model.definitions()).extracting(FeatureDefinition::eventType).containsExactly("click", "view", "click");
        }
    }

    @Test
    void refusesAModelWithABadDefinitionNamingTheFeatureAndTheReason() throws Exception {
        Path file = Fixtures.train(Fixtures.BINARY_WITH_MISSING, dir.resolve("bad-definition.json"), 3L,
                new String[] {"click", "click:median:1h", "view:count:0h"});

        assertThatThrownBy(() -> loader.load(file, Optional.empty()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("Cannot load model " + file + ": feature 'click:median:1h': unknown aggregation 'median': "
                        + "use one of count, sum, avg, min, max, last");
    }

    @Test
    void namesFeaturesF0ToFnWhenTheModelHasNoNames() throws Exception {
        Path unnamed = Fixtures.train(Fixtures.LOGITRAW, dir.resolve("unnamed.json"), 3L);
        try (LoadedModel model = loader.load(unnamed, Optional.empty())) {
            assertThat(model.featureNames()).containsExactly("f0", "f1", "f2");
        }
    }

    @Test
    void versionIsAContentHashUnlessOverridden() throws Exception {
        String expectedHash = ModelLoader.hash(Files.readAllBytes(json));
        try (LoadedModel hashed = loader.load(json, Optional.empty());
             LoadedModel blank = loader.load(json, Optional.of("  "));
             LoadedModel named = loader.load(json, Optional.of("1.0.0"));
             LoadedModel other = loader.load(ubj, Optional.empty())) {
            assertThat(hashed.version()).isEqualTo(expectedHash).matches("sha256:[0-9a-f]{12}");
            assertThat(blank.version()).isEqualTo(expectedHash);
            assertThat(named.version()).isEqualTo("1.0.0");
            assertThat(other.version()).isNotEqualTo(expectedHash);
        }
    }

    @Test
    void versionIsTheModelsOwnAttributeUnlessOverridden() throws Exception {
        Path versioned = DemoModel.train(dir.resolve("versioned.ubj"), 100, 5, DemoModel.FEATURE_NAMES, " 3.1.4 ");
        Path unversioned = DemoModel.train(dir.resolve("unversioned.json"), 100, 5, DemoModel.FEATURE_NAMES, null);
        try (LoadedModel own = loader.load(versioned, Optional.empty());
             LoadedModel overridden = loader.load(versioned, Optional.of("9.9.9"));
             LoadedModel hashed = loader.load(unversioned, Optional.empty())) {
            assertThat(own.version()).isEqualTo("3.1.4");
            assertThat(overridden.version()).isEqualTo("9.9.9");
            assertThat(hashed.version()).isEqualTo(ModelLoader.hash(Files.readAllBytes(unversioned)));
        }
    }

    @Test
    void rejectsRowsOfTheWrongLengthNamingTheFeatures() throws Exception {
        try (LoadedModel model = loader.load(json, Optional.empty())) {
            assertThatThrownBy(() -> model.predict(new float[] {0.5f}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expected 3 features [click, view, purchase], got 1");
            assertThatThrownBy(() -> model.predictBatch(new float[][] {{1, 2, 3}, {1, 2}}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("row 1: expected 3 features [click, view, purchase], got 2");
        }
    }

    @Test
    void explainGivesContributionsThatSumToTheMargin() throws Exception {
        float[] row = {0.7f, Float.NaN, 1.2f};
        try (LoadedModel model = loader.load(json, Optional.empty())) {
            Contributions contributions = model.explain(row);
            assertThat(contributions.perFeature().keySet()).containsExactly(NAMES);
            float margin = contributions.bias();
            for (float value : contributions.perFeature().values()) {
                margin += value;
            }
            double probability = 1 / (1 + Math.exp(-margin));
            assertThat(probability).isCloseTo(model.predict(row), within(1e-5));
        }
    }

    @Test
    void closedModelStillScoresOnTheTreeWalkButNoLongerExplains() throws Exception {
        LoadedModel model = loader.load(json, Optional.empty());
        float before = model.predict(new float[] {1, 2, 3});
        model.close();
        model.close();
        assertThat(model.predict(new float[] {1, 2, 3})).isEqualTo(before);
        assertThatThrownBy(() -> model.explain(new float[] {1, 2, 3}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void gblinearModelIsServedByXgboost4j() throws Exception {
        Fixtures.Spec linear = new Fixtures.Spec("gblinear", "reg:squarederror", 3, 500, 10, 0.0,
                Map.of("booster", "gblinear"));
        Path file = Fixtures.train(linear, dir.resolve("linear.json"), 3L);
        float[][] rows = Fixtures.rows(50, 3, 8L);
        for (float[] row : rows) {
            Arrays.fill(row, 0, 1, 0.25f);
        }
        float[] expected = Fixtures.xgboostScores(file, rows);
        try (LoadedModel model = loader.load(file, Optional.empty())) {
            assertThat(model.engine()).isEqualTo("xgboost4j");
            assertThat(model.fallbackReason()).hasValueSatisfying(r -> assertThat(r).contains("gblinear"));
            assertThat(model.predictBatch(rows)).containsExactly(expected);
            assertThat(model.predict(rows[0])).isEqualTo(expected[0]);
        }
    }

    @Test
    void dropoutModelIsServedByTheTreeWalkWithItsTreeWeights() throws Exception {
        Fixtures.Spec dart = new Fixtures.Spec("dart", "binary:logistic", 3, 500, 10, 0.1,
                Map.of("booster", "dart", "rate_drop", 0.2));
        Path file = Fixtures.train(dart, dir.resolve("dart.json"), 3L);
        ModelSpec spec = ModelSpec.from(ModelDocuments.parse(Files.readAllBytes(file)));
        assertThat(spec.weightDrop()).anySatisfy(weight -> assertThat(weight.floatValue()).isNotEqualTo(1f));
        float[][] rows = Fixtures.rows(10_000, 3, 8L);
        float[] expected = Fixtures.xgboostScores(file, rows);
        try (LoadedModel model = loader.load(file, Optional.empty())) {
            assertThat(model.engine()).isEqualTo("tree-walk");
            float[] actual = model.predictBatch(rows);
            for (int i = 0; i < rows.length; i++) {
                assertThat(Float.floatToIntBits(actual[i])).as("row %d", i).isEqualTo(Float.floatToIntBits(expected[i]));
            }
        }
    }

    @Test
    void rejectsMultiClassModelNamingTheObjective() throws Exception {
        Fixtures.Spec multi = new Fixtures.Spec("multi", "multi:softprob", 3, 300, 3, 0.0, Map.of("num_class", 3));
        Path file = multiClass(multi);
        assertThatThrownBy(() -> loader.load(file, Optional.empty()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("objective 'multi:softprob' with 3 classes")
                .hasMessageContaining("one score per row");
    }

    @Test
    void rejectsMultiTargetModel() throws Exception {
        assertRefused("two-targets.json", Files.readString(json).replace("\"num_target\":\"1\"", "\"num_target\":\"2\""),
                "two-targets.json: the model has 2 targets; the service needs one score per row (num_target 1)");
    }

    @Test
    void rejectsUnsupportedObjectiveNamingIt() throws Exception {
        Fixtures.Spec poisson = new Fixtures.Spec("poisson", "count:poisson", 3, 300, 3, 0.0, Map.of());
        Path file = Fixtures.train(poisson, dir.resolve("poisson.json"), 3L);
        assertThatThrownBy(() -> loader.load(file, Optional.empty()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("unsupported objective 'count:poisson'")
                .hasMessageContaining("binary:logistic");
    }

    @Test
    void rejectsFileThatIsNotAModel() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "user_id,click\nuser1,0.5\n");
        assertThatThrownBy(() -> loader.load(text, Optional.empty()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("Cannot load model " + text + ": not an XGBoost model: expected a JSON or UBJ object,"
                        + " the file starts with \"user_id,click\\x0aus\" (a model in the old binary format must be saved"
                        + " again as .json or .ubj)");
        Path otherJson = Files.writeString(dir.resolve("config.json"), "{\"model\": \"xgboost\"}");
        assertThatThrownBy(() -> loader.load(otherJson, Optional.empty()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageEndingWith("not an XGBoost model: the document has no 'learner' object");
    }

    @Test
    void rejectsEmptyAndMissingFiles() throws Exception {
        Path empty = Files.write(dir.resolve("empty.json"), new byte[0]);
        assertThatThrownBy(() -> loader.load(empty, Optional.empty()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageEndingWith("empty.json: the file is empty");
        Path missing = dir.resolve("nowhere.json");
        assertThatThrownBy(() -> loader.load(missing, Optional.empty()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageEndingWith("nowhere.json: the file does not exist");
    }

    @Test
    void rejectsTruncatedJsonAndUbj() throws Exception {
        byte[] jsonBytes = Files.readAllBytes(json);
        Path cutJson = Files.write(dir.resolve("cut.json"), Arrays.copyOf(jsonBytes, jsonBytes.length / 2));
        assertThatThrownBy(() -> loader.load(cutJson, Optional.empty()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("cut.json: invalid JSON (truncated file?)");
        byte[] ubjBytes = Files.readAllBytes(ubj);
        for (int length : new int[] {3, 100, ubjBytes.length / 2, ubjBytes.length - 1}) {
            Path cutUbj = Files.write(dir.resolve("cut.ubj"), Arrays.copyOf(ubjBytes, length));
            assertThatThrownBy(() -> loader.load(cutUbj, Optional.empty()))
                    .as("UBJ cut at %d bytes", length)
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("cut.ubj:")
                    .hasMessageContaining("truncated file?");
        }
    }

    @Test
    void rejectsFeatureNamesThatDoNotMatchTheFeatureCount() throws Exception {
        assertRefused("two-names.json", Files.readString(json).replace(
                "\"feature_names\":[\"click\",\"view\",\"purchase\"]", "\"feature_names\":[\"click\",\"view\"]"),
                "the model has 2 feature_names but num_feature is 3");
    }

    @Test
    void refusesTreesThatSplitOnAFeatureTheModelDoesNotDeclare() throws Exception {
        Path file = io.kafkaprediction.scoring.support.TestModels.withSplitOnFeature(json,
                dir.resolve("split-on-7.json"), 7);
        assertThatThrownBy(() -> loader.load(file, Optional.empty()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("split-on-7.json: tree 0 node 0 splits on feature index 7, but the model declares"
                        + " 3 features [click, view, purchase] (num_feature 3)");
    }

    @Test
    void refusesALinearModelWithMoreWeightsThanFeatures() throws Exception {
        Fixtures.Spec linear = new Fixtures.Spec("gblinear", "reg:squarederror", 3, 200, 3, 0.0,
                Map.of("booster", "gblinear"));
        Path trained = Fixtures.train(linear, dir.resolve("linear-4.json"), 3L);
        assertRefused("linear-extra-weight.json", Files.readString(trained).replaceFirst("\"weights\":\\[", "\"weights\":[0.5,"),
                "the linear model has 5 weights but declares 3 features (expected 4, one per feature plus the bias)");
    }

    private static Path multiClass(Fixtures.Spec spec) throws Exception {
        int rows = spec.rows();
        float[] x = new float[rows * 3];
        float[] y = new float[rows];
        java.util.SplittableRandom random = new java.util.SplittableRandom(4L);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 3; j++) {
                x[i * 3 + j] = (float) random.nextDouble();
            }
            y[i] = i % 3;
        }
        ml.dmlc.xgboost4j.java.DMatrix data = new ml.dmlc.xgboost4j.java.DMatrix(x, rows, 3, Float.NaN);
        data.setLabel(y);
        Map<String, Object> params = new java.util.HashMap<>(spec.extra());
        params.put("objective", spec.objective());
        params.put("nthread", 1);
        ml.dmlc.xgboost4j.java.Booster booster = XGBoost.train(data, params, spec.rounds(), Map.of(), null, null);
        Path file = dir.resolve("multi.ubj");
        booster.saveModel(file.toString());
        booster.dispose();
        data.dispose();
        return file;
    }

    /** Writes {@code text} as {@code fileName} and expects the loader to refuse it with a message ending so. */
    private void assertRefused(String fileName, String text, String messageEnd) throws Exception {
        Path file = Files.writeString(dir.resolve(fileName), text);
        assertThatThrownBy(() -> loader.load(file, Optional.empty()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageEndingWith(messageEnd);
    }
}
