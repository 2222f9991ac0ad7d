package io.kafkaprediction.scoring.oip;

import io.kafkaprediction.scoring.errors.ErrorResponses;
import io.kafkaprediction.scoring.errors.JsonBodies;
import io.kafkaprediction.scoring.errors.OipError;
import io.kafkaprediction.scoring.errors.ResourceNotFoundException;
import io.kafkaprediction.scoring.health.ServiceReadiness;
import io.kafkaprediction.scoring.model.LoadedModel;
import io.kafkaprediction.scoring.registry.ModelRegistry;
import io.kafkaprediction.scoring.registry.ModelState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.inject.Named;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Open Inference Protocol v2 (REST): the API that KServe, Triton and MLServer clients speak.
 * Errors answer {@code {"error": "..."}}.
 */
@Controller("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "inference")
@ApiResponse(responseCode = "404", description = "Unknown model name",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OipError.class)))
@ApiResponse(responseCode = "503", description = "No model loaded",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OipError.class)))
final class InferenceController {

    static final String SERVER_NAME = "kafka-prediction-scoring";
    static final String OUTPUT_NAME = "predict";
    /** Up to this many rows (~0.5 ms of tree walking) are scored on the event loop. */
    static final int EVENT_LOOP_MAX_ROWS = 1_024;

    private final ModelRegistry models;
    private final ServiceReadiness readiness;
    private final ErrorResponses errors;
    private final JsonMapper json;
    private final Counter rowsScored;
    private final ExecutorService blocking;

    InferenceController(ModelRegistry models, ServiceReadiness readiness, ErrorResponses errors, JsonMapper json,
                        MeterRegistry meters, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.blocking = blocking;
        this.models = models;
        this.readiness = readiness;
        this.errors = errors;
        this.json = json;
        this.rowsScored = Counter.builder("scoring.predictions").tag("source", "inference")
                .description("Rows scored, by where their features came from").register(meters);
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
    HttpResponse<?> ready(HttpRequest<?> request) {
        List<String> problems = readiness.problems();
        if (!problems.isEmpty()) {
            return errors.error(request, HttpStatus.SERVICE_UNAVAILABLE, "not ready: " + String.join("; ", problems), null);
        }
        return HttpResponse.ok(new OipMessages.Ready(true));
    }

    @Get("/models/{name}")
    @Operation(summary = "Model metadata, with the reload status (a rejected file shows in reload.last_error)")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OipMessages.ModelMetadata.class),
            examples = @ExampleObject(value = "{\"name\": \"model\", \"versions\": [\"1.0.0\"], \"platform\": \"xgboost\", "
                    + "\"inputs\": [{\"name\": \"input-0\", \"datatype\": \"FP32\", \"shape\": [-1, 3]}], "
                    + "\"outputs\": [{\"name\": \"predict\", \"datatype\": \"FP32\", \"shape\": [-1]}], "
                    + "\"feature_names\": [\"click\", \"view\", \"purchase\"], \"objective\": \"binary:logistic\", "
                    + "\"engine\": \"tree-walker\", \"source\": \"model.json\", \"reload\": {\"loaded_at\": "
                    + "\"2026-01-20T15:00:00Z\", \"last_check_at\": \"2026-01-20T15:05:00Z\", \"last_error\": null, "
                    + "\"last_error_at\": null, \"reloads\": 0, \"reload_failures\": 0}}")))
    OipMessages.ModelMetadata model(@PathVariable String name) {
        LoadedModel model = served(name);
        int features = model.featureCount();
        ModelState s = models.state();
        return new OipMessages.ModelMetadata(
                models.settings().name(), List.of(model.version()), "xgboost",
                List.of(new OipMessages.TensorMetadata("input-0", "FP32", List.of(-1, features))),
                List.of(new OipMessages.TensorMetadata(OUTPUT_NAME, "FP32", List.of(-1))),
                model.featureNames(), model.objective(), model.engine(), String.valueOf(model.source()),
                new OipMessages.ReloadStatus(s.loadedAt(), s.lastCheckAt(), s.lastError(), s.lastErrorAt(),
                        s.reloads(), s.reloadFailures()));
    }

    @Get("/models/{name}/ready")
    @Operation(summary = "Model readiness")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OipMessages.ModelReady.class),
            examples = @ExampleObject(value = "{\"name\": \"model\", \"ready\": true}")))
    OipMessages.ModelReady modelReady(@PathVariable String name) {
        served(name);
        return new OipMessages.ModelReady(name, true);
    }

    @Post("/models/{name}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Score a batch: one FP32/FP64 tensor of shape [N, features], one probability per row")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = OipMessages.InferRequest.class),
            examples = @ExampleObject(value = "{\"id\": \"42\", \"inputs\": [{\"name\": \"input-0\", \"shape\": [2, 3], "
                    + "\"datatype\": \"FP32\", \"data\": [0.5, 0.7, 0.3, 0.1, 0.2, 0.0]}]}")))
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OipMessages.InferResponse.class),
            examples = @ExampleObject(value = "{\"model_name\": \"model\", \"model_version\": \"1.0.0\", \"id\": \"42\", "
                    + "\"outputs\": [{\"name\": \"predict\", \"shape\": [2], \"datatype\": \"FP32\", \"data\": [0.61, 0.08]}]}")))
    @ApiResponse(responseCode = "400", description = "Bad tensor: wrong shape, datatype, count or a non-finite value",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OipError.class)))
    CompletableFuture<OipMessages.InferResponse> infer(@PathVariable String name, @Body @Nullable byte[] body,
            @Header(HttpHeaders.CONTENT_TYPE) @Nullable String contentType) {
        LoadedModel model = served(name);
        InferRequestParser.Parsed request = InferRequestParser.parse(JsonBodies.readObject(json, body, contentType), model.featureNames());
        if (request.rows().length <= EVENT_LOOP_MAX_ROWS) {
            return CompletableFuture.completedFuture(score(model, request));
        }
        // Large batches take milliseconds: score them off the event loop so other requests keep flowing.
        return CompletableFuture.supplyAsync(() -> score(model, request), blocking);
    }

    private OipMessages.InferResponse score(LoadedModel model, InferRequestParser.Parsed request) {
        float[] scores = model.predictBatch(request.rows());
        rowsScored.increment(scores.length);
        return new OipMessages.InferResponse(models.settings().name(), model.version(), request.id(),
                List.of(new OipMessages.OutputTensor(OUTPUT_NAME, List.of(scores.length), "FP32", scores)));
    }

    private LoadedModel served(String name) {
        if (!models.settings().name().equals(name)) {
            throw new ResourceNotFoundException("model '" + name + "' is not served here; this server serves '"
                    + models.settings().name() + "'");
        }
        return models.current();
    }
}
