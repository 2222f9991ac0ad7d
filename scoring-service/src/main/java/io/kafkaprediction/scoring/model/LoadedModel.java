package io.kafkaprediction.scoring.model;

import io.kafkaprediction.scoring.features.definitions.FeatureDefinition;
import io.kafkaprediction.scoring.features.definitions.FeatureQuery;
import io.kafkaprediction.scoring.features.definitions.Semantics;
import io.kafkaprediction.scoring.model.evaluator.TreeEnsemble;
import io.kafkaprediction.scoring.model.xgboost.NativeBooster;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Immutable, thread-safe loaded model. Scores come from the plain-Java tree evaluator
 * ({@code engine() = "tree-walk"}) when the load-time self-check proved it equal to XGBoost4J,
 * else from XGBoost4J ({@code "xgboost4j"}). Explanations always come from XGBoost4J.
 *
 * <p>{@link #close()} frees the native Booster: call it after no request uses the model any more
 * (after a hot-reload swap). Scoring on the tree-walk engine keeps working after close;
 * explanations and XGBoost4J scoring then throw {@link IllegalStateException}.
 */
public final class LoadedModel implements AutoCloseable {

    public static final String ENGINE_TREE_WALK = "tree-walk";
    public static final String ENGINE_XGBOOST4J = "xgboost4j";

    private final String version;
    private final List<String> featureNames;
    private final List<FeatureDefinition> definitions;
    private final Map<Semantics, FeatureQuery> queries = new EnumMap<>(Semantics.class);
    private final String objective;
    private final Path source;
    private final TreeEnsemble evaluator;
    private final NativeBooster booster;
    private final String fallbackReason;

    LoadedModel(String version, List<FeatureDefinition> definitions, String objective, Path source,
                TreeEnsemble evaluator, NativeBooster booster, String fallbackReason) {
        this.version = version;
        this.definitions = List.copyOf(definitions);
        this.featureNames = this.definitions.stream().map(FeatureDefinition::name).toList();
        // Built once per model, so every lookup of a batch shares one statement text.
        for (Semantics semantics : Semantics.values()) {
            queries.put(semantics, FeatureQuery.of(this.definitions, semantics));
        }
        this.objective = objective;
        this.source = source;
        this.evaluator = evaluator;
        this.booster = booster;
        this.fallbackReason = fallbackReason;
    }

    /** MODEL_VERSION when given, else the model's {@code version} attribute, else a hash of the file's content ("sha256:" + 12 hex digits). */
    public String version() {
        return version;
    }

    /** The model's feature names (feature definitions, see {@link #definitions()}), or f0..fN-1 when it has none. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The feature names read as definitions (what the feature store computes), in feature order. */
    public List<FeatureDefinition> definitions() {
        return definitions;
    }

    /** The feature-store query of this model's definitions. */
    public FeatureQuery featureQuery(Semantics semantics) {
        return queries.get(semantics);
    }

    public int featureCount() {
        return featureNames.size();
    }

    /** XGBoost objective, e.g. "binary:logistic". */
    public String objective() {
        return objective;
    }

    /** "tree-walk" (plain-Java evaluator) or "xgboost4j" (fallback). */
    public String engine() {
        return evaluator != null ? ENGINE_TREE_WALK : ENGINE_XGBOOST4J;
    }

    /** Why the model is served by XGBoost4J, when it is. */
    public Optional<String> fallbackReason() {
        return Optional.ofNullable(fallbackReason);
    }

    /** The file the model was loaded from. */
    public Path source() {
        return source;
    }

    /**
     * Scores one row (NaN = missing value). On the tree-walk engine this allocates nothing and
     * makes no native call.
     *
     * @throws IllegalArgumentException when the row does not have {@link #featureCount()} values
     */
    public float predict(float[] row) {
        checkRow(row, -1);
        if (evaluator != null) {
            return evaluator.predict(row);
        }
        return booster.predict(new float[][] {row}, false)[0];
    }

    /** Scores a batch, one score per row, in order. */
    public float[] predictBatch(float[][] rows) {
        for (int i = 0; i < rows.length; i++) {
            checkRow(rows[i], i);
        }
        if (evaluator == null) {
            return rows.length == 0 ? new float[0] : booster.predict(rows, false);
        }
        float[] scores = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            scores[i] = evaluator.predict(rows[i]);
        }
        return scores;
    }

    /** SHAP contributions of one row (XGBoost4J {@code predictContrib}), in margin space. */
    public Contributions explain(float[] row) {
        checkRow(row, -1);
        float[] values = booster.contributions(row);
        Map<String, Float> perFeature = new LinkedHashMap<>();
        for (int i = 0; i < featureNames.size(); i++) {
            perFeature.put(featureNames.get(i), values[i]);
        }
        return new Contributions(perFeature, values[featureNames.size()]);
    }

    /** Frees the native Booster; call only once no request uses this model. Idempotent. */
    @Override
    public void close() {
        booster.close();
    }

    private void checkRow(float[] row, int index) {
        if (row == null || row.length != featureNames.size()) {
            String where = index < 0 ? "" : "row " + index + ": ";
            throw new IllegalArgumentException(where + "expected " + featureNames.size() + " features " + featureNames
                    + ", got " + (row == null ? "none" : row.length));
        }
    }

    @Override
    public String toString() {
        return "LoadedModel[version=" + version + ", objective=" + objective + ", features=" + featureNames
                + ", engine=" + engine() + ", source=" + source + "]";
    }
}
