package io.kafkaprediction.scoring.predict;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * The original response ({@code user_id}, {@code prediction_score}, {@code model_version}) plus the
 * features used and where they came from; {@code explanation} only when asked for, {@code as_of} and
 * {@code semantics} only when the request gave as_of or semantics (then {@code as_of} is the instant read at).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "PredictResponse")
public record PredictResponse(
        @JsonProperty("user_id") @Schema(example = "user1", requiredMode = Schema.RequiredMode.REQUIRED) String userId,
        @JsonProperty("prediction_score") @Schema(description = "Model output: a probability for binary:logistic",
                example = "0.61", requiredMode = Schema.RequiredMode.REQUIRED) float predictionScore,
        @JsonProperty("model_version") @Schema(description = "The version that scored: MODEL_VERSION when set, else "
                + "the model's own version attribute (written by train), else a hash of the model file; a repository's "
                + "versions are its folder names", example = "1.0.0", requiredMode = Schema.RequiredMode.REQUIRED)
        String modelVersion,
        @JsonProperty("features") @JsonInclude(JsonInclude.Include.ALWAYS)
        @Schema(description = "Feature name to its value (the model reads it as float32); null where the user has "
                + "no value (treated as missing)",
                example = "{\"click\": 0.5, \"view\": 0.7, \"purchase\": 0.3}",
                requiredMode = Schema.RequiredMode.REQUIRED)
        Map<String, @Nullable Double> features,
        @JsonProperty("feature_source") @Schema(allowableValues = {"request", "feature_store"}, example = "request",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String featureSource,
        @JsonProperty("explanation") @Nullable Explanation explanation,
        @JsonProperty("as_of") @Schema(description = "The instant the features were computed at, when the request "
                + "gave as_of or semantics: as_of itself, or, for a live request with semantics, the instant the "
                + "service read at (microseconds), so that training-set with the same semantics at that timestamp "
                + "rebuilds exactly these features (for arrival: PostgreSQL's clock, read after every write in flight "
                + "at that instant ended, so rows still landing then cannot differ)", example = "2026-01-20T16:00:00Z", nullable = true) @Nullable String asOf,
        @JsonProperty("semantics") @Schema(description = "The semantics the features were read with, when the "
                + "request gave as_of or semantics", allowableValues = {"event", "arrival"}, example = "event",
                nullable = true) @Nullable String semantics) {

    /** The same answer, saying when and how its features were read. */
    PredictResponse at(@Nullable String instant, @Nullable String readWith) {
        return new PredictResponse(userId, predictionScore, modelVersion, features, featureSource, explanation, instant,
                readWith);
    }

    /**
     * SHAP contributions in the model's margin space (log-odds for logistic objectives):
     * {@code bias + sum(contributions)} is the raw score before the link function.
     */
    @Serdeable
    @Schema(name = "Explanation")
    public record Explanation(
            @Schema(example = "{\"click\": 0.42, \"view\": 0.31, \"purchase\": -0.12}",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            Map<String, Float> contributions,
            @Schema(example = "-0.18", requiredMode = Schema.RequiredMode.REQUIRED) float bias) {
    }
}
