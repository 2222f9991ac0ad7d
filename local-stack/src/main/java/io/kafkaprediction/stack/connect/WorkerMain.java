package io.kafkaprediction.stack.connect;

import java.io.IOException;

import org.apache.kafka.connect.cli.ConnectDistributed;

/**
 * Entry point of a Connect worker JVM started by the stack: Kafka's own distributed worker, plus a
 * watchdog that exits (running Connect's shutdown hook) when the parent's pipe on stdin closes, so a
 * killed stack never leaves an orphan worker behind.
 */
public final class WorkerMain {
    private WorkerMain() {
    }

    public static void main(String[] args) {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // the parent never writes; EOF means it is gone
                }
            } catch (IOException ignored) {
                // a broken pipe means the same
            }
            System.exit(0);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        ConnectDistributed.main(args);
    }
}
