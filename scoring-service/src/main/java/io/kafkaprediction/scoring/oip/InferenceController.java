package io.kafkaprediction.scoring.oip;

import static io.kafkaprediction.scoring.oip.InferenceExamples.*;

import io.kafkaprediction.scoring.errors.ErrorResponses;
import io.kafkaprediction.scoring.errors.OipError;
import io.kafkaprediction.scoring.health.ServiceReadiness;
import io.kafkaprediction.scoring.errors.OipErrorBodies;
import io.kafkaprediction.scoring.registry.ModelVersion;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Open Inference Protocol v2 (REST): the API that KServe, Triton and MLServer clients speak.
 * Errors answer {@code {"error": "..."}}.
 */
@Controller("/v2")
@OipErrorBodies
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "inference")
final class InferenceController {

    static final String SERVER_NAME = "kafka-prediction-scoring";

    private final OipInference inference;
    private final ServiceReadiness readiness;
    private final ErrorResponses errors;

    InferenceController(OipInference inference, ServiceReadiness readiness, ErrorResponses errors) {
        this.inference = inference;
        this.readiness = readiness;
        this.errors = errors;
    }

    @Get
    @Operation(summary = "Server metadata")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OipMessages.ServerMetadata.class),
            examples = @ExampleObject(value = "{\"name\": \"kafka-prediction-scoring\", \"version\": \"1.0.0\", \"extensions\": []}")))
    OipMessages.ServerMetadata server() {
        String version = InferenceController.class.getPackage().getImplementationVersion();
        return new OipMessages.ServerMetadata(SERVER_NAME, version != null ? version : "dev", List.of());
    }

    @Get("/health/live")
    @Operation(summary = "Server liveness")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OipMessages.Live.class),
            examples = @ExampleObject(value = "{\"live\": true}")))
    OipMessages.Live live() {
        return new OipMessages.Live(true);
    }

    @Get("/health/ready")
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Operation(summary = "Server readiness: a model serves and PostgreSQL answers when lookups are on")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OipMessages.Ready.class),
            examples = @ExampleObject(value = "{\"ready\": true}")))
    @ApiResponse(responseCode = "503", description = "Not ready: what is missing", content = @Content(
            schema = @Schema(implementation = OipError.class),
            examples = @ExampleObject(name = UNAVAILABLE, value = NOT_READY_RESPONSE)))
    HttpResponse<?> ready(HttpRequest<?> request) {
        List<String> problems = readiness.problems();
        if (!problems.isEmpty()) {
            return errors.error(request, HttpStatus.SERVICE_UNAVAILABLE, "not ready: " + String.join("; ", problems), null);
        }
        return HttpResponse.ok(new OipMessages.Ready(true));
    }

    @Get("/models/{name}")
    @Operation(summary = "Model metadata, with the reload status (a rejected file shows in reload.last_error) and, "
            + "for a model repository, the routing (a rejected routing file shows in routing.last_error)")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OipMessages.ModelMetadata.class),
            examples = {@ExampleObject(name = SERVED_MODEL, summary = "A single model file", value = MODEL_METADATA),
                    @ExampleObject(name = "repository", summary = "A model repository whose last routing file was rejected",
                            value = REPOSITORY_METADATA)}))
    @ModelErrorResponses
    OipMessages.ModelMetadata model(
            @Parameter(examples = {@ExampleObject(name = SERVED_MODEL, value = "model"),
            @ExampleObject(name = UNKNOWN_MODEL, value = "other")}) @PathVariable String name) {
        return inference.primaryMetadata(name);
    }

    @Get("/models/{name}/ready")
    @Operation(summary = "Model readiness (the primary version)")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OipMessages.ModelReady.class),
            examples = @ExampleObject(value = MODEL_READY_RESPONSE)))
    @ModelErrorResponses
    OipMessages.ModelReady modelReady(
            @Parameter(examples = {@ExampleObject(name = SERVED_MODEL, value = "model"),
            @ExampleObject(name = UNKNOWN_MODEL, value = "other")}) @PathVariable String name) {
        inference.lease(name, null).release();
        return new OipMessages.ModelReady(name, true);
    }

    @Post("/models/{name}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Score a batch with the primary version: one FP32/FP64 tensor of shape [N, features], one probability per row")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = OipMessages.InferRequest.class),
            examples = {
                    @ExampleObject(name = SERVED_MODEL, value = INFER_REQUEST),
                    @ExampleObject(name = WRONG_SHAPE, summary = "400: two values for a three-feature model",
                            value = WRONG_SHAPE_REQUEST)}))
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OipMessages.InferResponse.class),
            examples = @ExampleObject(value = "{\"model_name\": \"model\", \"model_version\": \"1.0.0\", \"id\": \"42\", "
                    + "\"outputs\": [{\"name\": \"predict\", \"shape\": [2], \"datatype\": \"FP32\", \"data\": [0.61, 0.08]}]}")))
    @ApiResponse(responseCode = "400", description = "Bad tensor: wrong shape, datatype, count or a non-finite value",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OipError.class),
                    examples = @ExampleObject(name = WRONG_SHAPE, value = WRONG_SHAPE_RESPONSE)))
    @ModelErrorResponses
    CompletableFuture<OipMessages.InferResponse> infer(
            @Parameter(examples = {@ExampleObject(name = SERVED_MODEL, value = "model"),
            @ExampleObject(name = UNKNOWN_MODEL, value = "other")}) @PathVariable String name, @Body @Nullable byte[] body,
            @Header(HttpHeaders.CONTENT_TYPE) @Nullable String contentType) {
        return inference.infer(inference.lease(name, null), ModelVersion.ROUTE_PRIMARY, body, contentType);
    }
}
