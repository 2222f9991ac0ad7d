package io.kafkaprediction.stack.connect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(FailedTaskRestarter.class);
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
                List<String> failures = failures();
                if (!failures.isEmpty()) {
                    if (System.nanoTime() >= notBefore) {
                        client.get().post("/connectors/" + ConnectClient.encode(connector)
                                + "/restart?includeTasks=true&onlyFailed=true", null);
                        int attempt = restarts.incrementAndGet();
                        LOG.warn("Restarted failed {} (restart {}; the next no sooner than {} s later)",
                                String.join("; ", failures), attempt, pause.toSeconds());
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

    /** What is FAILED, each with the first line of its trace: "connector sink task 0: ConnectException: ...". */
    private List<String> failures() {
        List<String> failures = new ArrayList<>();
        ConnectClient.Reply reply = client.get().status(connector);
        if (reply.status() != 200) {
            return failures;
        }
        JsonNode body = reply.body();
        if ("FAILED".equals(body.path("connector").path("state").asText())) {
            failures.add("connector " + connector + ": " + cause(body.path("connector")));
        }
        for (JsonNode task : body.path("tasks")) {
            if ("FAILED".equals(task.path("state").asText())) {
                failures.add("connector " + connector + " task " + task.path("id").asText() + ": " + cause(task));
            }
        }
        return failures;
    }

    private static String cause(JsonNode state) {
        String trace = state.path("trace").asText("");
        return trace.isBlank() ? "no trace given" : trace.lines().findFirst().orElse(trace).strip();
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
