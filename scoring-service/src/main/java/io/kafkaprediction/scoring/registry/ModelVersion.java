package io.kafkaprediction.scoring.registry;

import io.kafkaprediction.scoring.model.LoadedModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded version of the model, reference counted: the registry holds one reference while the
 * version is loaded and every request one while it scores. The version is closed (its native
 * Booster freed) when the last reference goes, so unloading never pulls a model from under a
 * request still using it.
 */
public final class ModelVersion {

    public static final String ROUTE_PRIMARY = "primary";
    public static final String ROUTE_CANARY = "canary";
    public static final String ROUTE_DIRECT = "direct";

    private final String modelName;
    private final LoadedModel model;
    private final FileStamp stamp;
    private final Instant loadedAt;
    private final AtomicInteger references = new AtomicInteger(1);
    private final Counter byPrimary;
    private final Counter byCanary;
    private final Counter direct;
    private final DistributionSummary scores;

    ModelVersion(String modelName, LoadedModel model, FileStamp stamp, Instant loadedAt, MeterRegistry meters) {
        this.modelName = modelName;
        this.model = model;
        this.stamp = stamp;
        this.loadedAt = loadedAt;
        this.byPrimary = predictions(meters, ROUTE_PRIMARY);
        this.byCanary = predictions(meters, ROUTE_CANARY);
        this.direct = predictions(meters, ROUTE_DIRECT);
        this.scores = DistributionSummary.builder("scoring.version.score")
                .tags("model", modelName, "version", model.version())
                .description("Scores returned by this version (sum / count = its mean score)").register(meters);
    }

    public String version() {
        return model.version();
    }

    public String modelName() {
        return modelName;
    }

    /** The model; use it only while holding a reference. */
    public LoadedModel model() {
        return model;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    FileStamp stamp() {
        return stamp;
    }

    /** Counts a score this version returned; {@code route} is one of the ROUTE_ constants. */
    public void recordScore(String route, float score) {
        (route.equals(ROUTE_PRIMARY) ? byPrimary : route.equals(ROUTE_CANARY) ? byCanary : direct).increment();
        scores.record(score);
    }

    /** Takes a reference; false once the version has been closed (a newer routing is published by then). */
    boolean tryAcquire() {
        while (true) {
            int n = references.get();
            if (n == 0) {
                return false;
            }
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one closes the model. */
    public void release() {
        if (references.decrementAndGet() == 0) {
            model.close();
        }
    }

    /** References held: 1 (the registry) plus one per request in flight; 0 once closed. */
    int references() {
        return references.get();
    }

    private Counter predictions(MeterRegistry meters, String route) {
        return Counter.builder("scoring.version.predictions")
                .tags("model", modelName, "version", model.version(), "route", route)
                .description("Rows scored by each version: primary, canary, or addressed directly (/versions/{v})")
                .register(meters);
    }

    @Override
    public String toString() {
        return modelName + " version " + version();
    }
}
