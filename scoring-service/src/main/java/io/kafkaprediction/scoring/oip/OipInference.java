package io.kafkaprediction.scoring.oip;

import io.kafkaprediction.scoring.errors.ResourceNotFoundException;
import io.kafkaprediction.scoring.model.LoadedModel;
import io.kafkaprediction.scoring.registry.ModelRegistry;
import io.kafkaprediction.scoring.registry.ModelState;
import io.kafkaprediction.scoring.registry.ModelVersion;
import io.kafkaprediction.scoring.requests.JsonBodies;
import io.kafkaprediction.scoring.serving.Scoring;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/** What the primary-model and the per-version OIP endpoints share: name check, version leases, batch scoring. */
@Singleton
final class OipInference {

    static final String OUTPUT_NAME = "predict";
    /** Up to this many rows (~0.5 ms of tree walking) are scored on the event loop. */
    static final int EVENT_LOOP_MAX_ROWS = 1_024;

    private final ModelRegistry models;
    private final Scoring scoring;
    private final JsonMapper json;
    private final ExecutorService blocking;

    OipInference(ModelRegistry models, Scoring scoring, JsonMapper json,
                 @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.models = models;
        this.scoring = scoring;
        this.json = json;
        this.blocking = blocking;
    }

    /** Parses (in the declared charset) and scores the body with the leased version, then releases the lease. */
    CompletableFuture<OipMessages.InferResponse> infer(ModelVersion version, String route, @Nullable byte[] body,
                                                       @Nullable String contentType) {
        boolean handedOff = false;
        try {
            InferRequestParser.Parsed request = InferRequestParser.parse(JsonBodies.readObject(json, body, contentType),
                    version.model().featureNames());
            if (request.rows().length <= EVENT_LOOP_MAX_ROWS && !version.model().scoresNatively()) {
                return CompletableFuture.completedFuture(score(version, route, request));
            }
            // Large batches take milliseconds, XGBoost4J (the fallback engine) as long as the model makes
            // it: score them off the event loop so other requests keep flowing.
            CompletableFuture<OipMessages.InferResponse> scored = CompletableFuture
                    .supplyAsync(() -> score(version, route, request), blocking)
                    .whenComplete((response, error) -> version.release());
            handedOff = true;
            return scored;
        } finally {
            if (!handedOff) {
                version.release();
            }
        }
    }

    private OipMessages.InferResponse score(ModelVersion version, String route, InferRequestParser.Parsed request) {
        float[] scores = scoring.scoreBatch(version, route, request.rows());
        return new OipMessages.InferResponse(models.settings().name(), version.version(), request.id(),
                List.of(new OipMessages.OutputTensor(OUTPUT_NAME, List.of(scores.length), "FP32", scores)));
    }

    OipMessages.ModelMetadata primaryMetadata(String name) {
        checkName(name);
        return metadata(models.current(), models.versions());
    }

    OipMessages.ModelMetadata versionMetadata(String name, String version) {
        ModelVersion v = lease(name, version);
        try {
            return metadata(v.model(), List.of(v.version()));
        } finally {
            v.release();
        }
    }

    private OipMessages.ModelMetadata metadata(LoadedModel model, List<String> versions) {
        ModelState s = models.state();
        OipMessages.RoutingStatus routing = models.routing().map(r -> new OipMessages.RoutingStatus(r.source(),
                r.primary(), r.canary() == null ? null : new OipMessages.Canary(r.canary(), r.canaryPercent()),
                r.shadow(), r.lastError(), r.lastErrorAt(), r.retained())).orElse(null);
        return new OipMessages.ModelMetadata(
                models.settings().name(), versions, "xgboost",
                List.of(new OipMessages.TensorMetadata("input-0", "FP32", List.of(-1, model.featureCount()))),
                List.of(new OipMessages.TensorMetadata(OUTPUT_NAME, "FP32", List.of(-1))),
                model.featureNames(), model.objective(), model.engine(), String.valueOf(model.source()),
                attributes(model),
                new OipMessages.ReloadStatus(s.loadedAt(), s.lastCheckAt(), s.lastError(), s.lastErrorAt(),
                        s.reloads(), s.reloadFailures()),
                routing);
    }

    /**
     * The model's attributes for display: strings as stored, except a JSON object or array (Python's
     * scikit-learn wrapper stores its parameters so), which is parsed so clients need not parse it again.
     */
    private Map<String, Object> attributes(LoadedModel model) {
        Map<String, Object> shown = new LinkedHashMap<>();
        model.attributes().forEach((name, value) -> shown.put(name, parsedIfStructured(value)));
        return shown;
    }

    private Object parsedIfStructured(String value) {
        String text = value.strip();
        if (!text.startsWith("{") && !text.startsWith("[")) {
            return value;
        }
        try {
            Object parsed = json.readValue(text, Argument.OBJECT_ARGUMENT);
            return parsed != null ? parsed : value;
        } catch (IOException | RuntimeException e) {
            return value; // looks like JSON but is not: shown as the string it is
        }
    }

    /** A reference on the version (null: the primary); the caller releases it. */
    ModelVersion lease(String name, @Nullable String version) {
        checkName(name);
        return scoring.version(version);
    }

    private void checkName(String name) {
        if (!models.settings().name().equals(name)) {
            throw new ResourceNotFoundException("model '" + name + "' is not served here; this server serves '"
                    + models.settings().name() + "'");
        }
    }
}
