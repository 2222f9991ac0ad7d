package io.kafkaprediction.scoring.health;

import io.kafkaprediction.scoring.features.FeatureStore;
import io.kafkaprediction.scoring.registry.ModelRegistry;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/** Ready = a model serves, and PostgreSQL answers when lookups are on. */
@Singleton
public final class ServiceReadiness {

    private final ModelRegistry models;
    private final FeatureStore store;

    public ServiceReadiness(ModelRegistry models, FeatureStore store) {
        this.models = models;
        this.store = store;
    }

    /** @return why the service is not ready; empty when it is */
    public List<String> problems() {
        List<String> problems = new ArrayList<>(2);
        if (models.currentIfLoaded().isEmpty()) {
            String error = models.state().lastError();
            problems.add("no model loaded" + (error != null ? ": " + error : ""));
        }
        if (store.enabled() && !store.reachable()) {
            problems.add("feature store (PostgreSQL) unreachable");
        }
        return problems;
    }

    /**
     * Problems that leave the service ready: the last reload failed or the file went away while a
     * model still serves. Listed in the health details so they are seen before the next restart.
     */
    public List<String> warnings() {
        String error = models.state().lastError();
        return models.currentIfLoaded()
                .filter(model -> error != null)
                .map(model -> List.of("model " + model.version() + " keeps serving, but the last check of the model file"
                        + " failed at " + models.state().lastErrorAt() + ": " + error))
                .orElse(List.of());
    }
}
