package io.kafkaprediction.scoring.registry;

import io.micronaut.core.annotation.Nullable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What serves right now, immutable: the loaded versions (oldest first) and the routing resolved
 * to them. Requests read it with one volatile load; a scan publishes a new one.
 */
record Served(Map<String, ModelVersion> bySlot, @Nullable Routing routing, @Nullable ModelVersion primary,
              @Nullable ModelVersion canary, int canaryThreshold, @Nullable ModelVersion shadow) {

    static final Served EMPTY = new Served(Map.of(), null, null, null, 0, null);

    static Served of(Map<String, ModelVersion> bySlot, @Nullable Routing routing) {
        Map<String, ModelVersion> versions = Collections.unmodifiableMap(new LinkedHashMap<>(bySlot));
        if (routing == null) {
            return new Served(versions, null, null, null, 0, null);
        }
        ModelVersion canary = routing.canary() == null ? null : versions.get(routing.canary());
        return new Served(versions, routing, versions.get(routing.primary()), canary,
                canary == null ? 0 : CanaryBuckets.threshold(routing.canaryPercent()),
                routing.shadow() == null ? null : versions.get(routing.shadow()));
    }

    @Nullable ModelVersion find(String version) {
        for (ModelVersion v : bySlot.values()) {
            if (v.version().equals(version)) {
                return v;
            }
        }
        return null;
    }

    List<String> versionNames() {
        return bySlot.values().stream().map(ModelVersion::version).toList();
    }
}
