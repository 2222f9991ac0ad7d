package io.kafkaprediction.scoring.oip;

import static io.kafkaprediction.scoring.oip.InferenceExamples.*;

import io.kafkaprediction.scoring.errors.OipError;
import io.kafkaprediction.scoring.errors.OipErrorBodies;
import io.kafkaprediction.scoring.registry.ModelVersion;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;

/**
 * One loaded version addressed directly, whatever the routing says (canary and shadow do not
 * apply): {@code /v2/models/{name}/versions/{version}}, as in the Open Inference Protocol.
 */
@Controller("/v2/models/{name}/versions/{version}")
@OipErrorBodies
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "inference")
final class VersionsController {

    private final OipInference inference;

    VersionsController(OipInference inference) {
        this.inference = inference;
    }

    @Get
    @Operation(summary = "Metadata of one loaded version (404 naming the loaded versions when it is not one)")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OipMessages.ModelMetadata.class),
            examples = @ExampleObject(value = VERSION_METADATA)))
    @VersionErrorResponse
    OipMessages.ModelMetadata metadata(@Parameter(examples = {@ExampleObject(name = SERVED_MODEL, value = "model"),
            @ExampleObject(name = UNKNOWN_MODEL, value = "other")}) @PathVariable String name,
            @Parameter(examples = {@ExampleObject(name = SERVED_VERSION, value = "1.0.0"),
            @ExampleObject(name = UNKNOWN_VERSION, value = "9")}) @PathVariable String version) {
        return inference.versionMetadata(name, version);
    }

    @Get("/ready")
    @Operation(summary = "Readiness of one version: 200 while it is loaded, 404 naming the loaded versions otherwise")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OipMessages.ModelReady.class),
            examples = @ExampleObject(value = MODEL_READY_RESPONSE)))
    @VersionErrorResponse
    OipMessages.ModelReady ready(@Parameter(examples = {@ExampleObject(name = SERVED_MODEL, value = "model"),
            @ExampleObject(name = UNKNOWN_MODEL, value = "other")}) @PathVariable String name,
            @Parameter(examples = {@ExampleObject(name = SERVED_VERSION, value = "1.0.0"),
            @ExampleObject(name = UNKNOWN_VERSION, value = "9")}) @PathVariable String version) {
        inference.lease(name, version).release();
        return new OipMessages.ModelReady(name, true);
    }

    @Post("/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Score a batch with this version: one FP32/FP64 tensor of shape [N, features]")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = OipMessages.InferRequest.class),
            examples = {
                    @ExampleObject(name = SERVED_VERSION, value = INFER_REQUEST),
                    @ExampleObject(name = WRONG_SHAPE, summary = "400: two values for a three-feature model",
                            value = WRONG_SHAPE_REQUEST)}))
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OipMessages.InferResponse.class),
            examples = @ExampleObject(value = "{\"model_name\": \"model\", \"model_version\": \"4\", \"id\": \"42\", "
                    + "\"outputs\": [{\"name\": \"predict\", \"shape\": [2], \"datatype\": \"FP32\", \"data\": [0.58, 0.11]}]}")))
    @ApiResponse(responseCode = "400", description = "Bad tensor: wrong shape, datatype, count or a non-finite value",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OipError.class),
                    examples = @ExampleObject(name = WRONG_SHAPE, value = WRONG_SHAPE_RESPONSE)))
    @VersionErrorResponse
    CompletableFuture<OipMessages.InferResponse> infer(@Parameter(examples = {
            @ExampleObject(name = SERVED_MODEL, value = "model"),
            @ExampleObject(name = UNKNOWN_MODEL, value = "other")}) @PathVariable String name,
            @Parameter(examples = {@ExampleObject(name = SERVED_VERSION, value = "1.0.0"),
            @ExampleObject(name = UNKNOWN_VERSION, value = "9")}) @PathVariable String version,
            @Body @Nullable byte[] body, @Header(HttpHeaders.CONTENT_TYPE) @Nullable String contentType) {
        return inference.infer(inference.lease(name, version), ModelVersion.ROUTE_DIRECT, body, contentType);
    }
}
