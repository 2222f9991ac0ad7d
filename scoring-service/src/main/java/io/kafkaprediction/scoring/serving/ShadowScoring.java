package io.kafkaprediction.scoring.serving;

import io.kafkaprediction.scoring.registry.ModelVersion;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores the shadow version off the response path. A request only queues its row (no wake-up
 * call); one daemon thread polls the queue, every millisecond while rows come and backing off to
 * every 64 ms when idle (a service without a shadow wakes it ~16 times a second, not 1 000). It
 * scores each row with the shadow and records the shadow's score, its difference from the score
 * that was returned, and its latency. Nothing here can change a response: the request has its answer before the shadow runs.
 */
@Singleton
final class ShadowScoring implements AutoCloseable {

    /** Rows waiting beyond this are dropped (counted as outcome "dropped"), so a slow shadow cannot eat the heap. */
    static final int MAX_QUEUED = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(ShadowScoring.class);
    private static final long BUSY_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(64);

    private final MeterRegistry meters;
    private final ConcurrentLinkedQueue<Job> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Thread drainer;
    private volatile boolean closed;
    private volatile String lastFailure = "";

    ShadowScoring(MeterRegistry meters) {
        this.meters = meters;
        this.drainer = new Thread(this::drain, "shadow-scoring");
        drainer.setDaemon(true);
        drainer.start();
    }

    private record Job(ModelVersion shadow, String baseline, float[] row, java.util.List<String> names, float score) {
    }

    /**
     * Queues one shadow scoring; takes over the reference on {@code shadow}.
     *
     * @param baseline the version whose {@code score} was returned
     * @param row      the features it scored, in the order of {@code names}; not modified afterwards
     */
    void submit(ModelVersion shadow, ModelVersion baseline, float[] row, float score) {
        if (closed || queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            counter(shadow, "dropped").increment();
            shadow.release();
            return;
        }
        queue.offer(new Job(shadow, baseline.version(), row, baseline.model().featureNames(), score));
    }

    private void drain() {
        long park = BUSY_PARK_NANOS;
        while (!closed) {
            Job job = queue.poll();
            if (job == null) {
                LockSupport.parkNanos(park);
                park = Math.min(park * 2, IDLE_PARK_NANOS);
                continue;
            }
            park = BUSY_PARK_NANOS;
            queued.decrementAndGet();
            run(job);
        }
    }

    private void run(Job job) {
        ModelVersion shadow = job.shadow();
        Meters m = meters(shadow, job.baseline());
        long start = System.nanoTime();
        try {
            if (!shadow.model().featureNames().equals(job.names())) {
                // Different features would make the score and the difference meaningless.
                throw new IllegalArgumentException("shadow version " + shadow.version() + " has features "
                        + shadow.model().featureNames() + ", the scoring version " + job.baseline() + " has " + job.names());
            }
            float score = shadow.model().predict(job.row());
            m.latency().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            m.score().record(score);
            m.difference().record(Math.abs(score - job.score()));
            m.success().increment();
        } catch (RuntimeException e) {
            m.failure().increment();
            String message = String.valueOf(e.getMessage());
            if (!message.equals(lastFailure)) {
                lastFailure = message;
                LOG.warn("Shadow scoring failed (the response was not affected): {}", message);
            }
        } finally {
            shadow.release();
        }
    }

    /** The meters of one shadow against one baseline, looked up once: registering per row costs microseconds. */
    private record Meters(Timer latency, DistributionSummary score, DistributionSummary difference, Counter success,
                          Counter failure) {
    }

    // Drainer thread only. Keyed by identity: a reloaded version is a new ModelVersion.
    private final Map<ModelVersion, Map<String, Meters>> byShadow = new IdentityHashMap<>();

    private Meters meters(ModelVersion shadow, String baseline) {
        if (byShadow.size() > 64) {
            byShadow.clear(); // versions come and go; keep the cache from holding old ones forever
        }
        return byShadow.computeIfAbsent(shadow, s -> new HashMap<>()).computeIfAbsent(baseline, b -> {
            String[] tags = {"model", shadow.modelName(), "version", shadow.version()};
            return new Meters(
                    Timer.builder("scoring.shadow.latency").tags(tags)
                            .description("Time the shadow took to score one row").register(meters),
                    DistributionSummary.builder("scoring.shadow.score").tags(tags)
                            .description("Scores of the shadow version").register(meters),
                    DistributionSummary.builder("scoring.shadow.difference").tags(tags).tag("baseline", b)
                            .description("|shadow score - returned score|, per version that returned it").register(meters),
                    counter(shadow, "success"), counter(shadow, "failure"));
        });
    }

    private Counter counter(ModelVersion shadow, String outcome) {
        return Counter.builder("scoring.shadow.predictions")
                .tags("model", shadow.modelName(), "version", shadow.version(), "outcome", outcome)
                .description("Shadow scorings: success, failure, or dropped (queue full)").register(meters);
    }

    @PreDestroy
    @Override
    public void close() {
        closed = true;
        drainer.interrupt();
        for (Job job; (job = queue.poll()) != null; ) {
            job.shadow().release();
        }
    }
}
