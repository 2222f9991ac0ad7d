package io.kafkaprediction.scoring.registry;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * What the registry knows about its last attempts, for the metadata endpoint and health.
 *
 * @param loadedAt         when the serving model was swapped in (null: none yet)
 * @param lastCheckAt      last time the file was examined
 * @param lastError        why the last load or reload failed (null after a success)
 * @param lastErrorAt      when it failed
 * @param reloads          successful reloads after the first load
 * @param reloadFailures   rejected loads (the serving model, if any, stayed)
 */
public record ModelState(
        @Nullable Instant loadedAt,
        @Nullable Instant lastCheckAt,
        @Nullable String lastError,
        @Nullable Instant lastErrorAt,
        long reloads,
        long reloadFailures) {

    static ModelState initial() {
        return new ModelState(null, null, null, null, 0, 0);
    }
}
