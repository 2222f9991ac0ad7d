package io.kafkaprediction.scoring.predict;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.kafkaprediction.scoring.features.definitions.Semantics;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A {@code POST /predict} body, as {@link PredictRequestParser} reads it from the JSON tree (not by
 * data binding, so every bad input gets a message naming its field); it also documents the body
 * in the OpenAPI document.
 *
 * @param userId   who is scored; also the feature store key when no features are sent
 * @param features one value per model feature, in the model's feature order; null: look them up
 * @param explain  add SHAP contributions
 * @param asOf     compute the features at this past instant; null: now
 * @param semantics which events count as known at that instant; null: event time
 */
@Schema(name = "PredictRequest", description = "Score one user from the sent features or from the feature store")
public record PredictRequest(
        @JsonProperty("user_id")
        @Schema(description = "Non-blank, at most " + PredictRequestParser.MAX_USER_ID_LENGTH + " characters", example = "user1",
                maxLength = PredictRequestParser.MAX_USER_ID_LENGTH, requiredMode = Schema.RequiredMode.REQUIRED)
        String userId,
        @JsonProperty("features_for_prediction")
        @Schema(description = "One finite number per model feature, in the model's order; omit it to use the "
                + "user's latest features from PostgreSQL", example = "[0.5, 0.7, 0.3]", nullable = true)
        @Nullable float[] features,
        @JsonProperty("explain")
        @Schema(description = "Same as the explain query parameter", example = "false", defaultValue = "false")
        boolean explain,
        @JsonProperty("as_of")
        @Schema(description = "Compute the features as of this instant, not now (backtests, debugging): ISO-8601 with "
                + "offset, or epoch milliseconds as a JSON integer; not in the future. Only without "
                + "features_for_prediction", example = "2026-01-20T16:00:00Z", nullable = true)
        @Nullable Instant asOf,
        @JsonProperty("semantics")
        @Schema(description = "event (default): events with event time at or before the instant; arrival: also "
                + "landed by then (arrived_at), exactly what a live request at that instant could see",
                implementation = String.class, allowableValues = {"event", "arrival"}, example = "event", nullable = true)
        @Nullable Semantics semantics) {
}
