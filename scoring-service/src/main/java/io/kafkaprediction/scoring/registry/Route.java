package io.kafkaprediction.scoring.registry;

import io.micronaut.core.annotation.Nullable;

/**
 * The versions one request uses, each held by a reference until {@link #close()}: the version
 * that scores and answers, and the shadow, if routing names one, which scores off the response path.
 */
public final class Route implements AutoCloseable {

    private final ModelVersion scorer;
    private final String role;
    private @Nullable ModelVersion shadow;

    Route(ModelVersion scorer, String role, @Nullable ModelVersion shadow) {
        this.scorer = scorer;
        this.role = role;
        this.shadow = shadow;
    }

    public ModelVersion scorer() {
        return scorer;
    }

    /** {@link ModelVersion#ROUTE_PRIMARY} or {@link ModelVersion#ROUTE_CANARY}. */
    public String role() {
        return role;
    }

    /** Hands the shadow, and its reference, to the caller (which must release it); null when none. */
    public @Nullable ModelVersion takeShadow() {
        ModelVersion s = shadow;
        shadow = null;
        return s;
    }

    @Override
    public void close() {
        scorer.release();
        if (shadow != null) {
            shadow.release();
            shadow = null;
        }
    }
}
