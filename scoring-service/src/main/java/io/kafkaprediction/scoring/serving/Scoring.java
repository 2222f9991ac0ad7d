package io.kafkaprediction.scoring.serving;

import io.kafkaprediction.scoring.registry.ModelRegistry;
import io.kafkaprediction.scoring.registry.ModelVersion;
import io.kafkaprediction.scoring.registry.Route;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * The one path from features to a score. {@code /predict} and the Open Inference Protocol both
 * score here, so routing, references on the versions, the per-version metrics, the predictions
 * counter and the shadow apply to every endpoint alike. Pure CPU: safe on the event loop.
 */
@Singleton
public final class Scoring {

    /** Where a scored row's features came from: the {@code source} of {@code scoring_predictions_total}. */
    public static final String SOURCE_REQUEST = "request";
    public static final String SOURCE_STORE = "feature_store";
    public static final String SOURCE_INFERENCE = "inference";

    private final ModelRegistry models;
    private final ShadowScoring shadows;
    private final Counter fromRequest;
    private final Counter fromStore;
    private final Counter fromInference;

    Scoring(ModelRegistry models, ShadowScoring shadows, MeterRegistry meters) {
        this.models = models;
        this.shadows = shadows;
        this.fromRequest = predictions(meters, SOURCE_REQUEST);
        this.fromStore = predictions(meters, SOURCE_STORE);
        this.fromInference = predictions(meters, SOURCE_INFERENCE);
    }

    /** The versions for one user (canary or primary, plus the shadow); close it when done. */
    public Route route(String userId) {
        return models.route(userId);
    }

    /** One version (null: the primary), held until the caller {@link ModelVersion#release() releases} it. */
    public ModelVersion version(@Nullable String version) {
        return models.lease(version);
    }

    /**
     * Scores one row with the route's version and hands the row to the shadow, if there is one.
     *
     * @param row    the route's version's features in its order; not modified afterwards (the shadow reads it later)
     * @param source one of the SOURCE_ constants
     */
    public float score(Route route, float[] row, String source) {
        ModelVersion version = route.scorer();
        float score = version.model().predict(row);
        version.recordScore(route.role(), score);
        counter(source).increment();
        ModelVersion shadow = route.takeShadow();
        if (shadow != null) {
            shadows.submit(shadow, version, row, score);
        }
        return score;
    }

    /**
     * Scores a batch with one version, held by the caller; one score per row.
     *
     * @param route {@link ModelVersion#ROUTE_PRIMARY}, or {@link ModelVersion#ROUTE_DIRECT} when the version was asked for
     */
    public float[] scoreBatch(ModelVersion version, String route, float[][] rows) {
        float[] scores = version.model().predictBatch(rows);
        for (float score : scores) {
            version.recordScore(route, score);
        }
        fromInference.increment(scores.length);
        return scores;
    }

    private Counter counter(String source) {
        return switch (source) {
            case SOURCE_REQUEST -> fromRequest;
            case SOURCE_STORE -> fromStore;
            default -> fromInference;
        };
    }

    private static Counter predictions(MeterRegistry meters, String source) {
        return Counter.builder("scoring.predictions").tag("source", source)
                .description("Rows scored, by where their features came from").register(meters);
    }
}
