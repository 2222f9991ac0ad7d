package io.kafkaprediction.scoring.features.definitions;

import java.time.Duration;
import java.util.Objects;

/**
 * One model feature, read from its name: {@code click} (latest value), {@code click:count:1h}
 * (an aggregation over the window (t − w, t]) or {@code click:age} (seconds since the latest).
 *
 * @param name        the feature name as the model has it
 * @param eventType   the event type whose events it reads
 * @param aggregation what it computes
 * @param window      the window for windowed aggregations, else null
 */
public record FeatureDefinition(String name, String eventType, Aggregation aggregation, Duration window) {

    public FeatureDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(aggregation, "aggregation");
        if (aggregation.windowed() != (window != null)) {
            throw new IllegalArgumentException(aggregation.word() + (window == null ? " needs" : " takes no") + " window");
        }
    }

    /** A plain event type: the latest value. */
    public static FeatureDefinition latest(String eventType) {
        return new FeatureDefinition(eventType, eventType, Aggregation.LATEST, null);
    }

    /** The window in milliseconds; 0 for definitions without one. */
    public long windowMillis() {
        return window == null ? 0 : window.toMillis();
    }
}
