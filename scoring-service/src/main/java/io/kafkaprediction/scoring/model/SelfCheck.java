package io.kafkaprediction.scoring.model;

import io.kafkaprediction.scoring.model.evaluator.TreeEnsemble;
import io.kafkaprediction.scoring.model.xgboost.NativeBooster;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Load-time proof that the tree evaluator scores like XGBoost4J: rows from a fixed seed, with
 * missing values, values exactly on split conditions and one float either side of them.
 */
final class SelfCheck {

    static final int DEFAULT_ROWS = 2048;
    private static final long SEED = 20260127L;

    private SelfCheck() {
    }

    /** Describes the first row where the two disagree in any bit, or empty when all agree. */
    static Optional<String> compare(TreeEnsemble evaluator, NativeBooster reference, int featureCount, int rows) {
        float[][] sample = sampleRows(evaluator, featureCount, rows, SEED);
        float[] expected = reference.predict(sample, false);
        int mismatches = 0;
        String first = null;
        for (int i = 0; i < sample.length; i++) {
            float actual = evaluator.predict(sample[i]);
            if (Float.floatToIntBits(actual) != Float.floatToIntBits(expected[i])) {
                mismatches++;
                if (first == null) {
                    first = "row " + i + " " + Arrays.toString(sample[i]) + ": evaluator " + actual
                            + " vs XGBoost4J " + expected[i];
                }
            }
        }
        return mismatches == 0 ? Optional.empty()
                : Optional.of(mismatches + " of " + sample.length + " sample rows differ, first " + first);
    }

    static float[][] sampleRows(TreeEnsemble evaluator, int featureCount, int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] thresholds = new float[featureCount][];
        for (int f = 0; f < featureCount; f++) {
            thresholds[f] = evaluator.thresholds(f);
        }
        float[][] sample = new float[rows][featureCount];
        for (int i = 0; i < rows; i++) {
            for (int f = 0; f < featureCount; f++) {
                sample[i][f] = i == 0 ? Float.NaN : value(random, thresholds[f]);
            }
        }
        return sample;
    }

    private static float value(SplittableRandom random, float[] thresholds) {
        int kind = random.nextInt(100);
        if (kind < 15) {
            return Float.NaN;
        }
        if (thresholds.length > 0 && kind < 60) {
            float t = thresholds[random.nextInt(thresholds.length)];
            return kind < 35 ? t : kind < 48 ? Math.nextUp(t) : Math.nextDown(t);
        }
        float lo = 0f;
        float hi = 1f;
        for (float t : thresholds) {
            lo = Math.min(lo, t);
            hi = Math.max(hi, t);
        }
        float spread = hi - lo;
        return (float) (lo - 0.5 * spread + random.nextDouble() * 2 * spread);
    }
}
