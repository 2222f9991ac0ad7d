package io.kafkaprediction.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaprediction.scoring.model.evaluator.TreeEnsemble;
import io.kafkaprediction.scoring.model.format.ModelDocuments;
import io.kafkaprediction.scoring.model.format.ModelSpec;
import io.kafkaprediction.scoring.model.xgboost.NativeBooster;
import java.nio.file.Files;
import java.nio.file.Path;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfCheckTest {

    @TempDir
    Path dir;

    @Test
    void reportsTheFirstRowWhereTheEvaluatorDiffers() throws Exception {
        Path file = Fixtures.train(Fixtures.SQUARED_ERROR_DEEP, dir.resolve("model.json"), 5L);
        ModelSpec spec = ModelSpec.from(ModelDocuments.parse(Files.readAllBytes(file)));
        try (NativeBooster reference = new NativeBooster(XGBoost.loadModel(file.toString()), 6)) {
            TreeEnsemble right = TreeEnsemble.build(spec.trees(), 6, spec.baseScore(), spec.objective());
            TreeEnsemble shifted = TreeEnsemble.build(spec.trees(), 6, spec.baseScore() + 0.5f, spec.objective());

            assertThat(SelfCheck.compare(right, reference, 6, 512)).isEmpty();
            assertThat(SelfCheck.compare(shifted, reference, 6, 512)).hasValueSatisfying(message ->
                    assertThat(message).startsWith("512 of 512 sample rows differ, first row 0 [NaN, NaN"));
        }
    }

    @Test
    void sampleRowsHitSplitConditionsAndMissingValues() throws Exception {
        Path file = Fixtures.train(Fixtures.BINARY_WITH_MISSING, dir.resolve("model.json"), 5L);
        ModelSpec spec = ModelSpec.from(ModelDocuments.parse(Files.readAllBytes(file)));
        TreeEnsemble evaluator = TreeEnsemble.build(spec.trees(), 3, 0f, spec.objective());
        float[][] rows = SelfCheck.sampleRows(evaluator, 3, 1_000, 1L);
        float[] thresholds = evaluator.thresholds(0);
        long missing = java.util.Arrays.stream(rows).filter(r -> Float.isNaN(r[0])).count();
        long onSplit = java.util.Arrays.stream(rows)
                .filter(r -> java.util.stream.IntStream.range(0, thresholds.length).anyMatch(i -> thresholds[i] == r[0]))
                .count();
        assertThat(thresholds).isNotEmpty();
        assertThat(missing).isBetween(100L, 250L);
        assertThat(onSplit).isGreaterThan(100L);
    }
}
