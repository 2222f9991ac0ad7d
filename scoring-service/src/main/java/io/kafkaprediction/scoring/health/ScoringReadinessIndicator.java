package io.kafkaprediction.scoring.health;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.reactivestreams.Publisher;

/** Adds model and feature-store readiness to {@code /health} and {@code /health/readiness}. */
@Singleton
@Readiness
final class ScoringReadinessIndicator implements HealthIndicator {

    private final ServiceReadiness readiness;
    private final ExecutorService blocking;

    ScoringReadinessIndicator(ServiceReadiness readiness, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.readiness = readiness;
        this.blocking = blocking;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        // The database check blocks: keep it off the event loop.
        return Publishers.fromCompletableFuture(() -> CompletableFuture.supplyAsync(() -> {
            List<String> problems = readiness.problems();
            return HealthResult.builder("scoring", problems.isEmpty() ? HealthStatus.UP : HealthStatus.DOWN)
                    .details(Map.of("problems", problems, "warnings", readiness.warnings()))
                    .build();
        }, blocking));
    }
}
