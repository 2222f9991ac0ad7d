package io.kafkaprediction.scoring.oip;

import static io.kafkaprediction.scoring.oip.InferenceExamples.UNKNOWN_MODEL;
import static io.kafkaprediction.scoring.oip.InferenceExamples.UNKNOWN_MODEL_RESPONSE;
import static io.kafkaprediction.scoring.oip.InferenceExamples.UNKNOWN_VERSION;
import static io.kafkaprediction.scoring.oip.InferenceExamples.UNKNOWN_VERSION_RESPONSE;

import io.kafkaprediction.scoring.errors.OipError;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The documented error of every {@code /v2/models/{name}/versions/{version}} operation: 404 for a
 * name not served or a version not loaded, with an example of each. A stereotype, so that the
 * OpenAPI document states it once.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ApiResponse(responseCode = "404", description = "Unknown model name or version", content = @Content(
        schema = @Schema(implementation = OipError.class),
        examples = {@ExampleObject(name = UNKNOWN_MODEL, value = UNKNOWN_MODEL_RESPONSE),
                @ExampleObject(name = UNKNOWN_VERSION, value = UNKNOWN_VERSION_RESPONSE)}))
@interface VersionErrorResponse {
}
