package io.kafkaprediction.scoring.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The demo model behind the {@code create-model} command, outside the serving path (nothing that
 * serves requests uses it): XGBoost4J trained on synthetic rows of
 * three features named after event types, each uniform in [0, 1), labelled 1 when their sum is
 * above 1.5 (the rule of the original sample). Same rows, seed and one thread: the same file.
 */
public final class DemoModel {

    public static final List<String> FEATURE_NAMES = List.of("click", "view", "purchase");

    public static final int ROUNDS = 30;
    public static final int MAX_DEPTH = 4;
    static final float LABEL_THRESHOLD = 1.5f;

    private DemoModel() {
    }

    /**
     * Trains the demo model and writes it; a name ending in {@code .ubj} gets UBJ, anything else JSON.
     *
     * @return the written file
     * @throws IllegalArgumentException when rows is below 10
     * @throws UncheckedIOException     when the file cannot be written
     * @throws IllegalStateException    when XGBoost fails
     */
    public static Path train(Path output, int rows, long seed) {
        return train(output, rows, seed, FEATURE_NAMES);
    }

    /**
     * The demo model with other feature names (three, e.g. feature definitions such as
     * {@code click:count:1h}): the same trees, a model to try windowed lookups with.
     */
    public static Path train(Path output, int rows, long seed, List<String> featureNames) {
        return train(output, rows, seed, featureNames, null);
    }

    /**
     * The same, with {@code version} recorded as the model's {@code version} attribute (what the
     * service reports as {@code model_version}); null records none (the service reports a content hash).
     */
    public static Path train(Path output, int rows, long seed, List<String> featureNames, String version) {
        return train(output, rows, seed, featureNames, ROUNDS, MAX_DEPTH, version);
    }

    /**
     * A model of any size, trained on the demo rule generalised to n features (uniform in [0, 1),
     * label 1 when their sum is above n / 2): e.g. 500 trees of depth 8 on 50 features, a model as
     * large as production ones, for benchmarks. Three features, 30 trees, depth 4: the demo model.
     * {@code version} is recorded as the model's {@code version} attribute (null: none).
     */
    public static Path train(Path output, int rows, long seed, List<String> featureNames, int trees, int maxDepth,
                             String version) {
        if (rows < 10) {
            throw new IllegalArgumentException("rows must be at least 10, got " + rows);
        }
        if (featureNames.isEmpty() || trees < 1 || maxDepth < 1) {
            throw new IllegalArgumentException("a model needs at least one feature, tree and level, got "
                    + featureNames.size() + " features, " + trees + " trees, depth " + maxDepth);
        }
        int columns = featureNames.size();
        float threshold = columns / 2f;
        SplittableRandom random = new SplittableRandom(seed);
        float[] features = new float[rows * columns];
        float[] labels = new float[rows];
        for (int i = 0; i < rows; i++) {
            float sum = 0f;
            for (int j = 0; j < columns; j++) {
                float value = (float) random.nextDouble();
                features[i * columns + j] = value;
                sum += value;
            }
            labels[i] = sum > threshold ? 1f : 0f;
        }
        Booster booster = null;
        DMatrix data = null;
        try {
            data = new DMatrix(features, rows, columns, Float.NaN);
            data.setLabel(labels);
            data.setFeatureNames(featureNames.toArray(String[]::new));
            booster = XGBoost.train(data, params(seed, maxDepth), trees, Map.of(), null, null);
            if (version != null) {
                booster.setAttr("version", version);
            }
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = Files.newOutputStream(output)) {
                booster.saveModel(out, output.toString().endsWith(".ubj") ? "ubj" : "json");
            }
            return output;
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not train the demo model: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo model to " + output, e);
        } finally {
            if (booster != null) {
                booster.dispose();
            }
            if (data != null) {
                data.dispose();
            }
        }
    }

    /** The label rule of the demo data: 1 when the features sum to more than 1.5 (tests check the model learnt it). */
    public static float label(float featureSum) {
        return featureSum > LABEL_THRESHOLD ? 1f : 0f;
    }

    private static Map<String, Object> params(long seed, int maxDepth) {
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "binary:logistic");
        params.put("eval_metric", "logloss");
        params.put("tree_method", "hist");
        params.put("max_depth", maxDepth);
        params.put("eta", 0.3);
        params.put("seed", seed);
        // One thread keeps training deterministic, so a seed always gives the same file.
        params.put("nthread", 1);
        return params;
    }
}
