package io.kafkaprediction.scoring.oip;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Open Inference Protocol v2 message bodies (REST), plus this server's model extension fields. */
final class OipMessages {

    private OipMessages() {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "ServerMetadata")
    record ServerMetadata(@Schema(example = "kafka-prediction-scoring", requiredMode = REQUIRED) String name,
                          @Schema(example = "1.0.0", requiredMode = REQUIRED) String version,
                          List<String> extensions) {
    }

    @Serdeable
    @Schema(name = "Live")
    record Live(boolean live) {
    }

    @Serdeable
    @Schema(name = "Ready")
    record Ready(boolean ready) {
    }

    @Serdeable
    @Schema(name = "ModelReady")
    record ModelReady(@Schema(example = "model", requiredMode = REQUIRED) String name, boolean ready) {
    }

    @Serdeable
    @Schema(name = "TensorMetadata")
    record TensorMetadata(@Schema(example = "input-0", requiredMode = REQUIRED) String name,
                          @Schema(example = "FP32", requiredMode = REQUIRED) String datatype,
                          @Schema(example = "[-1, 3]", requiredMode = REQUIRED) List<Integer> shape) {
    }

    /** Reload status: a rejected file shows here while the previous model keeps serving. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "ReloadStatus")
    record ReloadStatus(@JsonProperty("loaded_at") @Nullable Instant loadedAt,
                        @JsonProperty("last_check_at") @Nullable Instant lastCheckAt,
                        @JsonProperty("last_error") @Nullable String lastError,
                        @JsonProperty("last_error_at") @Nullable Instant lastErrorAt,
                        long reloads,
                        @JsonProperty("reload_failures") long reloadFailures) {
    }

    @Serdeable
    @Schema(name = "ModelMetadata")
    record ModelMetadata(@Schema(example = "model", requiredMode = REQUIRED) String name,
                         @Schema(example = "[\"1.0.0\"]", requiredMode = REQUIRED) List<String> versions,
                         @Schema(example = "xgboost", requiredMode = REQUIRED) String platform,
                         List<TensorMetadata> inputs,
                         List<TensorMetadata> outputs,
                         @JsonProperty("feature_names")
                         @Schema(example = "[\"click\", \"view\", \"purchase\"]", requiredMode = REQUIRED)
                         List<String> featureNames,
                         @Schema(example = "binary:logistic", requiredMode = REQUIRED) String objective,
                         @Schema(description = "Which evaluator serves single rows", requiredMode = REQUIRED)
                         String engine,
                         @Schema(example = "model.json", requiredMode = REQUIRED) String source,
                         @Schema(description = "The model's own attributes (XGBoost learner attributes, as "
                                 + "Booster.setAttr stored them): what 'train' recorded (version, "
                                 + "feature_definitions, training_set_from/to, training_set_rows, validation_rows, "
                                 + "train_/validation_ metrics), or whatever another trainer wrote. Values are "
                                 + "strings, except one holding a JSON object or array, which is shown parsed. "
                                 + "Empty when the file has none",
                                 type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                                 requiredMode = REQUIRED)
                         @JsonInclude(JsonInclude.Include.ALWAYS)
                         Map<String, Object> attributes,
                         ReloadStatus reload,
                         @Nullable RoutingStatus routing) {
    }

    /** The routing of a model repository ({@code <repo>/<name>/routing.json}). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "RoutingStatus", description = "Model repository only (absent for a single model file): the "
            + "routing in force, and why a routing file or a removal was refused")
    record RoutingStatus(@Schema(description = "The routing file, or 'latest version' without one",
                                 example = "models/model/routing.json") String source,
                         @Schema(example = "3") @Nullable String primary,
                         @Nullable Canary canary,
                         @Schema(example = "5") @Nullable String shadow,
                         @JsonProperty("last_error") @Schema(description = "Why the last routing file was rejected; "
                                 + "null once one is accepted") @Nullable String lastError,
                         @JsonProperty("last_error_at") @Nullable Instant lastErrorAt,
                         @Schema(description = "Versions removed from disk but still served because routing names "
                                 + "them, with the reason", example = "{}") Map<String, String> retained) {
    }

    @Serdeable
    @Schema(name = "Canary")
    record Canary(@Schema(example = "4") String version,
                  @Schema(description = "Share of users (sticky by user_id)", example = "10") double percent) {
    }

    @Serdeable
    @Schema(name = "OutputTensor")
    record OutputTensor(@Schema(example = "predict", requiredMode = REQUIRED) String name,
                        @Schema(example = "[2]", requiredMode = REQUIRED) List<Integer> shape,
                        @Schema(example = "FP32", requiredMode = REQUIRED) String datatype,
                        @Schema(example = "[0.61, 0.12]", requiredMode = REQUIRED) float[] data) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "InferResponse")
    record InferResponse(@JsonProperty("model_name") String modelName,
                         @JsonProperty("model_version") String modelVersion,
                         @Nullable String id,
                         List<OutputTensor> outputs) {
    }

    /** Documents the request body; it is parsed by {@link InferRequestParser}. */
    @Schema(name = "InferRequest", example = "{\"id\": \"42\", \"inputs\": [{\"name\": \"input-0\", \"shape\": [2, 3], "
            + "\"datatype\": \"FP32\", \"data\": [0.5, 0.7, 0.3, 0.1, 0.2, 0.0]}]}")
    record InferRequest(@Nullable String id, List<InputTensor> inputs) {
    }

    @Schema(name = "InputTensor")
    record InputTensor(@Schema(example = "input-0") String name,
                       @Schema(example = "[2, 3]") List<Integer> shape,
                       @Schema(allowableValues = {"FP32", "FP64"}) String datatype,
                       @ArraySchema(arraySchema = @Schema(description = "Row-major values, flattened as the "
                               + "protocol defines them (nested rows are accepted too)",
                               example = "[0.5, 0.7, 0.3, 0.1, 0.2, 0.0]"),
                               schema = @Schema(type = "number"))
                       List<Object> data) {
    }
}
