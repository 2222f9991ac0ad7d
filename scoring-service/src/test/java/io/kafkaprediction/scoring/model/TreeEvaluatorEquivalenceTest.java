package io.kafkaprediction.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaprediction.scoring.model.evaluator.Objective;
import io.kafkaprediction.scoring.model.evaluator.TreeEnsemble;
import io.kafkaprediction.scoring.model.format.ModelDocuments;
import io.kafkaprediction.scoring.model.format.ModelSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The tree evaluator against XGBoost4J, bit for bit, on fixture models and 10 000 rows each. */
class TreeEvaluatorEquivalenceTest {

    private static final int ROWS = 10_000;

    @TempDir
    Path dir;

    static Stream<Fixtures.Spec> fixtures() {
        return Stream.of(Fixtures.BINARY_WITH_MISSING, Fixtures.SQUARED_ERROR_DEEP, Fixtures.REG_LOGISTIC,
                Fixtures.LOGITRAW, Fixtures.ABSOLUTE_ERROR, Fixtures.PSEUDO_HUBER);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void evaluatorScoresEqualXgboost4jBitForBit(Fixtures.Spec spec) throws Exception {
        Path file = Fixtures.train(spec, dir.resolve("model.json"), 7L);
        float[][] rows = Fixtures.rows(ROWS, spec.features(), 11L);
        float[] expected = Fixtures.xgboostScores(file, rows);

        try (LoadedModel model = new ModelLoader().load(file, Optional.empty())) {
            assertThat(model.engine()).isEqualTo("tree-walk");
            assertThat(model.objective()).isEqualTo(spec.objective());
            List<String> mismatches = new ArrayList<>();
            for (int i = 0; i < ROWS; i++) {
                float actual = model.predict(rows[i]);
                if (Float.floatToIntBits(actual) != Float.floatToIntBits(expected[i])) {
                    mismatches.add("row " + i + ": " + actual + " vs " + expected[i]);
                }
            }
            assertThat(mismatches).isEmpty();
            float[] batch = model.predictBatch(rows);
            for (int i = 0; i < ROWS; i++) {
                assertThat(Float.floatToIntBits(batch[i])).as("batch row %d", i)
                        .isEqualTo(Float.floatToIntBits(expected[i]));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void evaluatorScoresEqualXgboost4jOnSplitEdges(Fixtures.Spec spec) throws Exception {
        Path file = Fixtures.train(spec, dir.resolve("model.ubj"), 13L);
        try (LoadedModel model = new ModelLoader().load(file, Optional.empty())) {
            assertThat(model.engine()).isEqualTo("tree-walk");
            TreeEnsemble evaluator = TreeEnsemble.build(
                    ModelSpec.from(ModelDocuments.parse(java.nio.file.Files.readAllBytes(file))).trees(),
                    spec.features(), 0f, Objective.REG_SQUAREDERROR);
            float[][] rows = SelfCheck.sampleRows(evaluator, spec.features(), ROWS, 99L);
            float[] expected = Fixtures.xgboostScores(file, rows);
            for (int i = 0; i < ROWS; i++) {
                assertThat(Float.floatToIntBits(model.predict(rows[i]))).as("row %d", i)
                        .isEqualTo(Float.floatToIntBits(expected[i]));
            }
        }
    }
}
