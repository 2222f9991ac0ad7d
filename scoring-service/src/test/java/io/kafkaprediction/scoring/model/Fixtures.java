package io.kafkaprediction.scoring.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/** Fixture models trained with XGBoost4J from fixed seeds, and rows to score them on. */
final class Fixtures {

    /** A fixture: objective, booster parameters, rounds, training data shape. */
    record Spec(String name, String objective, int features, int rows, int rounds, double missingRate,
                Map<String, Object> extra) {

        @Override
        public String toString() {
            return name;
        }
    }

    static final Spec BINARY_WITH_MISSING = new Spec("binary:logistic with missing values", "binary:logistic",
            3, 4000, 40, 0.2, Map.of("max_depth", 4));
    static final Spec SQUARED_ERROR_DEEP = new Spec("reg:squarederror, depth 8", "reg:squarederror",
            6, 6000, 30, 0.1, Map.of("max_depth", 8, "eta", 0.2));
    static final Spec REG_LOGISTIC = new Spec("reg:logistic", "reg:logistic", 4, 4000, 25, 0.15,
            Map.of("max_depth", 5));
    static final Spec ABSOLUTE_ERROR = new Spec("reg:absoluteerror", "reg:absoluteerror", 4, 3000, 20, 0.1,
            Map.of("max_depth", 5));
    static final Spec PSEUDO_HUBER = new Spec("reg:pseudohubererror", "reg:pseudohubererror", 4, 3000, 20, 0.1,
            Map.of("max_depth", 5));
    static final Spec LOGITRAW = new Spec("binary:logitraw", "binary:logitraw", 3, 3000, 20, 0.1,
            Map.of("max_depth", 3));

    private Fixtures() {
    }

    /** Trains the fixture and saves it in the format named by the file's extension (json / ubj). */
    static Path train(Spec spec, Path file, long seed) throws Exception {
        return train(spec, file, seed, null);
    }

    static Path train(Spec spec, Path file, long seed, String[] featureNames) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[spec.rows() * spec.features()];
        float[] y = new float[spec.rows()];
        for (int i = 0; i < spec.rows(); i++) {
            double signal = 0;
            for (int j = 0; j < spec.features(); j++) {
                float v = (float) (random.nextDouble() * 4 - 1);
                signal += (j + 1) * Math.sin(v * (j + 1));
                x[i * spec.features() + j] = random.nextDouble() < spec.missingRate() ? Float.NaN : v;
            }
            double noisy = signal + random.nextGaussian() * 0.3;
            y[i] = switch (spec.objective()) {
                case "reg:squarederror", "reg:absoluteerror", "reg:pseudohubererror" -> (float) noisy;
                case "reg:logistic" -> (float) (1 / (1 + Math.exp(-noisy)));
                default -> noisy > 0 ? 1f : 0f;
            };
        }
        DMatrix data = new DMatrix(x, spec.rows(), spec.features(), Float.NaN);
        data.setLabel(y);
        if (featureNames != null) {
            data.setFeatureNames(featureNames);
        }
        Map<String, Object> params = new HashMap<>(spec.extra());
        params.put("objective", spec.objective());
        params.put("nthread", 1);
        params.put("seed", seed);
        Booster booster = XGBoost.train(data, params, spec.rounds(), Map.of(), null, null);
        try (OutputStream out = Files.newOutputStream(file)) {
            booster.saveModel(out, file.toString().endsWith(".ubj") ? "ubj" : "json");
        } finally {
            booster.dispose();
            data.dispose();
        }
        return file;
    }

    /** Rows with about 20 % missing values, spread over and beyond the training range. */
    static float[][] rows(int count, int features, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] rows = new float[count][features];
        for (float[] row : rows) {
            for (int j = 0; j < features; j++) {
                row[j] = random.nextDouble() < 0.2 ? Float.NaN : (float) (random.nextDouble() * 6 - 2);
            }
        }
        return rows;
    }

    /** XGBoost4J's own scores for the rows, from an independent Booster loaded from the file. */
    static float[] xgboostScores(Path file, float[][] rows) throws Exception {
        return xgboostPredict(file, rows, false);
    }

    /** The same, as margins (before the objective's transform) when {@code outputMargin}. */
    static float[] xgboostPredict(Path file, float[][] rows, boolean outputMargin) throws Exception {
        Booster booster = XGBoost.loadModel(file.toString());
        int features = rows[0].length;
        float[] flat = new float[rows.length * features];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * features, features);
        }
        DMatrix matrix = new DMatrix(flat, rows.length, features, Float.NaN);
        try {
            float[][] out = booster.predict(matrix, outputMargin);
            float[] scores = new float[rows.length];
            for (int i = 0; i < rows.length; i++) {
                scores[i] = out[i][0];
            }
            return scores;
        } finally {
            matrix.dispose();
            booster.dispose();
        }
    }

    static String read(Path file) throws IOException {
        return Files.readString(file);
    }
}
