package io.kafkaprediction.scoring.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaprediction.scoring.demo.DemoModel;
import io.kafkaprediction.scoring.model.LoadedModel;
import io.kafkaprediction.scoring.model.ModelLoadException;
import io.kafkaprediction.scoring.model.ModelLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** Small demo models for tests: few rows, so training takes milliseconds. */
public final class TestModels {

    private TestModels() {
    }

    public static Path demo(Path file, long seed) {
        return DemoModel.train(file, 400, seed);
    }

    /** The file loaded outside the service: the reference the served scores are compared with. */
    public static LoadedModel load(Path file) {
        return load(file, Optional.empty());
    }

    public static LoadedModel load(Path file, Optional<String> versionOverride) {
        try {
            return new ModelLoader().load(file, versionOverride);
        } catch (ModelLoadException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trains into a temporary file first, then renames: how a deployment should replace a model. */
    public static void replaceAtomically(Path target, long seed) {
        try {
            Path tmp = Files.createTempFile(target.getParent(), "model-", ".json");
            DemoModel.train(tmp, 400, seed);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies a JSON model with the first split of its first tree moved to feature {@code index}:
     * a file XGBoost loads although its trees use a feature the model does not declare.
     */
    public static Path withSplitOnFeature(Path source, Path target, int index) {
        try {
            ObjectMapper mapper = new ObjectMapper();
            JsonNode root = mapper.readTree(source.toFile());
            JsonNode tree = root.at("/learner/gradient_booster/model/trees/0");
            ((ArrayNode) tree.get("split_indices")).set(0, index);
            mapper.writeValue(target.toFile(), root);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renames the model's features in place (the trees index features by position, so they still apply). */
    public static Path withFeatureNames(Path file, List<String> names) {
        try {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = (ObjectNode) mapper.readTree(file.toFile());
            ArrayNode array = ((ObjectNode) root.get("learner")).putArray("feature_names");
            names.forEach(array::add);
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "renamed-", ".json");
            mapper.writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void temporaryDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A regression on one categorical and one numeric feature: the tree walker does not serve
     * categorical splits, so the service scores it with XGBoost4J (its fallback engine).
     */
    public static Path categorical(Path file, int rows) {
        SplittableRandom random = new SplittableRandom(6L);
        float[] x = new float[rows * 2];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            int category = random.nextInt(8);
            x[i * 2] = category;
            x[i * 2 + 1] = (float) random.nextDouble();
            y[i] = (category % 3 == 0 ? 1f : 0f) + x[i * 2 + 1];
        }
        DMatrix data;
        try {
            data = new DMatrix(x, rows, 2, Float.NaN);
            data.setLabel(y);
            data.setFeatureTypes(new String[] {"c", "q"});
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "reg:squarederror");
        params.put("tree_method", "hist");
        params.put("max_cat_to_onehot", 1);
        params.put("nthread", 1);
        try {
            Booster booster = XGBoost.train(data, params, 5, Map.of(), null, null);
            booster.saveModel(file.toString());
            booster.dispose();
            return file;
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        } finally {
            data.dispose();
        }
    }
}
