package io.kafkaprediction.scoring.features;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.kafkaprediction.scoring.features.definitions.FeatureDefinition;
import io.kafkaprediction.scoring.features.definitions.FeatureQuery;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
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
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs lookups off the event loop, on the {@code feature-store} executor, batching the ones that
 * wait: each drainer takes every pending request (up to {@link #MAX_BATCH}) into one query. An
 * idle service runs batches of one with no added delay; under load, one round trip and one
 * thread hand-off serve several requests ("smart batching").
 *
 * <p>Every lookup has a deadline ({@code LOOKUP_TIMEOUT_MS}) counted from when it was queued: past
 * it the lookup fails with {@link FeatureStoreUnavailableException} whatever PostgreSQL or the
 * executor are doing, so a hung database never holds a request. At most {@code LOOKUP_QUEUE_LIMIT}
 * lookups wait for a drainer; beyond that a lookup fails at once.
 */
@Singleton
public final class FeatureLookups implements AutoCloseable {

    /** The executor lookups run on: {@code micronaut.executors.feature-store}, sized like the pool. */
    public static final String EXECUTOR = "feature-store";
    public static final int DEFAULT_TIMEOUT_MS = 250;
    public static final int DEFAULT_QUEUE_LIMIT = 1_000;
    static final int MAX_BATCH = 64;
    static final String UNAVAILABLE = "feature store unavailable: the PostgreSQL lookup failed";

    private static final Logger LOG = LoggerFactory.getLogger(FeatureLookups.class);

    private final FeatureStore store;
    private final ExecutorService executor;
    private final int maxDrainers;
    private final long timeoutNanos;
    private final int queueLimit;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    /** Entries in {@link #queue}: its size() walks the whole queue. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger drainers = new AtomicInteger();
    /**
     * Every lookup queued and not yet met by the deadline thread, in queue order. All deadlines are
     * queuedAt + the same timeout, so they fall due in this order: one thread sleeps until the head
     * is due and a lookup costs one lock-free offer, nothing when it completes. (A
     * ScheduledThreadPoolExecutor task per lookup took a lock to schedule and again to cancel, and
     * woke its thread whenever its queue had run empty.)
     */
    private final ConcurrentLinkedQueue<Pending> inFlight = new ConcurrentLinkedQueue<>();
    private final Thread deadlines;
    private volatile boolean closed;
    private final Timer found;
    private final Timer notFound;
    private final Timer failed;
    private final Timer timedOut;
    private final Timer shed;
    private final DistributionSummary batchSizes;

    public FeatureLookups(FeatureStore store, @Named(EXECUTOR) ExecutorService executor,
                          @Value("${micronaut.executors.feature-store.number-of-threads:4}") int threads,
                          @Value("${scoring.lookups.timeout-ms:" + DEFAULT_TIMEOUT_MS + "}") int timeoutMs,
                          @Value("${scoring.lookups.queue-limit:" + DEFAULT_QUEUE_LIMIT + "}") int queueLimit,
                          MeterRegistry meters) {
        this.store = store;
        this.executor = executor;
        this.maxDrainers = Math.max(1, threads);
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.queueLimit = queueLimit;
        this.deadlines = new Thread(this::expireDue, "lookup-deadlines");
        deadlines.setDaemon(true);
        deadlines.start();
        this.found = lookupTimer(meters, "found");
        this.notFound = lookupTimer(meters, "not_found");
        this.failed = lookupTimer(meters, "error");
        this.timedOut = lookupTimer(meters, "timeout");
        this.shed = lookupTimer(meters, "shed");
        this.batchSizes = DistributionSummary.builder("scoring.feature.lookup.batch.size")
                .description("Entities (user, time) per lookup query (concurrent requests share one)")
                .register(meters);
        Gauge.builder("scoring.feature.lookups.waiting", waiting, AtomicInteger::get)
                .description("Lookups queued for a drainer (at most LOOKUP_QUEUE_LIMIT)").register(meters);
    }

    public boolean enabled() {
        return store.enabled();
    }

    /**
     * Computes the query's features for one user at {@code asOf} (null: now, when its batch runs).
     *
     * @return the values in definition order, NaN where missing; fails with
     *     {@link UnknownUserException} or {@link FeatureStoreUnavailableException} (lookups off,
     *     PostgreSQL failing, the deadline passed or the queue full); always completes by the deadline
     */
    public CompletableFuture<double[]> lookup(String userId, FeatureQuery query, @Nullable Instant asOf) {
        if (!store.enabled()) {
            return CompletableFuture.failedFuture(new FeatureStoreUnavailableException(FeatureStore.LOOKUPS_OFF));
        }
        return enqueue(new Pending(userId, query, asOf, false, System.nanoTime())).result;
    }

    /**
     * Like {@link #lookup} at "now", but "now" is PostgreSQL's clock once every transaction writing at
     * that instant has ended ({@link FeatureStore#settledNow}), so {@code training-set --semantics
     * arrival} at the returned instant computes the same values. The wait counts against the same deadline.
     */
    public CompletableFuture<AtInstant> lookupAtSettledNow(String userId, FeatureQuery query) {
        if (!store.enabled()) {
            return CompletableFuture.failedFuture(new FeatureStoreUnavailableException(FeatureStore.LOOKUPS_OFF));
        }
        Pending pending = enqueue(new Pending(userId, query, null, true, System.nanoTime()));
        // at is written before result completes, so whoever sees the values sees it.
        return pending.result.thenApply(values -> new AtInstant(values, pending.at));
    }

    /** A lookup's values and the instant they were computed at. */
    public record AtInstant(double[] values, Instant at) {
    }

    /** @return the pending lookup, its result already failed when the queue is full */
    private Pending enqueue(Pending pending) {
        if (waiting.incrementAndGet() > queueLimit) {
            waiting.decrementAndGet();
            shed.record(0, TimeUnit.NANOSECONDS);
            pending.result.completeExceptionally(new FeatureStoreUnavailableException("feature lookups are over "
                    + "capacity: " + queueLimit + " already wait (LOOKUP_QUEUE_LIMIT); retry later"));
            return pending;
        }
        inFlight.add(pending);
        queue.add(pending);
        startDrainerIfNeeded();
        return pending;
    }

    /** How often finished lookups queued behind an unfinished one are dropped from {@link #inFlight}. */
    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * The deadline thread: fails each lookup still unanswered when it is due. Lookups queued by two
     * event loops at once may enter {@link #inFlight} a few microseconds out of order; the later
     * one of them is then failed those microseconds after its deadline.
     */
    private void expireDue() {
        while (!closed) {
            Pending head = inFlight.peek();
            if (head == null) {
                // Whatever is queued from now on falls due no earlier than one timeout from now.
                LockSupport.parkNanos(this, timeoutNanos);
                continue;
            }
            if (head.result.isDone()) {
                inFlight.poll(); // only this thread takes from inFlight: that is head
                continue;
            }
            long wait = head.queuedAt + timeoutNanos - System.nanoTime();
            if (wait <= 0) {
                inFlight.poll();
                expire(head);
                continue;
            }
            LockSupport.parkNanos(this, Math.min(wait, SWEEP_NANOS));
            if (wait > SWEEP_NANOS) {
                // A long deadline (LOOKUP_TIMEOUT_MS up to minutes) must not keep every answered lookup behind it.
                inFlight.removeIf(p -> p != head && p.result.isDone());
            }
        }
    }

    private void expire(Pending p) {
        if (queue.remove(p)) {
            waiting.decrementAndGet();
        }
        // A batch may still be running it: the late answer then finds the request already failed.
        complete(p, timedOut, null, new FeatureStoreUnavailableException("feature lookup took longer than "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms (LOOKUP_TIMEOUT_MS); the feature store is "
                + "slow or unreachable"));
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
                    waiting.decrementAndGet();
                    if (!next.result.isDone()) { // past its deadline already: no query for it
                        batch.add(next);
                    }
                }
                if (batch.isEmpty() && queue.isEmpty()) {
                    return;
                }
                try {
                    if (!batch.isEmpty()) {
                        run(batch);
                    }
                } catch (Throwable e) {
                    // Errors too (a StackOverflowError in the driver, an OutOfMemoryError): the batch's
                    // requests fail now instead of waiting for their deadlines, and the drainer goes on.
                    LOG.error("Feature lookup batch of {} failed", batch.size(), e);
                    for (Pending p : batch) {
                        complete(p, failed, null, new FeatureStoreUnavailableException(UNAVAILABLE, e));
                    }
                }
            }
        } finally {
            drainers.decrementAndGet();
            // A request queued between the last poll and the decrement must not be stranded.
            startDrainerIfNeeded();
        }
    }

    private void run(List<Pending> batch) {
        // Requests of one batch normally share the model's query; a reload, another semantics or a
        // settled "now" splits it. Settled ones go last, so the others of the batch never wait for writers.
        Pending first = batch.stream().filter(p -> !p.settle).findFirst().orElse(batch.get(0));
        FeatureQuery query = first.query;
        boolean settle = first.settle;
        List<Pending> same = new ArrayList<>(batch.size());
        List<Pending> other = new ArrayList<>();
        for (Pending p : batch) {
            (p.query == query && p.settle == settle ? same : other).add(p);
        }
        query(query, settle, same);
        if (!other.isEmpty()) {
            run(other);
        }
    }

    private void query(FeatureQuery query, boolean settle, List<Pending> batch) {
        // "Now" is when the batch runs: one instant for every request without as_of in it.
        Instant now;
        try {
            now = settle ? store.settledNow(latestDeadline(batch)) : Instant.now();
        } catch (RuntimeException e) {
            for (Pending p : batch) {
                complete(p, failed, null, e);
            }
            return;
        }
        Map<Entity, Integer> index = new LinkedHashMap<>(batch.size() * 2);
        for (Pending p : batch) {
            index.putIfAbsent(new Entity(p.userId, p.asOf != null ? p.asOf : now), index.size());
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
        for (Pending p : batch) {
            double[] row = values[index.get(new Entity(p.userId, p.asOf != null ? p.asOf : now))];
            if (row == null) {
                List<String> names = query.definitions().stream().map(FeatureDefinition::name).toList();
                complete(p, notFound, null, FeatureStore.unknownUser(p.userId, names, p.asOf));
            } else {
                p.at = p.asOf != null ? p.asOf : now;
                // Each request gets its own copy: callers may hold on to it.
                complete(p, found, row.clone(), null);
            }
        }
    }

    private long latestDeadline(List<Pending> batch) {
        long latest = batch.get(0).queuedAt;
        for (Pending p : batch) {
            latest = p.queuedAt - latest > 0 ? p.queuedAt : latest;
        }
        return latest + timeoutNanos;
    }

    /** The first of the batch and the deadline to get here completes the request; the other does nothing. */
    private static void complete(Pending p, Timer timer, double[] row, RuntimeException error) {
        if (p.result.isDone()) {
            return;
        }
        // Recorded before completing, so whoever sees the answer sees it counted (a rare race counts twice).
        timer.record(System.nanoTime() - p.queuedAt, TimeUnit.NANOSECONDS);
        if (error != null) {
            p.result.completeExceptionally(error);
        } else {
            p.result.complete(row);
        }
    }

    private void failAll(RuntimeException cause) {
        Pending p;
        while ((p = queue.poll()) != null) {
            waiting.decrementAndGet();
            complete(p, failed, null, new FeatureStoreUnavailableException("feature lookups rejected", cause));
        }
    }

    @PreDestroy
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(deadlines);
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

    private static final class Pending {
        final String userId;
        final FeatureQuery query;
        final @Nullable Instant asOf;
        /** "Now" from {@link FeatureStore#settledNow}, not the JVM's clock. */
        final boolean settle;
        final long queuedAt;
        final CompletableFuture<double[]> result = new CompletableFuture<>();
        /** The instant the values were computed at; written before {@link #result} completes. */
        volatile Instant at;

        Pending(String userId, FeatureQuery query, @Nullable Instant asOf, boolean settle, long queuedAt) {
            this.userId = userId;
            this.query = query;
            this.asOf = asOf;
            this.settle = settle;
            this.queuedAt = queuedAt;
        }
    }

    private record Entity(String userId, Instant t) {
    }
}
