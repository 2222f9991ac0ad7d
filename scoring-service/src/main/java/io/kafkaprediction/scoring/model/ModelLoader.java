package io.kafkaprediction.scoring.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaprediction.scoring.features.definitions.FeatureDefinition;
import io.kafkaprediction.scoring.features.definitions.FeatureDefinitions;
import io.kafkaprediction.scoring.model.evaluator.TreeEnsemble;
import io.kafkaprediction.scoring.model.format.ModelDocuments;
import io.kafkaprediction.scoring.model.format.ModelSpec;
import io.kafkaprediction.scoring.model.format.UbjReader;
import io.kafkaprediction.scoring.model.xgboost.NativeBooster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads an XGBoost model (JSON or UBJ, written by XGBoost4J or Python XGBoost 2.x/3.x), checks
 * that the service can answer with it and picks the engine: the tree evaluator when the
 * self-check proves it equal to XGBoost4J, else XGBoost4J itself. Stateless and thread-safe.
 */
public final class ModelLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    private final int selfCheckRows;

    public ModelLoader() {
        this(SelfCheck.DEFAULT_ROWS);
    }

    ModelLoader(int selfCheckRows) {
        this.selfCheckRows = selfCheckRows;
    }

    /**
     * @param file            a model file
     * @param versionOverride the version to report (MODEL_VERSION); blank or empty: the model's own
     *                        {@code version} attribute (what {@code train} writes), else a content hash
     * @throws ModelLoadException when the file is missing, not a model, or not servable
     */
    public LoadedModel load(Path file, Optional<String> versionOverride) throws ModelLoadException {
        byte[] bytes = read(file);
        // Parsed here first: XGBoost's native reader can crash or overread on an empty or cut file.
        List<FeatureDefinition> definitions;
        Optional<String> ownVersion;
        try {
            JsonNode document = ModelDocuments.parse(bytes);
            ownVersion = versionAttribute(document);
            ModelSpec spec = ModelSpec.from(document);
            DeclaredFeatures.check(document, spec);
            // Feature names are definitions: a bad one refuses the model (the old one keeps serving).
            definitions = FeatureDefinitions.parseAll(spec.featureNames());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(file, e.getMessage(), e);
        }
        Booster booster;
        try {
            booster = XGBoost.loadModel(bytes);
        } catch (XGBoostError | IOException e) {
            throw new ModelLoadException(file, "XGBoost rejected the file: " + firstLine(e.getMessage()), e);
        }
        NativeBooster reference = null;
        try {
            // Set once here, before the Booster is shared (never while it predicts): one OpenMP
            // thread per call; concurrency comes from request threads, and a parallel region per
            // small call costs more than it saves on a busy 2-core box.
            booster.setParam("nthread", 1);
            // XGBoost's own re-serialisation: old and Python-written variants come back normalised.
            JsonNode normalized = UbjReader.parse(booster.toByteArray("ubj"));
            ModelSpec spec = ModelSpec.from(normalized);
            int featureCount = spec.featureNames().size();
            if (booster.getNumFeature() != featureCount) {
                throw new ModelLoadException(file, "XGBoost reports " + booster.getNumFeature()
                        + " features but the model document has " + featureCount);
            }
            reference = new NativeBooster(booster, featureCount);
            String version = versionOverride.filter(v -> !v.isBlank()).map(String::strip)
                    .or(() -> ownVersion).orElseGet(() -> hash(bytes));
            Engine engine = chooseEngine(file, normalized, spec, reference);
            if (!spec.featureNames().equals(definitions.stream().map(FeatureDefinition::name).toList())) {
                definitions = FeatureDefinitions.parseAll(spec.featureNames());
            }
            LoadedModel model = new LoadedModel(version, definitions, spec.objective().xgboostName(), file,
                    engine.evaluator(), reference, engine.fallbackReason());
            LOG.info("Loaded {}", model);
            return model;
        } catch (XGBoostError e) {
            close(booster, reference);
            throw new ModelLoadException(file, "XGBoost could not prepare the model: " + firstLine(e.getMessage()), e);
        } catch (IllegalArgumentException e) {
            close(booster, reference);
            throw new ModelLoadException(file, e.getMessage(), e);
        } catch (ModelLoadException | RuntimeException e) {
            close(booster, reference);
            throw e;
        }
    }

    private record Engine(TreeEnsemble evaluator, String fallbackReason) {
    }

    private Engine chooseEngine(Path file, JsonNode normalized, ModelSpec spec, NativeBooster reference) {
        if (!"gbtree".equals(spec.boosterName())) {
            return fallback(file, "gradient_booster '" + spec.boosterName() + "' is not walked by the tree evaluator");
        }
        TreeEnsemble evaluator;
        try {
            float baseMargin = xgboostBaseMargin(normalized, spec.featureNames().size())
                    .orElseGet(() -> spec.objective().baseMargin(spec.baseScore()));
            evaluator = TreeEnsemble.build(spec.trees(), spec.weightDrop(), spec.featureNames().size(), baseMargin,
                    spec.objective());
        } catch (TreeEnsemble.UnsupportedModelException e) {
            return fallback(file, e.getMessage());
        } catch (RuntimeException e) {
            // XGBoost loaded the model, so it can still serve it even if its trees puzzle us.
            return fallback(file, "cannot read the trees: " + e);
        }
        Optional<String> mismatch = SelfCheck.compare(evaluator, reference, spec.featureNames().size(), selfCheckRows);
        if (mismatch.isPresent()) {
            return fallback(file, "self-check against XGBoost4J failed: " + mismatch.get());
        }
        return new Engine(evaluator, null);
    }

    private static Engine fallback(Path file, String reason) {
        LOG.warn("Model {} is served by XGBoost4J, not the tree evaluator: {}", file, reason);
        return new Engine(null, reason);
    }

    /**
     * The base margin exactly as XGBoost computes it (its logf may differ from Math.log in the
     * last bit): the same model without trees, asked for the margin of an empty row.
     */
    private static Optional<Float> xgboostBaseMargin(JsonNode normalized, int featureCount) {
        JsonNode copy = normalized.deepCopy();
        JsonNode model = copy.path("learner").path("gradient_booster").path("model");
        if (!model.isObject()) {
            return Optional.empty();
        }
        ObjectNode gbtree = (ObjectNode) model;
        gbtree.putArray("trees");
        gbtree.putArray("tree_info");
        gbtree.putArray("iteration_indptr").add(0);
        gbtree.remove("weight_drop");
        if (gbtree.path("gbtree_model_param").isObject()) {
            ((ObjectNode) gbtree.get("gbtree_model_param")).put("num_trees", "0");
        }
        // A tree-less model with boost_from_average on counts as unfitted and skips the link.
        JsonNode param = copy.path("learner").path("learner_model_param");
        if (param.isObject()) {
            ((ObjectNode) param).put("boost_from_average", "0");
        }
        Booster empty = null;
        try {
            empty = XGBoost.loadModel(ModelDocuments.toJson(copy));
            float[] row = new float[featureCount];
            Arrays.fill(row, Float.NaN);
            try (NativeBooster booster = new NativeBooster(empty, featureCount)) {
                empty = null;
                return Optional.of(booster.predict(new float[][] {row}, true)[0]);
            }
        } catch (XGBoostError | IOException | RuntimeException e) {
            LOG.debug("Base margin from a tree-less copy failed, computing it in Java", e);
            if (empty != null) {
                empty.dispose();
            }
            return Optional.empty();
        }
    }

    /** {@code learner.attributes.version}, as XGBoost's {@code setAttr("version", ...)} stores it; blank counts as absent. */
    static Optional<String> versionAttribute(JsonNode document) {
        JsonNode version = document.path("learner").path("attributes").path("version");
        return version.isTextual() && !version.asText().isBlank() ? Optional.of(version.asText().strip()) : Optional.empty();
    }

    private static byte[] read(Path file) throws ModelLoadException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(file, "the file does not exist", e);
        } catch (IOException e) {
            throw new ModelLoadException(file, "the file cannot be read: " + e, e);
        }
    }

    static String hash(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static void close(Booster booster, NativeBooster reference) {
        if (reference != null) {
            reference.close();
        } else {
            booster.dispose();
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        String line = message.lines().findFirst().orElse(message);
        // Native messages start with "[hh:mm:ss] /path/file.cc:123: "; keep what follows.
        return line.replaceFirst("^\\[[0-9:]+\\] \\S+:\\d+: ", "");
    }
}
