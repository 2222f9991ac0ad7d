package io.kafkaprediction.systemtests.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.stack.StackNames;

/**
 * Polls the connector's status every half second from its own thread and records every moment
 * it was not fully RUNNING, with the reason Connect gave.
 */
final class ConnectorWatch extends BackgroundLoop<ConnectorWatch> {
    private final LocalStack stack;
    private final AtomicInteger polls = new AtomicInteger();
    private final List<String> notRunning = Collections.synchronizedList(new ArrayList<>());

    ConnectorWatch(LocalStack stack) {
        super("connector-watch");
        this.stack = stack;
    }

    @Override
    void loop() {
        while (!stopped()) {
            String reason;
            try {
                reason = stack.connectClient().notRunningReason(StackNames.CONNECTOR);
            } catch (RuntimeException e) {
                reason = "status unavailable: " + e.getMessage();
            }
            polls.incrementAndGet();
            if (reason != null) {
                notRunning.add(reason.length() > 300 ? reason.substring(0, 300) + "..." : reason);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    int polls() {
        return polls.get();
    }

    /** The reasons seen while the connector or a task was not RUNNING, one per poll. */
    List<String> notRunning() {
        synchronized (notRunning) {
            return List.copyOf(notRunning);
        }
    }

    /** A status line for failure messages. */
    String current() {
        try {
            String reason = stack.connectClient().notRunningReason(StackNames.CONNECTOR);
            return reason == null ? "connector and tasks RUNNING" : reason;
        } catch (RuntimeException e) {
            return "connector status unavailable: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(2), true);
    }
}
