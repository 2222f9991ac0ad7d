package io.kafkaprediction.stack.connect;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Restarts a connector's failed tasks, with a growing pause between attempts (2 s doubling up to
 * a minute), the way Strimzi's {@code autoRestart} does for its KafkaConnectors.
 *
 * <p>Why it exists: a sink task whose database write fails goes FAILED and stays so until someone
 * restarts it; Connect's {@code errors.retry.timeout} covers converters and transforms only, never
 * {@code SinkTask.put}. Restarting is safe because the sink's offsets never move past what it wrote,
 * and the upsert on {@code feature_id} makes the replayed records land on the same rows.
 */
public final class FailedTaskRestarter implements AutoCloseable {
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(2);
    private static final Duration LONGEST_PAUSE = Duration.ofMinutes(1);

    private final Supplier<ConnectClient> client;
    private final String connector;
    private final Duration pollInterval;
    private final AtomicInteger restarts = new AtomicInteger();
    private final Thread thread;
    private volatile boolean closed;

    /** @param client a client of a live worker, asked again on every poll (workers come and go) */
    public FailedTaskRestarter(Supplier<ConnectClient> client, String connector, Duration pollInterval) {
        this.client = client;
        this.connector = connector;
        this.pollInterval = pollInterval;
        this.thread = new Thread(this::loop, "restart-failed-" + connector);
        this.thread.setDaemon(true);
    }

    public FailedTaskRestarter start() {
        thread.start();
        return this;
    }

    /** How many restarts it has requested so far. */
    public int restarts() {
        return restarts.get();
    }

    private void loop() {
        Duration pause = FIRST_PAUSE;
        long notBefore = 0;
        while (!closed) {
            try {
                if (hasFailures()) {
                    if (System.nanoTime() >= notBefore) {
                        client.get().post("/connectors/" + ConnectClient.encode(connector)
                                + "/restart?includeTasks=true&onlyFailed=true", null);
                        restarts.incrementAndGet();
                        notBefore = System.nanoTime() + pause.toNanos();
                        pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
                    }
                } else {
                    pause = FIRST_PAUSE;
                }
            } catch (RuntimeException e) {
                // No live worker or a worker mid-rebalance: ask again next time.
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean hasFailures() {
        ConnectClient.Reply reply = client.get().status(connector);
        if (reply.status() != 200) {
            return false;
        }
        JsonNode body = reply.body();
        if ("FAILED".equals(body.path("connector").path("state").asText())) {
            return true;
        }
        for (JsonNode task : body.path("tasks")) {
            if ("FAILED".equals(task.path("state").asText())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
