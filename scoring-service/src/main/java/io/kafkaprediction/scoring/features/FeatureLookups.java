package io.kafkaprediction.scoring.features;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
                .description("Users per lookup query (concurrent requests share one)")
                .register(meters);
    }

    public boolean enabled() {
        return store.enabled();
    }

    /**
     * @return the user's latest value per feature name, NaN where it has none; fails with
     *     {@link UnknownUserException} or {@link FeatureStoreUnavailableException}
     */
    public CompletableFuture<float[]> latest(String userId, List<String> featureNames) {
        if (!store.enabled()) {
            return CompletableFuture.failedFuture(new FeatureStoreUnavailableException(FeatureStore.LOOKUPS_OFF));
        }
        Pending pending = new Pending(userId, featureNames, System.nanoTime(), new CompletableFuture<>());
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
        // Requests of one batch normally share the model's feature list; a reload mid-batch splits it.
        List<String> names = batch.get(0).featureNames();
        List<Pending> same = new ArrayList<>(batch.size());
        List<Pending> other = new ArrayList<>();
        for (Pending p : batch) {
            (p.featureNames() == names ? same : other).add(p);
        }
        query(names, same);
        if (!other.isEmpty()) {
            run(other);
        }
    }

    private void query(List<String> names, List<Pending> batch) {
        List<String> users = new ArrayList<>(new LinkedHashSet<>(batch.stream().map(Pending::userId).toList()));
        batchSizes.record(users.size());
        Map<String, float[]> values;
        try {
            values = store.latestValues(users, names);
        } catch (RuntimeException e) {
            for (Pending p : batch) {
                complete(p, failed, null, e);
            }
            return;
        }
        for (Pending p : batch) {
            float[] row = values.get(p.userId());
            if (row == null) {
                complete(p, notFound, null, FeatureStore.unknownUser(p.userId(), names));
            } else {
                // Each request gets its own copy: callers may hold on to it.
                complete(p, found, row.clone(), null);
            }
        }
    }

    private static void complete(Pending p, Timer timer, float[] row, RuntimeException error) {
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
                .description("Latest-feature lookups, queueing included, by outcome")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(meters);
    }

    private record Pending(String userId, List<String> featureNames, long queuedAt, CompletableFuture<float[]> result) {
    }
}
