package io.kafkaprediction.scoring.oip;

import static io.kafkaprediction.scoring.oip.InferenceExamples.UNAVAILABLE;
import static io.kafkaprediction.scoring.oip.InferenceExamples.UNAVAILABLE_RESPONSE;
import static io.kafkaprediction.scoring.oip.InferenceExamples.UNKNOWN_MODEL;
import static io.kafkaprediction.scoring.oip.InferenceExamples.UNKNOWN_MODEL_RESPONSE;

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
 * The documented errors of every {@code /v2/models/{name}} operation on the primary version: 404
 * for a name this server does not serve, 503 while no model is loaded. A stereotype, so that the
 * OpenAPI document states them once (Java cannot share an annotation value otherwise).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ApiResponse(responseCode = "404", description = "Unknown model name", content = @Content(
        schema = @Schema(implementation = OipError.class),
        examples = @ExampleObject(name = UNKNOWN_MODEL, value = UNKNOWN_MODEL_RESPONSE)))
@ApiResponse(responseCode = "503", description = "No model loaded", content = @Content(
        schema = @Schema(implementation = OipError.class),
        examples = @ExampleObject(name = UNAVAILABLE, value = UNAVAILABLE_RESPONSE)))
@interface ModelErrorResponses {
}
