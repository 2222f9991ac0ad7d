package io.kafkaprediction.scoring.predict;

import static io.kafkaprediction.scoring.predict.PredictExamples.*;

import io.kafkaprediction.scoring.errors.ErrorResponses;
import io.kafkaprediction.scoring.errors.Problem;
import io.kafkaprediction.scoring.requests.JsonBodies;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /predict}. Scoring sent features stays on the event loop (a few microseconds of
 * CPU); the feature-store path hops off it, to {@code FeatureLookups}, where JDBC may wait, and so
 * does any XGBoost4J call (explanations, the fallback engine).
 */
@Controller
@Tag(name = "predict")
final class PredictController {

    private final PredictionService predictions;
    private final JsonMapper json;
    PredictController(PredictionService predictions, JsonMapper json) {
        this.predictions = predictions;
        this.json = json;
    }

    @Post("/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Score one user",
            description = "With features_for_prediction, scores them (one finite number per model feature, in the "
                    + "model's order). Without, computes each model feature from the user's events in PostgreSQL: "
                    + "a feature name is a definition, click (latest value), click:count:1h (count, sum, avg, min, "
                    + "max or last over the window (t - 1h, t], units s, m, h, d) or click:age (seconds since the "
                    + "latest click), at t = now or at as_of; features the user lacks are missing values (null, NaN "
                    + "to the model); count and sum of an empty window are 0.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PredictRequest.class),
            examples = {
                    @ExampleObject(name = FEATURES, summary = "Score the sent features", value = FEATURES_REQUEST),
                    @ExampleObject(name = LOOKUP, summary = "Score the user's latest features from the store",
                            value = LOOKUP_REQUEST),
                    @ExampleObject(name = EXPLAINED, summary = "Score and explain", value = EXPLAINED_REQUEST),
                    @ExampleObject(name = AS_OF, summary = "Score the user's features as of a past instant",
                            value = AS_OF_REQUEST),
                    @ExampleObject(name = FUTURE_AS_OF, summary = "400: as_of in the future", value = FUTURE_AS_OF_REQUEST),
                    @ExampleObject(name = BAD_SEMANTICS, summary = "400: unknown semantics", value = BAD_SEMANTICS_REQUEST),
                    @ExampleObject(name = WRONG_COUNT, summary = "400: one feature for a three-feature model",
                            value = WRONG_COUNT_REQUEST),
                    @ExampleObject(name = BLANK_USER_ID, summary = "400: blank user_id", value = BLANK_USER_ID_REQUEST),
                    @ExampleObject(name = UNKNOWN_USER, summary = "404: a user with no features",
                            value = UNKNOWN_USER_REQUEST)
            }))
    @ApiResponse(responseCode = "200", description = "Scored", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PredictResponse.class),
            examples = {
                    @ExampleObject(name = FEATURES, value = FEATURES_RESPONSE),
                    @ExampleObject(name = LOOKUP, value = LOOKUP_RESPONSE),
                    @ExampleObject(name = EXPLAINED, value = EXPLAINED_RESPONSE),
                    @ExampleObject(name = AS_OF, value = AS_OF_RESPONSE)
            }))
    @ApiResponse(responseCode = "400", description = "Bad input; detail and field name the problem",
            content = @Content(mediaType = ErrorResponses.PROBLEM_JSON, schema = @Schema(implementation = Problem.class),
                    examples = {
                            @ExampleObject(name = WRONG_COUNT, value = WRONG_COUNT_RESPONSE),
                            @ExampleObject(name = BLANK_USER_ID, value = BLANK_USER_ID_RESPONSE),
                            @ExampleObject(name = FUTURE_AS_OF, value = FUTURE_AS_OF_RESPONSE),
                            @ExampleObject(name = BAD_SEMANTICS, value = BAD_SEMANTICS_RESPONSE)
                    }))
    @ApiResponse(responseCode = "404", description = "The user has none of the model's features",
            content = @Content(mediaType = ErrorResponses.PROBLEM_JSON, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = UNKNOWN_USER, value = UNKNOWN_USER_RESPONSE)))
    @ApiResponse(responseCode = "413", description = "Body over MAX_REQUEST_BYTES",
            content = @Content(mediaType = ErrorResponses.PROBLEM_JSON, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = TOO_LARGE, value = TOO_LARGE_RESPONSE)))
    @ApiResponse(responseCode = "415", description = "Content-Type is not application/json",
            content = @Content(mediaType = ErrorResponses.PROBLEM_JSON, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = WRONG_CONTENT_TYPE, value = WRONG_CONTENT_TYPE_RESPONSE)))
    @ApiResponse(responseCode = "503", description = "No model loaded, or the feature store is off, unreachable, "
            + "slower than LOOKUP_TIMEOUT_MS or already has LOOKUP_QUEUE_LIMIT lookups waiting. The body never holds "
            + "exception or SQL text: the service logs it under request_id",
            headers = {
                    @io.swagger.v3.oas.annotations.headers.Header(name = "Retry-After",
                            description = "Seconds to wait before retrying", schema = @Schema(type = "integer")),
                    @io.swagger.v3.oas.annotations.headers.Header(name = "X-Request-Id",
                            description = "The request_id of the body: the id of the log line", schema = @Schema(type = "string"))},
            content = @Content(mediaType = ErrorResponses.PROBLEM_JSON, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = UNAVAILABLE, value = UNAVAILABLE_RESPONSE)))
    CompletableFuture<PredictResponse> predict(
            @Body @Nullable byte[] body,
            @Parameter(description = "Add SHAP contributions (margin space) and the bias", example = "false",
                    schema = @Schema(type = "boolean", defaultValue = "false"))
            @QueryValue @Nullable String explain,
            HttpRequest<?> http) {
        // The header read from the request, not bound with @Header: that binder's conversion was ~1 % of
        // the event loop's time in a profile of /predict.
        String contentType = http.getHeaders().get(HttpHeaders.CONTENT_TYPE);
        PredictRequest request = PredictRequestParser.parse(JsonBodies.readObject(json, body, contentType));
        boolean withExplanation = PredictRequestParser.explainParameter(explain) || request.explain();
        if (request.features() != null) {
            return predictions.fromRequest(request.userId(), request.features(), withExplanation);
        }
        return predictions.fromFeatureStore(request.userId(), withExplanation, request.asOf(), request.semantics());
    }
}
