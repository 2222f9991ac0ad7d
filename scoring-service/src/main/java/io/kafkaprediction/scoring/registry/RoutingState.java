package io.kafkaprediction.scoring.registry;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.Map;

/**
 * The routing in force in a model repository, and why a routing file or a removal was refused.
 *
 * @param source        the routing file, or "latest version" when there is none
 * @param primary       the version answering users outside the canary (null: none loaded)
 * @param canary        the canary version, or null
 * @param canaryPercent share of users on the canary
 * @param shadow        the shadow version, or null
 * @param lastError     why the last routing file was rejected (null once one is accepted)
 * @param lastErrorAt   when
 * @param retained      versions removed from disk but still served because routing names them, with the reason
 */
public record RoutingState(
        String source,
        @Nullable String primary,
        @Nullable String canary,
        double canaryPercent,
        @Nullable String shadow,
        @Nullable String lastError,
        @Nullable Instant lastErrorAt,
        Map<String, String> retained) {
}
