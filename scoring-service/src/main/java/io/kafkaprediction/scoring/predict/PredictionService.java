package io.kafkaprediction.scoring.predict;

import io.kafkaprediction.scoring.errors.InvalidRequestException;
import io.kafkaprediction.scoring.features.FeatureLookups;
import io.kafkaprediction.scoring.features.FeatureStore;
import io.kafkaprediction.scoring.features.FeatureStoreUnavailableException;
import io.kafkaprediction.scoring.features.definitions.Semantics;
import io.kafkaprediction.scoring.model.Contributions;
import io.kafkaprediction.scoring.model.LoadedModel;
import io.kafkaprediction.scoring.registry.Route;
import io.kafkaprediction.scoring.serving.Scoring;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * Scores one user for {@code /predict}: from the sent features (pure CPU) or from the feature
 * store (JDBC, off the event loop), through {@link Scoring}, and shapes the answer.
 */
@Singleton
public final class PredictionService {

    static final String SOURCE_REQUEST = Scoring.SOURCE_REQUEST;
    static final String SOURCE_STORE = Scoring.SOURCE_STORE;

    private final Scoring scoring;
    private final FeatureLookups lookups;
    private final ExecutorService blocking;

    public PredictionService(Scoring scoring, FeatureLookups lookups,
                             @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.scoring = scoring;
        this.lookups = lookups;
        this.blocking = blocking;
    }

    /**
     * Scores the sent features: on the calling thread (the event loop) when the tree walker scores
     * without explanation, a few microseconds; on the blocking executor when XGBoost4J has to run
     * (an explanation, or a model served by the fallback engine).
     */
    public CompletableFuture<PredictResponse> fromRequest(String userId, float[] features, boolean explain) {
        Route route = scoring.route(userId);
        boolean handedOff = false;
        try {
            List<String> names = route.scorer().model().featureNames();
            if (features.length != names.size()) {
                throw new InvalidRequestException(PredictRequestParser.FEATURES, PredictRequestParser.FEATURES
                        + ": expected " + names.size() + " features " + names + ", got " + features.length);
            }
            if (!usesXgboost(route, explain)) {
                return CompletableFuture.completedFuture(score(route, userId, features, null, SOURCE_REQUEST, false));
            }
            CompletableFuture<PredictResponse> scored = CompletableFuture
                    .supplyAsync(() -> score(route, userId, features, null, SOURCE_REQUEST, explain), blocking)
                    .whenComplete((response, error) -> route.close());
            handedOff = true;
            return scored;
        } finally {
            if (!handedOff) {
                route.close();
            }
        }
    }

    private static boolean usesXgboost(Route route, boolean explain) {
        return explain || route.scorer().model().scoresNatively();
    }

    /**
     * Looks the features up off the event loop and scores them where the lookup completes. The
     * route is taken once, so the feature names queried and the version scoring them agree, and
     * held until the answer is built.
     */
    public CompletableFuture<PredictResponse> fromFeatureStore(String userId, boolean explain) {
        return fromFeatureStore(userId, explain, null, null);
    }

    /**
     * @param asOf      compute the features at this instant; null: now (echoed as as_of when semantics is given)
     * @param semantics which events count as known at that instant; null: event time
     */
    public CompletableFuture<PredictResponse> fromFeatureStore(String userId, boolean explain, @Nullable Instant asOf,
                                                               @Nullable Semantics semantics) {
        if (!lookups.enabled()) {
            throw new FeatureStoreUnavailableException(FeatureStore.LOOKUPS_OFF + "; send "
                    + PredictRequestParser.FEATURES + " with the request");
        }
        Route route = scoring.route(userId);
        try {
            LoadedModel model = route.scorer().model();
            Semantics used = semantics != null ? semantics : Semantics.EVENT;
            // Echoed only when asked for, so the plain lookup answers exactly as before. With semantics
            // but no as_of, "now" is fixed (to PostgreSQL's microseconds) and echoed as as_of: the live
            // answer names its instant, so training-set can rebuild it at that very t. For arrival, t is
            // PostgreSQL's clock and the lookup first waits for the writers in flight at t: exact.
            String echoedSemantics = asOf != null || semantics != null ? used.word() : null;
            CompletableFuture<FeatureLookups.AtInstant> values;
            if (asOf == null && used == Semantics.ARRIVAL) {
                values = lookups.lookupAtSettledNow(userId, model.featureQuery(used));
            } else {
                Instant at = asOf != null ? asOf : semantics != null ? Instant.now().truncatedTo(ChronoUnit.MICROS) : null;
                values = lookups.lookup(userId, model.featureQuery(used), at).thenApply(v -> new FeatureLookups.AtInstant(v, at));
            }
            Function<FeatureLookups.AtInstant, PredictResponse> scoreThem = v ->
                    score(route, userId, toFloats(v.values()), v.values(), SOURCE_STORE, explain)
                            .at(v.at() != null ? v.at().toString() : null, echoedSemantics);
            // A lookup that completes at once would run thenApply here, on the event loop: XGBoost4J
            // work always goes to the blocking executor.
            return (usesXgboost(route, explain) ? values.thenApplyAsync(scoreThem, blocking) : values.thenApply(scoreThem))
                    .whenComplete((response, error) -> route.close());
        } catch (RuntimeException e) {
            route.close();
            throw e;
        }
    }

    /** The model reads float32; XGBoost would round the same way. */
    private static float[] toFloats(double[] values) {
        float[] row = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            row[i] = (float) values[i];
        }
        return row;
    }

    /**
     * @param stored the feature store's values (float64, as a training set holds them), or null for
     *     sent features, which are reported as sent (the shortest decimal of each float)
     */
    private PredictResponse score(Route route, String userId, float[] row, @Nullable double[] stored, String source,
                                  boolean explain) {
        LoadedModel model = route.scorer().model();
        float score = scoring.score(route, row, source);
        List<String> names = model.featureNames();
        Map<String, Double> used = new LinkedHashMap<>(names.size() * 2);
        for (int i = 0; i < row.length; i++) {
            double value = stored != null ? stored[i] : Double.parseDouble(Float.toString(row[i]));
            used.put(names.get(i), Double.isNaN(value) ? null : value);
        }
        PredictResponse.Explanation explanation = null;
        if (explain) {
            Contributions c = model.explain(row);
            explanation = new PredictResponse.Explanation(c.perFeature(), c.bias());
        }
        return new PredictResponse(userId, score, model.version(), used, source, explanation, null, null);
    }
}
