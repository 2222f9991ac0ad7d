package io.kafkaprediction.scoring.features;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.kafkaprediction.scoring.features.definitions.FeatureDefinition;
import io.kafkaprediction.scoring.features.definitions.FeatureQuery;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs lookups off the event loop, on the {@code feature-store} executor, batching the ones that
 * wait: each drainer takes every pending request (up to {@link #MAX_BATCH}) into one query. An
 * idle service runs batches of one with no added delay; under load, one round trip and one
 * thread hand-off serve several requests ("smart batching").
 */
@Singleton
public final class FeatureLookups {

    /** The executor lookups run on: {@code micronaut.executors.feature-store}, sized like the pool. */
    public static final String EXECUTOR = "feature-store";
    static final int MAX_BATCH = 64;

    private final FeatureStore store;
    private final ExecutorService executor;
    private final int maxDrainers;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger drainers = new AtomicInteger();
    private final Timer found;
    private final Timer notFound;
    private final Timer failed;
    private final DistributionSummary batchSizes;

    public FeatureLookups(FeatureStore store, @Named(EXECUTOR) ExecutorService executor,
                          @Value("${micronaut.executors.feature-store.number-of-threads:4}") int threads,
                          MeterRegistry meters) {
        this.store = store;
        this.executor = executor;
        this.maxDrainers = Math.max(1, threads);
        this.found = lookupTimer(meters, "found");
        this.notFound = lookupTimer(meters, "not_found");
        this.failed = lookupTimer(meters, "error");
        this.batchSizes = DistributionSummary.builder("scoring.feature.lookup.batch.size")
                .description("Entities (user, time) per lookup query (concurrent requests share one)")
                .register(meters);
    }

    public boolean enabled() {
        return store.enabled();
    }

    /**
     * Computes the query's features for one user at {@code asOf} (null: now, when its batch runs).
     *
     * @return the values in definition order, NaN where missing; fails with
     *     {@link UnknownUserException} or {@link FeatureStoreUnavailableException}
     */
    public CompletableFuture<double[]> lookup(String userId, FeatureQuery query, @Nullable Instant asOf) {
        if (!store.enabled()) {
            return CompletableFuture.failedFuture(new FeatureStoreUnavailableException(FeatureStore.LOOKUPS_OFF));
        }
        Pending pending = new Pending(userId, query, asOf, System.nanoTime(), new CompletableFuture<>());
        queue.add(pending);
        startDrainerIfNeeded();
        return pending.result();
    }

    private void startDrainerIfNeeded() {
        while (true) {
            int running = drainers.get();
            if (running >= maxDrainers || queue.isEmpty()) {
                return;
            }
            if (drainers.compareAndSet(running, running + 1)) {
                try {
                    executor.execute(this::drain);
                } catch (RuntimeException e) {
                    drainers.decrementAndGet();
                    failAll(e);
                }
                return;
            }
        }
    }

    private void drain() {
        try {
            List<Pending> batch = new ArrayList<>(MAX_BATCH);
            while (true) {
                batch.clear();
                Pending next;
                while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
                    batch.add(next);
                }
                if (batch.isEmpty()) {
                    return;
                }
                run(batch);
            }
        } finally {
            drainers.decrementAndGet();
            // A request queued between the last poll and the decrement must not be stranded.
            startDrainerIfNeeded();
        }
    }

    private void run(List<Pending> batch) {
        // Requests of one batch normally share the model's query; a reload or another semantics splits it.
        FeatureQuery query = batch.get(0).query();
        List<Pending> same = new ArrayList<>(batch.size());
        List<Pending> other = new ArrayList<>();
        for (Pending p : batch) {
            (p.query() == query ? same : other).add(p);
        }
        query(query, same);
        if (!other.isEmpty()) {
            run(other);
        }
    }

    private void query(FeatureQuery query, List<Pending> batch) {
        // "Now" is when the batch runs: one instant for every request without as_of in it.
        Instant now = Instant.now();
        Map<Entity, Integer> index = new LinkedHashMap<>(batch.size() * 2);
        for (Pending p : batch) {
            index.putIfAbsent(new Entity(p.userId(), p.asOf() != null ? p.asOf() : now), index.size());
        }
        batchSizes.record(index.size());
        List<String> users = new ArrayList<>(index.size());
        List<Instant> times = new ArrayList<>(index.size());
        for (Entity e : index.keySet()) {
            users.add(e.userId());
            times.add(e.t());
        }
        double[][] values;
        try {
            values = store.values(query, users, times);
        } catch (RuntimeException e) {
            for (Pending p : batch) {
                complete(p, failed, null, e);
            }
            return;
        }
        List<String> names = query.definitions().stream().map(FeatureDefinition::name).toList();
        for (Pending p : batch) {
            double[] row = values[index.get(new Entity(p.userId(), p.asOf() != null ? p.asOf() : now))];
            if (row == null) {
                complete(p, notFound, null, FeatureStore.unknownUser(p.userId(), names, p.asOf()));
            } else {
                // Each request gets its own copy: callers may hold on to it.
                complete(p, found, row.clone(), null);
            }
        }
    }

    private static void complete(Pending p, Timer timer, double[] row, RuntimeException error) {
        timer.record(System.nanoTime() - p.queuedAt(), TimeUnit.NANOSECONDS);
        if (error != null) {
            p.result().completeExceptionally(error);
        } else {
            p.result().complete(row);
        }
    }

    private void failAll(RuntimeException cause) {
        Pending p;
        while ((p = queue.poll()) != null) {
            complete(p, failed, null, new FeatureStoreUnavailableException("feature lookups rejected: " + cause, cause));
        }
    }

    private static Timer lookupTimer(MeterRegistry meters, String outcome) {
        return Timer.builder("scoring.feature.lookups")
                .description("Feature lookups, queueing included, by outcome")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(meters);
    }

    private record Pending(String userId, FeatureQuery query, @Nullable Instant asOf, long queuedAt,
                           CompletableFuture<double[]> result) {
    }

    private record Entity(String userId, Instant t) {
    }
}
