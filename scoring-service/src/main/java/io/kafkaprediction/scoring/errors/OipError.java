package io.kafkaprediction.scoring.errors;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The Open Inference Protocol's error body. */
@Serdeable
@Schema(name = "InferenceError", description = "Open Inference Protocol error")
public record OipError(@Schema(example = "model 'other' is not served here; this server serves 'model'",
        requiredMode = Schema.RequiredMode.REQUIRED) String error) {
}
