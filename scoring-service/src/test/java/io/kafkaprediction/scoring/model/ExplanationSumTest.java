package io.kafkaprediction.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaprediction.scoring.model.evaluator.Objective;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every explanation adds up: bias + sum of the contributions is the margin of the score the model
 * returned for the same row, for every supported objective and booster, over many rows.
 */
class ExplanationSumTest {

    private static final int ROWS = 1_500;

    @TempDir
    static Path dir;

    static Stream<Fixtures.Spec> models() {
        return Stream.of(Fixtures.BINARY_WITH_MISSING, Fixtures.SQUARED_ERROR_DEEP, Fixtures.REG_LOGISTIC,
                Fixtures.ABSOLUTE_ERROR, Fixtures.PSEUDO_HUBER, Fixtures.LOGITRAW,
                new Fixtures.Spec("reg:squaredlogerror", "reg:squaredlogerror", 3, 2000, 20, 0.1, Map.of("max_depth", 4)),
                new Fixtures.Spec("dart", "binary:logistic", 3, 1000, 10, 0.1, Map.of("booster", "dart", "rate_drop", 0.2)),
                new Fixtures.Spec("gblinear", "reg:squarederror", 3, 1000, 10, 0.0, Map.of("booster", "gblinear")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void biasPlusContributionsIsTheMarginOfTheReturnedScore(Fixtures.Spec spec) throws Exception {
        Path file = Fixtures.train(spec, dir.resolve(spec.name().replaceAll("[^a-z]", "_") + ".json"), 11L);
        Objective objective = Objective.byName(spec.objective()).orElseThrow();
        float[][] rows = Fixtures.rows(ROWS, spec.features(), 12L);
        // From a Booster loaded on its own, so the check does not lean on the model under test.
        float[] margins = Fixtures.xgboostPredict(file, rows, true);
        List<String> wrong = new ArrayList<>();
        try (LoadedModel model = new ModelLoader().load(file, Optional.empty())) {
            for (int i = 0; i < rows.length; i++) {
                float score = model.predict(rows[i]);
                Contributions explanation = model.explain(rows[i]);
                double sum = explanation.bias();
                for (float contribution : explanation.perFeature().values()) {
                    sum += contribution;
                }
                double tolerance = 1e-4 * Math.max(1, Math.abs(margins[i]));
                boolean marginMatches = Math.abs(sum - margins[i]) <= tolerance;
                boolean scoreMatches = Math.abs(objective.transform((float) sum) - score) <= tolerance;
                if (!marginMatches || !scoreMatches) {
                    wrong.add("row " + i + ": bias + contributions " + sum + ", margin " + margins[i] + ", score " + score);
                }
            }
        }
        assertThat(wrong).as("rows whose explanation does not add up (%s)", spec).isEmpty();
    }
}
