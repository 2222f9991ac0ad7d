package io.kafkaprediction.scoring.predict;

import io.kafkaprediction.scoring.errors.InvalidRequestException;
import io.kafkaprediction.scoring.features.FeatureLookups;
import io.kafkaprediction.scoring.features.FeatureStore;
import io.kafkaprediction.scoring.features.FeatureStoreUnavailableException;
import io.kafkaprediction.scoring.model.Contributions;
import io.kafkaprediction.scoring.model.LoadedModel;
import io.kafkaprediction.scoring.registry.ModelRegistry;
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
    private final Counter fromRequest;
    private final Counter fromStore;

    public PredictionService(ModelRegistry models, FeatureLookups lookups, MeterRegistry meters) {
        this.models = models;
        this.lookups = lookups;
        this.fromRequest = predictions(meters, SOURCE_REQUEST);
        this.fromStore = predictions(meters, SOURCE_STORE);
    }

    /** Event-loop safe: no I/O. */
    public PredictResponse fromRequest(String userId, float[] features, boolean explain) {
        LoadedModel model = models.current();
        List<String> names = model.featureNames();
        if (features.length != names.size()) {
            throw new InvalidRequestException(PredictRequestParser.FEATURES, PredictRequestParser.FEATURES
                    + ": expected " + names.size() + " features " + names + ", got " + features.length);
        }
        PredictResponse response = score(model, userId, features, SOURCE_REQUEST, explain);
        fromRequest.increment();
        return response;
    }

    /**
     * Looks the features up off the event loop and scores them where the lookup completes. The
     * model is read once, so the feature names queried and the model scoring them agree.
     */
    public CompletableFuture<PredictResponse> fromFeatureStore(String userId, boolean explain) {
        if (!lookups.enabled()) {
            throw new FeatureStoreUnavailableException(FeatureStore.LOOKUPS_OFF);
        }
        LoadedModel model = models.current();
        return lookups.latest(userId, model.featureNames()).thenApply(features -> {
            PredictResponse response = score(model, userId, features, SOURCE_STORE, explain);
            fromStore.increment();
            return response;
        });
    }

    private static PredictResponse score(LoadedModel model, String userId, float[] row, String source, boolean explain) {
        float score = model.predict(row);
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
