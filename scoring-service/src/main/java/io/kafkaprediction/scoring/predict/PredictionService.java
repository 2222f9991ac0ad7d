package io.kafkaprediction.scoring.predict;

import io.kafkaprediction.scoring.errors.InvalidRequestException;
import io.kafkaprediction.scoring.features.FeatureLookups;
import io.kafkaprediction.scoring.features.FeatureStore;
import io.kafkaprediction.scoring.features.FeatureStoreUnavailableException;
import io.kafkaprediction.scoring.model.Contributions;
import io.kafkaprediction.scoring.model.LoadedModel;
import io.kafkaprediction.scoring.registry.ModelRegistry;
import io.kafkaprediction.scoring.registry.ModelVersion;
import io.kafkaprediction.scoring.registry.Route;
import io.kafkaprediction.scoring.registry.ShadowScoring;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Scores one user: from the sent features (pure CPU) or from the feature store (JDBC, off the event loop). */
@Singleton
public final class PredictionService {

    static final String SOURCE_REQUEST = "request";
    static final String SOURCE_STORE = "feature_store";

    private final ModelRegistry models;
    private final FeatureLookups lookups;
    private final ShadowScoring shadows;
    private final Counter fromRequest;
    private final Counter fromStore;

    public PredictionService(ModelRegistry models, FeatureLookups lookups, ShadowScoring shadows, MeterRegistry meters) {
        this.models = models;
        this.lookups = lookups;
        this.shadows = shadows;
        this.fromRequest = predictions(meters, SOURCE_REQUEST);
        this.fromStore = predictions(meters, SOURCE_STORE);
    }

    /** Event-loop safe: no I/O. */
    public PredictResponse fromRequest(String userId, float[] features, boolean explain) {
        try (Route route = models.route(userId)) {
            List<String> names = route.scorer().model().featureNames();
            if (features.length != names.size()) {
                throw new InvalidRequestException(PredictRequestParser.FEATURES, PredictRequestParser.FEATURES
                        + ": expected " + names.size() + " features " + names + ", got " + features.length);
            }
            PredictResponse response = score(route, userId, features, SOURCE_REQUEST, explain);
            fromRequest.increment();
            return response;
        }
    }

    /**
     * Looks the features up off the event loop and scores them where the lookup completes. The
     * route is taken once, so the feature names queried and the version scoring them agree, and
     * held until the answer is built.
     */
    public CompletableFuture<PredictResponse> fromFeatureStore(String userId, boolean explain) {
        if (!lookups.enabled()) {
            throw new FeatureStoreUnavailableException(FeatureStore.LOOKUPS_OFF);
        }
        Route route = models.route(userId);
        try {
            return lookups.latest(userId, route.scorer().model().featureNames()).thenApply(features -> {
                PredictResponse response = score(route, userId, features, SOURCE_STORE, explain);
                fromStore.increment();
                return response;
            }).whenComplete((response, error) -> route.close());
        } catch (RuntimeException e) {
            route.close();
            throw e;
        }
    }

    private PredictResponse score(Route route, String userId, float[] row, String source, boolean explain) {
        ModelVersion version = route.scorer();
        LoadedModel model = version.model();
        float score = model.predict(row);
        version.recordScore(route.role(), score);
        ModelVersion shadow = route.takeShadow();
        if (shadow != null) {
            shadows.submit(shadow, version, row, score);
        }
        List<String> names = model.featureNames();
        Map<String, Float> used = new LinkedHashMap<>(names.size() * 2);
        for (int i = 0; i < row.length; i++) {
            used.put(names.get(i), Float.isNaN(row[i]) ? null : row[i]);
        }
        PredictResponse.Explanation explanation = null;
        if (explain) {
            Contributions c = model.explain(row);
            explanation = new PredictResponse.Explanation(c.perFeature(), c.bias());
        }
        return new PredictResponse(userId, score, model.version(), used, source, explanation);
    }

    private static Counter predictions(MeterRegistry meters, String source) {
        return Counter.builder("scoring.predictions").tag("source", source)
                .description("Rows scored, by where their features came from").register(meters);
    }
}
